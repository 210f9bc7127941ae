package sheets

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets/ziptest"
)

// book builds an .xlsx in memory; fill writes its first sheet, "Sheet1".
func book(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatalf("write workbook: %v", err)
	}
	return buf.Bytes()
}

// styled sets a cell's value and a style with the given number format, a
// built-in id when code is "".
func styled(t testing.TB, f *excelize.File, axis string, v any, numFmt int, code string) {
	t.Helper()
	st := &excelize.Style{NumFmt: numFmt}
	if code != "" {
		st = &excelize.Style{CustomNumFmt: &code}
	}
	id, err := f.NewStyle(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Sheet1", axis, v); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", axis, axis, id); err != nil {
		t.Fatal(err)
	}
}

// readRow is one row as the tests compare it.
type readRow struct {
	num   int
	cells []Cell
}

func readAll(t testing.TB, data []byte, l Limits) ([]readRow, error) {
	t.Helper()
	return readWith(openFast, data, l)
}

func text(s string) Cell { return Cell{Text: s} }
func num(s string, v float64) Cell {
	return Cell{Text: s, Number: v, IsNumber: true}
}
func date(s string, serial float64, t time.Time) Cell {
	return Cell{Text: s, Number: serial, IsNumber: true, Time: t, IsDate: true}
}

func sameRows(t *testing.T, got, want []readRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i].num != want[i].num {
			t.Errorf("row %d: got number %d, want %d", i, got[i].num, want[i].num)
		}
		if len(got[i].cells) != len(want[i].cells) {
			t.Errorf("row %d: got %d cells %+v, want %d %+v", want[i].num, len(got[i].cells), got[i].cells, len(want[i].cells), want[i].cells)
			continue
		}
		for j, w := range want[i].cells {
			g := got[i].cells[j]
			if g.Text != w.Text || g.IsNumber != w.IsNumber || g.Number != w.Number || g.IsDate != w.IsDate || !g.Time.Equal(w.Time) {
				t.Errorf("row %d cell %d: got %+v, want %+v", want[i].num, j, g, w)
			}
		}
	}
}

func TestReaderYieldsValuesAsExcelShowsThem(t *testing.T) {
	data := book(t, func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Код ГО", "Название", "ИНН", "Дата"})
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"A-1", "Магазин «Ромашка»", "7707083893"})
		styled(t, f, "D2", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), 0, "dd.mm.yyyy")
		_ = f.SetSheetRow("Sheet1", "A4", &[]any{12345, "Киоск", 7707083893})
		styled(t, f, "D4", time.Date(2024, 2, 29, 13, 30, 15, 0, time.UTC), 22, "")
		styled(t, f, "A5", "00123", 0, "dd.mm.yyyy") // text in a date-formatted cell stays text
		styled(t, f, "B5", 1234.5, 4, "")            // #,##0.00 must not become "1,234.50"
		styled(t, f, "C5", 500100732259, 0, "0")
		styled(t, f, "D5", 45291, 14, "")
		_ = f.SetSheetRow("Sheet1", "A6", &[]any{0.1 + 0.2, true, "  ", nil})
		styled(t, f, "E6", 0.25, 10, "")         // 0% shows 25%, we want 0.25
		styled(t, f, "F6", -5, 0, "dd.mm.yyyy")  // a negative serial is no date
		styled(t, f, "G6", 0.5, 0, "[h]:mm")     // elapsed time is a time
		styled(t, f, "H6", 3, 0, `0" шт."`)      // a quoted d or h is no date
		_ = f.SetCellValue("Sheet1", "A8", "  ") // a row of blanks is skipped
		_ = f.SetCellValue("Sheet1", "C9", "последняя")
	})
	got, err := readAll(t, data, Limits{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	sameRows(t, got, []readRow{
		{1, []Cell{text("Код ГО"), text("Название"), text("ИНН"), text("Дата")}},
		{2, []Cell{text("A-1"), text("Магазин «Ромашка»"), num("7707083893", 7707083893), date("15.01.2024", 45306, time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC))}},
		{4, []Cell{num("12345", 12345), text("Киоск"), num("7707083893", 7707083893), date("29.02.2024 13:30:15", 45351.5626736111, time.Date(2024, 2, 29, 13, 30, 15, 0, time.UTC))}},
		{5, []Cell{text("00123"), num("1234.5", 1234.5), num("500100732259", 500100732259), date("31.12.2023", 45291, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))}},
		{6, []Cell{num("0.3", 0.3), text("TRUE"), text("  "), {}, num("0.25", 0.25), num("-5", -5), date("12:00:00", 0.5, time.Date(1899, 12, 30, 12, 0, 0, 0, time.UTC)), num("3", 3)}},
		{9, []Cell{{}, {}, text("последняя")}},
	})
}

func TestReaderCountsDatesFrom1904WhenTheWorkbookSaysSo(t *testing.T) {
	data := book(t, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		styled(t, f, "A1", 43844, 14, "") // 15.01.2024 counted from 1904
	})
	got, err := readAll(t, data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	if len(got) != 1 || !got[0].cells[0].IsDate || !got[0].cells[0].Time.Equal(want) {
		t.Fatalf("got %+v, want the date %v", got, want)
	}
}

func TestReaderReadsALegacyXLSFile(t *testing.T) {
	// testdata/outlets.xls is written by xlwt (see make_outlets_xls.py).
	data, err := os.ReadFile("testdata/outlets.xls")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, data, Limits{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	sameRows(t, got, []readRow{
		{1, []Cell{text("Код ГО"), text("Название"), text("ИНН"), text("Дата"), text("Широта"), text("Количество")}},
		{2, []Cell{text("A-1"), text("Магазин «Ромашка»"), text("7707083893"), date("15.01.2024", 45306, time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)), num("55.7558", 55.7558), num("12", 12)}},
		{3, []Cell{num("12345", 12345), text("Киоск"), num("7707083893", 7707083893), date("29.02.2024 13:30:00", 45351.5625, time.Date(2024, 2, 29, 13, 30, 0, 0, time.UTC)), text("55,75"), num("-73", -73)}},
		{5, []Cell{text("00123"), text("Точка"), num("500100732259", 500100732259), date("31.12.2023", 45291, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)), num("-12.5", -12.5), num("1234.5", 1234.5)}},
	})
}

func TestOpenRefusesWhatItCannotRead(t *testing.T) {
	valid := book(t, func(f *excelize.File) {
		for r := 1; r <= 5; r++ {
			axis, _ := excelize.CoordinatesToCellName(1, r)
			_ = f.SetSheetRow("Sheet1", axis, &[]any{"код", r})
		}
	})
	var encryptedBook bytes.Buffer
	func() {
		f := excelize.NewFile()
		defer f.Close()
		_ = f.SetCellValue("Sheet1", "A1", "секрет")
		if err := f.Write(&encryptedBook, excelize.Options{Password: "пароль"}); err != nil {
			t.Fatal(err)
		}
	}()
	tests := []struct {
		name     string
		data     []byte
		limits   Limits
		wantCode Code
		wantKind Kind
	}{
		{"a file over the size limit", valid, Limits{MaxBytes: 1000}, CodeTooLarge, KindXLSX},
		{"a sheet with more data rows than allowed", valid, Limits{MaxRows: 3}, CodeTooManyRows, KindXLSX},
		{"a zip bomb", zipBomb(t, 64<<20), Limits{MaxUnzipped: 8 << 20}, CodeUnzipLimit, KindXLSX},
		{"a truncated archive", valid[:len(valid)/2], Limits{}, CodeCorrupt, KindXLSX},
		{"an archive whose entry inflates past its declared size", lyingZip(t), Limits{}, CodeCorrupt, KindXLSX},
		{"a password-protected workbook", encryptedBook.Bytes(), Limits{}, CodeEncrypted, KindXLS},
		{"a damaged .xls", damagedXLS(t), Limits{}, CodeCorrupt, KindXLS},
		{"a picture", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Limits{}, CodeNotSpreadsheet, KindPNG},
		{"a PDF", []byte("%PDF-1.7\n"), Limits{}, CodeNotSpreadsheet, KindPDF},
		{"an empty file", nil, Limits{}, CodeNotSpreadsheet, KindEmpty},
		{"a CSV file", []byte("Код ГО;Название\nA-1;Точка\n"), Limits{}, CodeNotSpreadsheet, KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.data, tt.limits)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got error %v, want *sheets.Error", err)
			}
			if e.Code != tt.wantCode || e.Kind != tt.wantKind {
				t.Errorf("got code %q kind %v, want %q %v (%v)", e.Code, e.Kind, tt.wantCode, tt.wantKind, err)
			}
			if e.Reason == "" {
				t.Error("got no Russian reason")
			}
		})
	}
}

func TestRowLimitCountsDataRowsNotTheHeader(t *testing.T) {
	data := book(t, func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"заголовок"})
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"1"})
		_ = f.SetSheetRow("Sheet1", "A3", &[]any{"2"})
	})
	if _, err := readAll(t, data, Limits{MaxRows: 2}); err != nil {
		t.Fatalf("got %v for a header and two data rows with MaxRows 2, want none", err)
	}
}

func TestReaderRemovesItsTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	data := book(t, func(f *excelize.File) {
		for r := 1; r <= 2000; r++ {
			axis, _ := excelize.CoordinatesToCellName(1, r)
			_ = f.SetSheetRow("Sheet1", axis, &[]any{"строка с текстом", r, "ещё текст"})
		}
	})
	// A tiny in-memory threshold sends the sheet to a temporary file.
	got, err := readAll(t, data, Limits{MaxXMLInMemory: 1024, TempDir: dir})
	if err != nil || len(got) != 2000 {
		t.Fatalf("got %d rows, %v; want 2000 rows", len(got), err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("got %d files left in the temp dir, want none", len(left))
	}
}

func TestOpenReadsAWorkbookWhoseFirstEntryHidesTheRest(t *testing.T) {
	valid := book(t, func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "A1", "код") })
	data := ziptest.Prepend(t, valid, "docProps/thumbnail.jpeg", bytes.Repeat([]byte{0xFF}, 2*SniffLen))
	if got := Sniff(data[:SniffLen]); got != KindZip {
		t.Fatalf("the head alone sniffs as %v, want KindZip for this test to mean anything", got)
	}
	got, err := readAll(t, data, Limits{})
	if err != nil || len(got) != 1 || got[0].cells[0].Text != "код" {
		t.Fatalf("got %+v, %v; want the one cell", got, err)
	}
}
