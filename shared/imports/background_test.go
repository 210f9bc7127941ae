package imports

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/sheets/sheetstest"
)

// exportFiles is memFiles with the request reader and a link signer.
type exportFiles struct{ *memFiles }

func (f exportFiles) ExportRequest(ctx context.Context, o Object) ([]byte, error) {
	_, body, err := f.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(body)
}

func (f exportFiles) ReportURL(_ context.Context, key, name string, ttl time.Duration) (string, error) {
	return "https://s3/reports/" + key + "?ttl=" + ttl.String(), nil
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
			Location: time.UTC, Clock: func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }}
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
		if !strings.Contains(m.Text, "https://s3/reports/exports/D1/X1/torgovye-tochki-2026-12-03.xlsx?ttl=168h0m0s") ||
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
