package fn_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/fn/actsapifn"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/httpapi"
	"aftersales/shared/identity"
)

// TestTheBuildersActAtTheEnvsClockNotTheMachines: one clock everywhere. The
// env's clock stands years away from the machine's; whatever the built
// services stamp or name by time must follow it. Before, the identity and
// acts wiring passed time.Now directly (sessions, tokens and users were
// stamped with the machine's time; the acts export was named by today).
func TestTheBuildersActAtTheEnvsClockNotTheMachines(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2031, 5, 5, 9, 30, 0, 0, time.UTC)
	env := fulfiltest.FnEnv(t, config.Config{Stage: "test", PhotosBucket: "clock-photos", Location: fulfiltest.Moscow(t), S3PathStyle: true,
		TokenSecret: "clock-test-secret-0123456789abcdef0123", WebBaseURL: "https://portal.example"}, func() time.Time { return at })

	id, err := identityfn.Services(env)
	if err != nil {
		t.Fatal(err)
	}
	admin := auth.Caller{UserID: "clock-admin", Role: auth.RoleAdmin}
	u, password, err := id.Directory.CreateUser(ctx, admin, identity.NewUser{Login: "clock-manager", FullName: "Часов Менеджер", Role: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	if !u.CreatedAt.Equal(at) {
		t.Errorf("user created at %v, want the env's %v", u.CreatedAt, at)
	}
	res, err := id.Auth.Login(ctx, u.Login, password)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Session.CreatedAt.Equal(at) {
		t.Errorf("session created at %v, want the env's %v", res.Session.CreatedAt, at)
	}
	caller, err := id.Auth.Authenticate(ctx, res.Token)
	if err != nil || caller.UserID != u.ID {
		t.Errorf("the token issued at the env's time is refused at it: %+v %v", caller, err)
	}

	rt, err := actsapifn.New(env)
	if err != nil {
		t.Fatal(err)
	}
	ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /api/acts/export", RawPath: "/api/acts/export"}
	ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: httpapi.AuthorizerContext(caller)}
	resp, err := rt.Serve(ctx, ev)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export: %d %v %s", resp.StatusCode, err, resp.Body)
	}
	if cd, want := resp.Headers["content-disposition"], "akty-2031-05-05.xlsx"; !strings.Contains(cd, want) {
		t.Errorf("export named %q, want %q (the env's date)", cd, want)
	}
}
