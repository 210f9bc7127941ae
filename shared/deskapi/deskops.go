package deskapi

import (
	"context"
	"net/http"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/httpapi"
)

// deskopsRoutes are the centre's price list of works — every centre role
// reads it (to pick a work onto an order), its admin saves it — and an
// order's (re)assignment to an executor.
func (a *API) deskopsRoutes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/price-list", auth.CentreRoles, a.priceList)
	rt.Handle("PUT /api/desk/price-list", auth.CentreRoles, a.savePriceList)
	rt.Handle("POST /api/desk/repairs/{id}/executor", auth.CentreRoles, change(a.Desk.AssignExecutor))
}

func (a *API) priceList(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	p, err := a.Desk.PriceList(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, p), nil
}

func (a *API) savePriceList(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in desk.PriceListInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	p, err := a.Desk.SavePriceList(ctx, r.Caller, in)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, p), nil
}
