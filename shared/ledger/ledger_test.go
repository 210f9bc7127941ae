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

var moscow = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		panic(err)
	}
	return loc
}()

func line(price money.RUB, qty int) orders.Line {
	return orders.Line{Name: "Плата управления", Quantity: qty, Price: price}
}

func TestFromOrderMakesOneEntryPerKindWithItsPayerAndRecovery(t *testing.T) {
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	o := orders.Order{ID: "o1", ActID: "a1", ServiceCenterID: "sc1", Payer: orders.PayerFactory, CreatedAt: at,
		Lines:        []orders.Line{line(78050, 2), line(1, 3)},
		Compensation: []orders.Line{line(120000, 1)}}
	got := FromOrder(o, moscow)
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
	if e := FromOrder(o, moscow)[0]; e.Recovery != nil {
		t.Errorf("the wholesaler's own cost has a recovery: %+v", e.Recovery)
	}
	priceless := o
	priceless.Lines, priceless.Compensation = []orders.Line{line(0, 2)}, nil
	if e := FromOrder(priceless, moscow); e != nil {
		t.Errorf("parts without a price made entries: %+v", e)
	}
	o.Status = orders.StatusCancelled
	if e := FromOrder(o, moscow); e != nil {
		t.Errorf("a cancelled order made entries: %+v", e)
	}
}

func TestRecoveryGoesToClaimClaimedThenRecoveredOrWrittenOff(t *testing.T) {
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	fresh := func() Entry {
		return FromOrder(orders.Order{ID: "o", Payer: orders.PayerCarrier, Lines: []orders.Line{line(50000, 1)}}, moscow)[0]
	}
	e := fresh()
	if err := e.Recover(100, day); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("recovered before a claim: %v", err)
	}
	if err := e.Claim("", "", "", day); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a claim without its number: %v", err)
	}
	if err := e.Claim("П-17", "claim.pdf", "СДЭК", day); err != nil {
		t.Fatal(err)
	}
	if err := e.Claim("П-18", "", "", day); apperr.CodeOf(err) != apperr.Conflict {
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
	if err := w.Claim("П-19", "", "Завод", day); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteOff(""); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a write-off without a reason: %v", err)
	}
	if err := w.WriteOff("перевозчик ликвидирован"); err != nil || w.Recovery.State != StateWrittenOff {
		t.Fatalf("write off: %v %+v", err, w.Recovery)
	}

	own := FromOrder(orders.Order{ID: "p", Payer: orders.PayerServiceCenter, Lines: []orders.Line{line(1, 1)}}, moscow)[0]
	var ae *apperr.Error
	if err := own.Claim("П-20", "", "Завод", day); !errors.As(err, &ae) || ae.Code != apperr.Conflict {
		t.Fatalf("claimed a centre's own cost: %v", err)
	}
}

// TestAMonthReconciles generates a month of orders and shipments over
// three centres and checks that the entries' sums equal their sources —
// the orders' lines and compensation (cancelled ones excluded) and the
// shipments' costs — per payer and per centre, and that the statements
// split the month without losing or sharing an entry.
func TestAMonthReconciles(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	payers := []orders.Payer{orders.PayerWholesaler, orders.PayerFactory, orders.PayerServiceCenter, orders.PayerCarrier}
	centres := []string{"sc1", "sc2", "sc3"}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, moscow)
	var entries []Entry
	wantPayer := map[orders.Payer]money.RUB{}
	wantCentre := map[string]money.RUB{}
	novemberEntries := 0
	add := func(es []Entry, payer orders.Payer, centre string, sum money.RUB) {
		entries = append(entries, es...)
		wantPayer[payer] += sum
		wantCentre[centre] += sum
		novemberEntries += len(es)
	}
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
			entries = append(entries, FromOrder(o, moscow)...)
		} else {
			add(FromOrder(o, moscow), o.Payer, o.ServiceCenterID, orders.Sum(o.Lines)+orders.Sum(o.Compensation))
		}
		// the month after, which no November statement may count
		o.ID, o.CreatedAt = o.ID+"-dec", o.CreatedAt.AddDate(0, 1, 0)
		entries = append(entries, FromOrder(o, moscow)...)
	}
	for i := range 120 {
		left := start.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
		sh := orders.Shipment{ID: fmt.Sprintf("s%03d", i), ServiceCenterID: centres[rng.IntN(len(centres))], Status: orders.ShipmentDispatched,
			Carrier: "СДЭК", DispatchedAt: &left, ShippingCost: money.RUB(rng.Int64N(300_000)), ShippingPayer: payers[rng.IntN(3)]}
		add(FromShipment(sh, moscow), sh.ShippingPayer, sh.ServiceCenterID, sh.ShippingCost)
		if rng.IntN(8) == 0 {
			c, err := CarrierClaim(sh, money.RUB(rng.Int64N(1_000_000)+1), "утеряна", moscow)
			if err != nil {
				t.Fatal(err)
			}
			add([]Entry{c}, orders.PayerCarrier, sh.ServiceCenterID, c.Amount)
		}
	}
	for _, p := range payers {
		if st := PayerMonth(p, "", "2026-11", entries); st.Total != wantPayer[p] {
			t.Errorf("%s's November totals %s, its sources %s", p, st.Total, wantPayer[p])
		}
	}
	seen := 0
	for _, c := range centres {
		st := CentreStatement(c, "2026-11", entries)
		var owed, owes, got money.RUB
		for _, e := range st.Entries {
			if e.ServiceCenterID != c || e.At.In(moscow).Month() != time.November {
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
		if got != wantCentre[c] {
			t.Errorf("%s's November sums to %s, its sources to %s", c, got, wantCentre[c])
		}
		seen += len(st.Entries)
	}
	if seen != novemberEntries {
		t.Errorf("statements hold %d entries of November's %d", seen, novemberEntries)
	}
}

// A cost belongs to its month in Moscow: 23:30 UTC on 30 November is
// 02:30 on 1 December there, so it is December's, and 20:59 UTC is still
// November's.
func TestAnEntrysMonthIsItsMonthInMoscowNotUTC(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), "2026-12"},
		{time.Date(2026, 11, 30, 20, 59, 59, 0, time.UTC), "2026-11"},
		{time.Date(2026, 11, 30, 21, 0, 0, 0, time.UTC), "2026-12"},
		{time.Date(2026, 12, 31, 21, 0, 0, 0, time.UTC), "2027-01"},
	} {
		o := orders.Order{ID: "o", ServiceCenterID: "sc1", Payer: orders.PayerServiceCenter, CreatedAt: c.at,
			Lines: []orders.Line{line(100, 1)}}
		e := FromOrder(o, moscow)[0]
		if e.Month != c.want {
			t.Errorf("%s: month %s, want %s", c.at, e.Month, c.want)
		}
		if st := CentreStatement("sc1", c.want, []Entry{e}); len(st.Entries) != 1 || st.Owes != 100 {
			t.Errorf("%s: the %s statement %+v misses it", c.at, c.want, st)
		}
		if st := CentreStatement("sc1", c.at.UTC().Format("2006-01"), []Entry{e}); c.want != c.at.UTC().Format("2006-01") && len(st.Entries) != 0 {
			t.Errorf("%s: the UTC month's statement holds it", c.at)
		}
	}
}

// A factory pays part of a claim, then the rest is written off: recovered
// and written off add up to the entry, the state says written_off, and the
// factory's statement of the month totals both.
func TestAClaimPartlyRecoveredThenWrittenOffAddsUp(t *testing.T) {
	at := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	o := orders.Order{ID: "o1", ActID: "a1", ServiceCenterID: "sc1", Payer: orders.PayerFactory, CreatedAt: at,
		Lines: []orders.Line{line(100000, 1)}, Compensation: []orders.Line{line(20000, 1)}}
	es := FromOrder(o, moscow)
	e := es[0]
	if err := e.Claim("П-1", "", "", at); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("a factory claim without the factory: %v", err)
	}
	if err := e.Claim("П-1", "", "  Завод «Альфа» ", at); err != nil || e.Party != "Завод «Альфа»" {
		t.Fatalf("claim: %v, party %q", err, e.Party)
	}
	if err := e.Recover(60000, at); err != nil || e.Recovery.State != StateClaimed || e.Outstanding() != 40000 {
		t.Fatalf("a partial recovery: %v %+v, outstanding %s", err, e.Recovery, e.Outstanding())
	}
	if err := e.Recover(40001, at); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("recovered more than outstanding: %v", err)
	}
	if err := e.WriteOff("завод признал только 600 ₽"); err != nil {
		t.Fatal(err)
	}
	if e.Recovery.State != StateWrittenOff || e.Recovery.Recovered != 60000 || e.Recovery.WrittenOff != 40000 || e.Outstanding() != 0 {
		t.Fatalf("after the write-off %+v", e.Recovery)
	}
	es[0] = e
	st := PayerMonth(orders.PayerFactory, "", "2026-11", es)
	if st.Total != 120000 || st.Recovered != 60000 || st.WrittenOff != 40000 || st.Outstanding != 20000 || len(st.Entries) != 2 {
		t.Fatalf("factory statement %+v", st)
	}
	if st := PayerMonth(orders.PayerFactory, "Завод «Альфа»", "2026-11", es); len(st.Entries) != 1 || st.Total != 100000 {
		t.Fatalf("the factory's own claim document %+v", st)
	}
	if st := PayerMonth(orders.PayerCarrier, "", "2026-11", es); len(st.Entries) != 0 {
		t.Fatalf("the carrier's statement holds the factory's entries: %+v", st)
	}
}

func TestShippingAndCarrierClaimEntries(t *testing.T) {
	left := time.Date(2026, 11, 30, 22, 0, 0, 0, time.UTC) // 1 December in Moscow
	sh := orders.Shipment{ID: "2026-W48-sc1", ServiceCenterID: "sc1", Status: orders.ShipmentDispatched, Carrier: "СДЭК",
		DispatchedAt: &left, ShippingCost: 45050}
	got := FromShipment(sh, moscow)
	if len(got) != 1 || got[0].Kind != KindShipping || got[0].Payer != orders.PayerWholesaler || got[0].Amount != 45050 ||
		got[0].Month != "2026-12" || got[0].Recovery != nil || got[0].Party != "СДЭК" {
		t.Fatalf("shipping entry %+v", got)
	}
	sh.ShippingPayer = orders.PayerServiceCenter
	if st := CentreStatement("sc1", "2026-12", FromShipment(sh, moscow)); st.Owes != 45050 {
		t.Errorf("the centre does not owe its own shipping: %+v", st)
	}
	sh.ShippingCost = 0
	if got := FromShipment(sh, moscow); got != nil {
		t.Errorf("a dispatch without a cost made %+v", got)
	}

	if _, err := CarrierClaim(orders.Shipment{ID: "s", Status: orders.ShipmentCollected}, 100, "утеряна", moscow); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a claim on a parcel that never left: %v", err)
	}
	if _, err := CarrierClaim(sh, 0, " ", moscow); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a claim without amount and reason: %v", err)
	}
	c, err := CarrierClaim(sh, 99900, "коробка раздавлена", moscow)
	if err != nil || c.Payer != orders.PayerCarrier || c.Party != "СДЭК" || c.Recovery.State != StateToClaim || c.Month != "2026-12" {
		t.Fatalf("carrier claim %+v %v", c, err)
	}
}
