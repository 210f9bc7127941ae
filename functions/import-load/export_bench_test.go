package main

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws"
	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"
)

// exportRows is the key user: 60,000 outlets, six times the direct
// export's cap.
const exportRows = 60_000

// BenchmarkBackgroundExport60k loads 60,000 outlets into DynamoDB Local,
// asks the API for a background export of a view sorted by name
// descending (an order the direct export refuses beyond 10,000), delivers
// the request's S3 event to ImportLoadFunction and times it; then finds the
// e-mail, follows its link as the web page does (the API signs a download
// from moto's S3) and reads the workbook back with excelize. It reports,
// per export:
//
//	export-s      the export run: read every outlet, sort, write the .xlsx, store it, mail the link
//	peak-heap-MB  the Go heap's peak during the run (sampled)
//	peak-RSS-MB   the process's resident peak during the run (VmHWM, reset before)
//	file-MB       the workbook's size
//	mails         export e-mails to the user (want 1)
//	read-rows     data rows read back through the link (want 60,000, in the view's order)
//
// Run it with `make bench` or: go test -run '^$' -bench BackgroundExport60k -benchtime 1x ./functions/import-load
func BenchmarkBackgroundExport60k(b *testing.B) {
	ctx := context.Background()
	ownDeliveries(b, func(sums map[string]float64) {
		d := newDistributor(b)
		o, file := d.benchFirstLoad(b, exportRows, "Outlets_60k.xlsx")
		if err := h.Srv.DeliverS3(ctx, event(o, len(file))); err != nil {
			b.Fatal(err)
		}
		createdAll(b, o, exportRows)
		a := d.uploader.call(b, "POST", "/api/outlets/export?"+url.Values{"sort": {"-name"}, "columns": {"code,name,city,inn"}}.Encode(), nil)
		var queued struct{ ID string }
		a.decode(b, &queued)
		if a.status != 202 {
			b.Fatalf("queue: %d %s", a.status, a.raw)
		}
		req := imports.Object{Bucket: h.bucket, Key: imports.ExportRequestKey(d.id, queued.ID)}
		sums["export-s"] += timedDelivery(b, event(req, 0), sums).Seconds()
		got := mails(b, 1, 10*time.Second, func(m localaws.Mail) bool {
			return strings.HasPrefix(m.Subject, "Выгрузка торговых точек") && slices.Contains(m.To, d.uploader.Email)
		})
		sums["mails"] += float64(len(got))
		link := linkRE.FindString(got[0].Text)
		body := followExportLink(b, d.uploader, link)
		sums["file-MB"] += float64(len(body)) / (1 << 20)
		rows := sheetstest.Rows(b, body)
		sums["read-rows"] += float64(len(rows) - 1)
		checkExportOrder(b, rows)
		b.Logf("e-mail %q to %v, link %.80s…; %d rows read back, first %q, last %q",
			got[0].Subject, got[0].To, link, len(rows)-1, rows[1], rows[len(rows)-1])
	})
}

// checkExportOrder checks the read-back workbook against the view: its
// header, every outlet once, names descending.
func checkExportOrder(b *testing.B, rows [][]string) {
	b.Helper()
	if want := []string{"Код ГО", "Название", "Город", "ИНН"}; len(rows) != exportRows+1 || !slices.Equal(rows[0], want) {
		b.Fatalf("%d rows, header %q; want %d and %q", len(rows), rows[0], exportRows+1, want)
	}
	seen := make(map[string]bool, exportRows)
	for i, r := range rows[1:] {
		seen[r[0]] = true
		if i == 0 {
			continue
		}
		prev := rows[i]
		if strings.Compare(strings.ToLower(prev[1]), strings.ToLower(r[1])) < 0 {
			b.Fatalf("row %d %q after %q: not by name descending", i+1, r, prev)
		}
	}
	if len(seen) != exportRows {
		b.Fatalf("%d distinct outlets read back, want %d", len(seen), exportRows)
	}
}
