package sheets_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"aftersales/shared/sheets"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

// writtenRows are values of every kind xlsxwrite.Write takes, with the texts that
// are hard to carry through XML.
func writtenRows() [][]any {
	msk := time.FixedZone("MSK", 3*3600)
	return [][]any{
		{"Магазин «Ромашка» & <Ко>", 42, 55.75, time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), xlsxwrite.Money(112000), true},
		{"=HYPERLINK(\"http://x\")", int64(-7), -0.125, time.Date(2026, 11, 3, 14, 30, 0, 0, msk), xlsxwrite.Money(-5), false},
		{"  пробелы по краям  ", nil, 1e10, time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), xlsxwrite.Money(0), nil},
		{"строка\nвторая\r\nтретья\tтаб", 0, 0.1, time.Date(1900, 3, 1, 6, 0, 0, 0, time.UTC), xlsxwrite.Money(99999999999), "x"},
		{"_x0041_ и _x005F_ остаются как есть", sheets.Cell{Text: "7707083893", Number: 7707083893, IsNumber: true},
			sheets.Cell{Text: "500100732259", Number: 500100732259, IsNumber: true},
			sheets.Cell{Text: "15.01.2024", Time: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), IsDate: true}, xlsxwrite.Money(1), "-5"},
		{"управляющие \x01\x1f и \uFFFE", "@SUM(A1)", "+7 934 734-12-34", time.Date(9999, 12, 31, 23, 59, 0, 0, time.UTC), xlsxwrite.Money(-112050), ""},
	}
}

var writtenHeader = []string{"Название", "Количество", "Число", "Дата", "Сумма, ₽", "Да/нет", "=формула в заголовке"}

func TestWriteXLSXReadsBackInExcelizeCellByCell(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Отчёт", writtenHeader, rowsOf(writtenRows())); err != nil {
		t.Fatalf("write: %v", err)
	}
	sheetstest.Check(t, buf.Bytes(), "Отчёт", writtenHeader, writtenRows())
}

func TestWriteXLSXShowsMoneyAsRoubles(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Деньги", []string{"Сумма"}, rowsOf([][]any{{xlsxwrite.Money(112000)}, {xlsxwrite.Money(-123456789)}})); err != nil {
		t.Fatal(err)
	}
	b := sheetstest.Open(t, buf.Bytes())
	// excelize formats with en-US separators; Excel in ru-RU shows
	// 1 120,00 ₽ from the same format.
	for row, want := range map[int]string{2: "1,120.00 ₽", 3: "-1,234,567.89 ₽"} {
		if got := b.Cell(t, 0, row).Shown; got != want {
			t.Errorf("row %d shown as %q, want %q", row, got, want)
		}
	}
}

func TestWriteXLSXRefusesWhatExcelCannotHold(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sheet string
		row   []any
	}{
		{"a sheet name too long", strings.Repeat("ж", 32), nil},
		{"a sheet name with a slash", "Акты/2024", nil},
		{"no sheet name", "", nil},
		{"a date before 1900", "Лист", []any{time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)}},
		{"a value of no cell kind", "Лист", []any{struct{}{}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rows [][]any
			if tt.row != nil {
				rows = append(rows, tt.row)
			}
			if err := xlsxwrite.Write(&bytes.Buffer{}, tt.sheet, []string{"A"}, rowsOf(rows)); err == nil {
				t.Fatal("got no error")
			}
		})
	}
}

func rowsOf(rows [][]any) func(func([]any, error) bool) {
	return func(yield func([]any, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// FuzzWriteXLSXReadsBack writes fuzzed texts, numbers, dates and yes/no
// values and reads them back with excelize, cell by cell, and with this
// package's reader: texts as written (formulas neutralised), numbers to
// the bit, dates to the second.
func FuzzWriteXLSXReadsBack(f *testing.F) {
	f.Add("Магазин «Ромашка»", "=1+1", 55.75, int64(7707083893), int64(1700000000), true)
	f.Add(" _x0041_\r\n\x01", "\uFFFE\t", -0.0, int64(-1), int64(-2208988800), false)
	f.Add("", "  ", 1e300, int64(0), int64(253402300799), true)
	f.Fuzz(func(t *testing.T, a, b string, x float64, n, unix int64, yes bool) {
		a, b = validUTF8(a), validUTF8(b)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			x = 0
		}
		const first, last = -2208988800, 253402300799 // 1900-01-01 and 9999-12-31 23:59:59
		when := time.Unix(first+(unix%(last-first)+(last-first))%(last-first), 0).UTC()
		rows := [][]any{{a, b, x, n, when, yes}, {b, nil, a}}
		header := []string{b, "Число", "Целое", "Дата", "Да/нет"}
		var buf bytes.Buffer
		if err := xlsxwrite.Write(&buf, "Лист", header, rowsOf(rows)); err != nil {
			t.Fatal(err)
		}
		sheetstest.Check(t, buf.Bytes(), "Лист", header, rows)
		r, err := sheets.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), sheets.Limits{TempDir: t.TempDir()})
		if err != nil {
			t.Fatalf("our reader: %v", err)
		}
		defer r.Close()
		for r.Next() {
			if r.RowNumber() == 3 {
				if got := r.Row(); len(got) < 1 || got[0].Text != xlsxwrite.SafeText(b) {
					t.Errorf("our reader read %+v, want the text %q first", got, xlsxwrite.SafeText(b))
				}
			}
		}
		if err := r.Err(); err != nil {
			t.Fatalf("our reader: %v", err)
		}
	})
}

// validUTF8 replaces each byte that is not UTF-8 with U+FFFD, as xlsxwrite.Write
// writes it.
func validUTF8(s string) string {
	var out strings.Builder
	for _, r := range s {
		out.WriteRune(r) // ranging yields U+FFFD for each bad byte
	}
	return out.String()
}

func TestWriteXLSXWritesBytesThatAreNoUTF8AsReplacementCharacters(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Лист", []string{"Текст"}, rowsOf([][]any{{"a\xffb\xc3"}})); err != nil {
		t.Fatal(err)
	}
	if got := sheetstest.Open(t, buf.Bytes()).Cell(t, 0, 2).Raw; got != "a\uFFFDb\uFFFD" {
		t.Fatalf("got %q", got)
	}
}

func TestWriteXLSXWritesEveryGoNumber(t *testing.T) {
	rows := [][]any{{int8(-8), int16(-16), int32(-32), int64(-1 << 53), uint(1), uint8(255), uint16(65535), uint32(1 << 31), uint64(1 << 53), float32(0.5)}}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Числа", []string{"Число"}, rowsOf(rows)); err != nil {
		t.Fatal(err)
	}
	sheetstest.Check(t, buf.Bytes(), "Числа", []string{"Число"}, rows)
}

// failAfter fails every write after the first n bytes.
type failAfter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteXLSXStopsAtTheFirstFailedWrite(t *testing.T) {
	taken := 0
	rows := func(yield func([]any, error) bool) {
		for i := range 1_000_000 {
			taken++
			if !yield([]any{fmt.Sprintf("строка %d", i), i}, nil) {
				return
			}
		}
	}
	err := xlsxwrite.Write(&failAfter{n: 4096}, "Лист", []string{"Текст", "Число"}, rows)
	if !errors.Is(err, errDiskFull) || taken >= 1_000_000 {
		t.Fatalf("got %v after %d rows, want the write's error long before the last row", err, taken)
	}
}
