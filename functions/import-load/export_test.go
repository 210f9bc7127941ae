package main

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun/e2e"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore/importfiles"
	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"
)

// linkRE finds the download link in an export's e-mail.
var linkRE = regexp.MustCompile(`https?://\S+`)

// A view exported in the background (DynamoDB Local, moto's S3 and SES,
// through the API and the S3 event): the workbook lands in the reports
// bucket, one e-mail reaches the user who asked with a link to the web
// client's page of the export that says it works 7 days; that page's call,
// GET /api/outlets/exports/{id}, signs a fresh download whose file holds
// exactly the view's columns and rows in its order. Another distributor's
// key user gets 404 for it, and 7 days after the file was stored the link
// is 410.
func TestABackgroundExportMailsALinkToExactlyTheViewsRows(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := viewDistributor(t)
	view := url.Values{"city": {"Москва"}, "sort": {"-name"}, "columns": {"name,code,city"}}
	a := d.uploader.call(t, "POST", "/api/outlets/export?"+view.Encode(), nil)
	var queued struct {
		ID       string
		LinkDays int
	}
	a.decode(t, &queued)
	if a.status != 202 || queued.ID == "" || queued.LinkDays != 7 {
		t.Fatalf("queue: %d %s", a.status, a.raw)
	}

	export := func(x localaws.Mail) bool {
		return strings.HasPrefix(x.Subject, "Выгрузка торговых точек") && (slices.Contains(x.To, d.uploader.Email) || slices.Contains(x.To, d.colleague.Email))
	}
	mails(t, 1, 30*time.Second, export)
	time.Sleep(time.Second) // a duplicate would show by now
	got := mails(t, 1, 0, export)
	if len(got) != 1 || !slices.Equal(got[0].To, []string{d.uploader.Email}) {
		t.Fatalf("export e-mails %+v, want 1 to the user who asked", got)
	}
	m := got[0]
	link := linkRE.FindString(m.Text)
	if !strings.Contains(m.Subject, "Выгрузка торговых точек") || !strings.Contains(m.Text, "действует 7 дней") || link == "" {
		t.Fatalf("e-mail %q:\n%s", m.Subject, m.Text)
	}

	keys := exportKeys(t, d.id)
	if len(keys) != 1 || keys[0] != "exports/"+d.id+"/"+queued.ID+".xlsx" {
		t.Errorf("objects in the reports bucket: %q", keys)
	}
	// The mail links to the web client, never to S3: the page resolves it.
	if page, err := url.Parse(link); err != nil || page.Scheme+"://"+page.Host != h.Srv.Env().Config.WebBaseURL ||
		page.Path != "/exports/"+queued.ID || page.RawQuery != "distributor="+d.id {
		t.Fatalf("mailed link %q, want the web client's /exports/%s?distributor=%s", link, queued.ID, d.id)
	}
	rows := sheetstest.Rows(t, followExportLink(t, d.uploader, link))
	want := [][]string{{"Название", "Код ГО", "Город"}, {"Груша", d.code(4), "Москва"}, {"Вишня", d.code(1), "Москва"}, {"Бузина", d.code(3), "Москва"}}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("the linked file %q\nwant %q", rows, want)
	}

	// A colleague at the distributor may open the link too; another
	// distributor's key user may not, whichever distributor the link names;
	// an export that is not stored (yet) is 404.
	if x := d.colleague.call(t, "GET", "/api/outlets/exports/"+queued.ID, nil); x.status != 200 {
		t.Errorf("a colleague's click: %d %s", x.status, x.raw)
	}
	other := newDistributor(t)
	for _, q := range []string{"", "?distributor=" + d.id} {
		if x := other.uploader.call(t, "GET", "/api/outlets/exports/"+queued.ID+q, nil); x.status != 404 {
			t.Errorf("another distributor's key user%s: %d %s", q, x.status, x.raw)
		}
	}
	if x := d.uploader.call(t, "GET", "/api/outlets/exports/01NOSUCHEXPORT", nil); x.status != 404 {
		t.Errorf("an export not stored: %d %s", x.status, x.raw)
	}
	// 7 days after the file was stored (by S3's clock) the same link is
	// 410, on the same adapter over moto, with a clock a week on.
	stored := time.Now()
	late, err := imports.NewService(imports.ServiceConfig{Protocols: h.store, Directory: h.store, Views: h.store,
		Files: importfiles.New(h.s3, h.bucket, h.Srv.Env().Config.ReportsBucket), Clock: func() time.Time { return stored.Add(imports.ExportLinkTTL + time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	caller := auth.Caller{UserID: d.uploader.ID, Role: auth.RoleKeyUser, Tenant: d.id}
	if _, err := late.ExportLink(context.Background(), caller, "", queued.ID); apperr.Status(apperr.CodeOf(err)) != 410 {
		t.Errorf("a week on: %v, want 410", err)
	}

	// Another distributor's directory is not the key user's to export.
	if x := d.uploader.call(t, "POST", "/api/outlets/export?distributor="+other.id, nil); x.status != 404 {
		t.Errorf("another distributor's export: %d %s", x.status, x.raw)
	}
	if x := d.uploader.call(t, "POST", "/api/outlets/export?columns=name,secret", nil); x.status != 400 {
		t.Errorf("an unknown column: %d %s", x.status, x.raw)
	}
}

// followExportLink does what the web page an export's e-mail links to does
// (/exports/<id>?distributor=<d>): it asks GET /api/outlets/exports/{id}
// as u for a fresh link and downloads the file from moto's S3 through it.
func followExportLink(tb testing.TB, u *user, link string) []byte {
	tb.Helper()
	page, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(page.Path, "/exports/") {
		tb.Fatalf("the e-mail's link %q is no export page", link)
	}
	var signed struct {
		URL, FileName string
		ExpiresAt     time.Time
	}
	a := u.call(tb, "GET", "/api/outlets"+page.Path+"?"+page.RawQuery, nil)
	a.decode(tb, &signed)
	if a.status != 200 || !strings.HasPrefix(signed.FileName, "torgovye-tochki-") || time.Until(signed.ExpiresAt) > imports.ReportTTL {
		tb.Fatalf("the page's link: %d %s", a.status, a.raw)
	}
	status, body := e2e.Download(tb, signed.URL)
	if status != 200 {
		tb.Fatalf("the signed link: %d", status)
	}
	return body
}

// exportKeys lists the background exports of a distributor in the reports
// bucket.
func exportKeys(t testing.TB, distributor string) []string {
	t.Helper()
	out, err := h.s3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(h.Srv.Env().Config.ReportsBucket),
		Prefix: aws.String("exports/" + distributor + "/")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}
