// Package deskapi is the HTTP side of the service centre's front desk: the
// routes of DeskApiFunction, turning requests into calls of desk.Service
// and its answers into JSON. Rules live in shared/desk; this package only
// translates.
package deskapi

import (
	"context"
	"errors"
	"net/http"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/httpapi"
)

// API serves DeskApiFunction's routes.
type API struct {
	Desk *desk.Service
}

// centreStaff are the roles that reach a front desk: a centre's own users.
// The wholesaler's staff do not see the centres' customers.
var centreStaff = []auth.Role{auth.RoleServiceCenter}

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways).
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/search", centreStaff, a.search)
	rt.Handle("POST /api/desk/customers", centreStaff, a.createCustomer)
	rt.Handle("GET /api/desk/customers/{id}", centreStaff, a.customer)
	rt.Handle("PUT /api/desk/customers/{id}", centreStaff, a.updateCustomer)
	rt.Handle("POST /api/desk/devices", centreStaff, a.createDevice)
	rt.Handle("GET /api/desk/devices/{id}", centreStaff, a.device)
	rt.Handle("GET /api/desk/devices", centreStaff, a.devicesBySerial)
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

func (a *API) createCustomer(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in desk.CustomerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cu, err := a.Desk.CreateCustomer(ctx, r.Caller, in)
	if err != nil {
		return nil, err
	}
	resp := httpapi.JSON(http.StatusCreated, cu)
	resp.Headers = map[string]string{"location": "/api/desk/customers/" + cu.ID}
	return resp, nil
}

func (a *API) customer(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	card, err := a.Desk.Card(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	if card.Devices == nil {
		card.Devices = []desk.Device{}
	}
	return httpapi.JSON(http.StatusOK, card), nil
}

func (a *API) updateCustomer(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in desk.CustomerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cu, err := a.Desk.UpdateCustomer(ctx, r.Caller, r.Param("id"), in)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, cu), nil
}

func (a *API) createDevice(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in desk.DeviceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	d, err := a.Desk.CreateDevice(ctx, r.Caller, in)
	if err != nil {
		return nil, err
	}
	resp := httpapi.JSON(http.StatusCreated, d)
	resp.Headers = map[string]string{"location": "/api/desk/devices/" + d.ID}
	return resp, nil
}

func (a *API) device(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	card, err := a.Desk.Device(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, card), nil
}

// devicesBySerial is the exact lookup a serial typed anywhere makes: the
// centre's one device with it, or none.
func (a *API) devicesBySerial(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
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
