package imports

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/sheets/sheetstest"
)

// exportFiles is memFiles with the request reader.
type exportFiles struct{ *memFiles }

func (f exportFiles) ExportRequest(ctx context.Context, o Object) ([]byte, error) {
	_, body, err := f.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(body)
}

// A request is served only for a user who may read the distributor's
// directory and has an e-mail: the key user of that distributor, or an
// admin. A request naming another distributor (a forged object), a
// disabled user or an unknown one is dropped: nothing written, nothing sent.
func TestABackgroundExportReachesOnlyAUserWhoMayReadTheDirectory(t *testing.T) {
	ctx := context.Background()
	users := []auth.User{
		{ID: "k1", Role: auth.RoleKeyUser, Tenant: "D1", Email: "k1@example.com"},
		{ID: "k2", Role: auth.RoleKeyUser, Tenant: "D2", Email: "k2@example.com"},
		{ID: "off", Role: auth.RoleKeyUser, Tenant: "D1", Email: "off@example.com", Disabled: true},
		{ID: "a1", Role: auth.RoleAdmin, Email: "a1@example.com"},
		{ID: "m1", Role: auth.RoleManager, Email: "m1@example.com"},
	}
	outlets := []StoredOutlet{
		{Outlet: Outlet{Code: "C1", Name: "Бета", City: "Москва"}, Distributor: "D1"},
		{Outlet: Outlet{Code: "C2", Name: "Альфа", City: "Казань"}, Distributor: "D1"},
	}
	for _, c := range []struct {
		user string
		ok   bool
	}{{"k1", true}, {"a1", true}, {"k2", false}, {"off", false}, {"m1", false}, {"gone", false}} {
		files := exportFiles{&memFiles{objects: map[string]memObject{}, reports: map[string][]byte{}}}
		mail := &memMail{sent: map[string]Mail{}}
		x := &Exporter{Directory: &readers{outlets: outlets}, Files: files, People: people{users: users}, Mail: mail,
			Location: time.UTC, Clock: func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }, WebBaseURL: "https://web.example/"}
		req := ExportRequest{ID: "X1", UserID: c.user, Query: OutletQuery{Distributor: "D1", Sort: OutletSort{Column: "name"}},
			Columns: []OutletColumn{"name", "code"}, RequestedAt: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
		body, _ := json.Marshal(req)
		obj := Object{Bucket: "imports", Key: ExportRequestKey("D1", "X1"), VersionID: "v1"}
		files.objects[obj.Key+"@v1"] = memObject{data: body}

		res, err := x.Run(ctx, obj)
		if !c.ok {
			if !errors.Is(err, ErrDropped) || len(files.reports) != 0 || mail.calls != 0 {
				t.Errorf("%s: %v, %d files, %d mails; want dropped, nothing written or sent", c.user, err, len(files.reports), mail.calls)
			}
			continue
		}
		m, sent := mail.sent["outlet-export/X1"]
		if err != nil || !sent || m.To[0] != users[0].Email && m.To[0] != "a1@example.com" || res.Rows != 2 {
			t.Fatalf("%s: %+v, %v, mail %+v", c.user, res, err, m)
		}
		if res.Key != "exports/D1/X1.xlsx" || !strings.Contains(m.Text, "«torgovye-tochki-2026-12-03.xlsx»: https://web.example/exports/X1?distributor=D1\n") ||
			!strings.Contains(m.Text, "действует 7 дней, до 10.12.2026 10:00") {
			t.Errorf("%s: mail text\n%s", c.user, m.Text)
		}
		rows := sheetstest.Rows(t, files.reports[res.Key])
		if len(rows) != 3 || rows[0][0] != "Название" || rows[1][0] != "Альфа" || rows[2][1] != "C1" {
			t.Errorf("%s: the file %q", c.user, rows)
		}
	}
	x := &Exporter{Files: exportFiles{&memFiles{objects: map[string]memObject{}}}}
	if _, err := x.Run(ctx, Object{Key: "exports/D1/none.json"}); !errors.Is(err, ErrDropped) {
		t.Errorf("a request that is gone: %v, want dropped", err)
	}
}

// The page an export's e-mail links to gets a fresh 5-minute link to the
// file for a caller who may read the distributor's directory: the key user
// of that distributor, or an admin naming it. Another distributor's export
// is 404 (as every directory route answers), a missing one 404, one stored
// 7 days ago or earlier 410 with a message that says until when it worked.
func TestAnExportLinkIsSignedAfreshOnlyForTheDistributorWithinSevenDays(t *testing.T) {
	ctx := context.Background()
	msk := time.FixedZone("MSK", 3*3600)
	stored := time.Date(2026, 12, 3, 22, 30, 0, 0, time.UTC) // 4 December in Moscow
	now := stored.Add(ExportLinkTTL - time.Second)
	files := &signer{stored: map[string]time.Time{ExportFileKey("D1", "X1"): stored, ExportFileKey("D2", "X2"): stored}}
	svc, err := NewService(ServiceConfig{Protocols: &readers{}, Directory: &readers{}, Files: files, Views: &memViews{},
		Clock: func() time.Time { return now }, Location: msk})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name            string
		caller          auth.Caller
		distributor, id string
		want            apperr.Code
	}{
		{"own, distributor implied", keyUser, "", "X1", ""},
		{"own, distributor named", keyUser, "D1", "X1", ""},
		{"an admin naming it", admin, "D1", "X1", ""},
		{"another distributor's", keyUser, "D2", "X2", apperr.NotFound},
		{"another distributor's id under the own", keyUser, "", "X2", apperr.NotFound},
		{"a manager", manager, "D1", "X1", apperr.Forbidden},
		{"an admin naming none", admin, "", "X1", apperr.Invalid},
		{"not stored (yet)", keyUser, "", "X9", apperr.NotFound},
		{"a hand-edited id", keyUser, "", "../X1", apperr.NotFound},
	} {
		link, err := svc.ExportLink(ctx, c.caller, c.distributor, c.id)
		if code(err) != c.want && !(c.want == "" && err == nil) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
			continue
		}
		if c.want == "" && (link.URL != "https://s3/reports/exports/D1/X1.xlsx?name=torgovye-tochki-2026-12-04.xlsx" ||
			link.Name != "torgovye-tochki-2026-12-04.xlsx" || !link.ExpiresAt.Equal(now.Add(ReportTTL))) {
			t.Errorf("%s: %+v", c.name, link)
		}
	}
	now = stored.Add(ExportLinkTTL)
	_, err = svc.ExportLink(ctx, keyUser, "", "X1")
	if e := apperr.As(err); e.Code != apperr.Gone || apperr.Status(e.Code) != 410 ||
		!strings.Contains(e.Message, "действовала 7 дней, до 11.12.2026 01:30") {
		t.Errorf("7 days after: %v (%q)", err, e.Message)
	}
}
