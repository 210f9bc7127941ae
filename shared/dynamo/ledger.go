package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
)

// ledgerItem is one ledger entry, kept whole as JSON beside its keys: the
// centre's statement reads its month's partition, the payer's statement
// GSI1, a recovery step finds the entry by id on GSI2. Version and State
// are copied out for the conditions of recovery steps and cancellations.
type ledgerItem struct {
	PK, SK         string
	Entity         string
	Entry          string
	Version        int
	State          string `dynamodbav:",omitempty"`
	GSI1PK, GSI1SK string
	GSI2PK, GSI2SK string
}

func newLedgerItem(e ledger.Entry) (ledgerItem, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return ledgerItem{}, fmt.Errorf("encode ledger entry %s: %w", e.ID, err)
	}
	k := ledgerEntryKey(e)
	it := ledgerItem{PK: k.PK, SK: k.SK, Entity: "ledger", Entry: string(b), Version: e.Version,
		GSI1PK: LedgerPayerPK(e.Payer, e.Month), GSI1SK: k.SK, GSI2PK: LedgerEntryPK(e.ID), GSI2SK: skLedgerEntry}
	if e.Recovery != nil {
		it.State = string(e.Recovery.State)
	}
	return it, nil
}

func decodeLedgerItem(av map[string]types.AttributeValue) (ledger.Entry, error) {
	var it ledgerItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return ledger.Entry{}, fmt.Errorf("decode a ledger item: %w", err)
	}
	var e ledger.Entry
	if err := json.Unmarshal([]byte(it.Entry), &e); err != nil {
		return ledger.Entry{}, fmt.Errorf("decode ledger entry %s: %w", it.SK, err)
	}
	return e, nil
}

// location is the business time zone the ledger's months are counted in.
func (s *Store) location() *time.Location {
	if s.loc == nil {
		return ledger.Moscow
	}
	return s.loc
}

// addLedgerEntries adds to t the entries es, each on condition it is new,
// so a cost is recorded exactly when its cause is, in its transaction.
func (a *Acts) addLedgerEntries(t *txn, es []ledger.Entry, failed error) {
	for _, e := range es {
		it, err := newLedgerItem(e)
		if err != nil {
			t.add(types.TransactWriteItem{}, err, nil)
			continue
		}
		item, err := a.putIf(it, notExists)
		t.add(item, err, failed)
	}
}

// orderEntries is what an order's decision costs, with the act's product
// (serial, article) that claim documents list.
func (a *Acts) orderEntries(o orders.Order, act *acts.Act) []ledger.Entry {
	es := ledger.FromOrder(o, a.s.location())
	if act == nil {
		return es
	}
	for i := range es {
		if f := act.Fields.SerialNumber; f != nil {
			es[i].Serial = *f
		}
		if f := act.Fields.Article; f != nil {
			es[i].Article = *f
		}
	}
	return es
}

// deleteOrderEntries adds to t the deletion of a cancelled order's
// entries, each on condition its cost was not claimed yet (ledger.ErrClaimed).
func (a *Acts) deleteOrderEntries(t *txn, o orders.Order) {
	unclaimed := expression.Name("State").AttributeNotExists().Or(expression.Name("State").Equal(expression.Value(string(ledger.StateToClaim))))
	for _, e := range ledger.FromOrder(o, a.s.location()) {
		item, err := a.deleteIf(ledgerEntryKey(e), &unclaimed)
		t.add(item, err, ledger.ErrClaimed)
	}
}

// LedgerMonth is a centre's entries of a month (YYYY-MM), oldest first.
func (s *Store) LedgerMonth(ctx context.Context, centre, month string) ([]ledger.Entry, error) {
	out, err := readAll(ctx, s, listQuery{query: OnTable(LedgerMonthPK(centre, month), true).q,
		key: OnTable(LedgerMonthPK(centre, month), true).Whole()}, decodeLedgerItem)
	if err != nil {
		return nil, fmt.Errorf("read %s's ledger of %s: %w", centre, month, err)
	}
	return out, nil
}

// Ledger is the ledger's storage for its recovery and statements.
type Ledger struct {
	s *Store
	a *Acts
}

// Ledger returns the ledger storage of the store's table.
func (s *Store) Ledger() *Ledger { return &Ledger{s: s, a: s.Acts()} }

var _ ledger.Store = (*Ledger)(nil)

// CentreMonth is a centre's entries of a month: one Query of its partition.
func (l *Ledger) CentreMonth(ctx context.Context, centre, month string) ([]ledger.Entry, error) {
	return l.s.LedgerMonth(ctx, centre, month)
}

// PayerMonth is a payer's entries of a month, every centre's: one Query of
// GSI1, oldest first.
func (l *Ledger) PayerMonth(ctx context.Context, payer orders.Payer, month string) ([]ledger.Entry, error) {
	p := OnGSI1(LedgerPayerPK(payer, month), true)
	out, err := readAll(ctx, l.s, listQuery{query: p.q, key: p.Whole()}, decodeLedgerItem)
	if err != nil {
		return nil, fmt.Errorf("read %s's ledger of %s: %w", payer, month, err)
	}
	return out, nil
}

// Entry finds an entry by id on GSI2 and reads it from the table, strongly
// consistent; auth.ErrNotFound when there is none.
func (l *Ledger) Entry(ctx context.Context, id string) (ledger.Entry, error) {
	p := OnGSI2(LedgerEntryPK(id), true)
	var k *key
	if _, err := l.s.runQuery(ctx, p.q, auth.ListOptions{Limit: 1}, func(av map[string]types.AttributeValue) error {
		var it ledgerItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode ledger entry %s's index entry: %w", id, err)
		}
		k = &key{it.PK, it.SK}
		return nil
	}); err != nil {
		return ledger.Entry{}, fmt.Errorf("find ledger entry %s: %w", id, err)
	}
	if k == nil {
		return ledger.Entry{}, auth.ErrNotFound
	}
	var it ledgerItem
	if err := l.s.get(ctx, *k, &it); err != nil {
		return ledger.Entry{}, err
	}
	var e ledger.Entry
	if err := json.Unmarshal([]byte(it.Entry), &e); err != nil {
		return ledger.Entry{}, fmt.Errorf("decode ledger entry %s: %w", id, err)
	}
	return e, nil
}

// Save writes entries after their recovery steps in one transaction (at
// most ledger.MaxClaim), each on condition it is still at the version it
// was read at; ledger.ErrStale otherwise, and nothing is written.
func (l *Ledger) Save(ctx context.Context, before, after []ledger.Entry) error {
	if len(before) != len(after) {
		return errors.New("save ledger entries: before and after differ in length")
	}
	t := &txn{}
	for i, e := range after {
		it, err := newLedgerItem(e)
		if err != nil {
			return err
		}
		item, err := l.a.putIf(it, expression.Name("Version").Equal(expression.Value(before[i].Version)))
		t.add(item, err, ledger.ErrStale)
	}
	return l.a.commit(ctx, fmt.Sprintf("save %d ledger entries", len(after)), t)
}

// AddLedgerEntry records a new entry (a carrier's claim) on condition its
// id is new; ledger.ErrExists otherwise.
func (sh *Shipments) AddLedgerEntry(ctx context.Context, e ledger.Entry) error {
	t := &txn{}
	sh.a.addLedgerEntries(t, []ledger.Entry{e}, ledger.ErrExists)
	return sh.a.commit(ctx, "add ledger entry "+e.ID, t)
}
