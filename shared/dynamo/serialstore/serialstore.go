// Package serialstore keeps the serial registry: one item per serial, read
// with one GetItem when an act's verdict is computed, and written in batches
// by the serials load (importstore builds its puts with Item). It depends on
// the eligibility domain only, so the acts API links no import code.
package serialstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/eligibility"
)

// Registry reads and checks the registry's records.
type Registry struct{ s *dynamo.Store }

// New returns the registry of the store's table.
func New(s *dynamo.Store) *Registry { return &Registry{s: s} }

// item is one record. Days are YYYY-MM-DD; Fingerprint and LoadID let a
// load skip rows it would not change and resume after a crash.
type item struct {
	PK, SK      string
	Entity      string
	Serial      string
	Article     string
	Produced    string
	Shipped     string `dynamodbav:",omitempty"`
	Dealer      string `dynamodbav:",omitempty"`
	Fingerprint uint64
	LoadID      string
	LoadSeq     int
	ChangedAt   time.Time
}

// Stamp is the load that writes a record.
type Stamp struct {
	LoadID  string
	LoadSeq int
	At      time.Time
}

// Item is the item a load puts for r; fingerprint is the load's sum of r.
func Item(r eligibility.SerialRecord, fingerprint uint64, s Stamp) any {
	k := dynamo.RegistrySerialKey(r.Serial)
	return item{PK: k.PK, SK: k.SK, Entity: "serial", Serial: r.Serial, Article: r.Article, Produced: r.Produced.ISO(),
		Shipped: r.ShippedToWholesaler.ISO(), Dealer: r.Dealer, Fingerprint: fingerprint,
		LoadID: s.LoadID, LoadSeq: s.LoadSeq, ChangedAt: s.At}
}

func (it item) record() (eligibility.SerialRecord, error) {
	produced, err := eligibility.ParseISO(it.Produced)
	if err != nil {
		return eligibility.SerialRecord{}, err
	}
	shipped, err := eligibility.ParseISO(it.Shipped)
	if err != nil {
		return eligibility.SerialRecord{}, err
	}
	return eligibility.SerialRecord{Serial: it.Serial, Article: it.Article, Produced: produced,
		ShippedToWholesaler: shipped, Dealer: it.Dealer}, nil
}

// Serial reads the record of a serial (as eligibility.NormalizeSerial spells
// it) with one GetItem; nil when the registry does not know it.
func (r *Registry) Serial(ctx context.Context, serial string) (*eligibility.SerialRecord, error) {
	var it item
	err := r.s.Get(ctx, dynamo.RegistrySerialKey(serial), &it)
	if errors.Is(err, auth.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read serial %s: %w", serial, err)
	}
	rec, err := it.record()
	if err != nil {
		return nil, fmt.Errorf("decode serial %s: %w", serial, err)
	}
	return &rec, nil
}

// State is what a load reads of a stored record.
type State struct {
	LoadID      string
	Fingerprint uint64
}

var stateProjection = expression.NamesList(expression.Name("Serial"), expression.Name("LoadID"), expression.Name("Fingerprint"))

// States reads the stored records among serials with BatchGetItem of 100,
// workers at a time, keyed by serial.
func (r *Registry) States(ctx context.Context, workers int, serials []string) (map[string]State, error) {
	proj, err := expression.NewBuilder().WithProjection(stateProjection).Build()
	if err != nil {
		return nil, err
	}
	keys := make([]dynamo.Key, len(serials))
	for i, s := range serials {
		keys[i] = dynamo.RegistrySerialKey(s)
	}
	var mu sync.Mutex
	out := make(map[string]State, len(serials))
	err = r.s.BatchGet(ctx, workers, keys, &proj, func(av map[string]types.AttributeValue) error {
		var it item
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode serial state: %w", err)
		}
		mu.Lock()
		out[it.Serial] = State{LoadID: it.LoadID, Fingerprint: it.Fingerprint}
		mu.Unlock()
		return nil
	})
	return out, err
}
