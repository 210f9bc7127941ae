package main

// The tests of this package run ActsApiFunction through the local runner
// (infra/localrun): real handlers behind the real authorizer, DynamoDB Local
// and moto through the real SDK, uploads posted to moto with the presigned
// form and checked by PhotoCheckFunction from moto's S3 notifications. They
// need AFTERSALES_INTEGRATION=1 and the emulators (make test starts them).

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"aftersales/infra/localrun/e2e"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/identity"
)

// h is the one runner of this test binary: the runner sets process-wide
// environment variables, so there is exactly one, made in TestMain.
var h *harness

type harness struct {
	*e2e.Runner
	store *dynamo.Acts
	// Users of the seed's world: a centre and its user, another centre, staff.
	centre, otherCentre, manager, admin, keyUser *user
}

// user is a signed-in account: its caller and the token login returned.
type user struct {
	auth.Caller
	token string
}

func TestMain(m *testing.M) { e2e.Main(m, &h, start) }

// needStack skips a test when the emulators are not there.
func needStack(t *testing.T) {
	t.Helper()
	e2e.Skip(t, h != nil)
}

func start(ctx context.Context) (*harness, error) {
	r, err := e2e.Start(ctx, "acts-e2e")
	if err != nil {
		return nil, err
	}
	e := &harness{Runner: r}
	if _, e.store, err = e.Acts(ctx); err != nil {
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

// newUser creates an account (in a new organisation of kind, unless staff)
// and signs it in through POST /api/auth/login.
func (e *harness) newUser(ctx context.Context, role auth.Role, kind auth.TenantKind) (*user, error) {
	tenant := ""
	if kind != "" {
		t, err := e.NewTenant(ctx, kind, "СЦ")
		if err != nil {
			return nil, err
		}
		tenant = t.ID
	}
	u, err := e.NewAccount(ctx, identity.NewUser{FullName: "Тест " + string(role), Role: role, Tenant: tenant})
	if err != nil {
		return nil, err
	}
	return &user{Caller: u.Caller(""), token: u.Token}, nil
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

var randomHex = e2e.RandomHex

// answer is one response of the API.
type answer struct {
	status int
	header http.Header
	raw    []byte
}

// kit is the answer as the e2e kit reads it.
func (a answer) kit() e2e.Answer { return e2e.Answer{Status: a.status, Header: a.header, Raw: a.raw} }

// code is the error code of an error answer.
func (a answer) code() string { return a.kit().Code() }

// fields are the field codes of an error answer, as "field:code".
func (a answer) fields() []string { return a.kit().Fields() }

func (a answer) decode(t *testing.T, v any) { t.Helper(); a.kit().Decode(t, v) }

// call makes a request as u (anonymous when nil), checked against the
// OpenAPI document (e2e.Runner.Call).
func (u *user) call(t *testing.T, method, path string, body any, headers ...string) answer {
	t.Helper()
	token := ""
	if u != nil {
		token = u.token
	}
	a := h.Call(t, token, method, path, body, headers...)
	return answer{status: a.Status, header: a.Header, raw: a.Raw}
}

// version is the act version an answer's ETag carries, for If-Match.
func (a answer) etag() string { return a.kit().ETag() }

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
	return e2e.PostForm(t, form.URL, form.Fields, name, body)
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
