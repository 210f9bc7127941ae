package importstore

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/dynamo"
	"aftersales/shared/imports"
)

// rdcItem is an RDC's record (imports.RDCRecord), beside its outlet.
type rdcItem struct {
	PK, SK       string
	Entity       string
	Code         string
	ExternalCode string
	Name         string
	ActivityType string
	Method       string
	ToSelf       bool
	Start, End   string // YYYY-MM-DD
	Status       string
}

func newRDCItem(r imports.RDCRecord) rdcItem {
	k := dynamo.RDCKey(r.Code)
	return rdcItem{PK: k.PK, SK: k.SK, Entity: "rdc", Code: r.Code, ExternalCode: r.ExternalCode, Name: r.Name,
		ActivityType: r.ActivityType, Method: string(r.Method), ToSelf: r.ToSelf, Start: r.Start.Format(dateLayout),
		End: r.End.Format(dateLayout), Status: string(r.Status)}
}

func decodeRDC(av map[string]types.AttributeValue) (imports.RDCRecord, error) {
	var it rdcItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return imports.RDCRecord{}, fmt.Errorf("decode an RDC record: %w", err)
	}
	start, err := time.Parse(dateLayout, it.Start)
	if err != nil {
		return imports.RDCRecord{}, fmt.Errorf("decode RDC %s start: %w", it.Code, err)
	}
	end, err := time.Parse(dateLayout, it.End)
	if err != nil {
		return imports.RDCRecord{}, fmt.Errorf("decode RDC %s end: %w", it.Code, err)
	}
	return imports.RDCRecord{Code: it.Code, ExternalCode: it.ExternalCode, Name: it.Name, ActivityType: it.ActivityType,
		Method: imports.DistributionMethod(it.Method), ToSelf: it.ToSelf, Start: start, End: end, Status: imports.Status(it.Status)}, nil
}

// RDCRecords reads the stored RDC records among codes with BatchGetItem.
func (i *Imports) RDCRecords(ctx context.Context, codes []string) (map[string]imports.RDCRecord, error) {
	return batchGetByCode(ctx, i, codes, dynamo.RDCKey, decodeRDC, func(r imports.RDCRecord) string { return r.Code })
}

func (w *batchWriter) PutRDC(r imports.RDCRecord) error { return w.put(newRDCItem(r)) }
