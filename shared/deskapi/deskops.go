package deskapi

import (
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
)

// deskopsRoutes are the centre's price list of works — every centre role
// reads it (to pick a work onto an order), its admin saves it — and an
// order's (re)assignment to an executor.
func (a *API) deskopsRoutes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/price-list", auth.CentreRoles, httpapi.Read(a.Desk.PriceList))
	rt.Handle("PUT /api/desk/price-list", auth.CentreRoles, httpapi.Apply(a.Desk.SavePriceList))
	rt.Handle("POST /api/desk/repairs/{id}/executor", auth.CentreRoles, httpapi.ApplyID(a.Desk.AssignExecutor))
}
