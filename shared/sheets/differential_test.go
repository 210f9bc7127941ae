package sheets

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets/ziptest"
)

// readWith reads every row of data with open (Open or openReference).
func readWith(open func([]byte, Limits) (*Reader, error), data []byte, l Limits) ([]readRow, error) {
	r, err := open(data, l)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var rows []readRow
	for r.Next() {
		rows = append(rows, readRow{r.RowNumber(), append([]Cell(nil), r.Row()...)})
	}
	return rows, r.Err()
}

func openFast(data []byte, l Limits) (*Reader, error) {
	return Open(bytes.NewReader(data), int64(len(data)), l)
}

// diffReads says how the fast reader's result differs from the
// reference's, "" when it does not. Both must fail, with the same code, or
// both read the same rows: the same numbers and cells, to the bit.
func diffReads(got []readRow, gotErr error, want []readRow, wantErr error) string {
	if wantErr != nil || gotErr != nil {
		var g, w *Error
		switch {
		case wantErr == nil:
			return fmt.Sprintf("fast reader failed: %v; the reference read %d rows", gotErr, len(want))
		case gotErr == nil:
			return fmt.Sprintf("fast reader read %d rows; the reference failed: %v", len(got), wantErr)
		case errors.As(gotErr, &g) != errors.As(wantErr, &w) || g != nil && g.Code != w.Code:
			return fmt.Sprintf("fast reader failed with %v, the reference with %v", gotErr, wantErr)
		}
		return ""
	}
	for i := range min(len(got), len(want)) {
		if got[i].num != want[i].num {
			return fmt.Sprintf("row %d: got number %d, want %d", i, got[i].num, want[i].num)
		}
		if len(got[i].cells) != len(want[i].cells) {
			return fmt.Sprintf("row %d: got %d cells %#v, want %d %#v", want[i].num, len(got[i].cells), got[i].cells, len(want[i].cells), want[i].cells)
		}
		for j, w := range want[i].cells {
			if g := got[i].cells[j]; !identical(g, w) {
				return fmt.Sprintf("row %d cell %d: got %#v, want %#v", want[i].num, j, g, w)
			}
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("got %d rows, want %d", len(got), len(want))
	}
	return ""
}

func identical(a, b Cell) bool {
	return a.Text == b.Text && a.IsNumber == b.IsNumber && a.IsDate == b.IsDate &&
		(math.Float64bits(a.Number) == math.Float64bits(b.Number) || math.IsNaN(a.Number) && math.IsNaN(b.Number)) &&
		a.Time.Equal(b.Time) && a.Time.Location() == b.Time.Location()
}

// sameAsReference fails t unless the fast reader reads data as the
// reference does.
func sameAsReference(t *testing.T, data []byte, l Limits) {
	t.Helper()
	got, gotErr := readWith(openFast, data, l)
	want, wantErr := readWith(openReference, data, l)
	if msg := diffReads(got, gotErr, want, wantErr); msg != "" {
		t.Fatal(msg)
	}
}

// fixtureBook is a workbook with one sheet whose cell formats are, by
// index: 1 a built-in date, 2 a custom date and time, 3 #,##0.00, 4 0%,
// 5 text (@), 6 a number with a quoted unit, 7 elapsed hours, 8 a built-in
// date and time.
func fixtureBook(t testing.TB, date1904 bool) []byte {
	return book(t, func(f *excelize.File) {
		code := func(s string) *string { return &s }
		for i, st := range []excelize.Style{
			{NumFmt: 14}, {CustomNumFmt: code("dd.mm.yyyy hh:mm")}, {NumFmt: 4}, {NumFmt: 10},
			{NumFmt: 49}, {CustomNumFmt: code(`0" шт."`)}, {CustomNumFmt: code("[h]:mm")}, {NumFmt: 22},
		} {
			if id, err := f.NewStyle(&st); err != nil || id != i+1 {
				t.Fatalf("style %d: got id %d, %v", i+1, id, err)
			}
		}
		if date1904 {
			yes := true
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
				t.Fatal(err)
			}
		}
		_ = f.SetCellValue("Sheet1", "A1", "x")
	})
}

// withParts copies an .xlsx, replacing or adding the given parts.
func withParts(t testing.TB, base []byte, parts map[string][]byte) []byte {
	t.Helper()
	return repack(t, base, func(f *zip.File) bool { _, replaced := parts[f.Name]; return !replaced }, parts)
}

// repack copies the entries of an .xlsx that keep takes, then adds parts.
func repack(t testing.TB, base []byte, keep func(*zip.File) bool, parts map[string][]byte) []byte {
	t.Helper()
	return ziptest.Rewrite(t, base, func(zw *zip.Writer, f *zip.File) error {
		if !keep(f) {
			return nil
		}
		return zw.Copy(f)
	}, func(zw *zip.Writer) error {
		for name, body := range parts {
			w, err := zw.Create(name)
			if err != nil {
				return err
			}
			if _, err := w.Write(body); err != nil {
				return err
			}
		}
		return nil
	})
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`

const sheetTail = `</sheetData></worksheet>`

// sheetOf is a worksheet part holding rows, raw XML.
func sheetOf(rows string) []byte { return []byte(sheetHead + rows + sheetTail) }

// sstOf is a shared-string part holding items, raw XML.
func sstOf(items string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + items + `</sst>`)
}

const fixtureStrings = `<si><t>Код ГО</t></si><si><t xml:space="preserve"> 12345 </t></si>` +
	`<si><r><t>Мага</t></r><r><rPr><b/><sz val="11"/><color rgb="FF0000"/></rPr><t>зин</t></r></si>` +
	`<si><t>45306</t></si><si><t>a_x000D_b_x005F_x0041_</t><rPh sb="0" eb="1"><t>ふ</t></rPh><phoneticPr fontId="1"/></si>` +
	`<si><t/></si><si/><si><t>1</t><t>2</t></si><si><t>x<b>y</b>z</t></si><si><t><![CDATA[<&>]]></t></si>`

// fixtureSheets are worksheets that exercise what excelize's row reader
// does with rows and cells, values of every type, strings and odd XML.
var fixtureSheets = map[string]string{
	"plain rows": `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12345</v></c><c r="C1" s="1"><v>45306</v></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>Магазин «Ромашка»</t></is></c><c r="B2" t="s"><v>2</v></c></row>`,
	"rows and cells without r": `<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row><c/><c><v>2</v></c></row><row><c r="C3"><v>3</v></c><c><v>4</v></c></row>`,
	"gaps":                     `<row r="3"><c r="C3"><v>1</v></c></row><row r="7"><c r="A7"><v>2</v></c><c r="Z7"><v>3</v></c></row>`,
	"rows out of order":        `<row r="5"><c r="A5"><v>5</v></c></row><row r="2"><c r="B2"><v>2</v></c></row><row r="6"><c r="A6"><v>6</v></c></row><row><c><v>7</v></c></row>`,
	"a row twice":              `<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>`,
	"rows with r 0 and less":   `<row r="0"><c><v>1</v></c></row><row r="-3"><c><v>2</v></c></row><row r="4"><c><v>3</v></c></row>`,
	"cells out of order":       `<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="A1"><v>1b</v></c><c><v>next</v></c><c r="B1"/><c r="D1"><f>1+1</f></c><c r="D1"><v>4</v></c></row>`,
	"cell references": `<row r="1"><c r="a1"><v>1</v></c><c r="$C$1"><v>2</v></c><c r="D01"><v>3</v></c><c r="XFD1"><v>4</v></c><c r=""><v>5</v></c>` +
		`<c r="B1" r=""><v>6</v></c></row><row r="2"><c r="A+2"><v>7</v></c><c r="AB0002"><v>8</v></c><c r="c1048576"><v>9</v></c></row>`,
	"a bad cell reference":       `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFE2"><v>2</v></c></row>`,
	"a signed reference":         `<row r="1"><c r="A1"><v>1</v></c><c r="+E1"><v>6</v></c></row>`,
	"a reference past 2^20":      `<row r="1"><c r="A1048577"><v>1</v></c></row>`,
	"a reference to row 0":       `<row r="1"><c r="A0"><v>1</v></c></row>`,
	"a reference with no column": `<row r="1"><c r="12"><v>1</v></c></row>`,
	"a bad row number":           `<row r="1"><c r="A1"><v>1</v></c></row><row r="x"><c><v>2</v></c></row>`,
	"too many rows":              `<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c><v>2</v></c></row>`,
	"a row past the end":         `<row r="1"><c r="A1"><v>1</v></c></row><row r="99999999999999999999"><c><v>2</v></c></row>`,
	"types": `<row r="1"><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="b"><v>2</v></c><c t="b"/><c t="e"><v>#DIV/0!</v></c>` +
		`<c t="str"><f>A1</f><v>abc</v></c><c><f>1+1</f></c><c t="n"><v>5</v></c><c t="bogus"><v>6</v></c><c t="str"><v> 0012 </v></c></row>` +
		`<row r="2"><c t="d"><v>2024-01-15T00:00:00Z</v></c><c t="d" s="1"><v>2024-01-15T13:30:00Z</v></c><c t="d" s="1"><v>20240115T133000Z</v></c>` +
		`<c t="d" s="2"><v>2024-01-15 10:00:00Z</v></c><c t="d"><v>not a date</v></c><c t="d" s="1"><v>1899-01-01T00:00:00Z</v></c><c t="d" s="8"><v>20240229T235959.999</v></c></row>`,
	"inline strings": `<row r="1"><c t="inlineStr"><is><r><t>a</t></r><r><rPr><b/><i val="0"/></rPr><t xml:space="preserve"> b </t></r></is></c>` +
		`<c t="inlineStr"><is><t>x</t><t>y</t></is></c><c t="inlineStr"><is/></c><c t="inlineStr"><is><t/></is></c>` +
		`<c t="inlineStr"><is><t>a<x>b</x>c</t></is></c><c t="inlineStr"><is><t><![CDATA[1<2]]></t></is></c>` +
		`<c t="inlineStr"><is><t>&lt;&amp;&gt;&quot;&apos;&#x41;&#66;&#xD800;</t></is></c><c t="inlineStr"><is><t>_x000D__x005F_x0041__xD800__x0041_</t></is></c>` +
		`<c t="inlineStr"><v>v only</v></c><c t="inlineStr"><is><t>one</t></is><is><t>two</t><r><t>run</t></r></is></c>` +
		`<c t="inlineStr"><is><t>12.50</t></is></c><c t="inlineStr"><is><t>12.5</t></is></c><c t="inlineStr" s="1"><is><t>45306</t></is></c>` +
		"<c t=\"inlineStr\"><is><t>line\r\nbreak\rend</t></is></c></row>",
	"shared strings": `<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s" s="1"><v>3</v></c><c t="s"><v>4</v></c>` +
		`<c t="s"><v>5</v></c><c t="s"><v>6</v></c><c t="s"><v>7</v></c><c t="s"><v>8</v></c><c t="s"><v>9</v></c></row>` +
		`<row r="2"><c t="s"><v>10</v></c><c t="s"><v>-1</v></c><c t="s"><v>abc</v></c><c t="s"><v> 2 </v></c><c t="s"><v>99999999999999999999</v></c><c t="s"/><c t="s"><v></v></c><c t="s"><v>3</v></c></row>`,
	"numbers": `<row r="1"><c><v>1E+20</v></c><c><v>1e-7</v></c><c><v>0.30000000000000004</v></c><c><v>-0</v></c><c><v>00123</v></c>` +
		`<c><v>123.450</v></c><c><v>1.7976931348623157e308</v></c><c><v>NaN</v></c><c><v>Inf</v></c><c><v>-Infinity</v></c><c><v>0x1p3</v></c>` +
		`<c><v>1_000</v></c><c><v> 12</v></c><c><v>+5</v></c><c><v>12345678901234567890</v></c><c><v>123456789012345678</v></c>` +
		`<c><v>1e400</v></c><c><v>.5</v></c><c><v>5.</v></c><c><v>0.1</v></c><c><v>-0.0</v></c><c><v>7707083893</v></c><c><v>1234567890123456</v></c></row>`,
	"dates": `<row r="1"><c s="1"><v>45306</v></c><c s="1"><v>45306.5</v></c><c s="1"><v>0.5</v></c><c s="1"><v>-1</v></c><c s="1"><v>1e10</v></c>` +
		`<c s="1"><v>60</v></c><c s="1"><v>59</v></c><c s="1"><v>61</v></c><c s="1"><v>1</v></c><c s="1"><v>0</v></c><c s="1"><v>abc</v></c>` +
		`<c s="2"><v>45306.123456789012</v></c><c s="2"><v>100000.12345678901</v></c><c s="2"><v>1e16</v></c><c s="2"><v>12345678.123456789</v></c>` +
		`<c s="7"><v>1.25</v></c><c s="8"><v>45351.5626736111</v></c><c s="2"><v>NaN</v></c><c s="2"><v>-Inf</v></c><c s="2"><v>Inf</v></c>` +
		`<c s="2"><v>-0</v></c><c s="2"><v>2958465.9999999</v></c><c s="2"><v>0.99999999999</v></c><c s="1" t="b"><v>1</v></c><c s="1" t="e"><v>#N/A</v></c></row>`,
	"styles": `<row r="1"><c s="0"><v>1.5</v></c><c s="3"><v>1234.5</v></c><c s="4"><v>0.25</v></c><c s="5"><v>45306</v></c><c s="6"><v>3</v></c>` +
		`<c s="999"><v>45306</v></c><c s="-1"><v>45306</v></c><c s="abc" r="Z1"><v>45306</v></c><c s="1.0"><v>45306</v></c><c s="9"><v>45306</v></c><c s=" 1"><v>45306</v></c></row>`,
	"name spaces": `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c>` +
		`<x:c r="B1"><x:v>2</x:v></x:c><c r="C1"><v>3</v></c></x:row>` +
		`<row r="2" xmlns:y="urn:other"><c r="A2"><y:c><v>9</v></y:c><v>1</v></c><c r="B2"><z:v xmlns:z="urn:z">5</z:v></c></row>`,
	"comments, instructions and CDATA": `<!-- a comment --><row r="1"><?pi data?><c><v><![CDATA[12]]></v></c><c><v>1<!-- x -->2</v></c>` +
		`<c><v> 12 </v></c><c><v>1<x>9</x>2</v></c><c><v>1</v><v>2</v></c></row>`,
	"a cell inside a cell":        `<row r="1"><c r="A1"><x><c r="B1"><v>2</v></c></x><v>1</v></c><c><v>3</v></c></row>`,
	"formulas that do not decode": `<row r="1"><c r="A1"><f ca="maybe">1</f><v>5</v></c><c r="B1"><f si="x"/><v>6</v></c><c r="C1"><f ca=" true " si=" 3 "/><v>7</v></c></row>`,
	"rich text that does not decode": `<row r="1"><c r="A1" t="inlineStr"><is><t>kept</t><r><rPr><sz val="big"/></rPr><t>x</t></r></is><v>leak</v></c>` +
		`<c r="B1" t="inlineStr"><is><r><t>a</t></r><rPh sb="-1"><t>b</t></rPh></is></c><c r="C1" t="inlineStr"><is><phoneticPr fontId="x"/><t>c</t></is></c></row>`,
	"self-closing rows and cells": `<row r="1"/><row r="2"><c r="A2"/><c r="B2" t="s"/></row><row r="3"><c r="A3"><v>3</v></c></row>`,
	"no rows":                     ``,
	"blank rows":                  `<row r="1"><c t="inlineStr"><is><t>  </t></is></c></row><row r="2"><c t="inlineStr"><is><t>x</t></is></c></row>`,
	"pretty-printed":              "\r\n  <row r=\"1\">\r\n    <c r=\"A1\" t=\"inlineStr\">\r\n      <is><t>a</t></is>\r\n    </c>\r\n    <c\r\n r = 'B1'\tt='s' ><v>0</v></c>\r\n  </row>\r\n",
}

// fixtureSheetParts are whole worksheet parts with what cannot be put
// between <sheetData> tags.
var fixtureSheetParts = map[string][]byte{
	"prefixed elements": []byte(`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`),
	"a byte order mark": append([]byte("\xef\xbb\xbf"), sheetOf(`<row r="1"><c><v>1</v></c></row>`)...),
	"windows-1251": append([]byte(`<?xml version="1.0" encoding="windows-1251"?><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>`),
		append([]byte{0xCA, 0xEE, 0xE4}, []byte(`</t></is></c></row></sheetData></worksheet>`)...)...),
	"no sheetData":         []byte(`<worksheet><dimension ref="A1"/></worksheet>`),
	"rows after sheetData": []byte(`<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData><row r="2"><c><v>2</v></c></row></worksheet>`),
	"a doctype":            []byte(`<!DOCTYPE worksheet [<!ENTITY e "x"> <!-- c --> ]><worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>`),
	"a row outside sheetData": []byte(`<worksheet><sheetPr><row r="1"><c><v>0</v></c></row></sheetPr><sheetData>` +
		`<row r="2"><c><v>1</v></c></row></sheetData></worksheet>`),
	"damage after sheetData": []byte(`<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData><bad</worksheet>`),
	"a row after sheetData, then damage": []byte(`<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData>` +
		"<row r=\"2\"><c><v>2</v></c></row>\x10\x00worksheet>"),
	"damage inside a cell after sheetData": []byte(`<worksheet><sheetData><row r="1"><c><v>1</v></c></row></sheetData>` +
		`<row r="2"><c r="B2"><v>2</v><v>3` + "\x01" + `</v></c><c><v>4</v></c></row></worksheet>`),
	"damage inside an inline string after sheetData": []byte(`<worksheet><sheetData></sheetData>` +
		`<row r="2"><c t="inlineStr"><is><t>a</t><t>b` + "\x01" + `</t></is></c></row></worksheet>`),
}

// fixtureStringParts are shared-string parts read with the sheet of row 1
// of "shared strings".
var fixtureStringParts = map[string][]byte{
	"fixture":              sstOf(fixtureStrings),
	"no name space":        []byte(`<sst><si><t>a</t></si></sst>`),
	"strict name space":    []byte(`<sst xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><si><t>http://purl.oclc.org/ooxml/spreadsheetml/main</t></si></sst>`),
	"a prefixed root":      []byte(`<s:sst xmlns:s="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><s:si><s:t>a</s:t></s:si><x><si><t>nested</t></si></x></s:sst>`),
	"another root":         []byte(`<strings xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></strings>`),
	"bad counts":           sstOf(``)[:0],
	"a count":              []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count=" 2 " uniqueCount=""><si><t>a</t></si></sst>`),
	"a bad count":          []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="two"><si><t>a</t></si></sst>`),
	"rich text that fails": sstOf(`<si><t>a</t><r><rPr><b val="yes"/></rPr><t>b</t></r></si><si><t>c</t></si>`),
	"empty":                {},
	"items after the root": []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst><si><t>b</t></si>`),
}

func TestFastReaderMatchesExcelizeOnFixtures(t *testing.T) {
	limits := map[string]Limits{"in memory": {}, "spilled": {MaxXMLInMemory: 64, TempDir: t.TempDir()}}
	for _, date1904 := range []bool{false, true} {
		base := fixtureBook(t, date1904)
		for name, rows := range fixtureSheets {
			data := withParts(t, base, map[string][]byte{sheetPart: sheetOf(rows), "xl/sharedStrings.xml": sstOf(fixtureStrings)})
			for lname, l := range limits {
				t.Run(fmt.Sprintf("%s/%s/1904=%v", name, lname, date1904), func(t *testing.T) { sameAsReference(t, data, l) })
			}
		}
	}
	base := fixtureBook(t, false)
	for name, part := range fixtureSheetParts {
		data := withParts(t, base, map[string][]byte{sheetPart: part})
		t.Run("part/"+name, func(t *testing.T) { sameAsReference(t, data, Limits{}) })
	}
	for name, sst := range fixtureStringParts {
		data := withParts(t, base, map[string][]byte{sheetPart: sheetOf(fixtureSheets["shared strings"]), "xl/sharedStrings.xml": sst})
		for lname, l := range limits {
			t.Run("strings/"+name+"/"+lname, func(t *testing.T) { sameAsReference(t, data, l) })
		}
	}
}

// wellFormed reports whether encoding/xml, set up as excelize sets it up
// but with the reader's charsets (charsetReader, which leaves out the
// Chinese, Japanese and Korean ones), reads a part without error: the whole
// of it, or up to the end of the sheetData element when sheet is set
// (excelize reads no further).
func wellFormed(part []byte, sheet bool) bool {
	d := xml.NewDecoder(bytes.NewReader(part))
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		if end, ok := tok.(xml.EndElement); ok && sheet && end.Name.Local == "sheetData" {
			return true
		}
	}
}

// withBadChecksum copies an .xlsx, giving the named part a wrong CRC-32.
func withBadChecksum(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	return ziptest.Rewrite(t, data, func(zw *zip.Writer, f *zip.File) error {
		if f.Name != name {
			return zw.Copy(f)
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return err
		}
		h := f.FileHeader
		h.CRC32 ^= 1
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, raw)
		return err
	}, nil)
}

func TestReaderRefusesAPartWithAWrongChecksum(t *testing.T) {
	base := fixtureBook(t, false)
	usesStrings := withParts(t, base, map[string][]byte{sheetPart: sheetOf(fixtureSheets["shared strings"]), "xl/sharedStrings.xml": sstOf(fixtureStrings)})
	noStrings := withParts(t, base, map[string][]byte{sheetPart: sheetOf(fixtureSheets["numbers"]), "xl/sharedStrings.xml": sstOf(fixtureStrings)})
	tests := []struct {
		name string
		data []byte
		part string
	}{
		{"the sheet", usesStrings, sheetPart},
		{"shared strings in use", usesStrings, "xl/sharedStrings.xml"},
		{"shared strings no cell uses", noStrings, "xl/sharedStrings.xml"},
		{"the styles", usesStrings, "xl/styles.xml"},
		{"document properties", usesStrings, "docProps/app.xml"},
	}
	for _, tt := range tests {
		for lname, l := range map[string]Limits{"in memory": {}, "spilled": {MaxXMLInMemory: 64, TempDir: t.TempDir()}} {
			t.Run(tt.name+"/"+lname, func(t *testing.T) {
				_, err := readAll(t, withBadChecksum(t, tt.data, tt.part), l)
				var e *Error
				if !errors.As(err, &e) || e.Code != CodeCorrupt {
					t.Fatalf("got %v, want a corrupt file", err)
				}
			})
		}
	}
}

func TestFastReaderMatchesExcelizeOnALargeSpilledStringTable(t *testing.T) {
	var items, rows strings.Builder
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&items, "<si><t>строка %d %s</t></si>", i, strings.Repeat("ж", i%300))
	}
	for r := 1; r <= 500; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := range 10 {
			fmt.Fprintf(&rows, `<c t="s"><v>%d</v></c>`, (r*7919+c*104729)%(n+5))
		}
		rows.WriteString(`</row>`)
	}
	data := withParts(t, fixtureBook(t, false), map[string][]byte{sheetPart: sheetOf(rows.String()), "xl/sharedStrings.xml": sstOf(items.String())})
	for _, memory := range []int64{1 << 10, 1 << 20, 64 << 20} {
		t.Run(fmt.Sprint(memory), func(t *testing.T) {
			l := Limits{MaxXMLInMemory: memory, TempDir: t.TempDir()}
			sameAsReference(t, data, l)
			if left, _ := os.ReadDir(l.TempDir); len(left) != 0 {
				t.Errorf("got %d files left in the temp dir, want none", len(left))
			}
		})
	}
}

// failingReader fails every read that touches bytes from to to.
type failingReader struct {
	data     []byte
	from, to int64
}

var errConnection = errors.New("connection reset")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.from && off < f.to {
		return 0, errConnection
	}
	return bytes.NewReader(f.data).ReadAt(p, off)
}

func TestReaderPassesOnTheFilesOwnReadError(t *testing.T) {
	data := book(t, func(f *excelize.File) {
		for r := 1; r <= 20_000; r++ {
			axis, _ := excelize.CoordinatesToCellName(1, r)
			_ = f.SetSheetRow("Sheet1", axis, &[]any{fmt.Sprintf("строка %d", r), r, r * 7})
		}
	})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var from, to int64
	for _, f := range zr.File {
		if f.Name == sheetPart {
			off, _ := f.DataOffset()
			from, to = off+int64(f.CompressedSize64)/2, off+int64(f.CompressedSize64)
		}
	}
	r, err := Open(failingReader{data, from, to}, int64(len(data)), Limits{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	for r.Next() {
	}
	var e *Error
	if err := r.Err(); !errors.Is(err, errConnection) || errors.As(err, &e) {
		t.Fatalf("got %v, want the reader's own error, not a damaged file", err)
	}
}

// Cells the fast path must leave to the token-by-token reading, each next
// to one it takes, so that both readings are compared.
var _ = func() bool {
	fixtureSheets["shapes the fast path declines"] = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" ref="x"><v>1</v></c></row>` +
		`<row r="2"><c r="A2"><v>2</v></c><c r="B2"  t="s"><v>1</v></c><c r="C2"t="s"><v>1</v></c><c r='D2'><v>3</v></c></row>` +
		`<row r="3"><c r="A3" s="01"><v>4</v></c><c r="B3" s="+1"><v>45306</v></c><c r="C3" xmlns="urn:x"><v>5</v></c><c r="D3" t="inlineStr"><is><t xml:space="default">x</t></is></c></row>` +
		`<row r="4"><c r="A4"><v>1&amp;2</v></c><c r="B4"><v>a]]b</v></c><c r="C4"><v>a]]&gt;b</v></c><c r="D4"><v>` + "\u00e9\u4e2d\U0001F600" + `</v></c></row>` +
		`<row r="5"><c r="A5"><v>x` + "\r\n" + `y</v></c><c r="B5" t="inlineStr"><is><t>` + strings.Repeat("ж", 40) + `</t></is></c><c r="C5" cm="1" vm="2"><v>6</v></c></row>`
	return true
}()

// TestReaderRefusesASheetWithUnreadableXML pins the one way the fast reader
// departs from excelize on purpose: where encoding/xml cannot read a
// worksheet before the end of its data, excelize stops quietly and yields
// the rows before the damage as if they were the whole sheet; the fast
// reader refuses the file, as a half-loaded directory is worse than none.
func TestReaderRefusesASheetWithUnreadableXML(t *testing.T) {
	base := fixtureBook(t, false)
	for name, part := range map[string][]byte{
		"a bad attribute name": sheetOf(`<row r="1"><c><v>1</v></c></row><row r="2"><c 1="x"><v>2</v></c></row>`),
		"a control character":  sheetOf(`<row r="1"><c><v>1</v></c></row><row r="2"><c t="inlineStr"><is><t>a` + "\x0b" + `</t></is></c></row>`),
		"a tag left open":      sheetOf(`<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</c></row>`),
		"the part cut short":   []byte(sheetHead + `<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</v>`),
	} {
		t.Run(name, func(t *testing.T) {
			data := withParts(t, base, map[string][]byte{sheetPart: part})
			want, err := readWith(openReference, data, Limits{})
			if err != nil || len(want) == 0 {
				t.Fatalf("the reference read %d rows, %v; want it to stop quietly after the first", len(want), err)
			}
			_, err = readWith(openFast, data, Limits{})
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeCorrupt {
				t.Fatalf("got %v, want a corrupt file", err)
			}
		})
	}
}
