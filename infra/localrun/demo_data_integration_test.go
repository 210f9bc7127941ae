package localrun

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/localaws"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/eligibility"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/fn/importsapifn"
	"aftersales/shared/identity"
	"aftersales/shared/imports"
)

// TestTheDemoJudgesItsActsAndGivesVostokItsDirectoryOnce seeds the demo
// twice and walks what the warranty policies, the serial registry and
// «Восток»'s loads give its users: the acts' verdicts, judged by the demo's
// book and registry when they were filed — ЭГК-1500 and БП-4518 in warranty, СЦ
// «Юг»'s pre-sale МБ-7 not, as too old, БГ-3000 to be checked, its serial
// unknown; «Восток»'s key user's 31 outlets and 4 routes with one e-mail per
// load; another distributor's key user none of them. Neither the second
// seed, nor moto's own event for a seeded file, nor the files lost as moto
// forgets them on a restart load anything again, send another e-mail or
// touch the policy book.
func TestTheDemoJudgesItsActsAndGivesVostokItsDirectoryOnce(t *testing.T) {
	srv, web := integration(t)
	ctx := context.Background()
	if _, err := srv.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	env := srv.Env()
	moto := localaws.DefaultEndpoints().Moto
	// The mails of each demo load, by its file name (other tests' runners
	// share moto, so the count before the second seed is the baseline).
	loadMails := func(to, file string) []localaws.Mail {
		t.Helper()
		all, err := localaws.Mails(ctx, moto)
		if err != nil {
			t.Fatal(err)
		}
		return slices.DeleteFunc(all, func(m localaws.Mail) bool {
			return !slices.Contains(m.To, to) || !strings.Contains(m.Subject, file)
		})
	}
	keyMail, managerMail := "key-east@demo.example", "manager@demo.example"
	firstMails := map[string]int{}
	for file, want := range map[string]struct{ to, created string }{
		demoOutletsFile: {keyMail, "Создано: 31"}, demoRoutesFile: {keyMail, "Создано: 19"}, demoSerialsFile: {managerMail, "Создано: 9"},
	} {
		got := loadMails(want.to, file)
		if len(got) == 0 || !strings.Contains(got[0].Subject, "Загружено") || !strings.Contains(got[0].Text, want.created) {
			t.Errorf("the e-mail of %s to %s: %+v, want «Загружено», «%s»", file, want.to, got, want.created)
		}
		firstMails[file] = len(got)
	}

	id, err := identityfn.Services(env)
	if err != nil {
		t.Fatal(err)
	}
	keyUser, err := demoCaller(ctx, id.Directory, "key-east")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := importsapifn.Service(env)
	if err != nil {
		t.Fatal(err)
	}
	// The book is the table's one: other tests of this runner replace it,
	// and the seed must leave a book once saved alone.
	manager := demoSessionOf(t, web.URL, "manager")
	book := policyBook(t, manager)
	page, err := svc.Protocols(ctx, keyUser, imports.ProtocolQuery{Limit: 100})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("«Восток»'s loads: %+v, %v; want the outlets' and the routes'", page.Items, err)
	}
	// moto's own notification of a seeded file arrives after the seed, its
	// version named; then a restart finds the files gone from moto.
	bucket := blobstore.NewClient(env.AWS, env.Config.S3PathStyle)
	for _, p := range page.Items {
		ev, _ := json.Marshal(events.S3Event{Records: []events.S3EventRecord{{S3: events.S3Entity{
			Bucket: events.S3Bucket{Name: p.Object.Bucket},
			Object: events.S3Object{Key: url.QueryEscape(p.Object.Key), VersionID: p.Object.VersionID}}}}})
		if err := srv.DeliverS3(ctx, string(ev)); err != nil {
			t.Fatal(err)
		}
		if err := blobstore.New(bucket, p.Object.Bucket).Delete(ctx, p.Object.Key); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.SeedDemo(ctx); err != nil {
		t.Fatalf("the second seed, the demo files gone: %v", err)
	}
	if again, err := svc.Protocols(ctx, keyUser, imports.ProtocolQuery{Limit: 100}); err != nil || len(again.Items) != 2 {
		t.Errorf("«Восток»'s loads after the second seed: %+v, %v", again.Items, err)
	}
	for file, n := range firstMails {
		to := keyMail
		if file == demoSerialsFile {
			to = managerMail
		}
		if got := loadMails(to, file); len(got) != n {
			t.Errorf("%s was mailed %d times, then %d after the second seed", file, n, len(got))
		}
	}

	if after := policyBook(t, manager); after.Version != book.Version || len(after.Categories) != len(book.Categories) {
		t.Errorf("the second seed changed the policy book from version %d (%d categories) to %d (%d)",
			book.Version, len(book.Categories), after.Version, len(after.Categories))
	}
	verdicts := map[string]*eligibility.Result{}
	for _, login := range []string{"sc-north", "sc-south"} {
		centre, err := demoCaller(ctx, id.Directory, login)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range manager.list(t, "/api/acts?serviceCenter="+centre.Tenant) {
			verdicts[articleOf(a.Act)] = a.Eligibility
		}
	}
	for article, want := range map[string]struct {
		verdict eligibility.Verdict
		code    string
		says    string
	}{
		"ЭГК-1500 Энергопром": {eligibility.Eligible, "", ""},
		"БП-4518 Энергопром":  {eligibility.Eligible, "", ""},
		"МБ-7 Энергопром":     {eligibility.NotEligible, eligibility.PreSaleTooOld.Code, "Предторговое изделие старше допустимого"},
		"БГ-3000 Энергопром":  {eligibility.Doubtful, eligibility.SerialUnknown.Code, "не найден в реестре"},
	} {
		r := verdicts[article]
		switch {
		case r == nil:
			t.Errorf("%s has no verdict", article)
		case r.Verdict != want.verdict:
			t.Errorf("%s: %s %+v, want %s", article, r.Verdict, r.Reasons, want.verdict)
		case want.code == "" && len(r.Reasons) != 0:
			t.Errorf("%s is in warranty with reasons %+v", article, r.Reasons)
		case want.code != "" && (len(r.Reasons) != 1 || r.Reasons[0].Code != want.code || !strings.Contains(r.Reasons[0].Message, want.says)):
			t.Errorf("%s: reasons %+v, want one %s saying «%s»", article, r.Reasons, want.code, want.says)
		}
	}
	if r := verdicts["ТБ-43 Энергопром"]; r != nil {
		t.Errorf("the draft was judged before it was filed: %+v", r)
	}

	east := demoSessionOf(t, web.URL, "key-east")
	outlets, routes := directoryOf(t, east)
	if len(outlets) != len(demoOutlets) || len(routes) != len(demoRoutes) {
		t.Fatalf("«Восток» has %d outlets and %d routes, want %d and %d", len(outlets), len(routes), len(demoOutlets), len(demoRoutes))
	}
	status := map[string]string{}
	for _, o := range outlets {
		status[o.Code] = o.Status
	}
	if status["VOS-RC2"] != string(imports.StatusActive) || status["VOS-016"] != string(imports.StatusInactive) {
		t.Errorf("outlet statuses %v: want VOS-RC2 active, VOS-016 (Хозяюшка, closed) inactive", status)
	}
	stops := 0
	for _, r := range routes {
		stops += len(r.Stops)
	}
	if stops != 19 {
		t.Errorf("the routes have %d stops, want 19", stops)
	}

	// Another distributor's key user sees none of «Восток»'s directory.
	other, err := id.Directory.CreateTenant(ctx, demoActor, auth.KindDistributor, identity.NewTenant{Name: "Дистрибьютор «Запад» " + RandomSecret()[:6], City: "Омск"})
	if err != nil {
		t.Fatal(err)
	}
	login := "key-west-" + RandomSecret()[:6]
	if _, _, err := id.Directory.CreateUser(ctx, demoActor, identity.NewUser{Login: login, FullName: "Ключевой Западный", Role: auth.RoleKeyUser,
		Tenant: other.ID, Password: DemoPassword}); err != nil {
		t.Fatal(err)
	}
	west := demoSessionOf(t, web.URL, login)
	if o, r := directoryOf(t, west); len(o) != 0 || len(r) != 0 {
		t.Errorf("another distributor sees %d outlets and %d routes of «Восток»", len(o), len(r))
	}
	var theirs struct{ Items []json.RawMessage }
	west.decode(t, "/api/imports/protocols", &theirs)
	if len(theirs.Items) != 0 {
		t.Errorf("another distributor sees «Восток»'s loads: %s", theirs.Items)
	}
}

type demoPolicyBook struct {
	Version    int
	Categories []eligibility.CategoryPolicy
}

func policyBook(t *testing.T, manager demoSession) demoPolicyBook {
	t.Helper()
	var b demoPolicyBook
	manager.decode(t, "/api/policies", &b)
	return b
}

type demoOutletView struct{ Code, Status string }

type demoRouteView struct {
	Code  string
	Stops []struct{ OutletCode string }
}

// directoryOf is the outlets and routes a key user's session lists (the
// demo's fit one page each).
func directoryOf(t *testing.T, s demoSession) ([]demoOutletView, []demoRouteView) {
	t.Helper()
	var outlets struct {
		Items []demoOutletView
		Next  string
	}
	s.decode(t, "/api/outlets?limit=100", &outlets)
	var routes struct {
		Items []demoRouteView
		Next  string
	}
	s.decode(t, "/api/routes?limit=100", &routes)
	if outlets.Next != "" || routes.Next != "" {
		t.Fatalf("the directory takes more than a page: %q %q", outlets.Next, routes.Next)
	}
	return outlets.Items, routes.Items
}
