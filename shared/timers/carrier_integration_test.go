package timers_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fakecarrier"
	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/config"
	"aftersales/shared/fn/carriersfn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/orders"
	"aftersales/shared/timers"
)

// tracking is the hourly job as AutoCloseFunction builds it, its carriers
// pointed at a fake carrier server with the fake's credentials.
func tracking(e *fulfiltest.Env, fake *fakecarrier.Server) *timers.AutoClose {
	e.T.Helper()
	srv := httptest.NewServer(fake)
	e.T.Cleanup(srv.Close)
	e.Env.Config.Carriers = config.Carriers{Secret: fakecarrier.Credentials(),
		CDEKURL: srv.URL + fakecarrier.CDEKPath, RussianPostURL: srv.URL + fakecarrier.RussianPostPath,
		TransitDays: "cdek=5,russian_post=9,other=7"}
	book, err := carriersfn.Book(e.Ctx, e.Env)
	e.Must(err, "carriers")
	f, err := fulfilfn.NewTracking(e.Env, book)
	e.Must(err, "fulfilment")
	return f.AutoClose()
}

// dispatched is an approved act whose weekly shipment left now with the
// carrier and number; nobody will confirm its delivery.
func dispatched(e *fulfiltest.Env, carrier, number string) (acts.Act, string) {
	e.T.Helper()
	centre := e.Centre("north")
	a, _ := e.Approved(centre)
	_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	id := orders.WeeklyShipmentID(centre.Tenant, orders.WeekOf(e.Clock.Now(), e.Env.Config.Location))
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, id, orders.Dispatch{Carrier: carrier, TrackingNumber: number})
	e.Must(err, "dispatch")
	return a, id
}

func runJob(e *fulfiltest.Env, job *timers.AutoClose, at time.Time) timers.Report {
	e.T.Helper()
	e.Clock.Set(at)
	r, err := job.Run(e.Ctx, at)
	e.Must(err, "run at %s", at)
	return r
}

// No act waits in parts_shipped for ever: a shipment nobody confirms is
// delivered from its carrier's tracking, or — when the carrier gives no
// answer — at dispatch plus the carrier's transit days; the 3-day window
// counts from that arrival, and then the act closes as repaired.
func TestAnUnconfirmedShipmentIsDeliveredFromTrackingOrTransitDaysAndTheActThenCloses(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		name, carrier string
		handedAfter   time.Duration // when the fake carrier hands it over; 0: never
		down          bool
		arrivedAfter  time.Duration
		source        string
		comment       string
	}{
		{"СДЭК says delivered", "СДЭК", 2*day + 3*time.Hour, false, 2*day + 3*time.Hour, "carrier", "По данным перевозчика посылка вручена"},
		{"Почта России says delivered", "Почта России", 4 * day, false, 4 * day, "carrier", "По данным перевозчика посылка вручена"},
		{"the carrier is down", "Почта России", 4 * day, true, 9 * day, "transit", "Срок доставки перевозчиком истёк"},
		{"the carrier never hands it over", "СДЭК", 0, false, 5 * day, "transit", "Срок доставки перевозчиком истёк"},
		{"a carrier without tracking", "Деловые линии", 0, false, 7 * day, "transit", "Срок доставки перевозчиком истёк"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			fake := fakecarrier.New()
			job := tracking(e, fake)
			sent := e.Clock.Now()
			number := "RA" + strings.ToUpper(e.Tag) + "RU"
			a, shipmentID := dispatched(e, tc.carrier, number)
			fake.Down(tc.down)
			arrived := sent.Add(tc.arrivedAfter)
			// Hourly runs up to the arrival: the parcel is still on its way.
			for at := sent.Add(time.Hour); at.Before(arrived); at = at.Add(12 * time.Hour) {
				r := runJob(e, job, at)
				if tc.down && r.CarrierUnanswered != 1 {
					t.Errorf("run at +%s: %+v, want the carrier's silence counted", at.Sub(sent), r)
				}
			}
			if st := e.Act(a.ID).Act.Status; st != acts.StatusPartsShipped {
				t.Fatalf("before the arrival the act is %s", st)
			}
			if tc.handedAfter > 0 {
				// The carrier records the hand-over when it happens.
				fake.Deliver(number, sent.Add(tc.handedAfter))
			}
			runJob(e, job, arrived.Add(30*time.Minute))
			sh, err := e.F.Shipments.Shipment(e.Ctx, e.Manager, shipmentID)
			e.Must(err, "read shipment")
			if sh.Status != orders.ShipmentDelivered || !sh.DeliveredAt.Equal(arrived) || sh.DeliverySource != tc.source {
				t.Errorf("shipment: %s at %v by %q, want delivered at +%s by %s", sh.Status, sh.DeliveredAt, sh.DeliverySource, tc.arrivedAfter, tc.source)
			}
			got := e.Act(a.ID).Act
			if got.Status != acts.StatusPartsDelivered || !got.StatusChangedAt.Equal(arrived) || e.CommentsWith(a.ID, tc.comment) != 1 {
				t.Fatalf("act: %s since %s, want parts_delivered since the arrival with the comment %q", got.Status, got.StatusChangedAt, tc.comment)
			}
			deadline := arrived.Add(e.F.Policy.SilentDelivery)
			runJob(e, job, deadline.Add(-time.Minute))
			if st := e.Act(a.ID).Act.Status; st != acts.StatusPartsDelivered {
				t.Errorf("a minute before the window's end the act is %s", st)
			}
			if r := runJob(e, job, deadline.Add(time.Minute)); r.Closed != 1 {
				t.Errorf("the closing run: %+v", r)
			}
			if st := e.Act(a.ID).Act.Status; st != acts.StatusRepaired || mailsAbout(e, a, "закрыт: Отремонтировано") != 1 {
				t.Errorf("after the window the act is %s", st)
			}
			// The delivered shipment left the due index: later runs find nothing.
			if r := runJob(e, job, deadline.Add(2*time.Hour)); r.Due != 0 {
				t.Errorf("a later run: %+v, want nothing due", r)
			}
		})
	}
}
