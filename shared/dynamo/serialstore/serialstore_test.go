package serialstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/serialstore"
	"aftersales/shared/eligibility"
)

type env struct {
	store *dynamo.Store
	reg   *serialstore.Registry
	calls *localaws.CallCounter
}

func newEnv(t *testing.T) env {
	t.Helper()
	_, table := dynamotest.Table(t)
	t.Parallel()
	calls := localaws.NewCallCounter()
	store := dynamo.New(dynamotest.ClientWith(calls.Option()), table)
	return env{store: store, reg: serialstore.New(store), calls: calls}
}

// put stores records as a load does (serialstore.Item), the i-th with
// fingerprint 1000+i, 25 to a transaction.
func (e env) put(t *testing.T, stamp serialstore.Stamp, recs []eligibility.SerialRecord) {
	t.Helper()
	var batch []types.TransactWriteItem
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if err := e.store.Transact(context.Background(), "put serials", batch, nil); err != nil {
			t.Fatal(err)
		}
		batch = nil
	}
	for i, r := range recs {
		w, err := e.store.Put(serialstore.Item(r, uint64(1000+i), stamp))
		if err != nil {
			t.Fatal(err)
		}
		if batch = append(batch, w); len(batch) == 25 {
			flush()
		}
	}
	flush()
}

var stamp = serialstore.Stamp{LoadID: "load-1", LoadSeq: 1, At: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}

// The lookup at an act's submission is one GetItem, known or not, and gives
// back the record as the load stored it (a record without a shipment day
// keeps it zero).
func TestASerialIsOneGetItem(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	full := eligibility.SerialRecord{Serial: "01.234.09274", Article: "ЭГК-1500", Produced: eligibility.NewDay(2025, 3, 14),
		ShippedToWholesaler: eligibility.NewDay(2025, 5, 2), Dealer: "ООО Планета радости"}
	bare := eligibility.SerialRecord{Serial: "SN-2", Article: "ЭГК-2000", Produced: eligibility.NewDay(2024, 12, 31)}
	e.put(t, stamp, []eligibility.SerialRecord{full, bare})
	for _, want := range []eligibility.SerialRecord{full, bare} {
		e.calls.Snapshot()
		got, err := e.reg.Serial(ctx, want.Serial)
		if err != nil || got == nil || *got != want {
			t.Errorf("serial %s: %+v (%v), want %+v", want.Serial, got, err, want)
		}
		if calls := e.calls.Snapshot(); len(calls) != 1 || calls["DynamoDB.GetItem"] != 1 {
			t.Errorf("serial %s cost %v, want one GetItem", want.Serial, calls)
		}
	}
	got, err := e.reg.Serial(ctx, "UNKNOWN-1")
	if err != nil || got != nil {
		t.Errorf("an unknown serial: %+v (%v), want none", got, err)
	}
	if calls := e.calls.Snapshot(); len(calls) != 1 || calls["DynamoDB.GetItem"] != 1 {
		t.Errorf("an unknown serial cost %v, want one GetItem", calls)
	}
}

// A load reads what it would overwrite in BatchGetItem of 100: 250 stored
// serials and 10 unknown ones are 3 calls, and every stored one comes back
// with its fingerprint and load.
func TestStatesReadTheStoredFingerprintsInBatchesOf100(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var recs []eligibility.SerialRecord
	var serials []string
	for i := range 250 {
		s := fmt.Sprintf("SN%05d", i)
		recs = append(recs, eligibility.SerialRecord{Serial: s, Article: "ART", Produced: eligibility.NewDay(2025, 1, 1)})
		serials = append(serials, s)
	}
	e.put(t, stamp, recs)
	for i := range 10 {
		serials = append(serials, fmt.Sprintf("NEW%03d", i))
	}
	e.calls.Snapshot()
	states, err := e.reg.States(ctx, 4, serials)
	if err != nil {
		t.Fatal(err)
	}
	if calls := e.calls.Snapshot(); len(calls) != 1 || calls["DynamoDB.BatchGetItem"] != 3 {
		t.Errorf("reading 260 serials cost %v, want 3 BatchGetItem", calls)
	}
	if len(states) != 250 {
		t.Fatalf("%d states, want the 250 stored", len(states))
	}
	for i, s := range serials[:250] {
		if st := states[s]; st.LoadID != "load-1" || st.Fingerprint != uint64(1000+i) {
			t.Errorf("%s: %+v", s, st)
		}
	}
	if _, ok := states["NEW000"]; ok {
		t.Error("an unknown serial has a state")
	}
}
