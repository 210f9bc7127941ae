package orders

import (
	"testing"
	"time"

	"aftersales/shared/money"
)

var moscow, _ = time.LoadLocation("Europe/Moscow")

func TestTheWeeklyShipmentIDDependsOnlyOnTheCentreAndTheISOWeekInTheBusinessZone(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"Monday 06:00 in Moscow", time.Date(2026, 11, 23, 6, 0, 0, 0, moscow), "2026-W48-sc1"},
		{"Sunday 23:59 in Moscow", time.Date(2026, 11, 29, 23, 59, 0, 0, moscow), "2026-W48-sc1"},
		{"Sunday 22:30 UTC, already Monday in Moscow", time.Date(2026, 11, 29, 22, 30, 0, 0, time.UTC), "2026-W49-sc1"},
		{"the first days of January in the last ISO week", time.Date(2027, 1, 1, 12, 0, 0, 0, moscow), "2026-W53-sc1"},
	}
	for _, tt := range tests {
		if got := WeeklyShipmentID("sc1", WeekOf(tt.at, moscow)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestADispatchIsNormalizedAndEveryProblemIsListed(t *testing.T) {
	d := Dispatch{Carrier: "  СДЭК ", TrackingNumber: " ra 1234 5678 9ru "}.Normalized()
	if d.Carrier != "СДЭК" || d.TrackingNumber != "RA123456789RU" {
		t.Errorf("normalized to %+v", d)
	}
	if errs := d.Validate(); len(errs) != 0 {
		t.Errorf("valid dispatch: %v", errs)
	}
	errs := Dispatch{}.Normalized().Validate()
	if len(errs) != 2 || errs[0].Field != "carrier" || errs[1].Field != "trackingNumber" || errs[0].Code != "required" {
		t.Errorf("empty dispatch: %+v", errs)
	}
}

func TestOnlyAnOrderThatHasNotLeftCanBeCancelled(t *testing.T) {
	for _, s := range Statuses {
		err := Order{Status: s}.CheckCancel()
		want := s == StatusAwaitingShipment || s == StatusInShipment
		if (err == nil) != want {
			t.Errorf("%s: CheckCancel() = %v", s, err)
		}
	}
}

func TestADeliveryTimeIsNeitherInTheFutureNorBeforeTheDispatch(t *testing.T) {
	left := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	now := left.Add(48 * time.Hour)
	sh := Shipment{DispatchedAt: &left}
	for _, tt := range []struct {
		at   time.Time
		code string
	}{
		{left.Add(24 * time.Hour), ""},
		{now.Add(time.Minute), "in_future"},
		{left.Add(-time.Minute), "before_dispatch"},
	} {
		errs := sh.CheckDelivered(tt.at, now)
		if got := ""; len(errs) > 0 {
			got = errs[0].Code
			if got != tt.code {
				t.Errorf("%s: %s, want %q", tt.at, got, tt.code)
			}
		} else if tt.code != "" {
			t.Errorf("%s: accepted, want %s", tt.at, tt.code)
		}
	}
}

func TestCompensationGroupsOwnPartsPerCentreAndOwesNothingForCancelledOrders(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	list := []Order{
		{ID: "o2", ServiceCenterID: "sc2", ActNumber: "2026-000002", CreatedAt: at(5), Payer: PayerFactory,
			Compensation: []Line{{Name: "Свеча", Quantity: 2, Price: money.RUB(15000)}}},
		{ID: "o1", ServiceCenterID: "sc1", ActNumber: "2026-000001", CreatedAt: at(3), Payer: PayerWholesaler,
			Compensation: []Line{{Name: "Коленвал", Quantity: 1, Price: 78000}, {Name: "ЦПГ", Quantity: 1, Price: 34000}}},
		{ID: "o3", ServiceCenterID: "sc1", ActNumber: "2026-000003", CreatedAt: at(1), Status: StatusCancelled,
			Compensation: []Line{{Name: "Стартер", Quantity: 1, Price: 99900}}},
		{ID: "o4", ServiceCenterID: "sc3", Lines: []Line{{Name: "Шкив", Quantity: 1}}},
	}
	got := Compensation(list)
	if len(got) != 2 || got[0].ServiceCenterID != "sc1" || got[1].ServiceCenterID != "sc2" {
		t.Fatalf("centres %+v", got)
	}
	if got[0].Total != 112000 || len(got[0].Lines) != 2 || got[0].Lines[0].Name != "Коленвал" {
		t.Errorf("sc1: %+v", got[0])
	}
	if got[1].Total != 30000 || got[1].Lines[0].Amount != 30000 || got[1].Lines[0].Payer != PayerFactory {
		t.Errorf("sc2: %+v", got[1])
	}
}

func TestAMonthInMoscowStartsThreeHoursBeforeItDoesInUTC(t *testing.T) {
	m, err := ParseMonth("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	from, before := m.Bounds(moscow)
	if want := time.Date(2026, 10, 31, 21, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("from %s, want %s", from.UTC(), want)
	}
	if want := time.Date(2026, 11, 30, 21, 0, 0, 0, time.UTC); !before.Equal(want) {
		t.Errorf("before %s, want %s", before.UTC(), want)
	}
	if _, err := ParseMonth("11.2026"); err == nil {
		t.Error("11.2026 accepted")
	}
}
