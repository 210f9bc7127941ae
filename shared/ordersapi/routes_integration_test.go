package ordersapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/ledger"
	"aftersales/shared/openapi/openapitest"
	"aftersales/shared/ordersapi"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

// api serves the orders routes on a fresh table and checks every answer
// against openapi.yaml (openapitest).
type api struct {
	t    *testing.T
	e    *fulfiltest.Env
	rt   *httpapi.Router
	spec *openapitest.Spec
}

func newAPI(t *testing.T) *api {
	e := fulfiltest.New(t)
	rt := httpapi.NewRouter()
	(&ordersapi.API{Shipments: e.F.Shipments, Ledger: ledger.NewService(e.F.Store.Ledger(), e.Clock.Now),
		Location: e.Env.Config.Location}).Routes(rt)
	spec, err := openapitest.New("http://api.test")
	if err != nil {
		t.Fatal(err)
	}
	return &api{t: t, e: e, rt: rt, spec: spec}
}

// answer is one response.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call invokes routeKey as c with the path's parameters filled in, the way
// API Gateway hands a request to the function after the authorizer.
func (a *api) call(c auth.Caller, routeKey, path string, body any) answer {
	a.t.Helper()
	method, _, _ := strings.Cut(routeKey, " ")
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req := httptest.NewRequest(method, "http://api.test"+path, bytes.NewReader(raw))
	_, params := a.spec.Route(a.t, req)
	query := map[string]string{}
	for k, v := range req.URL.Query() {
		query[k] = v[0]
	}
	ev := events.APIGatewayV2HTTPRequest{RouteKey: routeKey, RawPath: req.URL.Path, PathParameters: params,
		QueryStringParameters: query, Body: string(raw), Headers: map[string]string{"content-type": "application/json", "authorization": "Bearer direct"}}
	ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: httpapi.AuthorizerContext(c)}
	out, err := a.rt.Serve(context.Background(), ev)
	if err != nil {
		a.t.Fatal(err)
	}
	ans := answer{status: out.StatusCode, header: http.Header{}, body: []byte(out.Body)}
	for k, v := range out.Headers {
		ans.header.Set(k, v)
	}
	if out.IsBase64Encoded {
		ans.body, _ = base64.StdEncoding.DecodeString(out.Body)
	}
	a.spec.Check(a.t, req, ans.status, ans.header, ans.body)
	return ans
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
}

func TestTheOrdersAPIAnswersAsItsDocumentSaysFromOrderToDelivery(t *testing.T) {
	a := newAPI(t)
	t.Parallel()
	e := a.e
	north, south := e.Centre("north"), e.Centre("south")
	act, order := e.Approved(north)

	var list struct{ Items []struct{ ID, Status string } }
	a.call(north, "GET /api/orders", "/api/orders?limit=5", nil).decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != order.ID || list.Items[0].Status != "awaiting_shipment" {
		t.Errorf("the centre's orders: %+v", list.Items)
	}
	if got := a.call(south, "GET /api/orders/{id}", "/api/orders/"+order.ID, nil); got.status != http.StatusNotFound {
		t.Errorf("another centre's order: %d", got.status)
	}
	bad := a.call(e.Manager, "GET /api/orders", "/api/orders?status=lost", nil)
	if bad.status != http.StatusBadRequest {
		t.Errorf("an unknown status: %d", bad.status)
	}

	created := a.call(e.Manager, "POST /api/shipments", "/api/shipments", map[string]any{"orderIds": []string{order.ID}})
	var sh struct {
		ID, Status string
		Items      []struct{ ActNumber string }
	}
	created.decode(t, &sh)
	if created.status != http.StatusCreated || sh.Status != "collected" || len(sh.Items) != 1 || sh.Items[0].ActNumber != act.Number {
		t.Fatalf("urgent shipment: %d %s", created.status, created.body)
	}
	a.call(north, "GET /api/shipments/{id}", "/api/shipments/"+sh.ID, nil)
	a.call(north, "GET /api/shipments", "/api/shipments", nil)
	if got := a.call(e.Manager, "POST /api/shipments/{id}/dispatch", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]string{"carrier": "", "trackingNumber": ""}); got.status != http.StatusBadRequest {
		t.Errorf("a dispatch without carrier and number: %d", got.status)
	}
	dispatched := a.call(e.Manager, "POST /api/shipments/{id}/dispatch", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]string{"carrier": "СДЭК", "trackingNumber": "RA 123 RU"})
	if dispatched.status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", dispatched.status, dispatched.body)
	}
	e.Clock.Set(e.Clock.Now().Add(24 * time.Hour))
	delivered := a.call(north, "POST /api/shipments/{id}/deliver", "/api/shipments/"+sh.ID+"/deliver", nil)
	if delivered.status != http.StatusOK {
		t.Fatalf("deliver: %d %s", delivered.status, delivered.body)
	}
	if st := e.Act(act.ID).Act.Status; st != acts.StatusPartsDelivered {
		t.Errorf("the act is %s", st)
	}

	_, other := e.Approved(south)
	if got := a.call(north, "POST /api/orders/{id}/cancel", "/api/orders/"+other.ID+"/cancel", map[string]string{"reason": "x"}); got.status != http.StatusForbidden {
		t.Errorf("a centre cancelling: %d", got.status)
	}
	var cancelled struct{ Status, CancelReason string }
	a.call(e.Manager, "POST /api/orders/{id}/cancel", "/api/orders/"+other.ID+"/cancel",
		map[string]string{"reason": "Клиент забрал изделие"}).decode(t, &cancelled)
	if cancelled.Status != "cancelled" || cancelled.CancelReason != "Клиент забрал изделие" {
		t.Errorf("cancelled: %+v", cancelled)
	}
}

func TestTheCompensationReportListsOwnPartsPerCentreWithFormulasNeutralised(t *testing.T) {
	a := newAPI(t)
	t.Parallel()
	e := a.e
	north := e.Centre("north")
	first, _ := e.Approved(north)
	second, _ := e.Approved(north)
	// A part name a spreadsheet would run as a formula.
	draft, _, err := e.Acts.Create(e.Ctx, north, acts.Fields{Parts: []acts.Part{{Name: "=1+2", Quantity: 1, OwnPart: true, Price: 50000}}})
	e.Must(err, "create")
	now := e.Clock.Now()
	next := draft
	next.Status, next.Version, next.SubmittedAt, next.StatusChangedAt = acts.StatusSubmitted, 2, &now, now
	e.Must(e.F.Store.Acts().Write(e.Ctx, acts.Write{ActID: draft.ID, Before: &draft, After: &next}), "submit")
	e.Move(e.Manager, next, acts.Move{Action: acts.ActionApprove})

	if got := a.call(e.Manager, "GET /api/reports/compensation", "/api/reports/compensation?month=11.2026", nil); got.status != http.StatusBadRequest {
		t.Errorf("a malformed month: %d", got.status)
	}
	if got := a.call(north, "GET /api/reports/compensation", "/api/reports/compensation?month=2026-11", nil); got.status != http.StatusForbidden {
		t.Errorf("a centre asking: %d", got.status)
	}
	rep := a.call(e.Manager, "GET /api/reports/compensation", "/api/reports/compensation?month=2026-11", nil)
	if rep.status != http.StatusOK || !strings.Contains(rep.header.Get("Content-Disposition"), "kompensaciya-2026-11.xlsx") {
		t.Fatalf("report: %d %v", rep.status, rep.header)
	}
	book := sheetstest.Open(t, rep.body)
	rows := book.Rows(t)
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{first.Number + "|", second.Number + "|", "|Коленвал|", "|'=1+2|", "Итого: СЦ «north»|||||||2,060.00 ₽"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if len(rows) != 1+3+1 {
		t.Fatalf("%d rows, want the header, 3 parts and 1 total:\n%s", len(rows), text)
	}
	// Cell by cell, what excelize reads: the header, the kinds of the part
	// rows' cells, and the total in roubles.
	for i, h := range []string{"Сервисный центр", "Акт", "Дата решения", "Запчасть", "Номер по схеме", "Количество", "Цена, ₽", "Сумма, ₽", "Плательщик"} {
		if c := book.Cell(t, i, 1); c.Raw != h || !c.Bold {
			t.Errorf("header %d: got %+v, want bold %q", i+1, c, h)
		}
	}
	for row := 2; row <= 4; row++ {
		if c := book.Cell(t, 2, row); !strings.HasPrefix(c.Format, "dd.mm.yyyy") {
			t.Errorf("row %d: the decision date is %+v, want a date cell", row, c)
		}
		if r := rows[row-1]; r[3] == "'=1+2" {
			book.Want(t, 5, row, 1)
			book.Want(t, 6, row, xlsxwrite.Money(50000))
			book.Want(t, 7, row, xlsxwrite.Money(50000))
		}
	}
	book.Want(t, 0, 5, "Итого: СЦ «north»")
	book.Want(t, 7, 5, xlsxwrite.Money(206000))
	empty := a.call(e.Manager, "GET /api/reports/compensation", "/api/reports/compensation?month=2026-10", nil)
	if rows := sheetstest.Open(t, empty.body).Rows(t); len(rows) != 1 {
		t.Errorf("October has %d rows, want only the header", len(rows))
	}
}
