package imports

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/shared/sheets"
	"aftersales/shared/sheets/sheetstest"
)

func sheetLimits(t *testing.T) sheets.Limits { return sheets.Limits{TempDir: t.TempDir()} }

// outletsFile is an Outlets file of the template with the given rows.
func outletsFile(t *testing.T, rows ...[]any) []byte {
	return sheetstest.Workbook(t, append([][]any{sheetstest.Header(outletTemplate)}, rows...)...)
}

func TestAFirstLoadCreatesTheOutletsAndMailsTheUploader(t *testing.T) {
	w := newWorld(t)
	o := w.put("outlets-first-load/D1/up1/Outlets_март.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик", "Казань", "РЦ")), "u-ku")
	p := w.process(t, o)
	if p.Status != LoadSucceeded || p.Seq != 1 || p.Counts != (Counts{Total: 2, Created: 2}) {
		t.Fatalf("got %s seq %d counts %+v (%s)", p.Status, p.Seq, p.Counts, p.Reason)
	}
	got := w.directory.outlets["A-2"]
	if got.Distributor != "D1" || got.Subtype != SubtypeRDC || got.Changed != p.Stamp() {
		t.Errorf("stored %+v", got)
	}
	m := w.mail.only(t)
	if m.To[0] != "ku@d1.example" || m.Attachment != nil || !strings.Contains(m.Subject, "Загружено") ||
		!strings.Contains(m.Text, "Создано: 2") || !strings.Contains(m.Text, "Ключевой Пользователь") {
		t.Errorf("mail %+v", m)
	}
}

func TestAnUpdateCountsChangedAndUnchangedRowsAndWritesOnlyTheChanged(t *testing.T) {
	w := newWorld(t)
	w.process(t, w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик", "Казань", "ТТ")), "u-ku"))
	first := w.directory.outlets["A-1"].Changed
	puts := w.directory.puts
	p := w.process(t, w.put("outlets-update/D1/u2/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик и Ко", "Казань", "ТТ")), "u-ku"))
	if p.Status != LoadSucceeded || p.Counts != (Counts{Total: 2, Updated: 1, Unchanged: 1}) {
		t.Fatalf("got %s %+v (%s)", p.Status, p.Counts, p.Reason)
	}
	if w.directory.puts != puts+1 {
		t.Errorf("wrote %d outlets, want 1", w.directory.puts-puts)
	}
	if w.directory.outlets["A-1"].Changed != first || w.directory.outlets["A-2"].Changed.LoadSeq != 2 {
		t.Errorf("stamps: unchanged %+v, changed %+v", w.directory.outlets["A-1"].Changed, w.directory.outlets["A-2"].Changed)
	}
}

func TestAnUpdateLeavesTheColumnsTheFileDoesNotHave(t *testing.T) {
	w := newWorld(t)
	w.process(t, w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		[]any{"A-1", "Ромашка", "ООО Ромашка", "7707083893", "ул. Ленина, 1", "Москва", "", "55,75", "37,61", "ТТ", "Розница", "Неактивна", "", "", "L1"}), "u-ku"))
	p := w.process(t, w.put("outlets-update/D1/u2/Outlets.xlsx", "v1", sheetstest.Workbook(t,
		[]any{"Код ГО", "Название", "Адрес", "Город", "Подтип"},
		[]any{"A-1", "Ромашка-2", "ул. Ленина, 1", "Москва", "ТТ"}), "u-ku"))
	got := w.directory.outlets["A-1"]
	if p.Counts.Updated != 1 || got.Name != "Ромашка-2" || got.INN != "7707083893" || got.Channel != "Розница" ||
		got.Status != StatusInactive || !got.HasCoordinates || got.LocalCode != "L1" {
		t.Errorf("got %+v after %+v", got, p.Counts)
	}
}

func TestAFileWithRowErrorsWritesNothingAndMailsTheReport(t *testing.T) {
	w := newWorld(t)
	w.directory.outlets["TAKEN"] = StoredOutlet{Outlet: Outlet{Code: "TAKEN", Subtype: SubtypeOutlet, Status: StatusActive}, Distributor: "D2"}
	p := w.process(t, w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"),
		outletLine("B 2", "=HYPERLINK(\"x\")", "Москва", "ТТ"),
		outletLine("TAKEN", "Чужая", "Москва", "ТТ")), "u-ku"))
	if p.Status != LoadFailedValidation || p.Counts.WithErrors != 2 || p.Counts.Created != 0 || len(p.FirstErrors) != 2 {
		t.Fatalf("got %s %+v %+v", p.Status, p.Counts, p.FirstErrors)
	}
	if len(w.directory.outlets) != 1 {
		t.Errorf("wrote outlets of a failed file: %v", w.directory.outlets)
	}
	if p.FirstErrors[1].Reason != "код занят" {
		t.Errorf("another distributor's code: %+v", p.FirstErrors[1])
	}
	m := w.mail.only(t)
	if m.Attachment == nil || m.Attachment.Name != "Ошибки загрузки №1.xlsx" || !strings.Contains(m.Text, "Ни одна строка не записана") {
		t.Fatalf("mail %+v", m)
	}
	rows := sheetstest.Rows(t, m.Attachment.Data)
	if len(rows) != 3 || rows[0][0] != "Строка" || rows[0][len(rows[0])-1] != "Ошибки" {
		t.Fatalf("report rows %q", rows)
	}
	if rows[1][0] != "3" || rows[1][1] != "B 2" || rows[1][2] != "'=HYPERLINK(\"x\")" || !strings.Contains(rows[1][16], "«Код ГО» = «B 2»") {
		t.Errorf("report row %q", rows[1])
	}
	if rows[2][0] != "4" || !strings.Contains(rows[2][16], "код занят") {
		t.Errorf("report row %q", rows[2])
	}
	// Cell by cell: the row number a number, the file's cells as they were
	// (a formula neutralised, blanks left blank), the errors as text.
	reportRow := func(num int, line []any, errs string) []any {
		return append(append([]any{num}, line...), errs)
	}
	sheetstest.Check(t, m.Attachment.Data, "Ошибки", append(append([]string{"Строка"}, outletTemplate...), "Ошибки"), [][]any{
		reportRow(3, outletLine("B 2", "=HYPERLINK(\"x\")", "Москва", "ТТ"), rows[1][16]),
		reportRow(4, outletLine("TAKEN", "Чужая", "Москва", "ТТ"), rows[2][16]),
	})
}

func TestACheckOnlyRunCountsWhatALoadWouldDoAndWritesNothing(t *testing.T) {
	w := newWorld(t)
	w.process(t, w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku"))
	puts := w.directory.puts
	p := w.process(t, w.put("outlets-update-check/D1/u2/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка-2", "Москва", "ТТ"), outletLine("NEW", "Новая", "Москва", "ТТ")), "u-ku"))
	if p.Status != LoadFailedValidation || !p.CheckOnly || p.Counts.Updated != 1 || p.Counts.WithErrors != 1 {
		t.Fatalf("got %s %+v", p.Status, p.Counts)
	}
	if w.directory.puts != puts || w.directory.outlets["A-1"].Name != "Ромашка" {
		t.Error("a check-only run wrote")
	}
	m := w.mail.of(t, p)
	if !strings.Contains(m.Subject, "(проверка)") || !strings.Contains(m.Text, "Будет изменено: 1") {
		t.Errorf("mail %q\n%s", m.Subject, m.Text)
	}
}

func TestTheSameEventDeliveredAgainAndConcurrentlyMakesOneLoad(t *testing.T) {
	w := newWorld(t)
	w.directory.gate = make(chan struct{})
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик", "Казань", "ТТ")), "u-ku")
	var wg sync.WaitGroup
	results := make([]Protocol, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := w.loader.Process(context.Background(), o)
			if err != nil {
				t.Error(err)
			}
			results[i] = p
		}()
	}
	time.Sleep(50 * time.Millisecond) // all three are in: one holds the lease, two wait
	close(w.directory.gate)
	wg.Wait()
	again := w.process(t, o)
	if n := len(w.protocols.all()); n != 1 {
		t.Fatalf("%d protocols", n)
	}
	for _, p := range append(results, again) {
		if p.Status != LoadSucceeded || p.Seq != 1 {
			t.Errorf("a delivery saw %s seq %d", p.Status, p.Seq)
		}
	}
	if w.directory.puts != 2 || len(w.mail.sent) != 1 {
		t.Errorf("%d puts, %d distinct e-mails", w.directory.puts, len(w.mail.sent))
	}
}

func TestTheSameNameUploadedAgainIsANewLoad(t *testing.T) {
	w := newWorld(t)
	key := "outlets-first-load/D1/u1/Outlets.xlsx"
	w.process(t, w.put(key, "v1", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku"))
	p := w.process(t, w.put(key, "v2", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku"))
	if p.Seq != 2 || p.Status != LoadFailedValidation {
		t.Errorf("second version: seq %d %s", p.Seq, p.Status)
	}
}

func TestARetryTakesOverACrashedLoadAndCountsItsWritesOnce(t *testing.T) {
	w := newWorld(t)
	w.directory.failAfter = 1
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик", "Казань", "ТТ")), "u-ku")
	if _, err := w.loader.Process(context.Background(), o); !errors.Is(err, errDiskOnFire) {
		t.Fatalf("first attempt: %v", err)
	}
	if len(w.directory.outlets) != 1 || len(w.mail.sent) != 0 {
		t.Fatalf("after the crash: %d outlets, %d e-mails", len(w.directory.outlets), len(w.mail.sent))
	}
	w.directory.failAfter = 0
	p := w.process(t, o)
	if p.Status != LoadSucceeded || p.Attempts != 2 || p.Counts.Created != 2 || p.Seq != 1 {
		t.Fatalf("retry: %s attempt %d %+v seq %d (%s)", p.Status, p.Attempts, p.Counts, p.Seq, p.Reason)
	}
}

func TestALoadThatKeepsFailingIsRecordedAsFailedAndMailed(t *testing.T) {
	w := newWorld(t)
	w.directory.broken = true
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Ромашка", "Москва", "ТТ"), outletLine("A-2", "Лютик", "Казань", "ТТ")), "u-ku")
	for range 2 {
		if _, err := w.loader.Process(context.Background(), o); err == nil || errors.Is(err, ErrRecorded) {
			t.Fatalf("an early attempt: %v", err)
		}
	}
	p, err := w.loader.Process(context.Background(), o)
	if !errors.Is(err, ErrRecorded) || p.Status != LoadFailed || p.Attempts != 3 {
		t.Fatalf("last attempt: %v %s %d", err, p.Status, p.Attempts)
	}
	if m := w.mail.only(t); !strings.Contains(m.Subject, "Сбой загрузки") {
		t.Errorf("mail %q", m.Subject)
	}
}

func TestAnExpiredLeaseIsTakenOverAndALiveOneWaitedFor(t *testing.T) {
	w := newWorld(t)
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku")
	dead := Protocol{ID: o.ProtocolID(), Object: o, Status: LoadProcessing, Procedure: OutletsFirstLoad, Distributor: "D1",
		FileName: "Outlets.xlsx", CreatedAt: time.Now(), Attempts: 1, Lease: Lease{Owner: "crashed", Until: time.Now().Add(-time.Second)}}
	w.protocols.items[dead.ID] = dead
	p := w.process(t, o)
	if p.Status != LoadSucceeded || p.Attempts != 2 || p.Lease.Owner == "crashed" {
		t.Fatalf("takeover: %s attempt %d owner %s", p.Status, p.Attempts, p.Lease.Owner)
	}
}

func TestFilesThatCannotBeLoadedAreRejectedWithAReason(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	xls := func() []byte {
		b, err := readFixture("../sheets/testdata/outlets.xls")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name, key string
		data      []byte
		want      string
	}{
		{"a name the procedure does not take", "routes/D1/u/Outlets.xlsx", outletsFile(t), "нужен файл Routes*.xlsx или Routes*.xls"},
		{"a picture renamed .xlsx", "outlets-update/D1/u/Outlets.xlsx", png, "Это изображение PNG, а не таблица"},
		{"an empty file", "outlets-update/D1/u/Outlets.xlsx", nil, "Файл пустой"},
		{"headers only", "outlets-update/D1/u/Outlets.xlsx", outletsFile(t), "только строка заголовка"},
		{"an empty sheet", "outlets-update/D1/u/Outlets.xlsx", sheetstest.Workbook(t), "Первый лист пустой"},
		{"another layout", "outlets-update/D1/u/Outlets.xlsx", sheetstest.Workbook(t, []any{"Артикул", "Цена"}, []any{"X", 1}), "нет обязательных столбцов"},
		{"an unknown distributor", "outlets-update/D9/u/Outlets.xlsx", outletsFile(t), "Дистрибьютор «D9» не найден"},
		{"a key without a distributor", "Outlets.xlsx", outletsFile(t), "Неверный путь к файлу"},
		{"too many rows", "outlets-update/D1/u/Outlets.xlsx", outletsFile(t, outletLine("A", "a", "b", "ТТ"), outletLine("B", "a", "b", "ТТ"),
			outletLine("C", "a", "b", "ТТ"), outletLine("D", "a", "b", "ТТ")), "больше 3 строк данных"},
		{"an .xls renamed .xlsx loads, with a warning", "outlets-update/D1/u/Outlets.xlsx", xls(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.loader.limits.MaxRows = 3
			p := w.process(t, w.put(tt.key, "v1", tt.data, ""))
			if tt.want == "" {
				if p.FileType != sheets.KindXLS.String() || len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], "файл .xls переименован в .xlsx") {
					t.Errorf("got %s type %q warnings %q", p.Status, p.FileType, p.Warnings)
				}
				return
			}
			if p.Status != LoadRejected || !strings.Contains(p.Reason, tt.want) {
				t.Fatalf("got %s %q, want rejected with %q", p.Status, p.Reason, tt.want)
			}
			if strings.Contains(tt.key, "D1") {
				if m := w.mail.only(t); !strings.Contains(m.Text, tt.want) || len(m.To) != 2 {
					t.Errorf("a dropped file's mail goes to the key users with the reason: %v\n%s", m.To, m.Text)
				}
			} else if len(w.mail.sent) != 0 {
				t.Error("mailed nobody's file")
			}
		})
	}
}

func TestAFileLargerThanTheLimitIsRefusedUnread(t *testing.T) {
	w := newWorld(t)
	w.loader.limits.MaxBytes = 1 << 20
	p := w.process(t, w.put("outlets-update/D1/u/Outlets.xlsx", "v1", make([]byte, 2<<20), "u-ku"))
	if p.Status != LoadRejected || p.Reason != "Файл больше 1 МБ (2,0 МБ): разделите его на несколько файлов" {
		t.Errorf("got %s %q", p.Status, p.Reason)
	}
}

// routeLine is a row of the route template.
func routeLine(route, territory, outlet, days string) []any {
	return []any{route, territory, "Иванов", outlet, days, "", "", ""}
}

func TestARouteIsReplacedAsAWhole(t *testing.T) {
	w := newWorld(t)
	w.process(t, w.put("outlets-first-load/D1/u/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "a", "Москва", "ТТ"), outletLine("A-2", "b", "Москва", "ТТ"), outletLine("A-3", "c", "Москва", "ТТ")), "u-ku"))
	routes := func(rows ...[]any) []byte {
		return sheetstest.Workbook(t, append([][]any{sheetstest.Header(routeTemplate)}, rows...)...)
	}
	p := w.process(t, w.put("routes/D1/u/Routes.xlsx", "v1", routes(
		routeLine("R1", "T1", "A-1", "Пн,Ср"), routeLine("R1", "T1", "A-2", "Пт"), routeLine("R2", "T1", "A-3", "1,3,5")), "u-ku"))
	if p.Status != LoadSucceeded || p.Counts != (Counts{Total: 3, Created: 3}) {
		t.Fatalf("first: %s %+v %v", p.Status, p.Counts, p.FirstErrors)
	}
	p = w.process(t, w.put("routes/D1/u/Routes.xlsx", "v2", routes(
		routeLine("R1", "T1", "A-1", "пн ср"), routeLine("R1", "T1", "A-3", "Пт"), routeLine("R2", "T1", "A-3", "Mon,Wed,Fri")), "u-ku"))
	if p.Status != LoadSucceeded || p.Counts != (Counts{Total: 3, Created: 1, Unchanged: 2, Removed: 1}) {
		t.Fatalf("second: %s %+v", p.Status, p.Counts)
	}
	r1 := w.directory.routes["D1/R1"]
	if len(r1.Stops) != 2 || r1.Stops[1].OutletCode != "A-3" || r1.Changed.LoadSeq != 3 {
		t.Errorf("R1 = %+v", r1)
	}
	if w.directory.routes["D1/R2"].Changed.LoadSeq != 2 {
		t.Error("an unchanged route was rewritten")
	}
}

func readFixture(path string) ([]byte, error) { return os.ReadFile(path) }
