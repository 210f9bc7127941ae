// Package ordersapi is the HTTP side of parts orders and shipments: the
// routes of OrdersApiFunction, turning requests into calls of
// shipments.Service and its answers into JSON (and .xlsx for the monthly
// compensation report). Rules live in shared/orders and shared/shipments;
// this package only translates.
package ordersapi

import (
	"bytes"
	"context"
	"iter"
	"net/http"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
	"aftersales/shared/shipments"
	"aftersales/shared/xlsxwrite"
)

// API serves OrdersApiFunction's routes.
type API struct {
	Shipments *shipments.Service
	// Ledger is the recovery of costs and the statements.
	Ledger *ledger.Service
	// Location is the business time zone the report shows dates in.
	Location *time.Location
}

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways).
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/orders", auth.ActRoles, a.listOrders)
	rt.Handle("GET /api/orders/{id}", auth.ActRoles, httpapi.ReadID(a.Shipments.Order))
	rt.Handle("POST /api/orders/{id}/cancel", auth.StaffRoles, httpapi.ApplyID(a.cancelOrder))
	rt.Handle("GET /api/shipments", auth.ActRoles, a.listShipments)
	rt.Handle("POST /api/shipments", auth.StaffRoles, httpapi.Create(a.createShipment, func(sh orders.Shipment) string { return "/api/shipments/" + sh.ID }))
	rt.Handle("POST /api/shipments/pre-sale", auth.StaffRoles, a.shipPreSale)
	rt.Handle("GET /api/shipments/{id}", auth.ActRoles, httpapi.ReadID(a.Shipments.Shipment))
	rt.Handle("POST /api/shipments/{id}/dispatch", auth.StaffRoles, httpapi.ApplyID(a.Shipments.Dispatch))
	rt.Handle("POST /api/shipments/{id}/deliver", auth.ActRoles, a.deliver)
	// A centre confirms an act's delivery from its page (managers use the
	// shipment's confirmation).
	rt.Handle("POST /api/acts/{id}/delivery", auth.CentreRoles, a.deliverAct)
	rt.Handle("GET /api/reports/compensation", auth.StaffRoles, a.compensation)
	a.ledgerRoutes(rt)
}

// ---------------------------------------------------------------- orders

func (a *API) listOrders(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	limit, err := httpapi.LimitOf(r)
	if err != nil {
		return nil, err
	}
	page, err := a.Shipments.Orders(ctx, r.Caller, shipments.OrderFilter{Status: orders.Status(r.Query("status")),
		ServiceCenter: r.Query("serviceCenter"), Limit: limit, Cursor: r.Query("cursor")})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[orders.Order]{Items: page.Items, Next: page.Next}), nil
}

type cancelInput struct {
	Reason string `json:"reason"`
}

func (a *API) cancelOrder(ctx context.Context, c auth.Caller, id string, in cancelInput) (orders.Order, error) {
	return a.Shipments.CancelOrder(ctx, c, id, in.Reason)
}

// ---------------------------------------------------------------- shipments

func (a *API) listShipments(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	limit, err := httpapi.LimitOf(r)
	if err != nil {
		return nil, err
	}
	page, err := a.Shipments.Shipments(ctx, r.Caller, shipments.ShipmentFilter{Status: orders.ShipmentStatus(r.Query("status")),
		ServiceCenter: r.Query("serviceCenter"), Limit: limit, Cursor: r.Query("cursor")})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[orders.Shipment]{Items: page.Items, Next: page.Next}), nil
}

type urgentInput struct {
	OrderIDs []string `json:"orderIds"`
}

func (a *API) createShipment(ctx context.Context, c auth.Caller, in urgentInput) (orders.Shipment, error) {
	return a.Shipments.Urgent(ctx, c, in.OrderIDs)
}

// shipPreSale takes no body: it ships every pre-sale order waiting.
func (a *API) shipPreSale(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	list, err := a.Shipments.ShipPreSale(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[orders.Shipment]{Items: list}), nil
}

type deliverInput struct {
	// DeliveredAt is when the parcel arrived; now when omitted.
	DeliveredAt *time.Time `json:"deliveredAt"`
}

// decodeDeliver reads the optional body of a delivery confirmation.
func decodeDeliver(r *httpapi.Request) (deliverInput, error) {
	var in deliverInput
	if body, err := r.Body(); err != nil {
		return in, err
	} else if len(bytes.TrimSpace(body)) > 0 {
		if err := httpapi.DecodeJSON(body, &in); err != nil {
			return in, err
		}
	}
	return in, nil
}

func (a *API) deliver(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	in, err := decodeDeliver(r)
	if err != nil {
		return nil, err
	}
	sh, err := a.Shipments.Deliver(ctx, r.Caller, r.Param("id"), in.DeliveredAt)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, sh), nil
}

func (a *API) deliverAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	in, err := decodeDeliver(r)
	if err != nil {
		return nil, err
	}
	list, err := a.Shipments.DeliverAct(ctx, r.Caller, r.Param("id"), in.DeliveredAt)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[orders.Shipment]{Items: list}), nil
}

// ---------------------------------------------------------------- report

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// reportHeader are the compensation report's columns.
var reportHeader = []string{"Сервисный центр", "Акт", "Дата решения", "Запчасть", "Номер по схеме",
	"Количество", "Цена, ₽", "Сумма, ₽", "Плательщик"}

func (a *API) compensation(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	rep, err := a.Shipments.Compensation(ctx, r.Caller, r.Query("month"))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Компенсация "+rep.Month.String(), reportHeader, a.reportRows(rep)); err != nil {
		return nil, apperr.Wrap(err, "write compensation report")
	}
	return httpapi.Attachment("kompensaciya-"+rep.Month.String()+".xlsx", xlsxType, buf.Bytes()), nil
}

// reportRows are one row per own part, then each centre's total. Texts
// from acts and users pass through xlsxwrite.Write, which neutralises
// anything a spreadsheet would run as a formula.
func (a *API) reportRows(rep shipments.CompensationReport) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		for _, c := range rep.Centres {
			for _, l := range c.Lines {
				row := []any{c.Name, l.ActNumber, l.DecidedAt.In(a.Location), l.Name, l.SchemeNumber,
					l.Quantity, xlsxwrite.Money(l.Price), xlsxwrite.Money(l.Amount), l.Payer.Label()}
				if !yield(row, nil) {
					return
				}
			}
			if !yield([]any{"Итого: " + c.Name, nil, nil, nil, nil, nil, nil, xlsxwrite.Money(c.Total), nil}, nil) {
				return
			}
		}
	}
}
