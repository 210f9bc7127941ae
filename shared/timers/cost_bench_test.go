package timers_test

import (
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/wire"
)

// BenchmarkActLifecycleCapacity measures, on DynamoDB Local with
// ReturnConsumedCapacity, the read and write units of one act's whole life
// as the services make it: created, submitted, approved with its parts
// order, put in the weekly shipment, dispatched, delivered (and its page
// read once) and closed as repaired by the hourly job (with its e-mails
// queued and sent); and the
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

		a, deadline := delivered(e, centre) // ends with one read of the act's page
		r, w := e.Capacity.Take()
		at := deadline.Add(time.Minute)
		e.Clock.Set(at)
		_, err := wire.NewAutoClose(e.F).Run(e.Ctx, at)
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
