package main

// The tests of this package run ActsApiFunction through the local runner
// (infra/localrun): real handlers behind the real authorizer, DynamoDB Local
// and moto through the real SDK, uploads posted to moto with the presigned
// form and checked by PhotoCheckFunction from moto's S3 notifications. They
// need AFTERSALES_INTEGRATION=1 and the emulators (make test starts them).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun"
	"aftersales/infra/samtemplate"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/openapi"
	"aftersales/shared/wire"
)

// h is the one runner of this test binary: the runner sets process-wide
// environment variables, so there is exactly one, made in TestMain.
var h *harness

type harness struct {
	srv   *localrun.Server
	web   *httptest.Server
	calls *localaws.CallCounter
	store *dynamo.Acts
	id    *wire.Identity
	spec  routers.Router
	// Users of the seed's world: a centre and its user, another centre, staff.
	centre, otherCentre, manager, admin, keyUser *user
}

// user is a signed-in account: its caller and the token login returned.
type user struct {
	auth.Caller
	token string
}

func TestMain(m *testing.M) {
	if os.Getenv("AFTERSALES_INTEGRATION") != "1" {
		os.Exit(m.Run())
	}
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	h, err = start(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "start the local runner:", err)
		os.Exit(1)
	}
	code := m.Run()
	cancel()
	h.web.Close()
	os.Exit(code)
}

// needStack skips a test when the emulators are not there.
func needStack(t *testing.T) {
	t.Helper()
	if h == nil {
		t.Skip("integration test: set AFTERSALES_INTEGRATION=1 and start the emulators (bash infra/stack/stack.sh up), or run make test")
	}
}

func start(ctx context.Context) (*harness, error) {
	wd, _ := os.Getwd()
	path, err := samtemplate.Find(wd)
	if err != nil {
		return nil, err
	}
	e := &harness{calls: localaws.NewCallCounter()}
	e.srv, err = localrun.New(ctx, localrun.Options{
		TemplatePath: path,
		Prefix:       fmt.Sprintf("acts-e2e-%d", time.Now().UnixNano()),
		Endpoints:    localaws.DefaultEndpoints(),
		AWSOptions:   []func(*aws.Config){e.calls.Option()},
	})
	if err != nil {
		return nil, err
	}
	e.web = httptest.NewServer(e.srv)
	go e.srv.RunS3Events(ctx)
	setup := e.srv.Setup()
	e.store = dynamo.New(setup.Clients.DynamoDB, setup.Config.TableName).Acts()
	if e.id, err = wire.NewIdentity(setup); err != nil {
		return nil, err
	}
	svc, _, err := wire.NewActs(setup)
	if err != nil {
		return nil, err
	}
	if err := svc.SeedCategories(ctx); err != nil {
		return nil, err
	}
	if e.spec, err = specRouter(e.web.URL); err != nil {
		return nil, err
	}
	if e.centre, err = e.newUser(ctx, auth.RoleServiceCenter, auth.KindServiceCenter); err != nil {
		return nil, err
	}
	if e.otherCentre, err = e.newUser(ctx, auth.RoleServiceCenter, auth.KindServiceCenter); err != nil {
		return nil, err
	}
	if e.keyUser, err = e.newUser(ctx, auth.RoleKeyUser, auth.KindDistributor); err != nil {
		return nil, err
	}
	if e.manager, err = e.newUser(ctx, auth.RoleManager, ""); err != nil {
		return nil, err
	}
	if e.admin, err = e.newUser(ctx, auth.RoleAdmin, ""); err != nil {
		return nil, err
	}
	return e, nil
}

var bootstrap = auth.Caller{UserID: "acts-e2e", Role: auth.RoleAdmin}

const password = "acts-e2e-password-1"

// newUser creates an account (in a new organisation of kind, unless staff)
// and signs it in through POST /api/auth/login.
func (e *harness) newUser(ctx context.Context, role auth.Role, kind auth.TenantKind) (*user, error) {
	tenant := ""
	if kind != "" {
		t, err := e.id.Directory.CreateTenant(ctx, bootstrap, kind, auth.NewTenant{Name: "СЦ " + randomHex(4)})
		if err != nil {
			return nil, err
		}
		tenant = t.ID
	}
	u, _, err := e.id.Directory.CreateUser(ctx, bootstrap, auth.NewUser{Login: "e2e-" + randomHex(6),
		FullName: "Тест " + string(role), Role: role, Tenant: tenant, Password: password})
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(map[string]string{"login": u.Login, "password": password})
	resp, err := http.Post(e.web.URL+"/api/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return nil, fmt.Errorf("login %s: %d %v", u.Login, resp.StatusCode, err)
	}
	return &user{Caller: u.Caller(""), token: out.Token}, nil
}

// newCentre is a fresh service centre with one signed-in user, for tests
// that count a centre's acts.
func newCentre(t *testing.T) *user {
	t.Helper()
	u, err := h.newUser(context.Background(), auth.RoleServiceCenter, auth.KindServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// specRouter finds operations of the OpenAPI document for requests to base.
func specRouter(base string) (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document)
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	return legacy.NewRouter(doc)
}

// answer is one response of the API.
type answer struct {
	status int
	header http.Header
	raw    []byte
}

// code is the error code of an error answer.
func (a answer) code() string {
	var e struct{ Error struct{ Code string } }
	_ = json.Unmarshal(a.raw, &e)
	return e.Error.Code
}

// fields are the field codes of an error answer, as "field:code".
func (a answer) fields() []string {
	var e struct {
		Error struct {
			Fields []struct{ Field, Code string }
		}
	}
	_ = json.Unmarshal(a.raw, &e)
	var out []string
	for _, f := range e.Error.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.raw, v); err != nil {
		t.Fatalf("decode %s: %v", a.raw, err)
	}
}

// call makes a request as u (anonymous when nil) and checks the answer
// against the OpenAPI document: the status must be documented for the
// operation and a JSON body must match its schema. body is sent as is when
// it is a string, otherwise as JSON. headers are name, value pairs.
func (u *user) call(t *testing.T, method, path string, body any, headers ...string) answer {
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
	req, err := http.NewRequest(method, h.web.URL+path, bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+u.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	checkAgainstSpec(t, req, a)
	return a
}

// checkAgainstSpec validates an answer with kin-openapi.
func checkAgainstSpec(t *testing.T, req *http.Request, a answer) {
	t.Helper()
	route, params, err := h.spec.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s is not in openapi.yaml: %v", req.Method, req.URL.Path, err)
		return
	}
	isJSON := strings.Contains(a.header.Get("Content-Type"), "json")
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 a.status,
		Header:                 a.header,
		Body:                   io.NopCloser(bytes.NewReader(a.raw)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: !isJSON},
	})
	if err != nil {
		t.Errorf("%s %s answered %d against openapi.yaml: %v\n%.400s", req.Method, req.URL.Path, a.status, err, a.raw)
	}
}

// version is the act version an answer's ETag carries, for If-Match.
func (a answer) etag() string { return a.header.Get("ETag") }

// uploadFile asks for an upload form and posts body to storage with it, as
// a browser would; the form's fields go first and the file last.
func (u *user) uploadFile(t *testing.T, actID string, kind acts.FileKind, contentType, name string, declared int64, body []byte) acts.File {
	t.Helper()
	f, _ := u.uploadWithForm(t, actID, kind, contentType, name, declared, body)
	return f
}

// uploadWithForm is uploadFile that also returns the form, which stays
// valid for a while after the post.
func (u *user) uploadWithForm(t *testing.T, actID string, kind acts.FileKind, contentType, name string, declared int64, body []byte) (acts.File, acts.UploadForm) {
	t.Helper()
	a := u.call(t, "POST", "/api/acts/"+actID+"/files", map[string]any{"kind": kind, "contentType": contentType, "size": declared, "name": name})
	if a.status != http.StatusCreated {
		t.Fatalf("start upload: %d %s", a.status, a.raw)
	}
	var res struct {
		File   acts.File
		Upload acts.UploadForm
	}
	a.decode(t, &res)
	if status := postForm(t, res.Upload, name, body); status/100 != 2 {
		t.Fatalf("post the file to storage: %d", status)
	}
	return res.File, res.Upload
}

// postForm posts a presigned form with the file last.
func postForm(t *testing.T, form acts.UploadForm, name string, body []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range form.Fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(body)
	_ = w.Close()
	resp, err := http.Post(form.URL, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// checkedFile waits until the upload checker has decided about a file.
func (u *user) checkedFile(t *testing.T, actID, fileID string) acts.FileLink {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var list struct{ Items []acts.FileLink }
		u.call(t, "GET", "/api/acts/"+actID+"/files", nil).decode(t, &list)
		for _, f := range list.Items {
			if f.ID == fileID && f.Status != acts.FilePending {
				return f
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("file %s of act %s is still pending after 30 s", fileID, actID)
	return acts.FileLink{}
}

// seedJSON is the seed's example act as a client sends it.
func seedJSON(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../../shared/acts/testdata/seed_act.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// fileAct files the seed's act (without its internal number, which a
// centre may use once) as a draft of u and returns it.
func (u *user) fileAct(t *testing.T) acts.Act {
	t.Helper()
	body := seedJSON(t)
	delete(body, "internalNumber")
	a := u.call(t, "POST", "/api/acts", body)
	if a.status != http.StatusCreated {
		t.Fatalf("create act: %d %s", a.status, a.raw)
	}
	var act acts.Act
	a.decode(t, &act)
	return act
}

// read returns an act as u sees it.
func (u *user) read(t *testing.T, id string) acts.Act {
	t.Helper()
	a := u.call(t, "GET", "/api/acts/"+id, nil)
	if a.status != http.StatusOK {
		t.Fatalf("read act %s: %d %s", id, a.status, a.raw)
	}
	var act acts.Act
	a.decode(t, &act)
	return act
}

// force puts an act into a status directly in storage: the arrangement of a
// test that starts where the API (or the shipments to come) would have left it.
func force(t *testing.T, act acts.Act, to acts.Status) acts.Act {
	t.Helper()
	next := act
	next.Status, next.Version, next.StatusChangedAt = to, act.Version+1, time.Now()
	if to == acts.StatusSubmitted {
		next.SubmittedAt = &next.StatusChangedAt
	}
	if err := h.store.Write(context.Background(), acts.Write{ActID: act.ID, Before: &act, After: &next}); err != nil {
		t.Fatal(err)
	}
	return next
}

// Bytes of small but real files: the upload checker decodes their headers.
var (
	jpegBytes = photo(func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
	pngBytes  = photo(png.Encode)
)

// photo encodes a small gradient with enc.
func photo(enc func(io.Writer, image.Image) error) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := enc(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}
