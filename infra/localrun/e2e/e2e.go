// Package e2e is the one kit of the end-to-end tests: it starts the local
// runner (every function of template.yaml, as in AWS) behind an HTTP server,
// makes and signs in accounts through the identity services and the login
// route, and calls the API checking every answer against the OpenAPI
// document. The acts, imports and orders end-to-end tests build on it.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun"
	"aftersales/infra/samtemplate"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/identity"
	"aftersales/shared/openapi/openapitest"
)

// Runner is one test binary's local runner. The runner sets process-wide
// environment variables, so a binary has exactly one, made in TestMain.
type Runner struct {
	Srv *localrun.Server
	Web *httptest.Server
	// Calls counts the SDK calls of every function.
	Calls *localaws.CallCounter
	// ID makes accounts exactly as the identity API does.
	ID         *identityfn.Identity
	spec       *openapitest.Spec
	stopEvents context.CancelFunc
}

// Start starts a runner whose resources are named after prefix, with S3
// events delivered to the triggered functions until ctx ends; opts adjust
// the SDK configuration beside the call counter (more counters).
func Start(ctx context.Context, prefix string, opts ...func(*aws.Config)) (*Runner, error) {
	wd, _ := os.Getwd()
	path, err := samtemplate.Find(wd)
	if err != nil {
		return nil, err
	}
	r := &Runner{Calls: localaws.NewCallCounter()}
	r.Srv, err = localrun.New(ctx, localrun.Options{
		TemplatePath: path,
		Prefix:       fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()),
		Endpoints:    localaws.DefaultEndpoints(),
		AWSOptions:   append([]func(*aws.Config){r.Calls.Option()}, opts...),
	})
	if err != nil {
		return nil, err
	}
	r.Web = httptest.NewServer(r.Srv)
	events, stop := context.WithCancel(ctx)
	r.stopEvents = stop
	go r.Srv.RunS3Events(events)
	if r.ID, err = identityfn.Services(r.Srv.Env()); err != nil {
		return nil, err
	}
	if r.spec, err = openapitest.New(r.Web.URL); err != nil {
		return nil, err
	}
	return r, nil
}

// Acts wires the acts service on the runner's table as ActsApiFunction does,
// with the wholesaler's categories seeded, for tests that file acts without
// the API; it gives the acts store beneath too.
func (r *Runner) Acts(ctx context.Context) (*acts.Service, *dynamo.Acts, error) {
	svc, store, err := actsfn.Service(r.Srv.Env())
	if err != nil {
		return nil, nil, err
	}
	if err := svc.SeedCategories(ctx); err != nil {
		return nil, nil, err
	}
	return svc, store.Acts(), nil
}

// StopEvents stops delivering S3 events, for a test that delivers its own.
func (r *Runner) StopEvents() { r.stopEvents() }

// Harness is a test binary's world on its runner: a struct that embeds
// *Runner.
type Harness interface{ runner() *Runner }

func (r *Runner) runner() *Runner { return r }

// Main is a test binary's TestMain: without AFTERSALES_INTEGRATION=1 the
// tests run (and skip themselves); with it, start builds the binary's
// harness into *h first, and a failed start fails the binary.
func Main[H Harness](m *testing.M, h *H, start func(ctx context.Context) (H, error)) {
	if os.Getenv("AFTERSALES_INTEGRATION") != "1" {
		os.Exit(m.Run())
	}
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	if *h, err = start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "start the local runner:", err)
		os.Exit(1)
	}
	code := m.Run()
	cancel()
	(*h).runner().Web.Close()
	os.Exit(code)
}

// Skip skips t when the binary has no runner.
func Skip(t testing.TB, running bool) {
	t.Helper()
	if !running {
		t.Skip("integration test: set AFTERSALES_INTEGRATION=1 and start the emulators (bash infra/stack/stack.sh up), or run make test")
	}
}

// SignIn signs in through POST /api/auth/login and returns the token.
func (r *Runner) SignIn(login, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"login": login, "password": password})
	resp, err := http.Post(r.Web.URL+"/api/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("login %s: %d %v", login, resp.StatusCode, err)
	}
	return out.Token, nil
}

// Admin is the caller that makes the tests' organisations and accounts
// through the identity services.
var Admin = auth.Caller{UserID: "e2e", Role: auth.RoleAdmin}

// Password is every account's password the kit makes.
const Password = "e2e-password-1"

// Account is an account made for a test and signed in.
type Account struct {
	auth.User
	Token string
}

// NewTenant makes an organisation of kind whose name starts with name.
func (r *Runner) NewTenant(ctx context.Context, kind auth.TenantKind, name string) (auth.Tenant, error) {
	return r.ID.Directory.CreateTenant(ctx, Admin, kind, identity.NewTenant{Name: name + " " + RandomHex(3)})
}

// NewAccount makes the account in describes — with a fresh login, a full
// name and Password unless in sets them — and signs it in through
// POST /api/auth/login.
func (r *Runner) NewAccount(ctx context.Context, in identity.NewUser) (*Account, error) {
	if in.Login == "" {
		in.Login = "e2e-" + RandomHex(6)
	}
	if in.FullName == "" {
		in.FullName = "Тест " + in.Login
	}
	if in.Password == "" {
		in.Password = Password
	}
	u, _, err := r.ID.Directory.CreateUser(ctx, Admin, in)
	if err != nil {
		return nil, err
	}
	token, err := r.SignIn(u.Login, in.Password)
	if err != nil {
		return nil, err
	}
	return &Account{User: u, Token: token}, nil
}

// Answer is one response of the API.
type Answer struct {
	Status int
	Header http.Header
	Raw    []byte
}

// Decode reads a JSON answer into v.
func (a Answer) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Raw, v); err != nil {
		t.Fatalf("decode %.300s: %v", a.Raw, err)
	}
}

// Code is the error code of an error answer.
func (a Answer) Code() string {
	var e struct{ Error struct{ Code string } }
	_ = json.Unmarshal(a.Raw, &e)
	return e.Error.Code
}

// Fields are the field codes of an error answer, as "field:code".
func (a Answer) Fields() []string {
	var e struct {
		Error struct {
			Fields []struct{ Field, Code string }
		}
		// FieldErrors are the fields a per-field save refused.
		FieldErrors []struct{ Field, Code string }
	}
	_ = json.Unmarshal(a.Raw, &e)
	var out []string
	for _, f := range append(e.Error.Fields, e.FieldErrors...) {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

// ETag is the answer's ETag, for If-Match.
func (a Answer) ETag() string { return a.Header.Get("ETag") }

// Call makes a request with token (anonymous when empty) and checks the
// answer against the OpenAPI document: the status must be documented for
// the operation and a JSON body must match its schema. body is sent as is
// when it is a string, otherwise as JSON; headers are name, value pairs.
func (r *Runner) Call(t testing.TB, token, method, path string, body any, headers ...string) Answer {
	t.Helper()
	var payload []byte
	switch b := body.(type) {
	case nil:
	case string:
		payload = []byte(b)
	default:
		var err error
		if payload, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, r.Web.URL+path, bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := Answer{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	r.spec.Check(t, req, a.Status, a.Header, a.Raw)
	return a
}

// Download gets a presigned link as a browser follows it (no token: the
// link carries its own signature) and returns the storage's status and the
// body.
func Download(t testing.TB, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// PostForm posts a presigned upload form to url with the file last, as a
// browser does, and returns the storage's status.
func PostForm(t testing.TB, url string, fields map[string]string, name string, body []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(body)
	_ = w.Close()
	resp, err := http.Post(url, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// RandomHex is n random bytes in hex, to keep tests' names apart.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
