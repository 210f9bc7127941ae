package sheets

import (
	"aftersales/shared/xlsxwrite"
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// sheetRows walks a worksheet's rows the way excelize's Rows does — Next,
// then Columns — so that row numbers, rows without an r attribute, gaps,
// rows out of order (excelize merges them into the row before) and cells
// out of order come out as they did. It follows excelize v2.11.1's rows.go
// step by step; the comments name what each step reproduces.
type sheetRows struct {
	sc       *xmlScanner
	dateXF   []bool // which cell formats show dates
	date1904 bool
	// prepare is what excelize does on the first call to Columns: decode the
	// shared strings (when it keeps them in memory) and [Content_Types].xml.
	prepare func() error
	// strings is the shared-string table, loaded on first use.
	strings func() (*stringTable, error)
	// release removes the tables' temporary files.
	release func() error
	// read is the shared-string parts read to their end, which archive/zip
	// has therefore checked.
	read []*zip.File

	curRow, seekRow int
	pending         bool // the scanner stands on a row's start tag not yet read (excelize's rows.token)
	started         bool // Columns has run once
	// pastData is set once the end of sheetData has been read. excelize may
	// read on from there, and takes XML it cannot read for the end.
	pastData bool
	err      error

	cell cellParts
	item stringItem
	// The generic reading's own copies of a cell's value and inline text,
	// which r.cell and r.item point into; the fast path points them at the
	// scanner's buffer instead.
	valueBuf, textBuf []byte
	scratch           []byte
	name              []byte // the current cell's qualified name
	open              []bool // for each element open inside a cell, whether its end ends the cell
}

// cellParts is one <c> element as excelize's cellXMLHandler sees it.
type cellParts struct {
	hasRef  bool
	col     int // the column its r attribute names
	refErr  error
	style   int
	kind    cellKind
	v       []byte
	formula bool
	inline  bool // an <is> element was read into item
}

// next is Rows.Next: it moves to the next row number, reading the next row
// start tag only when no row read so far has that number or a higher one.
// Past the last row it returns false.
func (r *sheetRows) next() (bool, error) {
	if r.err != nil {
		return false, r.err
	}
	r.seekRow++
	if r.curRow >= r.seekRow {
		return true, nil
	}
	for {
		kind, err := r.sc.next()
		if err == io.EOF || r.quietEnd(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch {
		case kind == tokStart && string(r.sc.local) == "row":
			r.curRow++
			num, _ := attrInt(r.sc.attrs, "r")
			if num > xlsxwrite.MaxSheetRows {
				r.err = errMaxRows
				return false, r.err
			}
			if num != 0 {
				r.curRow = num
			}
			r.pending = true
			return true, nil
		case kind == tokEnd && string(r.sc.local) == "sheetData":
			r.pastData = true
			return false, nil
		}
	}
}

// columns is Rows.Columns: it appends to dst the current row's cells, up
// to the start of the next row with a higher number. A row number with no
// row has none.
func (r *sheetRows) columns(dst []Cell) ([]Cell, error) {
	if r.curRow > r.seekRow {
		return dst, nil
	}
	if !r.started {
		r.started = true
		if err := r.prepare(); err != nil {
			return dst, err
		}
	}
	cells, col := dst, 0
	var rowErr error
	for {
		kind := tokStart
		if !r.pending {
			if r.fastCell() {
				var err error
				if cells, col, rowErr, err = r.placeCell(cells, len(dst), col); err != nil {
					return cells, err
				}
				if rowErr != nil {
					return cells, rowErr
				}
				continue
			}
			var err error
			if kind, err = r.sc.next(); err == io.EOF || r.quietEnd(err) {
				break
			} else if err != nil {
				return cells, err
			}
		}
		switch kind {
		case tokStart:
			local := r.sc.local
			if string(local) == "row" {
				var num int
				if num, rowErr = attrInt(r.sc.attrs, "r"); num > xlsxwrite.MaxSheetRows {
					r.err, r.pending = errMaxRows, false
					return cells, r.err
				} else if num != 0 {
					r.curRow = num
				} else if !r.pending {
					r.curRow++
				}
				r.pending = true
				if r.curRow > r.seekRow {
					r.pending = false
					return cells, rowErr
				}
			}
			if string(local) == "c" {
				var err error
				if cells, col, rowErr, err = r.readCell(cells, len(dst), col); err != nil {
					return cells, err
				}
			}
			r.pending = false
			if rowErr != nil {
				return cells, rowErr
			}
		case tokEnd:
			if string(r.sc.local) == "sheetData" {
				r.pastData = true
				return cells, rowErr
			}
		}
	}
	return cells, rowErr
}

// readCell is rowXMLHandler for a <c> element: the cell goes to the column
// its r attribute names, or the one after the previous cell's; blanks fill
// the gap; a cell before the last one is appended at the end. The row's
// cells are cells[first:]. refErr is a bad r attribute, which fails the
// row; err is a failure to read at all.
func (r *sheetRows) readCell(cells []Cell, first, col int) (_ []Cell, _ int, refErr, err error) {
	// Past the sheet's data, excelize keeps what it read of a cell before
	// XML it cannot read, and stops after it.
	if err := r.readCellParts(); err != nil && !r.quietEnd(err) {
		return cells, col, nil, err
	}
	return r.placeCell(cells, first, col)
}

// quietEnd is whether excelize takes err, met reading the sheet, for the
// end of its rows: XML it cannot read, once past the sheet's data (Next
// reads on from there), as opposed to failing to read the part at all.
func (r *sheetRows) quietEnd(err error) bool {
	var input *inputError
	return r.pastData && err != nil && err == r.sc.err && !errors.As(err, &input)
}

// placeCell is the rest of rowXMLHandler, once the cell is read into r.cell
// and r.item: its column, and its value appended at that column.
func (r *sheetRows) placeCell(cells []Cell, first, col int) (_ []Cell, _ int, refErr, err error) {
	col++
	c := &r.cell
	if c.hasRef {
		if col, refErr = c.col, c.refErr; refErr != nil {
			return cells, col, refErr, nil
		}
	}
	blank := col - (len(cells) - first)
	v, err := r.value()
	if err != nil {
		return cells, col, nil, err
	}
	if v.Text != "" || c.formula {
		for i := 1; i < blank; i++ {
			cells = append(cells, Cell{})
		}
		cells = append(cells, v)
	}
	return cells, col, nil, nil
}

// readCellParts is cellXMLHandler: the attributes r, s and t, then <v>,
// <f> and <is> wherever they are inside the cell, up to the first end tag
// with the cell's name. An s that is not an integer stops it before the
// children, and a formula or inline string whose attributes do not decode
// stops it there; what follows is then read as part of the row, as in
// excelize.
func (r *sheetRows) readCellParts() error {
	sc, c := r.sc, &r.cell
	*c = cellParts{v: r.valueBuf[:0]}
	r.item.t, r.item.runs = r.textBuf[:0], r.item.runs[:0]
	defer func() { r.valueBuf, r.textBuf = c.v[:0], r.item.t[:0] }()
	for _, a := range sc.attrs {
		switch string(a.local) {
		case "r":
			c.hasRef = len(a.value) > 0
			c.col, c.refErr = column(a.value)
		case "s":
			s, err := strconv.ParseInt(string(a.value), 10, 64)
			if err != nil {
				return nil
			}
			c.style = int(s)
		case "t":
			c.kind = cellKindOf(a.value)
		}
	}
	// The cell's name as Decoder translates it, worked out only should a
	// nested element be named c as well.
	r.name = append(r.name[:0], sc.name...)
	name, colon, depth := r.name, sc.colon, sc.depth()
	space, spaceKnown := "", false
	r.open = r.open[:0]
	for {
		kind, err := sc.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			var failed error
			switch string(sc.local) {
			case "v":
				// encoding/xml sets the value once the element has been read.
				var v []byte
				if v, err = readText(sc, r.scratch[:0]); err == nil {
					c.v, r.scratch = append(c.v[:0], v...), v
				}
			case "f":
				c.formula = true
				if failed = checkFormula(sc.attrs); failed == nil {
					err = skipElement(sc)
				}
			case "is":
				c.inline = true
				failed = readStringItem(sc, &r.item)
				if sc.err != nil {
					err = sc.err
				}
			default:
				ends := false
				if string(sc.local) == "c" {
					if !spaceKnown {
						space, spaceKnown = sc.spaceAt(name, colon, depth), true
					}
					ends = sc.space(sc.name, sc.colon) == space
				}
				r.open = append(r.open, ends)
			}
			if err != nil {
				return err
			}
			if failed != nil {
				return nil
			}
		case tokEnd:
			n := len(r.open)
			if n == 0 {
				return nil
			}
			ends := r.open[n-1]
			r.open = r.open[:n-1]
			if ends {
				return nil
			}
		}
	}
}

// checkFormula fails where encoding/xml fails to decode excelize's xlsxF
// from the attributes of <f>: its booleans and its shared-formula index.
func checkFormula(attrs []xmlAttr) error {
	for _, a := range attrs {
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if err := decodeBool(a.value); err != nil {
				return err
			}
		case "si":
			if err := decodeInt(a.value); err != nil {
				return err
			}
		}
	}
	return nil
}

// value is getValueFrom: the cell's value as the excelize path made it.
func (r *sheetRows) value() (Cell, error) {
	c := &r.cell
	switch c.kind {
	case kindBool:
		switch string(c.v) {
		case "1":
			return Cell{Text: "TRUE"}, nil
		case "0":
			return Cell{Text: "FALSE"}, nil
		}
		return textCell(string(c.v)), nil
	case kindShared:
		if len(c.v) == 0 {
			return Cell{}, nil
		}
		table, err := r.strings()
		if err != nil {
			return Cell{}, err
		}
		s, err := table.at(sharedIndex(c.v))
		return textCell(s), err
	case kindFormula:
		return textCell(string(c.v)), nil
	case kindInline:
		if c.inline {
			return textCell(r.item.String()), nil
		}
		return textCell(string(c.v)), nil
	case kindISODate:
		v := isoDateValue(string(c.v))
		if r.isDate(c.style) && isNumeric(v) {
			return dateValue(v, r.date1904), nil
		}
		return textCell(v), nil
	}
	return numberValue(c.v, r.isDate(c.style), r.date1904), nil
}

// isDate is whether excelize formatted a cell of the given style as a date:
// style 0 and styles the workbook does not have are never formatted.
func (r *sheetRows) isDate(style int) bool {
	return style > 0 && style < len(r.dateXF) && r.dateXF[style]
}

// sharedIndex is the shared-string index of a cell as excelize parses it:
// what is not a number is index 0.
func sharedIndex(v []byte) int {
	if len(v) <= 9 {
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if n >= 0 {
			return n
		}
	}
	i, _ := strconv.Atoi(strings.TrimSpace(string(v)))
	return i
}

// column is the column number of a cell reference such as "B7", as
// excelize's CellNameToCoordinates has it.
func column(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i > 0 && i < len(ref) && ref[i] != '0' && len(ref)-i <= 7 && col <= xlsxwrite.MaxSheetColumns {
		row := 0
		for _, c := range ref[i:] {
			if c < '0' || c > '9' {
				row = -1
				break
			}
			row = row*10 + int(c-'0')
		}
		if row > 0 && row <= xlsxwrite.MaxSheetRows {
			return col, nil
		}
	}
	return columnOfName(string(ref))
}

var (
	errMaxRows      = errors.New("row number exceeds maximum limit")
	errColumnNumber = fmt.Errorf("the column number must be greater than or equal to 1 and less than or equal to %d", xlsxwrite.MaxSheetColumns)
)

// columnOfName is the column of a cell reference the way excelize's
// CellNameToCoordinates reads it, the slow and general way: letters (and
// dollar signs) up to the last letter are the column, in either case; the
// rest, as strconv.Atoi takes it, the row, from 1 to 2^20.
func columnOfName(ref string) (int, error) {
	letter := func(r rune) bool { return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || r == '$' }
	bad := fmt.Errorf("cannot convert cell %q to coordinates: invalid cell name %q", ref, ref)
	if strings.IndexFunc(ref, letter) != 0 {
		return -1, bad
	}
	i := strings.LastIndexFunc(ref, letter)
	if i >= len(ref)-1 {
		return -1, bad
	}
	if row, err := strconv.Atoi(ref[i+1:]); err != nil || row <= 0 {
		return -1, bad
	} else if row > xlsxwrite.MaxSheetRows {
		return -1, errMaxRows
	}
	name := strings.ReplaceAll(ref[:i+1], "$", "")
	if name == "" {
		return -1, fmt.Errorf("invalid column name %q", name)
	}
	col, multi := 0, 1
	for j := len(name) - 1; j >= 0; j-- {
		c := name[j] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			return -1, fmt.Errorf("invalid column name %q", name)
		}
		if col += int(c-'a'+1) * multi; col > xlsxwrite.MaxSheetColumns {
			return -1, errColumnNumber
		}
		multi *= 26
	}
	return col, nil
}

// attrInt is excelize's attrValToInt: the last attribute of that local
// name as an int, stopping at one that is not.
func attrInt(attrs []xmlAttr, name string) (val int, err error) {
	for _, a := range attrs {
		if string(a.local) == name {
			if val, err = atoi(a.value); err != nil {
				return val, err
			}
		}
	}
	return val, nil
}

func atoi(b []byte) (int, error) {
	if len(b) > 0 && len(b) <= 9 {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return strconv.Atoi(string(b))
			}
			n = n*10 + int(c-'0')
		}
		return n, nil
	}
	return strconv.Atoi(string(b))
}
