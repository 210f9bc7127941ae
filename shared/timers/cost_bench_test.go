package timers_test

import (
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/orders"
	"aftersales/shared/wire"
)

// BenchmarkActLifecycleCapacity measures, on DynamoDB Local with
// ReturnConsumedCapacity, the read and write units of one act's whole life
// as the services make it: created, submitted, approved with its parts
// order, put in the weekly shipment, dispatched, delivered and closed as
// repaired by the hourly job (with its e-mails queued and sent); and the
// units of one act page read (GET /api/acts/{id}) and one list page (GET
// /api/acts). infra/bench/cost turns them into the monthly cost model.
//
// go test -run '^$' -bench ActLifecycleCapacity -benchtime 5x ./shared/timers
func BenchmarkActLifecycleCapacity(b *testing.B) {
	var read, write, getRead, listRead, mails float64
	for range b.N {
		b.StopTimer()
		e := fulfiltest.New(b)
		centre := e.Centre("north")
		e.Capacity.Take()
		b.StartTimer()

		a, _ := e.Approved(centre)
		_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
		e.Must(err, "batch")
		id := orders.WeeklyShipmentID(centre.Tenant, orders.WeekOf(e.Clock.Now(), e.Setup.Config.Location))
		_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, id, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA7"})
		e.Must(err, "dispatch")
		_, err = e.F.Shipments.Deliver(e.Ctx, centre, id, nil)
		e.Must(err, "deliver")
		r, w := e.Capacity.Take()
		b.StopTimer()
		at := e.Act(a.ID).Act.StatusChangedAt.Add(e.F.Policy.SilentDelivery + time.Minute)
		e.Clock.Set(at)
		e.Capacity.Take()
		b.StartTimer()
		_, err = wire.NewAutoClose(e.F).Run(e.Ctx, at)
		e.Must(err, "auto-close")
		r2, w2 := e.Capacity.Take()
		read, write = read+r+r2, write+w+w2

		e.Act(a.ID)
		getR, _ := e.Capacity.Take()
		getRead += getR
		_, _, err = e.Acts.List(e.Ctx, e.Manager, acts.ListRequest{})
		e.Must(err, "list")
		lr, _ := e.Capacity.Take()
		listRead += lr
		b.StopTimer()
		if got := e.Act(a.ID).Act.Status; got != acts.StatusRepaired {
			b.Fatalf("the act ended %s, want repaired", got)
		}
		mails += float64(len(e.Mails()))
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(read/n, "RRU/act")
	b.ReportMetric(write/n, "WRU/act")
	b.ReportMetric(getRead/n, "RRU/get")
	b.ReportMetric(listRead/n, "RRU/list")
	b.ReportMetric(mails/n, "mails/act")
}
