package localrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	_ "image/jpeg" // the seeded photos decode as JPEG
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/acts/imagecheck"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/fn/identityfn"
)

// TestTheDemoSeedsActsAtEachStepOnceAndEachCentreSeesItsOwn seeds the demo
// twice and walks it as its users would: the manager's review queue holds
// the submitted acts of both demo centres, each as long in review as its
// story says (one past the target), СЦ «Север» lists its own acts
// only (a draft, one in review, one approved with its parts order, one
// returned with the manager's question) and СЦ «Юг» its own, the photos of
// the act in review download as JPEG images, and the second seed adds no
// act and no file but puts back a photo the emulator lost.
func TestTheDemoSeedsActsAtEachStepOnceAndEachCentreSeesItsOwn(t *testing.T) {
	srv, web := integration(t)
	ctx := context.Background()
	if _, err := srv.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := identityfn.Services(srv.Env())
	if err != nil {
		t.Fatal(err)
	}
	tenant := func(login string) string {
		u, found, err := id.Directory.FindUser(ctx, login)
		if err != nil || !found {
			t.Fatalf("demo user %s: %v", login, err)
		}
		return u.Tenant
	}
	north, south := tenant("sc-north"), tenant("sc-south")
	manager, northUser, southUser := demoSessionOf(t, web.URL, "manager"), demoSessionOf(t, web.URL, "sc-north"), demoSessionOf(t, web.URL, "sc-south")

	queue := func(centre string) []acts.Listed {
		return manager.list(t, "/api/acts?view=queue&serviceCenter="+centre)
	}
	// Each has waited as its story says: СЦ «Север»'s act past the 3-day
	// target, СЦ «Юг»'s pre-sale act a day.
	for _, want := range []struct {
		centre, article string
		days            float64
		overdue         bool
	}{{north, "БП-4518 Энергопром", 4, true}, {south, "МБ-7 Энергопром", 1, false}} {
		q := queue(want.centre)
		i := slices.IndexFunc(q, func(a acts.Listed) bool { return articleOf(a.Act) == want.article })
		switch {
		case i < 0:
			t.Errorf("the manager's queue of centre %s lacks %s: %+v", want.centre, want.article, q)
		case q[i].Status != acts.StatusSubmitted || q[i].ReviewOverdue != want.overdue || q[i].ReviewDays < want.days || q[i].ReviewDays > want.days+0.1:
			t.Errorf("%s in the queue: %s, %.2f days in review (overdue %v), want submitted %v days ago",
				want.article, q[i].Status, q[i].ReviewDays, q[i].ReviewOverdue, want.days)
		}
	}

	mine := northUser.list(t, "/api/acts")
	byArticle := map[string]acts.Act{}
	for _, a := range mine {
		if a.ServiceCenterID != north {
			t.Errorf("СЦ «Север» sees act %s of centre %s", a.Number, a.ServiceCenterID)
		}
		byArticle[articleOf(a.Act)] = a.Act
	}
	for article, st := range map[string]acts.Status{"ТБ-43 Энергопром": acts.StatusDraft, "БП-4518 Энергопром": acts.StatusSubmitted,
		"ЭГК-1500 Энергопром": acts.StatusApproved, "БГ-3000 Энергопром": acts.StatusInfoRequested} {
		if a, ok := byArticle[article]; !ok || a.Status != st {
			t.Errorf("СЦ «Север»'s %s: %+v, want it %s", article, a, st)
		}
	}
	if _, ok := byArticle["МБ-7 Энергопром"]; ok {
		t.Error("СЦ «Север» sees СЦ «Юг»'s act")
	}
	theirs := southUser.list(t, "/api/acts")
	if !slices.ContainsFunc(theirs, func(a acts.Listed) bool { return articleOf(a.Act) == "МБ-7 Энергопром" }) {
		t.Errorf("СЦ «Юг» does not see its act: %+v", theirs)
	}
	for _, a := range theirs {
		if a.ServiceCenterID != south {
			t.Errorf("СЦ «Юг» sees act %s of centre %s", a.Number, a.ServiceCenterID)
		}
	}
	approved := byArticle["ЭГК-1500 Энергопром"]
	if len(approved.OrderIDs) != 1 {
		t.Fatalf("the approved act has orders %v, want one", approved.OrderIDs)
	}
	if o := northUser.get(t, "/api/orders/"+approved.OrderIDs[0]); o["status"] != "awaiting_shipment" {
		t.Errorf("the approved act's order: %v, want it awaiting the weekly shipment", o)
	}
	question := byArticle["БГ-3000 Энергопром"]
	var comments struct{ Items []acts.Comment }
	northUser.decode(t, "/api/acts/"+question.ID+"/comments", &comments)
	// Asked yesterday: four of the five days to answer are left.
	if !slices.ContainsFunc(comments.Items, func(c acts.Comment) bool {
		return c.InfoRequest && c.AuthorRole == auth.RoleManager && c.ReplyDeadline != nil &&
			time.Until(*c.ReplyDeadline) > 95*time.Hour && time.Until(*c.ReplyDeadline) <= 96*time.Hour
	}) {
		t.Errorf("the returned act has no question of the manager asked a day ago: %+v", comments.Items)
	}

	inReview := byArticle["БП-4518 Энергопром"]
	files := northUser.files(t, inReview.ID)
	kinds := map[acts.FileKind]bool{}
	for _, f := range files {
		kinds[f.Kind] = f.Status == acts.FileAttached
		if f.URL == "" {
			t.Errorf("photo %s (%s) has no link", f.Name, f.Status)
			continue
		}
		if status := download(t, f.URL); status != http.StatusOK {
			t.Errorf("photo %s downloads with %d", f.Name, status)
		}
	}
	for _, k := range []acts.FileKind{acts.FileNameplate, acts.FileWarrantyOrReceipt, acts.FileDefect, acts.FilePart} {
		if !kinds[k] {
			t.Errorf("the act in review has no attached %s photo: %+v", k, files)
		}
	}

	count := func() (n int) {
		for _, centre := range []string{north, south} {
			for _, a := range manager.list(t, "/api/acts?serviceCenter="+centre) {
				n += 1 + len(manager.files(t, a.ID))
			}
		}
		return n
	}
	// The centre adds a file of its own to the demo act.
	env := srv.Env()
	own := attachByHand(t, env, north, inReview.ID)
	before := count()
	// moto forgets its objects when it stops, DynamoDB Local keeps the
	// table: the next start puts the lost demo photo back, and leaves the
	// centre's own file alone.
	photos := blobstore.New(blobstore.NewClient(env.AWS, env.Config.S3PathStyle), env.Config.PhotosBucket)
	lost := files[0]
	for _, id := range []string{lost.ID, own} {
		if err := photos.Delete(ctx, acts.CheckedKey(inReview.ID, id)); err != nil {
			t.Fatal(err)
		}
	}
	if status := download(t, lost.URL); status == http.StatusOK {
		t.Fatal("the deleted photo still downloads")
	}
	if _, err := srv.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before {
		t.Errorf("the second seed changed the demo centres' acts and files from %d to %d", before, after)
	}
	if status := download(t, lost.URL); status != http.StatusOK {
		t.Errorf("the lost demo photo %s downloads with %d after the second seed", lost.Name, status)
	}
	if _, err := photos.Head(ctx, acts.CheckedKey(inReview.ID, own)); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("the centre's own lost file was redrawn: %v", err)
	}
}

// attachByHand attaches a PNG of kind «other» to act id as a user of
// centre, through the upload form and the photo check, and returns its id.
func attachByHand(t *testing.T, env *fn.Env, centre, id string) string {
	t.Helper()
	ctx := context.Background()
	svc, _, err := actsfn.Checking(env, imagecheck.Sound)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	if err := png.Encode(&body, image.NewGray(image.Rect(0, 0, 16, 16))); err != nil {
		t.Fatal(err)
	}
	caller := auth.Caller{UserID: "demo-acts-test", Role: auth.RoleServiceCenter, Tenant: centre}
	f, form, err := svc.StartUpload(ctx, caller, id, acts.UploadRequest{Kind: acts.FileOther, ContentType: acts.TypePNG,
		Size: int64(body.Len()), Name: "с телефона.png"})
	if err != nil {
		t.Fatal(err)
	}
	if err := postUpload(ctx, form, f.Name, body.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := svc.CheckUpload(ctx, acts.FileKey(id, f.ID)); err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// download fetches a link and tells its status; a JPEG answer must decode.
func download(t *testing.T, link string) int {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if _, format, err := image.DecodeConfig(resp.Body); err != nil || format != "jpeg" {
			t.Errorf("%s is no JPEG: %q %v", link, format, err)
		}
	}
	return resp.StatusCode
}

// demoSession is a demo account signed in through the login route.
type demoSession struct{ base, token string }

func demoSessionOf(t *testing.T, base, login string) demoSession {
	t.Helper()
	a := call(t, "POST", base+"/api/auth/login", `{"login":"`+login+`","password":"`+DemoPassword+`"}`)
	token, _ := a.body["token"].(string)
	if a.status != http.StatusOK || token == "" {
		t.Fatalf("sign in as %s: %d %s", login, a.status, a.rawBody)
	}
	return demoSession{base: base, token: token}
}

// decode reads path as the session into v, failing unless it answers 200.
func (s demoSession) decode(t *testing.T, path string, v any) {
	t.Helper()
	a := call(t, "GET", s.base+path, "", "Authorization", "Bearer "+s.token)
	if a.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, a.status, a.rawBody)
	}
	if err := json.Unmarshal([]byte(a.rawBody), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func (s demoSession) get(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	s.decode(t, path, &m)
	return m
}

// list reads every page of an act list.
func (s demoSession) list(t *testing.T, path string) []acts.Listed {
	t.Helper()
	var all []acts.Listed
	for cursor := ""; ; {
		var page struct {
			Items []acts.Listed
			Next  string
		}
		p := path
		if cursor != "" {
			p += sep(p) + "cursor=" + url.QueryEscape(cursor)
		}
		s.decode(t, p, &page)
		all = append(all, page.Items...)
		if page.Next == "" {
			return all
		}
		cursor = page.Next
	}
}

func (s demoSession) files(t *testing.T, actID string) []acts.FileLink {
	t.Helper()
	var list struct{ Items []acts.FileLink }
	s.decode(t, "/api/acts/"+actID+"/files", &list)
	return list.Items
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

func articleOf(a acts.Act) string { return deref(a.Article) }
