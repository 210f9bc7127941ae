package main

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
)

// direct is a request handed straight to ActsApiFunction.
type direct struct {
	caller      auth.Caller
	method      string
	route       string // the template's path, e.g. /api/acts/{id}
	id          string
	query       map[string]string
	idempotency string
	body        string
}

// invoke calls ActsApiFunction with the authorizer's verdict for the caller,
// as API Gateway does after the authorizer, so that the calls counted are
// the function's own.
func invoke(t *testing.T, r direct) events.APIGatewayV2HTTPResponse {
	t.Helper()
	path := strings.Replace(r.route, "{id}", r.id, 1)
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: r.method + " " + r.route, RawPath: path, Body: r.body,
		// The authorizer already put the caller in; the header says it came as a bearer token.
		Headers: map[string]string{"content-type": "application/json", "authorization": "Bearer direct"}, QueryStringParameters: r.query,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:   r.method + " " + r.route,
			HTTP:       events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.method, Path: path},
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: httpapi.AuthorizerContext(r.caller)},
		},
	}
	if r.id != "" {
		ev.PathParameters = map[string]string{"id": r.id}
	}
	if r.idempotency != "" {
		ev.Headers["idempotency-key"] = r.idempotency
	}
	out, err := h.Srv.Invoke(context.Background(), "ActsApiFunction", ev)
	if err != nil {
		t.Fatal(err)
	}
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", r.method, path, resp.StatusCode, resp.Body)
	}
	return resp
}

// dynamoCalls makes a request and returns the DynamoDB calls it took, by
// operation.
func dynamoCalls(t *testing.T, r direct) (map[string]int, events.APIGatewayV2HTTPResponse) {
	t.Helper()
	h.Calls.Snapshot()
	resp := invoke(t, r)
	got := map[string]int{}
	for op, n := range h.Calls.Snapshot() {
		if name, ok := strings.CutPrefix(op, "DynamoDB."); ok {
			got[name] = n
		}
	}
	return got, resp
}

// TestEachRequestTakesAFixedNumberOfDynamoDBCalls counts the SDK calls of
// one request of each kind. The figures are exact and do not grow with the
// table or the act; none is a Scan:
//
//	create (Idempotency-Key)  4 = PutItem claim + Query categories + TransactWriteItems act & history + PutItem stored answer (a draft has no number)
//	read                      1 = Query of the act's partition (act, history, comments, files)
//	edit                      2 = Query + TransactWriteItems (and a Query of the categories when the category changes)
//	upload form               2 = Query + TransactWriteItems (the pending file, on condition the act exists)
//	submit                    6 = Query + Query categories + GetItem + Query of the centre (who gets the system's
//	                              request for photos) + GetItem number counter + TransactWriteItems (act, number, mails)
//	comment (Idempotency-Key) 6 = PutItem claim + Query + GetItem + Query of the centre (who gets the manager's comment)
//	                              + TransactWriteItems comment & history & mails + PutItem stored answer
//	                              (and per recipient, after the commit: the ledger's claim and record, the outbox's dequeue)
//	list, queue               1 = Query of one index (and for staff, when the page holds acts, one BatchGetItem of their centres' names)
func TestEachRequestTakesAFixedNumberOfDynamoDBCalls(t *testing.T) {
	needStack(t)
	centre, manager := h.centre.Caller, h.manager.Caller
	seed := seedJSON(t)
	delete(seed, "internalNumber")
	// A serial no other act claims, so the submission's verdict finds no
	// earlier acts to read back.
	seed["serialNumber"] = "CALLS-" + randomHex(6)
	body, _ := json.Marshal(seed)

	got, resp := dynamoCalls(t, direct{caller: centre, method: "POST", route: "/api/acts", idempotency: "count-" + randomHex(4), body: string(body)})
	want := map[string]int{"PutItem": 2, "Query": 1, "TransactWriteItems": 1}
	if !maps.Equal(got, want) {
		t.Errorf("create: %v, want %v", got, want)
	}
	var act acts.Act
	if err := json.Unmarshal([]byte(resp.Body), &act); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		req  direct
		want map[string]int
	}{
		{"read", direct{caller: centre, method: "GET", route: "/api/acts/{id}"}, map[string]int{"Query": 1}},
		{"edit", direct{caller: centre, method: "PATCH", route: "/api/acts/{id}", body: `{"version": 1, "mechanic": "Петров Пётр"}`},
			map[string]int{"Query": 1, "TransactWriteItems": 1}},
		{"upload form", direct{caller: centre, method: "POST", route: "/api/acts/{id}/files", body: `{"kind": "defect", "contentType": "image/jpeg", "size": 1000}`},
			map[string]int{"Query": 1, "TransactWriteItems": 1}},
		{"submit", direct{caller: centre, method: "POST", route: "/api/acts/{id}/actions", body: `{"action": "submit", "version": 2}`},
			// The verdict: the policy book and the serial's registry record
			// (GetItem), the serial's other claims (Query) and this act's
			// claim marker (PutItem).
			map[string]int{"Query": 4, "GetItem": 4, "PutItem": 1, "TransactWriteItems": 1}},
		{"comment", direct{caller: manager, method: "POST", route: "/api/acts/{id}/comments", idempotency: "comment-" + randomHex(4), body: `{"text": "Смотрим"}`},
			map[string]int{"PutItem": 2, "Query": 2, "GetItem": 1, "TransactWriteItems": 1}},
		{"list", direct{caller: centre, method: "GET", route: "/api/acts"}, map[string]int{"Query": 1}},
		{"queue", direct{caller: manager, method: "GET", route: "/api/acts", query: map[string]string{"view": "queue", "q": "8 934 734 12 34"}},
			map[string]int{"Query": 1}},
	}
	for _, s := range steps {
		if strings.Contains(s.req.route, "{id}") {
			s.req.id = act.ID
		}
		if got, _ := dynamoCalls(t, s.req); !maps.Equal(got, s.want) {
			t.Errorf("%s: %v, want %v", s.name, got, s.want)
		}
	}
}
