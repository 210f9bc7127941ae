package warrantystore

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/eligibility"
	"aftersales/shared/warranty"
)

// Claims finds the acts that carry a serial. A marker per (serial, act) is
// written when an act with that serial is judged; it is only a pointer: the
// acts are read back and kept only if they still carry the serial, so a
// marker left by a changed serial or a failed submission misleads nobody,
// and the act's own status (refused, withdrawn) is always the current one.
type Claims struct {
	s *dynamo.Store
	// Workers is how many BatchGetItem calls run at once.
	Workers int
}

// NewClaims returns the claims of the store's table.
func NewClaims(s *dynamo.Store) *Claims { return &Claims{s: s, Workers: dynamo.DefaultWorkers} }

var _ warranty.SerialClaims = (*Claims)(nil)

type claimItem struct {
	PK, SK string
	Entity string
	ActID  string
}

// NoteClaim writes the marker of act under serial (idempotent).
func (c *Claims) NoteClaim(ctx context.Context, serial, actID string) error {
	k := dynamo.SerialClaimKey(serial, actID)
	av, err := attributevalue.MarshalMap(claimItem{PK: k.PK, SK: k.SK, Entity: "serial_claim", ActID: actID})
	if err != nil {
		return fmt.Errorf("encode the claim of %s on %s: %w", actID, serial, err)
	}
	if _, err := c.s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(c.s.Table()), Item: av}); err != nil {
		return fmt.Errorf("note the claim of %s on %s: %w", actID, serial, err)
	}
	return nil
}

// actHead is what a claim needs of an act: its form holds the serial and
// the acceptance day, under the API's names.
type actHead struct {
	ID, Number, Status string
	Form               string
}

type formHead struct {
	SerialNumber *string `json:"serialNumber"`
	AcceptedDate *string `json:"acceptedDate"`
}

var headProjection = expression.NamesList(expression.Name("ID"), expression.Name("Number"),
	expression.Name("Status"), expression.Name("Form"))

// ActsWithSerial is one Query of the serial's markers and BatchGetItem of
// their acts, keeping those whose form still holds the serial.
func (c *Claims) ActsWithSerial(ctx context.Context, serial string) ([]eligibility.OtherAct, error) {
	var keys []dynamo.Key
	_, err := c.s.RunQuery(ctx, dynamo.OnTable(dynamo.SerialClaimsPK(serial), true), auth.ListOptions{Limit: 1000},
		func(av map[string]types.AttributeValue) error {
			var it claimItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode a claim on %s: %w", serial, err)
			}
			keys = append(keys, dynamo.ActKey(it.ActID))
			return nil
		})
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	proj, err := expression.NewBuilder().WithProjection(headProjection).Build()
	if err != nil {
		return nil, err
	}
	var (
		mu  sync.Mutex
		out []eligibility.OtherAct
	)
	err = c.s.BatchGet(ctx, c.Workers, keys, &proj, func(av map[string]types.AttributeValue) error {
		var h actHead
		if err := attributevalue.UnmarshalMap(av, &h); err != nil {
			return fmt.Errorf("decode act: %w", err)
		}
		var f formHead
		if err := json.Unmarshal([]byte(h.Form), &f); err != nil {
			return fmt.Errorf("decode act %s form: %w", h.ID, err)
		}
		if f.SerialNumber == nil || eligibility.NormalizeSerial(*f.SerialNumber) != serial {
			return nil
		}
		o := eligibility.OtherAct{ID: h.ID, Number: h.Number, Status: h.Status}
		if f.AcceptedDate != nil {
			if o.AcceptedDate, err = eligibility.ParseISO(*f.AcceptedDate); err != nil {
				return fmt.Errorf("act %s: %w", h.ID, err)
			}
		}
		mu.Lock()
		out = append(out, o)
		mu.Unlock()
		return nil
	})
	return out, err
}
