// Package xlsxwrite writes one-sheet .xlsx workbooks (reports and exports),
// streamed over archive/zip and XML. It is apart from the reader in
// shared/sheets so that the functions that only export link no reader: the
// legacy .xls code and its code-page tables are the larger half.
package xlsxwrite

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// SafeText neutralises text that Excel, LibreOffice or a CSV import would
// take for a formula — anything starting with = + - @, a tab or a carriage
// return — by prefixing an apostrophe. Values in our reports come from
// uploaded files and users, so none of them may ever run.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Cell is one cell's value in the three shapes an importer needs: the text
// Excel shows (always set), the number, and the date when the cell's number
// format is a date. Reading codes and INNs from Text means a code stored as the
// number 12345 reads "12345", never "12345.0" or "1.2345E+4". The reader in
// shared/sheets returns it and Write writes it back as it was read.
type Cell struct {
	// Text is the value as text: strings as stored, numbers as Excel shows
	// them in a General cell (at most 15 significant digits, no exponent),
	// dates as DD.MM.YYYY (DD.MM.YYYY HH:MM:SS when there is a time of day).
	Text string
	// Number is the numeric value when IsNumber is set.
	Number float64
	// IsNumber is set for numeric cells. An .xlsx row reader cannot tell the
	// number 123 from the text "123", so there it is also set for text that is
	// exactly a number's plain form ("123", "-1.5", but not "00123" or "1,5").
	IsNumber bool
	// Time is the date (UTC wall clock, as typed in Excel) when IsDate is set.
	Time time.Time
	// IsDate is set for numeric cells whose number format shows a date or time.
	IsDate bool
}

// Blank reports whether the cell holds nothing but white space.
func (c Cell) Blank() bool {
	return !c.IsNumber && !c.IsDate && strings.TrimSpace(c.Text) == ""
}

// Money is an amount in kopecks. Write writes it as a number of roubles
// in the rouble format, which Excel in a Russian locale shows as 1 120,00 ₽.
type Money int64

// The limits of one Excel worksheet and its name.
const (
	MaxSheetRows    = 1 << 20
	MaxSheetColumns = 1 << 14
	maxSheetName    = 31
)

// Number formats of the cells Write writes (ids 164 and up are the
// workbook's own). The money format is the one Excel's "Денежный" format
// with the ₽ symbol of the ru-RU locale writes: [$₽-419] is the literal ₽
// tagged with the locale, so it shows the same whatever the reader's locale,
// while the thousands and decimal separators follow it.
const (
	dateFormat     = "dd.mm.yyyy"
	dateTimeFormat = "dd.mm.yyyy hh:mm"
	moneyFormat    = `#,##0.00\ [$₽-419];\-#,##0.00\ [$₽-419]`
)

// The cell formats (indexes into styles.xml's cellXfs) Write uses.
const (
	styleHeader   = 1
	styleDate     = 2
	styleDateTime = 3
	styleMoney    = 4
)

// Write writes one worksheet named sheet: a bold, frozen header row, then
// one row per value yielded by rows, streamed so that memory does not grow
// with the row count. Row values may be string (passed through SafeText),
// Cell (a date, a number, or else its text, so an uploaded row is written back
// as it was read), time.Time (shown as DD.MM.YYYY, with the time when it has
// one), Money, bool, any Go number, or nil for an empty cell. An error
// yielded by rows stops the writing and is returned.
//
// The workbook is written by this package rather than a spreadsheet library:
// the one the reader is checked against pulls reflection-based copying into
// every binary that writes a report, which turns off the linker's dead-code
// elimination of methods and doubles the size of those functions.
func Write(w io.Writer, sheet string, header []string, rows iter.Seq2[[]any, error]) error {
	if !utf8.ValidString(sheet) {
		return fmt.Errorf("sheet name %q is not UTF-8", sheet)
	}
	if err := CheckSheetName(sheet); err != nil {
		return fmt.Errorf("name the sheet: %w", err)
	}
	if len(header) > MaxSheetColumns {
		return fmt.Errorf("%d columns, more than a sheet holds (%d)", len(header), MaxSheetColumns)
	}
	zw := zip.NewWriter(w)
	// The fastest deflate level: on a 100,000-row outlet export it writes
	// 9.2 MB where the default level writes 7.2 MB, at several times the
	// speed (BenchmarkWriteOutletExport), and the time is the user's.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, p := range packageParts(sheet) {
		if err := writePart(zw, p.name, p.body); err != nil {
			return err
		}
	}
	part, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return fmt.Errorf("start the sheet: %w", err)
	}
	out := &stickyWriter{w: part}
	sw := &sheetWriter{w: bufio.NewWriterSize(out, 64<<10), out: out}
	if err := sw.write(header, rows); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish the workbook: %w", err)
	}
	return nil
}

func writePart(zw *zip.Writer, name, body string) error {
	w, err := zw.Create(name)
	if err == nil {
		_, err = io.WriteString(w, body)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

type packagePart struct{ name, body string }

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// packageParts are the parts of the package besides the worksheet: the
// fewest Excel, LibreOffice and openpyxl open without complaint.
func packageParts(sheet string) []packagePart {
	return []packagePart{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", xmlHead + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<bookViews><workbookView/></bookViews><sheets><sheet name="` + escapeAttr(sheet) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`},
		{"xl/styles.xml", writtenStyles},
	}
}

// writtenStyles holds the cell formats of the style* constants, in that order.
var writtenStyles = xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="3"><numFmt numFmtId="164" formatCode="` + dateFormat + `"/>` +
	`<numFmt numFmtId="165" formatCode="` + dateTimeFormat + `"/>` +
	`<numFmt numFmtId="166" formatCode="` + escapeAttr(moneyFormat) + `"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

// sheetWriter writes the worksheet part as rows arrive. Text is written as
// inline strings (t="inlineStr"), not into a shared-string table: the table
// would have to be held in memory (or spilled to disk) until the last row,
// as it is a part of its own, while inline strings stream in constant
// memory. Every reader we know of takes them; Excel moves them into its
// table on the first save.
type sheetWriter struct {
	w   *bufio.Writer
	out *stickyWriter // under w, to stop at the first failed write
	row int
	ref []byte // scratch for row numbers and cell references
	num []byte // scratch for a cell's value
}

// stickyWriter keeps the first error of the writer under it, so that a
// failed destination ends the writing at once, not after the last row.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

func (sw *sheetWriter) write(header []string, rows iter.Seq2[[]any, error]) error {
	sw.w.WriteString(xmlHead + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	sw.w.WriteString(`<sheetViews><sheetView tabSelected="1" workbookViewId="0">` +
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/>`)
	sw.writeColumns(header)
	sw.w.WriteString(`<sheetData>`)
	sw.startRow()
	for i, h := range header {
		sw.text(i, SafeText(h), styleHeader)
	}
	sw.endRow()
	for values, err := range rows {
		if err != nil {
			return err
		}
		if sw.row >= MaxSheetRows {
			return fmt.Errorf("more than %d rows, more than a sheet holds", MaxSheetRows-1)
		}
		if len(values) > MaxSheetColumns {
			return fmt.Errorf("row %d: %d values, more than a sheet holds (%d)", sw.row+1, len(values), MaxSheetColumns)
		}
		sw.startRow()
		for i, v := range values {
			if err := sw.value(i, v); err != nil {
				return fmt.Errorf("row %d, column %d: %w", sw.row, i+1, err)
			}
		}
		sw.endRow()
		if sw.out.err != nil {
			return fmt.Errorf("write the sheet: %w", sw.out.err)
		}
	}
	sw.w.WriteString(`</sheetData></worksheet>`)
	if err := sw.w.Flush(); err != nil {
		return fmt.Errorf("write the sheet: %w", err)
	}
	return nil
}

// writeColumns sets each column's width from its header: the widths come
// before the rows in the part, and a streamed sheet does not know its
// values yet. The header's length plus a margin, at least the width a date
// with a time or a sum of money takes, and at most a third of a screen.
func (sw *sheetWriter) writeColumns(header []string) {
	if len(header) == 0 {
		return
	}
	sw.w.WriteString(`<cols>`)
	for i, h := range header {
		width := min(max(utf8.RuneCountInString(h)+4, 16), 60)
		n := strconv.Itoa(i + 1)
		sw.w.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.Itoa(width) + `" customWidth="1"/>`)
	}
	sw.w.WriteString(`</cols>`)
}

func (sw *sheetWriter) startRow() {
	sw.row++
	sw.w.WriteString(`<row r="`)
	sw.ref = strconv.AppendInt(sw.ref[:0], int64(sw.row), 10)
	sw.w.Write(sw.ref)
	sw.w.WriteString(`">`)
}

func (sw *sheetWriter) endRow() { sw.w.WriteString(`</row>`) }

// value writes one row value as its cell; nil writes none.
func (sw *sheetWriter) value(col int, v any) error {
	switch v := v.(type) {
	case nil:
	case string:
		sw.text(col, SafeText(v), 0)
	case Cell:
		switch {
		case v.IsDate:
			return sw.time(col, v.Time)
		case v.IsNumber && math.Abs(v.Number) < 1e11:
			sw.float(col, v.Number, 64, 0)
		default:
			// Longer numbers (an INN, a long code) stay text: a General
			// cell would show them as 5.001E+11.
			sw.text(col, SafeText(v.Text), 0)
		}
	case time.Time:
		return sw.time(col, v)
	case Money:
		// Kopecks to roubles: the nearest double to a two-decimal amount,
		// as Excel would store it typed in.
		sw.float(col, float64(v)/100, 64, styleMoney)
	case bool:
		sw.start(col, `" t="b"><v>`, 0)
		if v {
			sw.w.WriteString(`1</v></c>`)
		} else {
			sw.w.WriteString(`0</v></c>`)
		}
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		sw.num = fmt.Append(sw.num[:0], v)
		sw.number(col, 0)
	case float32:
		sw.float(col, float64(v), 32, 0)
	case float64:
		sw.float(col, v, 64, 0)
	default:
		return fmt.Errorf("a %T is no cell value", v)
	}
	return nil
}

// start writes a cell's start tag up to its reference's closing quote, and
// then rest: the type attribute, or nothing, and what follows.
func (sw *sheetWriter) start(col int, rest string, style int) {
	sw.w.WriteString(`<c r="`)
	sw.ref = appendColumn(sw.ref[:0], col)
	sw.ref = strconv.AppendInt(sw.ref, int64(sw.row), 10)
	sw.w.Write(sw.ref)
	if style != 0 {
		sw.w.WriteString(`" s="`)
		sw.w.WriteString(strconv.Itoa(style))
	}
	sw.w.WriteString(rest)
}

// number writes a number cell holding sw.num.
func (sw *sheetWriter) number(col, style int) {
	sw.start(col, `"><v>`, style)
	sw.w.Write(sw.num)
	sw.w.WriteString(`</v></c>`)
}

// float writes a number cell; NaN and the infinities, which a cell cannot
// hold, are written as their text.
func (sw *sheetWriter) float(col int, v float64, bits, style int) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		sw.text(col, strconv.FormatFloat(v, 'g', -1, 64), 0)
		return
	}
	sw.num = strconv.AppendFloat(sw.num[:0], v, 'f', -1, bits)
	sw.number(col, style)
}

// time writes t's wall clock as a date cell, with the time of day when it
// has one.
func (sw *sheetWriter) time(col int, t time.Time) error {
	serial, ok := excelSerial(t)
	if !ok {
		return fmt.Errorf("the date %s is outside the years 1900–9999 a sheet can show", t.Format("02.01.2006"))
	}
	style := styleDate
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		style = styleDateTime
	}
	sw.num = strconv.AppendFloat(sw.num[:0], serial, 'f', -1, 64)
	sw.number(col, style)
	return nil
}

// text writes an inline-string cell; an empty text writes none.
func (sw *sheetWriter) text(col int, s string, style int) {
	if s == "" && style == 0 {
		return
	}
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		sw.start(col, `" t="inlineStr"><is><t xml:space="preserve">`, style)
	} else {
		sw.start(col, `" t="inlineStr"><is><t>`, style)
	}
	writeCellText(sw.w, s)
	sw.w.WriteString(`</t></is></c>`)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendColumn appends the letters of the zero-based column col (A, …, Z,
// AA, …).
func appendColumn(b []byte, col int) []byte {
	var letters [4]byte
	i := len(letters)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		letters[i] = byte('A' + (col-1)%26)
	}
	return append(b, letters[i:]...)
}

// writeCellText writes s as a cell's text: the XML specials escaped, a
// carriage return as a character reference (a bare one would reach readers
// as a line feed), and what XML cannot hold — control characters, U+FFFE
// and U+FFFF — as Office's _xHHHH_ escapes, which readers decode. A literal
// text of that shape has its underscore escaped (_x005F_) so that it reads
// back as written. Bytes that are no UTF-8 become U+FFFD.
func writeCellText(w *bufio.Writer, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				w.WriteString("\uFFFD")
			case r == 0xFFFE || r == 0xFFFF:
				fmt.Fprintf(w, "_x%04X_", r)
			default:
				w.WriteString(s[i : i+size])
			}
			i += size
			continue
		}
		switch {
		case c == '&':
			w.WriteString("&amp;")
		case c == '<':
			w.WriteString("&lt;")
		case c == '>':
			w.WriteString("&gt;")
		case c == '\r':
			w.WriteString("&#xD;")
		case c == '_' && isEscapeShape(s[i:]):
			w.WriteString("_x005F_")
		case c < 0x20 && c != '\t' && c != '\n':
			fmt.Fprintf(w, "_x%04X_", c)
		default:
			w.WriteByte(c)
		}
		i++
	}
}

// isEscapeShape is whether s starts with _xHHHH_, the shape of Office's
// escapes.
func isEscapeShape(s string) bool {
	if len(s) < 7 || s[1] != 'x' && s[1] != 'X' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// escapeAttr escapes s for an attribute value in double quotes.
func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts from
// 1 March 1900 on: Excel takes 1900 for a leap year, so serial 60 is a
// 29 February that never was, and serials before it are one day off.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelSerial is the serial of t's wall clock in the 1900 date system;
// ok is false for a date before 1900 or after 9999, which Excel cannot show.
func excelSerial(t time.Time) (float64, bool) {
	y, m, d := t.Date()
	if y < 1900 || y > 9999 {
		return 0, false
	}
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	days := (day.Unix() - excelEpoch.Unix()) / (24 * 3600)
	if days < 61 {
		days-- // before 1 March 1900: Excel's 29 February is not in the calendar
	}
	clock := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
	return float64(days) + float64(clock)/float64(24*time.Hour), true
}

// CheckSheetName refuses a name Excel does not take for a sheet: empty,
// over 31 UTF-16 units, starting or ending with an apostrophe, or with one
// of : \ / ? * [ ]. excelize refuses to read such a sheet too; the reader refuses
// a workbook whose first sheet has one.
func CheckSheetName(name string) error {
	units := 0
	for _, r := range name {
		units += utf16.RuneLen(r)
	}
	switch {
	case name == "":
		return errors.New("the sheet has no name")
	case units > maxSheetName:
		return fmt.Errorf("the sheet name %q is longer than %d characters", name, maxSheetName)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("the sheet name %q starts or ends with an apostrophe", name)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("the sheet name %q has one of : \\ / ? * [ ]", name)
	}
	return nil
}
