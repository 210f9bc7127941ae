package localrun

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/orders"
)

// TestTheScheduledFunctionsRunThroughTheRunnerAtTheSchedulesTime invokes the
// weekly batch as EventBridge Scheduler would, with the schedule's time in
// the event: the shipment is that week's, whatever the clock says.
func TestTheScheduledFunctionsRunThroughTheRunnerAtTheSchedulesTime(t *testing.T) {
	e := matrix(t)
	srv, _ := integration(t)
	ctx := context.Background()
	o, err := matrixOrder(ctx, e, e.own)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := time.Date(2027, 3, 1, 3, 0, 0, 0, time.UTC) // Monday 06:00 in Moscow
	if _, err := srv.Invoke(ctx, "WeeklyShipmentsFunction", events.EventBridgeEvent{Source: "aws.scheduler",
		DetailType: "Scheduled Event", Time: scheduled, Detail: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	f, err := matrixFulfilment(e)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := f.Shipments.Shipment(ctx, matrixManager, "2027-W09-"+e.own.ServiceCenter)
	if err != nil {
		t.Fatalf("the week's shipment: %v", err)
	}
	found := false
	for _, it := range sh.Items {
		found = found || it.OrderID == o.ID
	}
	if !found || sh.Week != "2027-W09" || sh.Status != orders.ShipmentCollected {
		t.Errorf("shipment %+v lacks order %s", sh, o.ID)
	}
	for _, fn := range []string{"AutoCloseFunction", "DailyDigestFunction"} {
		if err := srv.Fire(ctx, fn); err != nil {
			t.Errorf("%s: %v", fn, err)
		}
	}
}
