package main

// The tests of this package run OrdersApiFunction through the local runner
// (infra/localrun, on the one e2e kit): real handlers behind the real
// authorizer, DynamoDB Local and moto through the real SDK, every answer
// checked against the OpenAPI document. They need AFTERSALES_INTEGRATION=1
// and the emulators (make test starts them).

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/infra/localrun/e2e"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/identity"
	"aftersales/shared/orders"
)

// h is the one runner of this test binary (see e2e.Main).
var h *harness

type harness struct {
	*e2e.Runner
	// acts files the drafts the tests start from, on the runner's table.
	acts    *acts.Service
	store   *dynamo.Acts
	manager *e2e.Account
}

func TestMain(m *testing.M) { e2e.Main(m, &h, start) }

func start(ctx context.Context) (*harness, error) {
	r, err := e2e.Start(ctx, "orders-e2e")
	if err != nil {
		return nil, err
	}
	e := &harness{Runner: r}
	if e.acts, e.store, err = e.Acts(ctx); err != nil {
		return nil, err
	}
	if e.manager, err = e.NewAccount(ctx, identity.NewUser{Role: auth.RoleManager}); err != nil {
		return nil, err
	}
	return e, nil
}

// centre is a fresh service centre named «name …» and one of its users.
type centre struct {
	name string
	*e2e.Account
}

func newCentre(t *testing.T, name string) centre {
	t.Helper()
	e2e.Skip(t, h != nil)
	ctx := context.Background()
	tn, err := h.NewTenant(ctx, auth.KindServiceCenter, "СЦ «"+name+"»")
	if err != nil {
		t.Fatal(err)
	}
	u, err := h.NewAccount(ctx, identity.NewUser{Role: auth.RoleServiceCenter, Tenant: tn.ID})
	if err != nil {
		t.Fatal(err)
	}
	return centre{name: tn.Name, Account: u}
}

// call makes a request as u, checked against the OpenAPI document.
func call(t *testing.T, u *e2e.Account, method, path string, body any) e2e.Answer {
	t.Helper()
	return h.Call(t, u.Token, method, path, body)
}

// approved files fields as c's draft, puts it in review and has the
// manager approve it through the API; it returns the act and its order.
func approved(t *testing.T, c centre, fields acts.Fields) (acts.Act, string) {
	t.Helper()
	return approvedFor(t, c, fields, orders.PayerWholesaler)
}

// approvedFor is approved with the order payable by payer.
func approvedFor(t *testing.T, c centre, fields acts.Fields, payer orders.Payer) (acts.Act, string) {
	t.Helper()
	ctx := context.Background()
	draft, _, err := h.acts.Create(ctx, c.Caller(""), fields)
	if err != nil {
		t.Fatal(err)
	}
	submitted, err := fulfiltest.SubmitDirectly(ctx, h.store, draft, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, h.manager, "POST", "/api/acts/"+submitted.ID+"/actions", map[string]any{"action": "approve", "version": submitted.Version, "payer": payer})
	if a.Status != http.StatusOK {
		t.Fatalf("approve: %d %s", a.Status, a.Raw)
	}
	var act acts.Act
	a.Decode(t, &act)
	if len(act.OrderIDs) == 0 {
		if !slices.ContainsFunc(fields.Parts, func(p acts.Part) bool { return !p.OwnPart }) {
			return act, "" // the centre's own parts only: a compensation record, no order
		}
		t.Fatalf("approved act %s has no order", act.ID)
	}
	return act, act.OrderIDs[len(act.OrderIDs)-1]
}
