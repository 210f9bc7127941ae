package shipments_test

import (
	"encoding/json"
	"strings"
	"testing"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/orders"
)

// dispatchedTo makes two approved acts of a centre, batches them into its
// weekly shipment and dispatches it with the carrier.
func dispatchedTo(e *fulfiltest.Env, carrier string) (first, second acts.Act, shipmentID string) {
	e.T.Helper()
	north := e.Centre("north")
	first, _ = e.Approved(north)
	second, _ = e.Approved(north)
	_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	shipmentID = orders.WeeklyShipmentID(north.Tenant, orders.WeekOf(e.Clock.Now(), e.Env.Config.Location))
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, shipmentID, orders.Dispatch{Carrier: carrier, TrackingNumber: "ra 1234 5678 9ru"})
	e.Must(err, "dispatch")
	return first, second, shipmentID
}

func TestADispatchedActAndItsShipmentCarryTheCarriersTrackingLink(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	a, _, id := dispatchedTo(e, "Почта России")
	want := "https://www.pochta.ru/tracking?barcode=RA123456789RU"
	got := e.Act(a.ID).Act
	if len(got.Parcels) != 1 || got.Parcels[0].TrackingURL != want || got.Parcels[0].ShipmentID != id || got.Parcels[0].Carrier != "Почта России" {
		t.Errorf("the act's parcels: %+v, want one with %s", got.Parcels, want)
	}
	sh, err := e.F.Shipments.Shipment(e.Ctx, e.Manager, id)
	e.Must(err, "read shipment")
	body, err := json.Marshal(sh)
	e.Must(err, "encode shipment")
	if !strings.Contains(string(body), `"trackingUrl":"`+want+`"`) {
		t.Errorf("the shipment's JSON has no tracking link: %s", body)
	}
	if body, _ := json.Marshal(orders.Shipment{Carrier: "Деловые линии", TrackingNumber: "77"}); strings.Contains(string(body), "trackingUrl") {
		t.Errorf("a carrier without a tracking page got a link: %s", body)
	}
}

func TestTheCentreConfirmsDeliveryFromTheActPageAndTheWholeParcelArrives(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	first, second, id := dispatchedTo(e, "СДЭК")
	north := e.Act(first.ID).Act.ServiceCenterID
	centre := e.User("service_center", north)
	south := e.Centre("south")
	if _, err := e.F.Shipments.DeliverAct(e.Ctx, south, first.ID, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another centre confirming: %v, want not found", err)
	}
	if _, err := e.F.Shipments.DeliverAct(e.Ctx, e.Manager, first.ID, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a manager confirming on the act: %v, want not found (managers confirm the shipment)", err)
	}
	list, err := e.F.Shipments.DeliverAct(e.Ctx, centre, first.ID, nil)
	e.Must(err, "confirm from the act")
	if len(list) != 1 || list[0].ID != id || list[0].Status != orders.ShipmentDelivered {
		t.Fatalf("confirmed: %+v", list)
	}
	for _, a := range []acts.Act{first, second} {
		if st := e.Act(a.ID).Act.Status; st != acts.StatusPartsDelivered {
			t.Errorf("act %s is %s, want parts_delivered with its parcel", a.Number, st)
		}
	}
	if _, err := e.F.Shipments.DeliverAct(e.Ctx, centre, first.ID, nil); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("confirming again: %v, want a conflict (nothing on its way)", err)
	}
}
