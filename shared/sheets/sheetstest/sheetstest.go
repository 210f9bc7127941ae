// Package sheetstest reads back the workbooks xlsxwrite.Write writes with
// excelize, an independent reader, and compares them cell by cell with the
// values they were written from: the kind of every cell (text, number,
// date, money, yes/no), its value, the bold frozen header and the column
// widths. It also writes workbooks as other programs do (Stream), for the
// readers' tests and benchmarks. Only tests import it, so excelize stays out
// of every function.
package sheetstest

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets"
	"aftersales/shared/xlsxwrite"
)

// Book is a written workbook as excelize reads it.
type Book struct {
	f     *excelize.File
	Sheet string // the only sheet's name
}

// Open reads data with excelize, failing t unless it is a workbook of one
// sheet with a bold header row frozen above the rest and a width set for
// every header column.
func Open(t testing.TB, data []byte) *Book {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	list := f.GetSheetList()
	if len(list) != 1 {
		t.Fatalf("got sheets %q, want one", list)
	}
	b := &Book{f: f, Sheet: list[0]}
	panes, err := f.GetPanes(b.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("got panes %+v, %v; want the first row frozen", panes, err)
	}
	return b
}

// Cell is one cell as excelize reads it.
type Cell struct {
	Type   excelize.CellType
	Raw    string // the stored value
	Shown  string // the value excelize formats with the cell's number format
	Format string // the number format's code, "" for General
	Bold   bool
}

// Cell reads the cell at column col (0-based) of row (1-based).
func (b *Book) Cell(t testing.TB, col, row int) Cell {
	t.Helper()
	axis, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		t.Fatal(err)
	}
	var c Cell
	if c.Type, err = b.f.GetCellType(b.Sheet, axis); err != nil {
		t.Fatalf("%s: type: %v", axis, err)
	}
	if c.Raw, err = b.f.GetCellValue(b.Sheet, axis, excelize.Options{RawCellValue: true}); err != nil {
		t.Fatalf("%s: value: %v", axis, err)
	}
	if c.Shown, err = b.f.GetCellValue(b.Sheet, axis); err != nil {
		t.Fatalf("%s: shown value: %v", axis, err)
	}
	id, err := b.f.GetCellStyle(b.Sheet, axis)
	if err != nil {
		t.Fatalf("%s: style: %v", axis, err)
	}
	st, err := b.f.GetStyle(id)
	if err != nil {
		t.Fatalf("%s: style %d: %v", axis, id, err)
	}
	if st.CustomNumFmt != nil {
		c.Format = *st.CustomNumFmt
	}
	c.Bold = st.Font != nil && st.Font.Bold
	return c
}

// Rows is the sheet's rows as excelize shows them, the header included.
func (b *Book) Rows(t testing.TB) [][]string {
	t.Helper()
	rows, err := b.f.GetRows(b.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Want fails t unless the cell at column col (0-based) of row (1-based)
// is the one xlsxwrite.Write writes from v.
func (b *Book) Want(t testing.TB, col, row int, v any) {
	t.Helper()
	if msg := mismatch(b.Cell(t, col, row), v); msg != "" {
		t.Errorf("row %d, column %d: %s", row, col+1, msg)
	}
}

// Check fails t unless data is the workbook xlsxwrite.Write writes from
// sheet, header and rows: each value read back as the cell it must become.
func Check(t testing.TB, data []byte, sheet string, header []string, rows [][]any) {
	t.Helper()
	b := Open(t, data)
	if b.Sheet != sheet {
		t.Errorf("got sheet %q, want %q", b.Sheet, sheet)
	}
	for i, h := range header {
		c := b.Cell(t, i, 1)
		if c.Raw != xlsxwrite.SafeText(h) || !c.Bold || c.Type != excelize.CellTypeInlineString {
			t.Errorf("header %d: got %+v, want bold text %q", i+1, c, xlsxwrite.SafeText(h))
		}
		width, err := b.f.GetColWidth(b.Sheet, columnName(i))
		if err != nil || width < float64(min(len([]rune(h)), 40)) {
			t.Errorf("column %d (%q): width %v, %v; want room for the header", i+1, h, width, err)
		}
	}
	for r, values := range rows {
		for i, v := range values {
			got := b.Cell(t, i, r+2)
			if msg := mismatch(got, v); msg != "" {
				t.Errorf("row %d, column %d (%s): %s", r+2, i+1, headerAt(header, i), msg)
			}
		}
	}
	all := b.Rows(t)
	if len(all) > len(rows)+1 {
		t.Errorf("got %d rows, want at most %d", len(all), len(rows)+1)
	}
	for r := 1; r < len(all) && r <= len(rows); r++ {
		if len(all[r]) > len(rows[r-1]) {
			t.Errorf("row %d: got %d cells %q, want at most %d", r+1, len(all[r]), all[r], len(rows[r-1]))
		}
	}
}

func headerAt(header []string, i int) string {
	if i < len(header) {
		return header[i]
	}
	return "?"
}

func columnName(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// mismatch says how the cell read back differs from the value it was
// written from, "" when it does not.
func mismatch(got Cell, v any) string {
	if got.Bold {
		return fmt.Sprintf("got a bold cell %+v", got)
	}
	switch v := v.(type) {
	case nil:
		return want(got, Cell{Type: excelize.CellTypeUnset}, "no cell")
	case string:
		return text(got, v)
	case sheets.Cell:
		switch {
		case v.IsDate:
			return date(got, v.Time)
		case v.IsNumber && math.Abs(v.Number) < 1e11:
			return number(got, v.Number, "")
		}
		return text(got, v.Text)
	case time.Time:
		return date(got, v)
	case xlsxwrite.Money:
		if msg := number(got, float64(v)/100, `#,##0.00\ [$₽-419];\-#,##0.00\ [$₽-419]`); msg != "" {
			return msg
		}
		if !strings.HasSuffix(got.Shown, " ₽") || !strings.Contains(got.Shown, ".") {
			return fmt.Sprintf("money shown as %q, want roubles with two decimals and ₽", got.Shown)
		}
		return ""
	case bool:
		w := "0"
		if v {
			w = "1"
		}
		return want(got, Cell{Type: excelize.CellTypeBool, Raw: w}, "yes/no")
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		n, _ := strconv.ParseFloat(fmt.Sprint(v), 64)
		return number(got, n, "")
	case float32:
		return number(got, float64(v), "")
	case float64:
		return number(got, v, "")
	}
	return fmt.Sprintf("the kit does not know a %T", v)
}

func want(got, w Cell, what string) string {
	if got.Type != w.Type || got.Raw != w.Raw || got.Format != w.Format {
		return fmt.Sprintf("got %+v, want %s %+v", got, what, w)
	}
	return ""
}

func text(got Cell, s string) string {
	if s = xlsxwrite.SafeText(s); s == "" {
		return want(got, Cell{Type: excelize.CellTypeUnset}, "no cell")
	}
	return want(got, Cell{Type: excelize.CellTypeInlineString, Raw: s, Shown: s}, "text")
}

func number(got Cell, v float64, format string) string {
	n, err := strconv.ParseFloat(got.Raw, 64)
	if got.Type != excelize.CellTypeUnset || err != nil || n != v || got.Format != format {
		return fmt.Sprintf("got %+v, want the number %v (format %q)", got, v, format)
	}
	return ""
}

// date checks a date cell: its serial is the wall clock of t, shown as
// DD.MM.YYYY, with HH:MM when t has a time of day.
func date(got Cell, t time.Time) string {
	format, shown := "dd.mm.yyyy", t.Format("02.01.2006")
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		format, shown = "dd.mm.yyyy hh:mm", t.Format("02.01.2006 15:04")
	}
	n, err := strconv.ParseFloat(got.Raw, 64)
	if got.Type != excelize.CellTypeUnset || err != nil || got.Format != format || got.Shown != shown {
		return fmt.Sprintf("got %+v, want the date %s", got, shown)
	}
	back, err := excelize.ExcelDateToTime(n, false)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	if err != nil || back.Sub(wall).Abs() > time.Millisecond {
		return fmt.Sprintf("serial %s reads as %v, %v; want %v", got.Raw, back, err, wall)
	}
	return ""
}

// Workbook is an .xlsx of one sheet ("Sheet1") with rows of values, as
// excelize writes it: the upload the readers and the loads are tested on.
func Workbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		axis, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", axis, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Header is a row of names, as Workbook and Stream take rows: a template's
// column names as a file's first row.
func Header(names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// Rows reads the first sheet of an .xlsx as text, each cell's raw value
// (what was stored, not its number format's rendering), with excelize.
func Rows(t testing.TB, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Stream writes an .xlsx of one sheet with excelize's stream writer, as
// other programs make them (every string inline): header, then each row of
// rows, stopping at the first error rows yields. setup, when not nil,
// prepares the file (styles) before the first row. Rows may reuse one
// slice: each is written before the next is asked for.
func Stream(w io.Writer, header []string, setup func(*excelize.File) error, rows iter.Seq2[[]any, error]) error {
	f := excelize.NewFile()
	defer f.Close()
	if setup != nil {
		if err := setup(f); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", Header(header)); err != nil {
		return err
	}
	n := 1
	for row, err := range rows {
		if err != nil {
			return err
		}
		n++
		axis, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(axis, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
