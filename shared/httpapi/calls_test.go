package httpapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

type note struct {
	Text string `json:"text"`
}

// serve runs h on a request of caller c for the object id with body.
func serve(t *testing.T, h HandlerFunc, id, body string) (*Response, error) {
	t.Helper()
	return h(context.Background(), &Request{Caller: auth.Caller{UserID: "u1", Tenant: "sc1"},
		Event: events.APIGatewayV2HTTPRequest{PathParameters: map[string]string{"id": id}, Body: body}})
}

func TestACallRouteGivesTheServiceTheCallerIDAndBodyAndAnswersItsResult(t *testing.T) {
	read := func(_ context.Context, c auth.Caller) (note, error) { return note{Text: c.UserID}, nil }
	readID := func(_ context.Context, c auth.Caller, id string) (note, error) {
		return note{Text: c.Tenant + "/" + id}, nil
	}
	apply := func(_ context.Context, c auth.Caller, in note) (note, error) {
		return note{Text: c.UserID + ":" + in.Text}, nil
	}
	applyID := func(_ context.Context, _ auth.Caller, id string, in note) (note, error) {
		return note{Text: id + ":" + in.Text}, nil
	}
	for _, c := range []struct {
		name string
		h    HandlerFunc
		want string
	}{
		{"Read", Read(read), "u1"},
		{"ReadID", ReadID(readID), "sc1/r7"},
		{"Apply", Apply(apply), "u1:hi"},
		{"ApplyID", ApplyID(applyID), "r7:hi"},
	} {
		resp, err := serve(t, c.h, "r7", `{"text":"hi"}`)
		if err != nil || resp.Status != http.StatusOK || resp.Body != (note{Text: c.want}) {
			t.Errorf("%s: %+v, %v; want 200 with %q", c.name, resp, err, c.want)
		}
	}
}

func TestACallRouteRefusesABadBodyAndPassesTheServicesErrorOn(t *testing.T) {
	called := false
	apply := func(context.Context, auth.Caller, string, note) (note, error) { called = true; return note{}, nil }
	if _, err := serve(t, ApplyID(apply), "r7", `{"text":1}`); apperr.CodeOf(err) != apperr.Invalid || called {
		t.Errorf("a body of the wrong type: %v (service called: %v)", err, called)
	}
	refused := apperr.New(apperr.Conflict, "Занято", "Taken")
	read := func(context.Context, auth.Caller, string) (note, error) { return note{}, refused }
	if resp, err := serve(t, ReadID(read), "r7", ""); !errors.Is(err, refused) || resp != nil {
		t.Errorf("the service's refusal: %+v, %v", resp, err)
	}
}

func TestACreateRouteAnswers201WithTheNewThingsAddress(t *testing.T) {
	create := func(_ context.Context, c auth.Caller, in note) (note, error) {
		return note{Text: c.UserID + "-" + in.Text}, nil
	}
	resp, err := serve(t, Create(create, func(n note) string { return "/api/notes/" + n.Text }), "", `{"text":"hi"}`)
	if err != nil || resp.Status != http.StatusCreated || resp.Body != (note{Text: "u1-hi"}) || resp.Headers["location"] != "/api/notes/u1-hi" {
		t.Errorf("%+v, %v; want 201 at /api/notes/u1-hi", resp, err)
	}
}
