package dynamo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
)

// ledgerItem is one ledger entry, kept whole as JSON beside its keys: the
// statement reads entries only by their centre and month.
type ledgerItem struct {
	PK, SK string
	Entity string
	Entry  string
}

// addLedgerEntries adds to t the entries an order's decision causes
// (ledger.FromOrder), each on condition it is new, so the cost is recorded
// exactly when the order is, in the order's own transaction.
func (a *Acts) addLedgerEntries(t *txn, o orders.Order) error {
	for _, e := range ledger.FromOrder(o) {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode ledger entry %s: %w", e.ID, err)
		}
		k := ledgerEntryKey(e.ServiceCenterID, e.At, e.ID)
		item, err := a.putIf(ledgerItem{PK: k.PK, SK: k.SK, Entity: "ledger", Entry: string(b)}, notExists)
		t.add(item, err, nil)
	}
	return nil
}

// LedgerMonth is a centre's entries of a month (YYYY-MM), oldest first.
func (s *Store) LedgerMonth(ctx context.Context, centre, month string) ([]ledger.Entry, error) {
	var out []ledger.Entry
	cursor := ""
	for {
		next, err := s.RunQuery(ctx, OnTable(LedgerMonthPK(centre, month), true), auth.ListOptions{Limit: MaxLimit, Cursor: cursor},
			func(av map[string]types.AttributeValue) error {
				var it ledgerItem
				if err := attributevalue.UnmarshalMap(av, &it); err != nil {
					return fmt.Errorf("decode a ledger item: %w", err)
				}
				var e ledger.Entry
				if err := json.Unmarshal([]byte(it.Entry), &e); err != nil {
					return fmt.Errorf("decode ledger entry %s: %w", it.SK, err)
				}
				out = append(out, e)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("read %s's ledger of %s: %w", centre, month, err)
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}
