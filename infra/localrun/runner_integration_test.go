package localrun

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/infra/localaws"
	"aftersales/infra/samtemplate"
)

var (
	runnerOnce   sync.Once
	sharedRunner *Server
	sharedHTTP   *httptest.Server
	runnerErr    error
)

// integration starts one runner for this test binary against the emulators,
// or skips: these tests need DynamoDB Local and moto (make test starts them).
func integration(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	if os.Getenv("AFTERSALES_INTEGRATION") != "1" {
		t.Skip("integration test: needs DynamoDB Local and moto; `make test` runs it (AFTERSALES_INTEGRATION=1)")
	}
	runnerOnce.Do(func() {
		wd, _ := os.Getwd()
		path, err := samtemplate.Find(wd)
		if err != nil {
			runnerErr = err
			return
		}
		web, _ := os.MkdirTemp("", "web")
		_ = os.WriteFile(filepath.Join(web, "index.html"), []byte("<!doctype html><title>app</title>"), 0o644)
		sharedRunner, runnerErr = New(context.Background(), Options{
			TemplatePath: path,
			Prefix:       fmt.Sprintf("runner-%d", time.Now().UnixNano()),
			Endpoints:    localaws.DefaultEndpoints(),
			WebDir:       web,
		})
		if runnerErr == nil {
			sharedHTTP = httptest.NewServer(sharedRunner)
		}
	})
	if runnerErr != nil {
		t.Fatal(runnerErr)
	}
	return sharedRunner, sharedHTTP
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestHealthReportsEveryDependencyReachable(t *testing.T) {
	_, web := integration(t)
	status, _, body := get(t, web.URL+"/health")
	var rep struct {
		Status string
		Checks map[string]string
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("health body %q: %v", body, err)
	}
	if status != 200 || rep.Status != "ok" {
		t.Fatalf("health = %d %s", status, body)
	}
	for _, dep := range []string{"dynamodb", "s3.photos", "s3.imports", "s3.reports", "ses"} {
		if rep.Checks[dep] != "ok" {
			t.Errorf("%s = %q, want ok", dep, rep.Checks[dep])
		}
	}
}

func TestUnknownAPIPathsAnswer404UnknownMethods405AndClientRoutesGetTheApp(t *testing.T) {
	_, web := integration(t)
	if status, _, body := get(t, web.URL+"/api/nothing-here"); status != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("unknown API path: %d %s", status, body)
	}
	req, _ := http.NewRequest(http.MethodPut, web.URL+"/api/acts/01J0000000000000000000ACT1", strings.NewReader("{}"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "DELETE, GET, PATCH" {
		t.Errorf("PUT on an act: %d, Allow %q; want 405, Allow DELETE, GET, PATCH", resp.StatusCode, resp.Header.Get("Allow"))
	}
	status, hdr, body := get(t, web.URL+"/acts/123")
	if status != 200 || !strings.Contains(body, "<title>app</title>") {
		t.Errorf("client route: %d %s", status, body)
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("client served without a strict CSP: %q", csp)
	}
}

func TestTheMailPageListsWhatWasSent(t *testing.T) {
	_, web := integration(t)
	status, _, body := get(t, web.URL+"/_local/mail.json")
	if status != 200 || !strings.HasPrefix(strings.TrimSpace(body), "[") && strings.TrimSpace(body) != "null" {
		t.Errorf("mail.json: %d %s", status, body)
	}
}

func TestFiringSomethingThatIsNotScheduledIsRefused(t *testing.T) {
	_, web := integration(t)
	resp, err := http.Post(web.URL+"/_local/schedules/HealthFunction", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("firing a non-scheduled function: %d, want 400", resp.StatusCode)
	}
}
