package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun/e2e"
	"aftersales/infra/samtemplate"
	"aftersales/shared/fn/importloadfn"
	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"

	"aftersales/shared/sheets/ziptest"
)

func TestAFileUploadedThroughTheAPIIsLoadedListedExportedAndMailed(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	up := d.uploader.startUpload(t, "outlets-first-load", "Outlets_ноябрь.xlsx")
	if up.MaxBytes != 20<<20 || up.Key != "outlets-first-load/"+d.id+"/"+up.UploadID+"/Outlets_ноябрь.xlsx" ||
		up.Upload.Fields["x-amz-meta-uploader"] != d.uploader.ID {
		t.Fatalf("upload %+v", up)
	}
	// moto does not enforce the policy (S3 does), so read what it allows.
	policy, _ := base64.StdEncoding.DecodeString(up.Upload.Fields["policy"])
	for _, want := range []string{`["content-length-range",1,20971520]`, `{"key":"` + up.Key + `"}`,
		`{"x-amz-meta-uploader":"` + d.uploader.ID + `"}`, `{"Content-Type":"` + imports.XLSXType + `"}`} {
		if !strings.Contains(string(policy), want) {
			t.Errorf("the policy lacks %s: %s", want, policy)
		}
	}
	file := outlets(t, d.outlet(1, "Ромашка", "Москва", "ТТ"), d.outlet(2, "Склад", "Казань", "РЦ"))
	if status := up.post(t, "Outlets_ноябрь.xlsx", file); status/100 != 2 {
		t.Fatalf("post the file: %d", status)
	}

	p := d.uploader.loaded(t, up)
	if p.Status != "succeeded" || p.Counts.Created != 2 || p.UploadedBy != d.uploader.ID || p.FileType != "книга Excel (.xlsx)" {
		t.Fatalf("protocol %+v", p)
	}
	var dir struct {
		Items []struct {
			Code, Subtype, Status string
			LoadSeq               int
		}
	}
	d.uploader.call(t, "GET", "/api/outlets?code="+d.prefix, nil).decode(t, &dir)
	if len(dir.Items) != 2 || dir.Items[1].Subtype != "rdc" || dir.Items[0].LoadSeq != p.Seq {
		t.Errorf("directory %+v", dir)
	}
	x := d.uploader.call(t, "GET", "/api/outlets/export", nil)
	rows := sheetstest.Rows(t, x.raw)
	if x.status != 200 || len(rows) != 3 || rows[0][0] != "Код ГО" || rows[2][9] != "РЦ" || rows[0][16] != "№ загрузки" {
		t.Fatalf("export %d %q", x.status, rows)
	}
	// Cell by cell as excelize reads it: texts, coordinates as numbers,
	// when it changed as a date, the load's number as a number.
	book := sheetstest.Open(t, x.raw)
	for col, v := range []any{d.code(1), "Ромашка", "ООО «Ромашка»", "7707083893", "ул. Ленина, 1", "Москва", nil, 55.75, 37.61} {
		book.Want(t, col, 2, v)
	}
	book.Want(t, 16, 2, p.Seq)
	if c := book.Cell(t, 15, 2); !strings.HasPrefix(c.Format, "dd.mm.yyyy") {
		t.Errorf("«Изменено» is %+v, want a date cell", c)
	}
	mails := mailsTo(t, d.uploader.Email, 1)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Загружено") || !strings.Contains(mails[0].Text, "Создано: 2") ||
		len(mails[0].Attachments) != 0 {
		t.Errorf("mails %+v", mails)
	}
	if got := mailsTo(t, d.colleague.Email, 0); len(got) != 0 {
		t.Errorf("the colleague heard of an upload that was not theirs: %+v", got)
	}
}

func TestAFailingFileIsMailedToTheKeyUsersWithItsErrorReport(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	bad := d.outlet(2, "=HYPERLINK(\"http://evil\")", "Москва", "ТТ")
	bad[3] = "1234567890"
	o := put(t, "outlets-first-load/"+d.id+"/drop1/Outlets.xlsx",
		outlets(t, d.outlet(1, "Ромашка", "Москва", "ТТ"), bad, d.outlet(3, "Лютик", "Москва", "Космос")), nil)
	p := waitFinal(t, o)
	if p.Status != imports.LoadFailedValidation || p.Counts.WithErrors != 2 || p.ReportKey == "" {
		t.Fatalf("protocol %s %+v %q", p.Status, p.Counts, p.Reason)
	}
	if page, _ := h.store.ListOutlets(context.Background(), imports.OutletQuery{Distributor: d.id}); len(page.Items) != 0 {
		t.Errorf("a failed file wrote %d outlets", len(page.Items))
	}
	for _, u := range []*user{d.uploader, d.colleague} {
		mails := mailsTo(t, u.Email, 1)
		if len(mails) != 1 || len(mails[0].Attachments) != 1 {
			t.Fatalf("%s got %+v", u.Email, mails)
		}
		att := mails[0].Attachments[0]
		if att.Name != p.ReportName() || att.ContentType != imports.XLSXType {
			t.Errorf("attachment %q %q", att.Name, att.ContentType)
		}
		rows := sheetstest.Rows(t, att.Data)
		if len(rows) != 3 || rows[1][0] != "3" || rows[1][2] != `'=HYPERLINK("http://evil")` ||
			!strings.Contains(rows[1][16], "контрольная сумма ИНН") || !strings.Contains(rows[2][16], "неизвестный подтип") {
			t.Errorf("report %q", rows)
		}
		report := sheetstest.Open(t, att.Data)
		report.Want(t, 0, 2, 3) // the file's row number, a number
		report.Want(t, 2, 2, `=HYPERLINK("http://evil")`)
		if !strings.Contains(mails[0].Text, "Строк с ошибками: 2") || !strings.Contains(mails[0].Text, "строка 3") {
			t.Errorf("text %s", mails[0].Text)
		}
	}
	var link struct{ URL, FileName string }
	d.colleague.call(t, "GET", "/api/imports/protocols/"+p.ID+"/report", nil).decode(t, &link)
	if status, body := e2e.Download(t, link.URL); status != 200 || len(sheetstest.Rows(t, body)) != 3 {
		t.Errorf("report download %d", status)
	}
	other := newDistributor(t)
	if a := other.uploader.call(t, "GET", "/api/imports/protocols/"+p.ID+"/report", nil); a.status != 404 {
		t.Errorf("another distributor's key user got %d", a.status)
	}
}

func TestTheSameEventDeliveredThreeTimesTwiceConcurrentlyMakesOneProtocolAndOneMail(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	file := outlets(t, d.outlet(1, "Ромашка", "Москва", "ТТ"), d.outlet(2, "Лютик", "Казань", "ТТ"))
	// A space and Cyrillic in the name: the event carries the key URL-encoded.
	o := put(t, "outlets-first-load/"+d.id+"/dup/Outlets март 2026.xlsx", file, map[string]string{"uploader": d.uploader.ID})
	ev := event(o, len(file))
	deliverConcurrently(t, ev, 2) // moto's own notification races them too
	if err := h.Srv.DeliverS3(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	p := waitFinal(t, o)
	page, err := h.store.ListProtocols(context.Background(), imports.ProtocolQuery{Distributor: d.id})
	if err != nil || len(page.Items) != 1 || p.Status != imports.LoadSucceeded || p.Seq != 1 {
		t.Fatalf("protocols %+v, %v", page.Items, err)
	}
	if mails := mailsTo(t, d.uploader.Email, 1); len(mails) != 1 {
		t.Errorf("%d e-mails", len(mails))
	}
	// The same name uploaded again is a new object version: a new load.
	again := put(t, o.Key, file, map[string]string{"uploader": d.uploader.ID})
	if p2 := waitFinal(t, again); p2.ID == p.ID || p2.Seq != 2 || p2.Status != imports.LoadFailedValidation {
		t.Errorf("the second upload: %s seq %d %s", p2.ID, p2.Seq, p2.Status)
	}
}

func TestACheckOnlyRunSaysWhatALoadWouldDoAndWritesNothing(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	waitFinal(t, put(t, "outlets-first-load/"+d.id+"/u1/Outlets.xlsx", outlets(t, d.outlet(1, "Ромашка", "Москва", "ТТ")), meta))
	p := waitFinal(t, put(t, "outlets-update-check/"+d.id+"/u2/Outlets.xlsx",
		outlets(t, d.outlet(1, "Ромашка-2", "Москва", "ТТ")), meta))
	if p.Status != imports.LoadSucceeded || !p.CheckOnly || p.Counts.Updated != 1 {
		t.Fatalf("check: %s %+v", p.Status, p.Counts)
	}
	page, _ := h.store.ListOutlets(context.Background(), imports.OutletQuery{Distributor: d.id})
	if len(page.Items) != 1 || page.Items[0].Name != "Ромашка" {
		t.Errorf("a check-only run wrote: %+v", page.Items)
	}
	mails := mailsTo(t, d.uploader.Email, 2)
	if len(mails) != 2 || !strings.Contains(mails[1].Subject, "Проверка пройдена") || !strings.Contains(mails[1].Text, "Будет изменено: 1") {
		t.Errorf("mails %+v", mails)
	}
}

func TestRoutesAreLoadedReplacedAndExported(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	waitFinal(t, put(t, "outlets-first-load/"+d.id+"/u1/Outlets.xlsx", outlets(t,
		d.outlet(1, "a", "Москва", "ТТ"), d.outlet(2, "b", "Москва", "ТТ"), d.outlet(3, "c", "Москва", "ТТ")), meta))
	routes := func(rows ...[]any) []byte {
		return sheetstest.Workbook(t, append([][]any{sheetstest.Header(imports.RouteTemplate())}, rows...)...)
	}
	row := func(route string, n int, days string) []any {
		return []any{d.prefix + route, "T1", "Иванов", d.code(n), days, "еженедельно", "", ""}
	}
	p := waitFinal(t, put(t, "routes/"+d.id+"/u2/Routes.xlsx", routes(row("R1", 1, "Пн,Ср"), row("R1", 2, "Пт"), row("R2", 3, "1,3,5")), meta))
	if p.Status != imports.LoadSucceeded || p.Counts.Created != 3 {
		t.Fatalf("first: %s %+v %v", p.Status, p.Counts, p.FirstErrors)
	}
	p = waitFinal(t, put(t, "routes/"+d.id+"/u3/Routes.xlsx", routes(row("R1", 1, "пн ср"), row("R1", 3, "Пт")), meta))
	if p.Counts != (imports.Counts{Total: 2, Created: 1, Unchanged: 1, Removed: 1}) {
		t.Fatalf("second: %s %+v", p.Status, p.Counts)
	}
	var list struct {
		Items []struct {
			Code  string
			Stops []struct{ OutletCode, VisitDays string }
		}
	}
	d.uploader.call(t, "GET", "/api/routes?outlet="+d.code(3), nil).decode(t, &list)
	if len(list.Items) != 2 || list.Items[0].Code != d.prefix+"R1" || list.Items[0].Stops[0].VisitDays != "Пн,Ср" {
		t.Errorf("routes %+v", list)
	}
	x := d.uploader.call(t, "GET", "/api/routes/export", nil)
	if rows := sheetstest.Rows(t, x.raw); len(rows) != 4 || rows[0][0] != "Код маршрута" || rows[1][4] != "Пн,Ср" {
		t.Errorf("export %q", rows)
	}
	routesBook := sheetstest.Open(t, x.raw)
	for col, v := range []any{d.prefix + "R1", "T1", "Иванов", d.code(1), "Пн,Ср", "еженедельно", nil, nil} {
		routesBook.Want(t, col, 2, v)
	}
	if c := routesBook.Cell(t, 8, 2); !strings.HasPrefix(c.Format, "dd.mm.yyyy") {
		t.Errorf("«Изменено» is %+v, want a date cell", c)
	}
}

// zipBomb is an .xlsx whose sheet unpacks to 450 MB, past the 400 MB limit,
// from about a megabyte and a half.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	return ziptest.Bomb(t, outlets(t), "xl/worksheets/sheet1.xml", 450<<20)
}

func TestHostileFilesGetAProtocolWithAReasonAndAMail(t *testing.T) {
	needStack(t)
	t.Parallel()
	big := make([]byte, 21<<20)
	_, _ = rand.Read(big)
	xls, err := os.ReadFile("testdata/outlets_template.xls")
	if err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	tests := []struct {
		name, file string
		data       func(t *testing.T, d *distributor) []byte
		status     imports.LoadStatus
		reason     string
	}{
		{"a file over 20 MB", "Outlets.xlsx", func(*testing.T, *distributor) []byte { return big }, imports.LoadRejected,
			"Файл больше 20 МБ (21,0 МБ)"},
		{"a zip bomb", "Outlets.xlsx", func(t *testing.T, _ *distributor) []byte { return zipBomb(t) }, imports.LoadRejected,
			"распаковывается больше чем в 400 МБ"},
		{"a picture renamed .xlsx", "Outlets.xlsx", func(*testing.T, *distributor) []byte { return png }, imports.LoadRejected,
			"Это изображение PNG, а не таблица"},
		{"an empty file", "Outlets.xlsx", func(*testing.T, *distributor) []byte { return nil }, imports.LoadRejected, "Файл пустой"},
		{"a damaged workbook", "Outlets.xlsx", func(t *testing.T, d *distributor) []byte {
			whole := outlets(t, d.outlet(1, "a", "b", "ТТ"))
			return whole[:len(whole)/2]
		}, imports.LoadRejected, "Файл повреждён и не читается"},
		{"headers only", "Outlets.xlsx", func(t *testing.T, _ *distributor) []byte { return outlets(t) }, imports.LoadRejected,
			"только строка заголовка"},
		{"another sheet layout", "Outlets.xlsx", func(t *testing.T, _ *distributor) []byte {
			return sheetstest.Workbook(t, []any{"Артикул", "Цена"}, []any{"X-1", 100})
		}, imports.LoadRejected, "нет обязательных столбцов: «Код ГО» (Code)"},
		{"a name the procedure does not take", "Точки.xlsx", func(t *testing.T, d *distributor) []byte {
			return outlets(t, d.outlet(1, "a", "b", "ТТ"))
		}, imports.LoadRejected, "нужен файл Outlets*.xlsx или Outlets*.xls"},
		{"an .xls renamed .xlsx is read for what it is", "Outlets.xlsx", func(*testing.T, *distributor) []byte { return xls },
			imports.LoadSucceeded, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := newDistributor(t)
			// A dry first load: the .xls fixture's codes are fixed, and nothing
			// else needs outlets to exist.
			p := waitFinal(t, put(t, "outlets-first-load-check/"+d.id+"/h/"+tt.file, tt.data(t, d), map[string]string{"uploader": d.uploader.ID}))
			if p.Status != tt.status || !strings.Contains(p.Reason, tt.reason) {
				t.Fatalf("got %s %q, want %s with %q", p.Status, p.Reason, tt.status, tt.reason)
			}
			mails := mailsTo(t, d.uploader.Email, 1)
			if len(mails) != 1 {
				t.Fatalf("%d e-mails", len(mails))
			}
			if tt.reason != "" && !strings.Contains(mails[0].Text, tt.reason) {
				t.Errorf("the e-mail does not say why:\n%s", mails[0].Text)
			}
			if tt.status == imports.LoadSucceeded && (p.FileType != "книга Excel 97–2003 (.xls)" || p.Counts.Created != 2 ||
				!strings.Contains(strings.Join(p.Warnings, " "), "файл .xls переименован в .xlsx") ||
				!strings.Contains(mails[0].Text, "файл .xls переименован в .xlsx")) {
				t.Errorf("type %q, counts %+v, warnings %q", p.FileType, p.Counts, p.Warnings)
			}
		})
	}
}

// TestAFileWithTooManyRowsIsRejected runs the real handler built with the
// row limit lowered through configuration, as IMPORT_MAX_ROWS would, on a
// bucket of its own: moto notifies nobody of it, so the runner's loader,
// with the real limit, never races this one.
func TestAFileWithTooManyRowsIsRejected(t *testing.T) {
	needStack(t)
	t.Parallel()
	ctx := context.Background()
	setup := *h.Srv.Env()
	setup.Config.ImportMaxRows = 3
	setup.Config.ImportsBucket = h.bucket + "-limits"
	if err := localaws.CreateBucket(ctx, h.s3, samtemplate.Bucket{Versioned: true}, setup.Config.ImportsBucket); err != nil {
		t.Fatal(err)
	}
	handler, err := importloadfn.New(&setup)
	if err != nil {
		t.Fatal(err)
	}
	d := newDistributor(t)
	var rows [][]any
	for n := range 4 {
		rows = append(rows, d.outlet(n, "a", "b", "ТТ"))
	}
	o := putIn(t, setup.Config.ImportsBucket, "outlets-first-load/"+d.id+"/rows/Outlets.xlsx", outlets(t, rows...),
		map[string]string{"uploader": d.uploader.ID})
	var ev events.S3Event
	if err := json.Unmarshal([]byte(event(o, 0)), &ev); err != nil {
		t.Fatal(err)
	}
	if err := handler(ctx, ev); err != nil {
		t.Fatal(err)
	}
	p := waitFinal(t, o)
	if p.Status != imports.LoadRejected || !strings.Contains(p.Reason, "больше 3 строк данных") {
		t.Fatalf("got %s %q", p.Status, p.Reason)
	}
	if mails := mailsTo(t, d.uploader.Email, 1); len(mails) != 1 || !strings.Contains(mails[0].Text, "больше 3 строк данных") {
		t.Errorf("mails %+v", mails)
	}
}
