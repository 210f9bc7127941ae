package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets/ziptest"
)

func TestExcelDateToTimeMatchesExcelize(t *testing.T) {
	serials := []float64{0, 1e-9, 0.5, 0.99999999999, 1, 1.5, 59, 59.999, 60, 60.5, 61, 61.25, 62, 45306, 45306.0625,
		45351.5626736111, 2958465.9999999, 1e7, 1e10, -1, -0.5, math.SmallestNonzeroFloat64, 100000.12345678901}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		switch rnd.IntN(3) {
		case 0:
			serials = append(serials, rnd.Float64()*70)
		case 1:
			serials = append(serials, rnd.Float64()*3e6)
		default:
			serials = append(serials, float64(rnd.IntN(3e6))+float64(rnd.IntN(86400))/86400)
		}
	}
	for _, date1904 := range []bool{false, true} {
		for _, s := range serials {
			got, gotErr := excelDateToTime(s, date1904)
			want, wantErr := excelize.ExcelDateToTime(s, date1904)
			if !got.Equal(want) || (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("serial %v (1904: %v): got %v, %v; excelize %v, %v", s, date1904, got, gotErr, want, wantErr)
			}
		}
	}
}

func TestColumnOfNameMatchesExcelize(t *testing.T) {
	for _, ref := range []string{"A1", "a1", "$A$1", "XFD1", "XFE1", "xfd1048576", "A1048577", "A0", "A-1", "A+1", "A01",
		"1", "", "$", "$1", "A", "AB$12", "A1B2", "ZZZZ1", "AAAAAAAA1", "A 1", " A1", "A1 ", "Ж1", "A1Ж", "@1", "[1", "A99999999999999999999"} {
		got, gotErr := columnOfName(ref)
		want, _, wantErr := excelize.CellNameToCoordinates(ref)
		if (gotErr == nil) != (wantErr == nil) || gotErr == nil && got != want {
			t.Errorf("%q: got %d, %v; excelize %d, %v", ref, got, gotErr, want, wantErr)
		}
	}
}

const (
	wbHead   = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	wbOpen   = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	relsOpen = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	wsRel    = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`
	docRel   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument`
)

// workbookVariants are package parts other than the worksheet, each set
// replacing the fixture's: where the workbook is, which sheet comes first,
// the date system, the cell formats, and parts damaged in ways that do or
// do not stop excelize.
var workbookVariants = map[string]map[string]string{
	"1904 as true":   {"xl/workbook.xml": wbHead + wbOpen + `<workbookPr date1904="true"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"1904 as 1":      {"xl/workbook.xml": wbHead + wbOpen + `<workbookPr date1904=" 1 "/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"1904 as 0":      {"xl/workbook.xml": wbHead + wbOpen + `<workbookPr date1904="0"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"1904 as yes":    {"xl/workbook.xml": wbHead + wbOpen + `<workbookPr date1904="yes"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"a bad sheet id": {"xl/workbook.xml": wbHead + wbOpen + `<sheets><sheet name="Sheet1" sheetId="one" r:id="rId1"/></sheets></workbook>`},
	"no sheets":      {"xl/workbook.xml": wbHead + wbOpen + `<sheets/></workbook>`},
	"the first sheet has no part": {"xl/workbook.xml": wbHead + wbOpen +
		`<sheets><sheet name="Пусто" sheetId="2" r:id="rId9"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"a first sheet with a bad name": {"xl/workbook.xml": wbHead + wbOpen + `<sheets><sheet name="a/b" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"a first sheet named too long":  {"xl/workbook.xml": wbHead + wbOpen + `<sheets><sheet name="` + strings.Repeat("ж", 32) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"two sheets on one part, names differing in case": {"xl/workbook.xml": wbHead + wbOpen +
		`<sheets><sheet name="Лист" sheetId="1" r:id="rId1"/><sheet name="ЛИСТ" sheetId="2" r:id="rId1"/></sheets></workbook>`},
	"a prefixed workbook": {"xl/workbook.xml": wbHead + `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<x:workbookPr date1904="1"/><x:sheets><x:sheet name="Sheet1" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`},
	"a strict workbook": {"xl/workbook.xml": wbHead + `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">` +
		`<workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"a workbook in another name space": {"xl/workbook.xml": wbHead + `<workbook xmlns="urn:other"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	"a damaged workbook":               {"xl/workbook.xml": wbHead + wbOpen + `<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>`},
	"a workbook elsewhere": {
		"_rels/.rels":                   wbHead + relsOpen + `<Relationship Id="rId1" Type="` + docRel + `" Target="/book/main.xml"/></Relationships>`,
		"book/main.xml":                 wbHead + wbOpen + `<workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId7"/></sheets></workbook>`,
		"book/_rels/main.xml.rels":      wbHead + relsOpen + `<Relationship Id="rId7" Type="` + wsRel + `" Target="../xl/worksheets/sheet1.xml"/></Relationships>`,
		"xl/_rels/workbook.xml.rels":    "",
		"[Content_Types].xml":           `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":               "",
		"docProps/app.xml":              "",
		"xl/theme/theme1.xml":           "",
		"xl/calcChain.xml":              "",
		"xl/worksheets/_rels/none.rels": "",
	},
	"no office document":             {"_rels/.rels": wbHead + relsOpen + `</Relationships>`},
	"damaged root relationships":     {"_rels/.rels": wbHead + relsOpen + `<Relationship`},
	"damaged workbook relationships": {"xl/_rels/workbook.xml.rels": wbHead + relsOpen + `<Relationship Id="rId1"`},
	"workbook relationships in another name space": {"xl/_rels/workbook.xml.rels": wbHead +
		`<Relationships xmlns="urn:x"><Relationship Id="rId1" Type="` + wsRel + `" Target="worksheets/sheet1.xml"/></Relationships>`},
	"no workbook relationships": {"xl/_rels/workbook.xml.rels": ""},
	"an absolute sheet target": {"xl/_rels/workbook.xml.rels": wbHead + relsOpen +
		`<Relationship Id="rId1" Type="` + wsRel + `" Target="/xl/worksheets/sheet1.xml"/></Relationships>`},
	"a sheet target with dots": {"xl/_rels/workbook.xml.rels": wbHead + relsOpen +
		`<Relationship Id="rId1" Type="` + wsRel + `" Target="./worksheets/../worksheets/sheet1.xml"/></Relationships>`},
	"no styles":                    {"xl/styles.xml": ""},
	"damaged styles":               {"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="14">`},
	"styles in another name space": {"xl/styles.xml": `<styleSheet xmlns="urn:x"><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>`},
	"a bad number format id":       {"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf/><xf numFmtId="x"/></cellXfs></styleSheet>`},
	"a bad format count":           {"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="?"/><cellXfs><xf/></cellXfs></styleSheet>`},
	"formats redefined, unset and built in": {"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts><numFmt numFmtId="164" formatCode="0.00"/><numFmt numFmtId="164" formatCode="yyyy"/><numFmt numFmtId="14" formatCode="0"/><numFmt numFmtId="165" formatCode="&quot;d&quot;0"/></numFmts>` +
		`<cellXfs><xf/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="47"/><xf numFmtId="999"/><xf numFmtId="-1"/><xf numFmtId="20"/></cellXfs>` +
		`<cellXfs><xf numFmtId="15"/></cellXfs></styleSheet>`},
	"strict styles":           {"xl/styles.xml": `<styleSheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><cellXfs><xf/><xf numFmtId="14"/></cellXfs></styleSheet>`},
	"a damaged theme":         {"xl/theme/theme1.xml": `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>`},
	"a theme of another kind": {"xl/theme/theme1.xml": `<theme/>`},
	"an empty theme":          {"xl/theme/theme1.xml": ""},
	"a calculation chain":     {"xl/calcChain.xml": `<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1" i="1"/></calcChain>`},
	"a damaged chain":         {"xl/calcChain.xml": `<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1"`},
	"a chain of another kind": {"xl/calcChain.xml": `<chain/>`},
	"damaged content types":   {"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default`},
	"content types elsewhere": {"[Content_Types].xml": `<Types xmlns="urn:x"/>`},
	"names in other case":     {"[content_types].XML": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
	"a windows-1251 workbook": {"xl/workbook.xml": `<?xml version="1.0" encoding="windows-1251"?>` + wbOpen +
		`<sheets><sheet name="` + "\xcb\xe8\xf1\xf2" + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
}

// TestWorkbookPartsReadAsWithExcelize holds the reading of the workbook's
// own parts to excelize's: for each variant, the same rows, or both
// refusing the file.
func TestWorkbookPartsReadAsWithExcelize(t *testing.T) {
	base := withParts(t, fixtureBook(t, false), map[string][]byte{sheetPart: sheetOf(fixtureSheets["dates"] + fixtureSheets["styles"])})
	for name, parts := range workbookVariants {
		t.Run(name, func(t *testing.T) {
			replace := map[string][]byte{}
			for p, body := range parts {
				replace[p] = []byte(body)
			}
			data := withoutEmpty(t, withParts(t, base, replace))
			sameAsReference(t, data, Limits{})
		})
	}
}

// withoutEmpty drops the package's empty parts, which stand for parts a
// variant removes.
func withoutEmpty(t testing.TB, data []byte) []byte {
	t.Helper()
	return repack(t, data, func(f *zip.File) bool { return f.UncompressedSize64 > 0 }, nil)
}

// FuzzWorkbookPartsReadAsWithExcelize feeds fuzzed workbook,
// relationships and styles parts to both readers. The reader may read a
// workbook excelize refuses — one whose parts are well-formed but hold an
// attribute the reader has no use for that does not decode as excelize
// types it — but never refuses one excelize reads, and reads the same rows.
func FuzzWorkbookPartsReadAsWithExcelize(f *testing.F) {
	for _, parts := range workbookVariants {
		f.Add([]byte(parts["xl/workbook.xml"]), []byte(parts["xl/_rels/workbook.xml.rels"]), []byte(parts["xl/styles.xml"]))
	}
	base := withParts(f, fixtureBook(f, false), map[string][]byte{sheetPart: sheetOf(fixtureSheets["dates"])})
	f.Fuzz(func(t *testing.T, workbook, rels, styles []byte) {
		replace := map[string][]byte{}
		for name, part := range map[string][]byte{"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "xl/styles.xml": styles} {
			if len(part) > 0 {
				replace[name] = part
			}
		}
		data := withParts(t, base, replace)
		got, gotErr := readWith(openFast, data, Limits{})
		want, wantErr := readWith(openReference, data, Limits{})
		var e *Error
		if wantErr != nil && gotErr == nil && errors.As(wantErr, &e) && e.Code == CodeCorrupt {
			return
		}
		if msg := diffReads(got, gotErr, want, wantErr); msg != "" {
			t.Fatal(msg)
		}
	})
}

// TestOpenPassesOnTheFilesOwnReadErrorInTheWorkbookParts: a read of the
// file that fails while the workbook's own parts are read is the reader's
// error, not a damaged file.
func TestOpenPassesOnTheFilesOwnReadErrorInTheWorkbookParts(t *testing.T) {
	// A large first entry puts the parts past the bytes Open reads first
	// to tell the file's type.
	data := ziptest.Prepend(t, fixtureBook(t, false), "customXml/padding.bin", make([]byte, 4*SniffLen))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readAll(t, data, Limits{}); err != nil {
		t.Fatalf("the padded workbook does not read: %v", err)
	}
	for _, f := range zr.File {
		switch f.Name {
		case "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/theme/theme1.xml", "[Content_Types].xml":
		default:
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			_, err = Open(failingReader{data, off, off + int64(f.CompressedSize64)}, int64(len(data)), Limits{})
			var e *Error
			if !errors.Is(err, errConnection) || errors.As(err, &e) {
				t.Fatalf("got %v, want the reader's own error, not a damaged file", err)
			}
		})
	}
}
