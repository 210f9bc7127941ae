package desk

import (
	"context"
	"errors"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// WarrantyAct is the warranty act filed from an order, as the order shows
// it (service-centre.md «the act's status is shown on the order, and the
// parts that arrive for the act appear on it»): read when the order is,
// so it is the act as it stands now.
type WarrantyAct struct {
	ID string `json:"id"`
	// Number is empty while the act is a draft (it takes one when filed).
	Number     string      `json:"number,omitempty"`
	Status     string      `json:"status"`
	StatusName string      `json:"statusName"`
	CentreID   string      `json:"-"`
	Parts      []ActPart   `json:"parts"`
	Parcels    []ActParcel `json:"parcels"`
}

// ActPart is a part the act asks for.
type ActPart struct {
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

// ActParcel is a shipment that carried the act's parts, with its tracking.
type ActParcel struct {
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"trackingNumber"`
	TrackingURL    string `json:"trackingUrl,omitempty"`
}

// warrantyAct is the act of order r, nil when it has none. An act that is
// not the order's centre's (it cannot be: the link is written on that
// condition) or is gone (a deleted draft) is not shown.
func (s *Service) warrantyAct(ctx context.Context, r Repair) (*WarrantyAct, error) {
	if r.ActID == "" {
		return nil, nil
	}
	a, err := s.repairs.WarrantyAct(ctx, r.ActID)
	switch {
	case errors.Is(err, auth.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, apperr.Wrap(err, "read the act of repair order "+r.ID)
	case a.CentreID != r.CentreID:
		return nil, nil
	}
	return &a, nil
}
