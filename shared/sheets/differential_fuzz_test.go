package sheets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// FuzzFastReaderMatchesExcelize builds workbooks with excelize from a
// fuzzed program — cells of every value type excelize writes (strings,
// strings that look like numbers, integers, floats of 32 and 64 bits, dates
// and times, booleans, rich text, formulas, empty values), built-in and
// custom number formats, gaps between cells and rows, the 1900 and 1904
// date systems — written through the ordinary API, which puts strings in
// the shared-string table, or through the stream writer, which writes them
// inline; then it reads each workbook with the fast reader and with the
// excelize reference and requires the same rows, cell by cell, to the bit.
// Half of the runs keep so little in memory that the shared strings go to a
// temporary file.
func FuzzFastReaderMatchesExcelize(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xC0, 0x21, 0x42, 0xE3, 1, 2}, "Код ГО|12345|0.5|Магазин «Ромашка»|00123|dd.mm.yyyy", false, false, false)
	f.Add([]byte{0x22, 3, 0x23, 0x44, 0xA5, 0x06, 0xC7, 0xE8, 0x29, 0xAA}, "a|b|1e5|-0|[h]:mm|x_x0041_y", true, true, true)
	f.Add(bytes.Repeat([]byte{0x45, 0x81, 0x13}, 30), "45306|0.25|7707083893|yyyy-mm-dd hh:mm:ss|  |", false, false, true)
	f.Fuzz(func(t *testing.T, program []byte, texts string, stream, date1904, spill bool) {
		data, ok := generatedBook(t, program, texts, stream, date1904)
		if !ok {
			return
		}
		l := Limits{TempDir: t.TempDir()}
		if spill {
			l.MaxXMLInMemory = 256
		}
		sameAsReference(t, data, l)
	})
}

// genCell is a cell of a generated workbook.
type genCell struct {
	row, col int
	value    any
	style    int
	formula  string
}

// generatedBook writes the workbook a program describes; ok is false when
// excelize refuses to write it.
func generatedBook(t *testing.T, program []byte, texts string, stream, date1904 bool) ([]byte, bool) {
	p := &genProgram{code: program, texts: strings.Split(texts, "|")}
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	var cells []genCell
	row, col := 1, 0
	for len(p.code) > 0 && len(cells) < 300 {
		op := p.byte()
		switch op >> 5 {
		case 5:
			col += 1 + int(p.byte()%5)
		case 6:
			row, col = row+1, 1
		case 7:
			row, col = row+1+int(p.byte()%4), 1+int(p.byte()%3)
		default:
			col++
		}
		c := genCell{row: row, col: max(col, 1), value: p.value(op & 31)}
		if s := p.byte(); s%3 != 0 {
			id, err := f.NewStyle(p.style(s))
			if err != nil {
				return nil, false
			}
			c.style = id
		}
		if op&31 == 7 {
			c.formula = p.text()
		}
		cells = append(cells, c)
	}
	var err error
	if stream {
		err = writeStream(f, cells)
	} else {
		err = writeCells(f, cells)
	}
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

func writeCells(f *excelize.File, cells []genCell) error {
	for _, c := range cells {
		axis, err := excelize.CoordinatesToCellName(c.col, c.row)
		if err != nil {
			return err
		}
		if runs, ok := c.value.([]excelize.RichTextRun); ok {
			err = f.SetCellRichText("Sheet1", axis, runs)
		} else {
			err = f.SetCellValue("Sheet1", axis, c.value)
		}
		if err == nil && c.formula != "" {
			err = f.SetCellFormula("Sheet1", axis, c.formula)
		}
		if err == nil && c.style != 0 {
			err = f.SetCellStyle("Sheet1", axis, axis, c.style)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writeStream(f *excelize.File, cells []genCell) error {
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	slices.SortStableFunc(cells, func(a, b genCell) int { return a.row - b.row })
	for i := 0; i < len(cells); {
		row := cells[i].row
		var values []any
		for ; i < len(cells) && cells[i].row == row; i++ {
			c := cells[i]
			for len(values) < c.col {
				values = append(values, nil)
			}
			values[c.col-1] = excelize.Cell{StyleID: c.style, Value: c.value, Formula: c.formula}
		}
		axis, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(axis, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// genProgram hands out the bytes and texts of a fuzzed program.
type genProgram struct {
	code  []byte
	texts []string
	next  int
}

func (p *genProgram) byte() byte {
	if len(p.code) == 0 {
		return 0
	}
	b := p.code[0]
	p.code = p.code[1:]
	return b
}

func (p *genProgram) uint64() uint64 {
	var b [8]byte
	for i := range b {
		b[i] = p.byte()
	}
	return binary.LittleEndian.Uint64(b[:])
}

func (p *genProgram) text() string {
	s := p.texts[p.next%len(p.texts)]
	p.next++
	return s
}

func (p *genProgram) value(kind byte) any {
	switch kind % 12 {
	case 0:
		return p.text()
	case 1:
		return int64(p.uint64()) >> (p.byte() % 64)
	case 2:
		return math.Float64frombits(p.uint64())
	case 3:
		return float64(int64(p.uint64())>>(p.byte()%64)) / math.Pow(10, float64(p.byte()%16))
	case 4:
		return p.byte()%2 == 0
	case 5:
		sec := int64(p.uint64() % (400 * 365 * 24 * 3600))
		return time.Unix(sec-2_000_000_000, int64(p.byte())*4_000_000).UTC()
	case 6:
		runs := []excelize.RichTextRun{{Text: p.text()}, {Text: p.text(), Font: &excelize.Font{Bold: true}}}
		if p.byte()%2 == 0 {
			runs = append(runs, excelize.RichTextRun{Text: p.text()})
		}
		return runs
	case 7:
		return nil // with a formula
	case 8:
		return float32(math.Float64frombits(p.uint64()))
	case 9:
		return "" + p.text() + string(rune('0'+p.byte()%10))
	case 10:
		return time.Duration(int64(p.uint64()) >> (p.byte() % 64))
	}
	return uint8(p.byte())
}

var (
	genBuiltInFormats = []int{0, 1, 2, 3, 4, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 49, 50, 57, 58}
	genCustomFormats  = []string{"dd.mm.yyyy", "yyyy-mm-dd hh:mm:ss", "[h]:mm", "0.00", `0" шт."`, "#,##0", "[$-419]d mmmm yyyy",
		"mm:ss.0", "@", "General", "[Red]0.00;[Blue]-0.00", "dd/mm/yy;@", `"date"`, "0%", "0.00E+00", `# ?/?`}
)

func (p *genProgram) style(b byte) *excelize.Style {
	switch b % 3 {
	case 1:
		return &excelize.Style{NumFmt: genBuiltInFormats[int(p.byte())%len(genBuiltInFormats)]}
	}
	code := genCustomFormats[int(p.byte())%len(genCustomFormats)]
	if p.byte()%4 == 0 {
		code = p.text()
	}
	return &excelize.Style{CustomNumFmt: &code}
}

// FuzzSheetXMLReadsAsWithExcelize feeds worksheet and shared-string
// XML straight to both readers, to hold the fast reader's XML scanner to
// encoding/xml: any rows the reference reads, the fast reader must read the
// same. The one difference allowed is XML that encoding/xml cannot read
// (before the end of the sheet's data): excelize then stops quietly with
// the rows so far, the fast reader refuses the file as damaged.
func FuzzSheetXMLReadsAsWithExcelize(f *testing.F) {
	for _, rows := range fixtureSheets {
		f.Add(sheetOf(rows), sstOf(fixtureStrings))
	}
	for _, part := range fixtureSheetParts {
		f.Add(part, sstOf(fixtureStrings))
	}
	for _, sst := range fixtureStringParts {
		f.Add(sheetOf(fixtureSheets["shared strings"]), sst)
	}
	base := fixtureBook(f, false)
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		data := withParts(t, base, map[string][]byte{sheetPart: sheet, "xl/sharedStrings.xml": sst})
		l := Limits{TempDir: t.TempDir()}
		got, gotErr := readWith(openFast, data, l)
		want, wantErr := readWith(openReference, data, l)
		var e *Error
		if wantErr == nil && errors.As(gotErr, &e) && e.Code == CodeCorrupt && !(wellFormed(sheet, true) && wellFormed(sst, false)) {
			return
		}
		if msg := diffReads(got, gotErr, want, wantErr); msg != "" {
			t.Fatal(msg)
		}
	})
}
