package sheets

import (
	"aftersales/shared/xlsxwrite"
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
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

// readWorkbook reads what the first worksheet's rows depend on from the
// rest of the package: which part holds the first sheet, the date system,
// and which cell formats show dates. It follows the way excelize, which the
// reader was first built on and is still checked against, finds and decodes
// these parts (the paths, name spaces, element types, and the parts it
// refuses to open a workbook over: a workbook, relationships, styles, theme
// or calculation chain part that is not well-formed XML or whose root or
// used attributes do not decode), without linking it.
func readWorkbook(zr *zip.Reader, l Limits) (*workbook, error) {
	pkg := packageOf(zr)
	wbPath := ""
	rootRels, err := pkg.relationships("_rels/.rels")
	var sys *systemError
	if errors.As(err, &sys) {
		return nil, sys.err // the file could not be read; damage here excelize ignores
	}
	if err == nil {
		for _, rel := range rootRels {
			if rel.Type == officeDocumentRelationship {
				wbPath = strings.TrimPrefix(rel.Target, "/")
				break
			}
		}
	}
	var book workbookXML
	if err := pkg.decode(wbPath, &book); err != nil {
		return nil, readError(fmt.Errorf("read the workbook: %w", err))
	}
	rels, err := pkg.relationships(workbookRelsPath(wbPath))
	if err != nil {
		return nil, readError(fmt.Errorf("read the workbook's relationships: %w", err))
	}
	var styles stylesXML
	if err := pkg.decode("xl/styles.xml", &styles); err != nil {
		return nil, readError(fmt.Errorf("read the styles: %w", err))
	}
	if _, ok := pkg.parts["xl/theme/theme1.xml"]; ok {
		var theme struct {
			XMLName xml.Name `xml:"http://schemas.openxmlformats.org/drawingml/2006/main theme"`
		}
		if err := pkg.decode("xl/theme/theme1.xml", &theme); err != nil {
			return nil, readError(fmt.Errorf("read the theme: %w", err))
		}
	}
	var chain struct {
		XMLName xml.Name `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main calcChain"`
	}
	if err := pkg.decode("xl/calcChain.xml", &chain); err != nil {
		return nil, readError(fmt.Errorf("read the calculation chain: %w", err))
	}
	if len(book.Sheets) == 0 {
		return nil, corrupt(KindXLSX, errors.New("the workbook has no sheets"))
	}
	first := book.Sheets[0].Name
	if err := xlsxwrite.CheckSheetName(first); err != nil {
		return nil, corrupt(KindXLSX, fmt.Errorf("open sheet: %w", err))
	}
	part, ok := partOfSheet(pkg, book.Sheets, rels, wbPath, first)
	if !ok {
		return nil, corrupt(KindXLSX, fmt.Errorf("no part for sheet %q", first))
	}
	contentTypes, err := pkg.read("[Content_Types].xml")
	if err != nil {
		return nil, readError(err)
	}
	wb := &workbook{
		date1904:     book.Properties != nil && book.Properties.Date1904,
		dateXF:       dateFormats(&styles),
		contentTypes: contentTypes,
	}
	wb.sheet, wb.strings, wb.largeStrings = pickParts(zr, part, l)
	if wb.sheet == nil {
		return nil, corrupt(KindXLSX, fmt.Errorf("no part %s for sheet %q", part, first))
	}
	return wb, nil
}

// Relationship types and name spaces the reader looks for.
const (
	relationshipsNamespace     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	officeDocumentRelationship = relationshipsNamespace + "/officeDocument"
)

// workbookXML is what the reader takes from the workbook part, typed as
// excelize types it.
type workbookXML struct {
	XMLName    xml.Name `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main workbook"`
	Properties *struct {
		Date1904 bool `xml:"date1904,attr,omitempty"`
	} `xml:"workbookPr"`
	Sheets []sheetXML `xml:"sheets>sheet"`
}

type sheetXML struct {
	Name    string `xml:"name,attr,omitempty"`
	SheetID int    `xml:"sheetId,attr,omitempty"`
	ID      string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
}

// stylesXML is what the reader takes from the styles part, typed as
// excelize types it.
type stylesXML struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main styleSheet"`
	NumFmts *struct {
		Count  int `xml:"count,attr"`
		NumFmt []*struct {
			NumFmtID   int    `xml:"numFmtId,attr"`
			FormatCode string `xml:"formatCode,attr"`
		} `xml:"numFmt"`
	} `xml:"numFmts"`
	CellXfs *struct {
		Count int `xml:"count,attr"`
		Xf    []struct {
			NumFmtID          *int  `xml:"numFmtId,attr"`
			FontID            *int  `xml:"fontId,attr"`
			FillID            *int  `xml:"fillId,attr"`
			BorderID          *int  `xml:"borderId,attr"`
			XfID              *int  `xml:"xfId,attr"`
			QuotePrefix       *bool `xml:"quotePrefix,attr"`
			PivotButton       *bool `xml:"pivotButton,attr"`
			ApplyNumberFormat *bool `xml:"applyNumberFormat,attr"`
			ApplyFont         *bool `xml:"applyFont,attr"`
			ApplyFill         *bool `xml:"applyFill,attr"`
			ApplyBorder       *bool `xml:"applyBorder,attr"`
			ApplyAlignment    *bool `xml:"applyAlignment,attr"`
			ApplyProtection   *bool `xml:"applyProtection,attr"`
		} `xml:"xf"`
	} `xml:"cellXfs"`
}

// pkgParts are a package's entries by the name excelize files them under;
// of a name given twice, the last.
type pkgParts struct {
	parts map[string]*zip.File
}

func packageOf(zr *zip.Reader) pkgParts {
	p := pkgParts{parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		p.parts[partName(f.Name)] = f
	}
	return p
}

// read is a part's content; nothing for a part the package does not have
// and for the worksheets and shared strings, which the rows are read from
// as they stream.
func (p pkgParts) read(name string) ([]byte, error) {
	f, ok := p.parts[name]
	if !ok || isBulkPart(name) {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("inflate %s: %w", f.Name, err)
	}
	return data, nil
}

// decode decodes a part into v as excelize decodes it: Strict name spaces
// translated, the first element only; a missing or empty part leaves v as
// it is.
func (p pkgParts) decode(name string, v any) error {
	data, err := p.read(name)
	if err != nil {
		return err
	}
	if err := newXMLDecoder(strictToTransitional(data)).Decode(v); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// relationship is excelize's xlsxRelationship, to decode the same parts.
type relationship struct {
	ID         string `xml:"Id,attr"`
	Target     string `xml:",attr"`
	Type       string `xml:",attr"`
	TargetMode string `xml:",attr,omitempty"`
}

// relationships decodes a relationships part; none when it is missing.
func (p pkgParts) relationships(name string) ([]relationship, error) {
	var rels struct {
		XMLName       xml.Name       `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
		Relationships []relationship `xml:"Relationship"`
	}
	if err := p.decode(name, &rels); err != nil {
		return nil, err
	}
	return rels.Relationships, nil
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
func dateFormats(styles *stylesXML) []bool {
	if styles.CellXfs == nil {
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
func partOfSheet(pkg pkgParts, sheets []sheetXML, rels []relationship, wbPath, name string) (string, bool) {
	parts := map[string]string{}
	var names []string
	for _, sheet := range sheets {
		for _, rel := range rels {
			if rel.ID != sheet.ID {
				continue
			}
			part := worksheetPath(wbPath, rel.Target)
			if _, ok := pkg.parts[part]; ok {
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
	d.CharsetReader = charsetReader
	return d
}
