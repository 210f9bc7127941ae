package deskstore

import (
	"context"

	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
)

const entityPriceList = "desk-price-list"

// priceListItem is a centre's whole price list in one item: the desk reads
// it whole (to pick from it) and the admin saves it whole.
type priceListItem struct {
	PK, SK  string
	Entity  string
	Works   []desk.Work
	Version int
}

// PriceList reads a centre's price list; auth.ErrNotFound before it saved one.
func (d *Desk) PriceList(ctx context.Context, centre string) (desk.PriceList, error) {
	var it priceListItem
	if err := d.s.Get(ctx, dynamo.PriceListKey(centre), &it); err != nil {
		return desk.PriceList{}, err
	}
	return desk.PriceList{Works: it.Works, Version: it.Version}, nil
}

// PutPriceList writes p on condition the stored version is still before
// (0: none stored yet).
func (d *Desk) PutPriceList(ctx context.Context, centre string, before int, p desk.PriceList) error {
	k := dynamo.PriceListKey(centre)
	return d.putVersioned(ctx, "save price list of "+centre, before,
		priceListItem{PK: k.PK, SK: k.SK, Entity: entityPriceList, Works: p.Works, Version: p.Version})
}
