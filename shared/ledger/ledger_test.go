package ledger

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

func line(price money.RUB, qty int) orders.Line {
	return orders.Line{Name: "Плата управления", Quantity: qty, Price: price}
}

func TestFromOrderMakesOneEntryPerKindWithItsPayerAndRecovery(t *testing.T) {
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	o := orders.Order{ID: "o1", ActID: "a1", ServiceCenterID: "sc1", Payer: orders.PayerFactory, CreatedAt: at,
		Lines:        []orders.Line{line(78050, 2), line(1, 3)},
		Compensation: []orders.Line{line(120000, 1)}}
	got := FromOrder(o)
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2: %+v", len(got), got)
	}
	if got[0].Kind != KindPartsShipped || got[0].Amount != 156103 || got[1].Kind != KindOwnPart || got[1].Amount != 120000 {
		t.Fatalf("entries %+v", got)
	}
	for _, e := range got {
		if e.Payer != orders.PayerFactory || e.Recovery == nil || e.Recovery.State != StateToClaim {
			t.Errorf("%s: payer %s recovery %+v, want factory to_claim", e.ID, e.Payer, e.Recovery)
		}
	}
	o.Payer = orders.PayerWholesaler
	if e := FromOrder(o)[0]; e.Recovery != nil {
		t.Errorf("the wholesaler's own cost has a recovery: %+v", e.Recovery)
	}
	o.Status = orders.StatusCancelled
	if e := FromOrder(o); e != nil {
		t.Errorf("a cancelled order made entries: %+v", e)
	}
}

func TestRecoveryGoesToClaimClaimedThenRecoveredOrWrittenOff(t *testing.T) {
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	fresh := func() Entry {
		return FromOrder(orders.Order{ID: "o", Payer: orders.PayerCarrier, Lines: []orders.Line{line(50000, 1)}})[0]
	}
	e := fresh()
	if err := e.Recover(100, day); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("recovered before a claim: %v", err)
	}
	if err := e.Claim("", "", day); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a claim without its number: %v", err)
	}
	if err := e.Claim("П-17", "claim.pdf", day); err != nil {
		t.Fatal(err)
	}
	if err := e.Claim("П-18", "", day); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("claimed twice: %v", err)
	}
	if err := e.Recover(50001, day); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("recovered more than the entry: %v", err)
	}
	if err := e.Recover(50000, day); err != nil || e.Recovery.State != StateRecovered || e.Recovery.Recovered != 50000 {
		t.Fatalf("recover: %v %+v", err, e.Recovery)
	}
	if err := e.WriteOff("поздно"); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("written off after recovery: %v", err)
	}

	w := fresh()
	if err := w.Claim("П-19", "", day); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteOff(""); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a write-off without a reason: %v", err)
	}
	if err := w.WriteOff("перевозчик ликвидирован"); err != nil || w.Recovery.State != StateWrittenOff {
		t.Fatalf("write off: %v %+v", err, w.Recovery)
	}

	own := FromOrder(orders.Order{ID: "p", Payer: orders.PayerServiceCenter, Lines: []orders.Line{line(1, 1)}})[0]
	var ae *apperr.Error
	if err := own.Claim("П-20", "", day); !errors.As(err, &ae) || ae.Code != apperr.Conflict {
		t.Fatalf("claimed a centre's own cost: %v", err)
	}
}

// TestAMonthReconciles generates a month of orders over three centres and
// checks that the entries' sum equals the orders' lines and compensation
// (cancelled ones excluded), and that the centres' statements split the
// month without losing or sharing an entry.
func TestAMonthReconciles(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	payers := []orders.Payer{orders.PayerWholesaler, orders.PayerFactory, orders.PayerServiceCenter, orders.PayerCarrier}
	centres := []string{"sc1", "sc2", "sc3"}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var entries []Entry
	var want money.RUB
	for i := range 500 {
		o := orders.Order{ID: fmt.Sprintf("o%03d", i), ServiceCenterID: centres[rng.IntN(len(centres))],
			Payer: payers[rng.IntN(len(payers))], Status: orders.StatusDelivered,
			CreatedAt: start.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))}
		for range rng.IntN(4) {
			o.Lines = append(o.Lines, line(money.RUB(rng.Int64N(5_000_000)+1), rng.IntN(3)+1))
		}
		for range rng.IntN(3) {
			o.Compensation = append(o.Compensation, line(money.RUB(rng.Int64N(5_000_000)+1), rng.IntN(3)+1))
		}
		if rng.IntN(10) == 0 {
			o.Status = orders.StatusCancelled
		} else {
			want += orders.Sum(o.Lines) + orders.Sum(o.Compensation)
		}
		entries = append(entries, FromOrder(o)...)
		// the month after, which no November statement may count
		o.ID, o.CreatedAt = o.ID+"-dec", o.CreatedAt.AddDate(0, 1, 0)
		entries = append(entries, FromOrder(o)...)
	}
	var got money.RUB
	seen := 0
	for _, c := range centres {
		st := CentreStatement(c, "2026-11", entries)
		var owed, owes money.RUB
		for _, e := range st.Entries {
			if e.ServiceCenterID != c || e.At.Month() != time.November {
				t.Fatalf("%s's statement holds %+v", c, e)
			}
			got += e.Amount
			if e.Payer == orders.PayerServiceCenter {
				owes += e.Amount
			} else if e.Kind == KindOwnPart {
				owed += e.Amount
			}
		}
		if owed != st.Owed || owes != st.Owes {
			t.Errorf("%s: owed %s owes %s, the entries say %s and %s", c, st.Owed, st.Owes, owed, owes)
		}
		seen += len(st.Entries)
	}
	if got != want {
		t.Errorf("the month's entries sum to %s, its orders to %s", got, want)
	}
	if seen*2 != len(entries) {
		t.Errorf("statements hold %d entries of November's %d", seen, len(entries)/2)
	}
}
