package deskstore

import (
	"context"

	"aftersales/shared/desk"
)

// WarrantyAct reads the act an order links to (its own item only, one
// GetItem) and shows it as the order does.
func (d *Desk) WarrantyAct(ctx context.Context, id string) (desk.WarrantyAct, error) {
	a, err := d.s.Act(ctx, id)
	if err != nil {
		return desk.WarrantyAct{}, err
	}
	out := desk.WarrantyAct{ID: a.ID, Number: a.Number, Status: string(a.Status), StatusName: a.Status.Label(),
		CentreID: a.ServiceCenterID, Parts: []desk.ActPart{}, Parcels: []desk.ActParcel{}}
	for _, p := range a.Parts {
		out.Parts = append(out.Parts, desk.ActPart{Name: p.Name, Quantity: p.Quantity})
	}
	for _, p := range a.Parcels {
		out.Parcels = append(out.Parcels, desk.ActParcel{Carrier: p.Carrier, TrackingNumber: p.TrackingNumber, TrackingURL: p.TrackingURL})
	}
	return out, nil
}
