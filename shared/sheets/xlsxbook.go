package sheets

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"
)

// workbook is what reading the first worksheet takes from the rest of an
// .xlsx package.
type workbook struct {
	sheet        *zip.File // the first worksheet's part
	strings      *zip.File // the shared strings as excelize keeps them in memory, if any
	largeStrings *zip.File // the shared strings as excelize unpacks them to a file, if any
	date1904     bool
	dateXF       []bool // for each cell format, whether it shows dates
	contentTypes []byte // [Content_Types].xml
}

// readWorkbook reads everything of a workbook but its worksheets and shared
// strings with excelize itself, from a copy of the archive in which those
// parts are empty: the workbook, its relationships, styles, theme and
// calculation chain are then decoded — and refused when damaged — exactly
// as on the excelize path, for a few milliseconds. The parts left out are
// read by the fast reader.
func readWorkbook(zr *zip.Reader, l Limits) (wb *workbook, err error) {
	var meta bytes.Buffer
	zw := zip.NewWriter(&meta)
	for _, f := range zr.File {
		if isBulkPart(f.Name) {
			_, err = zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		} else {
			err = zw.Copy(f)
		}
		if err != nil {
			return nil, readError(fmt.Errorf("copy %s: %w", f.Name, err))
		}
	}
	if err := zw.Close(); err != nil {
		return nil, corrupt(KindXLSX, err)
	}
	defer func() {
		if p := recover(); p != nil {
			wb, err = nil, corrupt(KindXLSX, fmt.Errorf("excelize panicked: %v", p))
		}
	}()
	book, err := excelize.OpenReader(&meta, excelize.Options{
		UnzipSizeLimit:    l.MaxUnzipped,
		UnzipXMLSizeLimit: l.MaxXMLInMemory,
		TmpDir:            l.TempDir,
	})
	if err != nil {
		return nil, corrupt(KindXLSX, err)
	}
	defer book.Close()
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		return nil, corrupt(KindXLSX, errors.New("the workbook has no sheets"))
	}
	props, err := book.GetWorkbookProps()
	if err != nil {
		return nil, corrupt(KindXLSX, fmt.Errorf("read workbook properties: %w", err))
	}
	// Rows checks the sheet's name and that it has a part, as on the
	// excelize path; the part itself is one of the empty ones.
	rows, err := book.Rows(sheets[0])
	if err != nil {
		return nil, corrupt(KindXLSX, fmt.Errorf("open sheet %q: %w", sheets[0], err))
	}
	_ = rows.Close()
	part, ok := partOfSheet(book, sheets[0])
	if !ok {
		return nil, corrupt(KindXLSX, fmt.Errorf("no part for sheet %q", sheets[0]))
	}
	wb = &workbook{
		date1904:     props.Date1904 != nil && *props.Date1904,
		dateXF:       dateFormats(book),
		contentTypes: pkgPart(book, "[Content_Types].xml"),
	}
	wb.sheet, wb.strings, wb.largeStrings = pickParts(zr, part, l)
	if wb.sheet == nil {
		return nil, corrupt(KindXLSX, fmt.Errorf("no part %s for sheet %q", part, sheets[0]))
	}
	return wb, nil
}

// isBulkPart is whether excelize would unpack a part to a temporary file
// when large: worksheets and the shared strings. The fast reader streams
// those itself.
func isBulkPart(name string) bool {
	name = strings.ToLower(partName(name))
	return strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
}

// partName is the name excelize files a zip entry under.
func partName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return "[Content_Types].xml"
	case "xl/sharedstrings.xml":
		return "xl/sharedStrings.xml"
	}
	return name
}

// pickParts finds the entries excelize reads for the worksheet part and the
// shared strings. Should the archive hold a part twice, excelize keeps the
// last copy in memory, or the last one large enough for a temporary file
// when no copy in memory has content; so does this.
func pickParts(zr *zip.Reader, sheet string, l Limits) (sheetFile, sharedStrings, largeStrings *zip.File) {
	var sheetInMemory, sheetOnDisk *zip.File
	for _, f := range zr.File {
		name := partName(f.Name)
		large := int64(f.UncompressedSize64) > l.MaxXMLInMemory
		if name == sheet {
			if large && !f.FileInfo().IsDir() && strings.HasPrefix(strings.ToLower(name), "xl/worksheets/sheet") {
				sheetOnDisk = f
			} else {
				sheetInMemory = f
			}
		}
		if name == "xl/sharedStrings.xml" {
			if large {
				largeStrings = f
			} else {
				sharedStrings = f
			}
		}
	}
	sheetFile = sheetInMemory
	if sheetOnDisk != nil && (sheetInMemory == nil || sheetInMemory.UncompressedSize64 == 0) {
		sheetFile = sheetOnDisk
	}
	return sheetFile, sharedStrings, largeStrings
}

// dateFormats tells, for each cell format of the workbook, whether its
// number format shows a date or time: a built-in date format, or a custom
// one whose code is a date's (the last definition of an id counts).
func dateFormats(book *excelize.File) []bool {
	styles := book.Styles
	if styles == nil || styles.CellXfs == nil {
		return nil
	}
	custom := map[int]string{}
	if styles.NumFmts != nil {
		for _, nf := range styles.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	dates := make([]bool, len(styles.CellXfs.Xf))
	for i, xf := range styles.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		dates[i] = isBuiltInDateFormat(id)
		if code, ok := custom[id]; ok {
			dates[i] = isDateFormatCode(code)
		}
	}
	return dates
}

// partOfSheet is the part excelize reads for the named sheet: the target of
// the workbook relationship with the sheet's r:id, resolved against the
// workbook's folder, when the package has such a part (getSheetMap); the
// name compared ignoring case (getSheetXMLPath).
func partOfSheet(book *excelize.File, name string) (string, bool) {
	wbPath := workbookPath(book)
	rels := relationships(book, workbookRelsPath(wbPath))
	parts := map[string]string{}
	var names []string
	for _, sheet := range book.WorkBook.Sheets.Sheet {
		for _, rel := range rels {
			if rel.ID != sheet.ID {
				continue
			}
			part := worksheetPath(wbPath, rel.Target)
			if _, ok := book.Pkg.Load(part); ok {
				if _, seen := parts[sheet.Name]; !seen {
					names = append(names, sheet.Name)
				}
				parts[sheet.Name] = part
			}
		}
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return parts[n], true
		}
	}
	return "", false
}

// relationship is excelize's xlsxRelationship, to decode the same parts.
type relationship struct {
	ID         string `xml:"Id,attr"`
	Target     string `xml:",attr"`
	Type       string `xml:",attr"`
	TargetMode string `xml:",attr,omitempty"`
}

// relationships decodes a relationships part as excelize's relsReader does;
// nil when it is missing or damaged.
func relationships(book *excelize.File, path string) []relationship {
	data := pkgPart(book, path)
	if data == nil {
		return nil
	}
	var rels struct {
		XMLName       xml.Name       `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
		Relationships []relationship `xml:"Relationship"`
	}
	if err := newXMLDecoder(strictToTransitional(data)).Decode(&rels); err != nil && err != io.EOF {
		return nil
	}
	return rels.Relationships
}

// workbookPath is excelize's getWorkbookPath: the package's office document.
func workbookPath(book *excelize.File) string {
	for _, rel := range relationships(book, "_rels/.rels") {
		if rel.Type == excelize.SourceRelationshipOfficeDocument {
			return strings.TrimPrefix(rel.Target, "/")
		}
	}
	return ""
}

// workbookRelsPath is excelize's getWorkbookRelsPath.
func workbookRelsPath(wbPath string) string {
	dir := filepath.Dir(wbPath)
	if dir == "." {
		return "_rels/" + filepath.Base(wbPath) + ".rels"
	}
	return strings.TrimPrefix(dir+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
}

// worksheetPath is excelize's getWorksheetPath.
func worksheetPath(wbPath, target string) string {
	if strings.HasPrefix(target, "/") {
		return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(target), "\\", "/"), "/"))
	}
	return filepath.ToSlash(strings.TrimPrefix(
		strings.ReplaceAll(filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(wbPath), target)), "\\", "/"), "/"))
}

// pkgPart is a part as excelize holds it; nil when there is none.
func pkgPart(book *excelize.File, name string) []byte {
	v, _ := book.Pkg.Load(name)
	data, _ := v.([]byte)
	return data
}

// checkContentTypes decodes [Content_Types].xml as excelize does on the
// first row it reads, failing where it fails.
func checkContentTypes(data []byte) error {
	type (
		override struct {
			PartName    string `xml:",attr"`
			ContentType string `xml:",attr"`
		}
		byExtension struct {
			Extension   string `xml:",attr"`
			ContentType string `xml:",attr"`
		}
	)
	var types struct {
		XMLName   xml.Name      `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
		Defaults  []byExtension `xml:"Default"`
		Overrides []override    `xml:"Override"`
	}
	if err := newXMLDecoder(strictToTransitional(data)).Decode(&types); err != nil && err != io.EOF {
		return fmt.Errorf("read [Content_Types].xml: %w", err)
	}
	return nil
}

// newXMLDecoder is an XML decoder set up as excelize sets up its own.
func newXMLDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	return d
}
