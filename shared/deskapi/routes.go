// Package deskapi is the HTTP side of the service centre's front desk: the
// routes of DeskApiFunction, turning requests into calls of desk.Service
// and its answers into JSON. Rules live in shared/desk; this package only
// translates.
package deskapi

import (
	"context"
	"errors"
	"net/http"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/httpapi"
)

// API serves DeskApiFunction's routes.
type API struct {
	Desk *desk.Service
}

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways). A front desk is a centre's own: the
// wholesaler's staff do not see the centres' customers.
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/search", auth.CentreRoles, a.search)
	rt.Handle("POST /api/desk/customers", auth.CentreRoles, httpapi.Create(a.Desk.CreateCustomer, func(cu desk.Customer) string { return "/api/desk/customers/" + cu.ID }))
	rt.Handle("GET /api/desk/customers/{id}", auth.CentreRoles, httpapi.ReadID(a.Desk.Card))
	rt.Handle("PUT /api/desk/customers/{id}", auth.CentreRoles, httpapi.ApplyID(a.Desk.UpdateCustomer))
	rt.Handle("POST /api/desk/devices", auth.CentreRoles, httpapi.Create(a.Desk.CreateDevice, func(d desk.Device) string { return "/api/desk/devices/" + d.ID }))
	rt.Handle("GET /api/desk/devices/{id}", auth.CentreRoles, httpapi.ReadID(a.Desk.Device))
	rt.Handle("GET /api/desk/devices", auth.CentreRoles, a.devicesBySerial)
	rt.Handle("GET /api/desk/settings", auth.CentreRoles, httpapi.Read(a.Desk.Settings))
	rt.Handle("PUT /api/desk/settings", auth.CentreRoles, httpapi.Apply(a.Desk.SaveSettings))
	rt.Handle("GET /api/desk/repairs", auth.CentreRoles, a.repairs)
	rt.Handle("POST /api/desk/repairs", auth.CentreRoles, httpapi.Create(a.Desk.CreateRepair, func(v desk.RepairView) string { return "/api/desk/repairs/" + v.ID }))
	rt.Handle("GET /api/desk/repairs/{id}", auth.CentreRoles, httpapi.ReadID(a.Desk.Repair))
	rt.Handle("POST /api/desk/repairs/{id}/status", auth.CentreRoles, httpapi.ApplyID(a.Desk.Move))
	rt.Handle("POST /api/desk/repairs/{id}/lines", auth.CentreRoles, httpapi.ApplyID(a.Desk.AddLine))
	rt.Handle("POST /api/desk/repairs/{id}/payments", auth.CentreRoles, httpapi.ApplyID(a.Desk.AddPayment))
	a.messageRoutes(rt)
	a.deskopsRoutes(rt)
}

// searchAnswer is what the front desk's search box shows.
type searchAnswer struct {
	Customers []desk.Customer `json:"customers"`
	Devices   []deviceHit     `json:"devices"`
}

// deviceHit is a device found by serial with its owner's name and phones.
type deviceHit struct {
	desk.Device
	CustomerName   string   `json:"customerName"`
	CustomerPhones []string `json:"customerPhones"`
}

func (a *API) search(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	if err := required(r, "q"); err != nil {
		return nil, err
	}
	f, err := a.Desk.Search(ctx, r.Caller, r.Query("q"))
	if err != nil {
		return nil, err
	}
	out := searchAnswer{Customers: f.Customers, Devices: []deviceHit{}}
	if out.Customers == nil {
		out.Customers = []desk.Customer{}
	}
	for _, d := range f.Devices {
		owner := f.Owners[d.CustomerID]
		out.Devices = append(out.Devices, deviceHit{Device: d, CustomerName: owner.Name, CustomerPhones: owner.Phones})
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

// devicesBySerial is the exact lookup a serial typed anywhere makes: the
// centre's one device with it, or none.
func (a *API) devicesBySerial(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	if err := required(r, "serial"); err != nil {
		return nil, err
	}
	card, err := a.Desk.DeviceBySerial(ctx, r.Caller, r.Query("serial"))
	switch {
	case errors.Is(err, auth.NotFound()):
		return httpapi.JSON(http.StatusOK, deviceList{Items: []desk.DeviceCard{}}), nil
	case err != nil:
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, deviceList{Items: []desk.DeviceCard{card}}), nil
}

type deviceList struct {
	Items []desk.DeviceCard `json:"items"`
}

// ---------------------------------------------------------------- settings

// ---------------------------------------------------------------- repair orders

func (a *API) repairs(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	limit, err := httpapi.LimitOf(r)
	if err != nil {
		return nil, err
	}
	var page auth.Page[desk.RepairView]
	f := desk.RepairFilter{Status: desk.Status(r.Query("status")), ExecutorID: r.Query("executor"), Limit: limit, Cursor: r.Query("cursor")}
	switch r.Query("overdue") {
	case "true":
		f.Status = ""
		page, err = a.Desk.Overdue(ctx, r.Caller, f)
	case "", "false":
		page, err = a.Desk.Repairs(ctx, r.Caller, f)
	default:
		return nil, apperr.Field("overdue", desk.CodeRequired, "true или false", "true or false")
	}
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[desk.RepairView]{Items: page.Items, Next: page.Next}), nil
}

// required refuses a request without a query parameter the route needs
// (an empty one the router already refuses).
func required(r *httpapi.Request, name string) error {
	if _, ok := r.Event.QueryStringParameters[name]; ok {
		return nil
	}
	return apperr.Field(name, desk.CodeRequired, "Укажите параметр "+name, "The "+name+" parameter is required")
}
