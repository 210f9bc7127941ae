package health

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/httpapi"
)

func serve(t *testing.T, c Checker) (int, Report) {
	t.Helper()
	rt := httpapi.NewRouter()
	c.Routes(rt)
	resp, err := rt.Serve(context.Background(), events.APIGatewayV2HTTPRequest{RouteKey: "GET /health"})
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal([]byte(resp.Body), &rep); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, rep
}

func TestHealthIsOKWhenEveryDependencyAnswers(t *testing.T) {
	ok := func(context.Context) error { return nil }
	status, rep := serve(t, Checker{Timeout: time.Second, Probes: map[string]Probe{"dynamodb": ok, "ses": ok}})
	if status != 200 || rep.Status != "ok" || rep.Checks["dynamodb"] != "ok" || rep.Checks["ses"] != "ok" {
		t.Errorf("got %d %+v, want 200 with every check ok", status, rep)
	}
}

func TestHealthIsDegradedAndNamesTheDependencyThatFailed(t *testing.T) {
	status, rep := serve(t, Checker{Timeout: time.Second, Probes: map[string]Probe{
		"dynamodb": func(context.Context) error { return nil },
		"ses":      func(context.Context) error { return errors.New("ses unreachable") },
	}})
	if status != 503 || rep.Status != "degraded" || rep.Checks["ses"] != "ses unreachable" || rep.Checks["dynamodb"] != "ok" {
		t.Errorf("got %d %+v, want 503 naming ses", status, rep)
	}
}

func TestAHangingDependencyIsCutOffByTheTimeout(t *testing.T) {
	start := time.Now()
	status, _ := serve(t, Checker{Timeout: 50 * time.Millisecond, Probes: map[string]Probe{
		"slow": func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() },
	}})
	if status != 503 || time.Since(start) > 5*time.Second {
		t.Errorf("got %d after %s, want 503 soon after the timeout", status, time.Since(start))
	}
}
