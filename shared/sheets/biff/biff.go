// Package biff reads legacy Excel 97–2003 (.xls) workbooks for package
// sheets: importing it makes sheets.Open read them (sheets.ReadXLSWith).
// It lives apart so that a function that links sheets only for its types
// (the imports API, the hourly job) links neither xlsReader nor the code
// pages golang.org/x/text's charmap initialises at start-up for it.
// Only import-load, which reads uploads, imports it.
package biff

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/richardlehane/mscfb"
	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/record"
	"github.com/shakinm/xlsReader/xls/structure"

	"aftersales/shared/sheets"
)

func init() { sheets.ReadXLSWith(open) }

// maxColumns is the column count of an Excel 97–2003 sheet; a cell beyond
// it can only come from a damaged file.
const maxColumns = 256

// book is the first worksheet of a legacy .xls workbook.
//
// xlsReader parses the whole workbook up front (a .xls is at most 65,536
// rows, and sheets.Limits.MaxBytes bounds it) but follows the compound
// file's sector chains without checking them for cycles, so a crafted file
// could make it loop forever. We therefore extract the workbook stream with
// mscfb, which checks them, and hand xlsReader a freshly built, well-formed
// container.
type book struct {
	wb       xls.Workbook
	sheet    *xls.Sheet
	date1904 bool
	dateXF   map[int]bool // whether each cell format index shows dates
	cells    []sheets.XLSCell
}

func open(r io.ReaderAt, size int64) (b sheets.XLSBook, err error) {
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, fmt.Errorf("xlsReader panicked: %v", p)
		}
	}()
	stream, err := workbookStream(r, size)
	if err != nil {
		return nil, err
	}
	globals := scanGlobals(stream)
	if globals.encrypted {
		return nil, sheets.ErrXLSEncrypted
	}
	wb, err := xls.OpenReader(bytes.NewReader(compoundFile(stream)))
	if err != nil {
		return nil, err
	}
	if wb.GetNumberSheets() == 0 {
		return nil, errors.New("the workbook has no sheets")
	}
	bk := &book{wb: wb, date1904: globals.date1904, dateXF: map[int]bool{}}
	if bk.sheet, err = bk.wb.GetSheet(0); err != nil {
		return nil, err
	}
	return bk, nil
}

// workbookStream returns the BIFF workbook stream of a compound file, telling
// a password-protected .xlsx (also a compound file) and other Office
// documents apart from a damaged workbook.
func workbookStream(r io.ReaderAt, size int64) ([]byte, error) {
	doc, err := mscfb.New(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	var book *mscfb.File
	encryptedPackage := false
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		switch {
		case len(e.Path) != 0:
		case e.Name == "Workbook", e.Name == "Book" && book == nil: // "Book" is Excel 5/95
			book = e
		case e.Name == "EncryptedPackage":
			encryptedPackage = true
		}
	}
	switch {
	case book == nil && encryptedPackage:
		return nil, sheets.ErrXLSEncrypted
	case book == nil:
		return nil, sheets.ErrXLSNotWorkbook
	case book.Size <= 0 || book.Size > size:
		return nil, fmt.Errorf("workbook stream of %d bytes in a file of %d", book.Size, size)
	}
	stream := make([]byte, book.Size)
	if _, err := io.ReadFull(book, stream); err != nil {
		return nil, fmt.Errorf("read the workbook stream: %w", err)
	}
	return stream, nil
}

// globals is what the workbook-global BIFF records say that xlsReader ignores.
type globals struct {
	encrypted bool // a FILEPASS record: the cells are encrypted
	date1904  bool // a DATEMODE record: dates count from 1904
}

// scanGlobals walks the records of the workbook globals, up to their EOF.
func scanGlobals(stream []byte) globals {
	const (
		recEOF      = 0x000A
		recDateMode = 0x0022
		recFilePass = 0x002F
	)
	var g globals
	for off := 0; off+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[off:])
		n := int(binary.LittleEndian.Uint16(stream[off+2:]))
		body := stream[off+4 : min(off+4+n, len(stream))]
		switch typ {
		case recEOF:
			return g
		case recFilePass:
			g.encrypted = true
		case recDateMode:
			g.date1904 = len(body) >= 2 && binary.LittleEndian.Uint16(body) == 1
		}
		off += 4 + n
	}
	return g
}

// compoundFile wraps a workbook stream in a minimal compound file of version
// 3 (512-byte sectors; xlsReader cannot read version 4): the FAT sectors,
// the DIFAT sectors a large file needs, one directory sector, then the
// stream, padded to the 4,096-byte mini-stream cutoff so it lives in
// ordinary sectors.
func compoundFile(stream []byte) []byte {
	const (
		sector     = 512
		perFAT     = sector / 4 // FAT entries in a sector
		perDIFAT   = perFAT - 1 // FAT sector ids in a DIFAT sector; the last slot links the next
		inHeader   = 109        // FAT sector ids the header holds
		freeSect   = 0xFFFFFFFF
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
		difSect    = 0xFFFFFFFC
		noStream   = 0xFFFFFFFF
	)
	le := binary.LittleEndian
	dataSectors := (max(len(stream), 4096) + sector - 1) / sector
	fatSectors, difatSectors := 1, 0
	for {
		difatSectors = max(0, (fatSectors-inHeader+perDIFAT-1)/perDIFAT)
		if fatSectors*perFAT >= fatSectors+difatSectors+1+dataSectors {
			break
		}
		fatSectors++
	}
	dirSector := fatSectors + difatSectors
	firstData := dirSector + 1
	out := make([]byte, sector*(1+firstData+dataSectors))
	at := func(sid int) []byte { return out[sector*(sid+1):] }

	h := out[:sector]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[24:], 0x003E) // minor version
	le.PutUint16(h[26:], 3)      // major version
	le.PutUint16(h[28:], 0xFFFE) // byte order
	le.PutUint16(h[30:], 9)      // sector shift: 512 bytes
	le.PutUint16(h[32:], 6)      // mini sector shift: 64 bytes
	le.PutUint32(h[44:], uint32(fatSectors))
	le.PutUint32(h[48:], uint32(dirSector))
	le.PutUint32(h[56:], 4096) // mini stream cutoff
	le.PutUint32(h[60:], endOfChain)
	le.PutUint32(h[68:], endOfChain)
	if difatSectors > 0 {
		le.PutUint32(h[68:], uint32(fatSectors))
	}
	le.PutUint32(h[72:], uint32(difatSectors))
	for i := range inHeader {
		id := uint32(freeSect)
		if i < fatSectors {
			id = uint32(i)
		}
		le.PutUint32(h[76+4*i:], id)
	}
	for k := range difatSectors {
		d := at(fatSectors + k)
		for j := range perDIFAT {
			id := uint32(freeSect)
			if fat := inHeader + k*perDIFAT + j; fat < fatSectors {
				id = uint32(fat)
			}
			le.PutUint32(d[4*j:], id)
		}
		next := uint32(endOfChain)
		if k+1 < difatSectors {
			next = uint32(fatSectors + k + 1)
		}
		le.PutUint32(d[4*perDIFAT:], next)
	}

	setFAT := func(sid int, v uint32) { le.PutUint32(at(sid / perFAT)[4*(sid%perFAT):], v) }
	for sid := range fatSectors * perFAT {
		setFAT(sid, freeSect)
	}
	for sid := range fatSectors {
		setFAT(sid, fatSect)
	}
	for k := range difatSectors {
		setFAT(fatSectors+k, difSect)
	}
	setFAT(dirSector, endOfChain)
	for i := range dataSectors {
		next := uint32(firstData + i + 1)
		if i == dataSectors-1 {
			next = endOfChain
		}
		setFAT(firstData+i, next)
	}

	dir := at(dirSector)
	entry := func(e []byte, name string, typ byte, child, start uint32, size int) {
		for i, r := range name {
			le.PutUint16(e[2*i:], uint16(r))
		}
		le.PutUint16(e[64:], uint16(2*len(name)+2))
		e[66], e[67] = typ, 1 // black
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], uint64(size))
	}
	entry(dir[0:], "Root Entry", 5, 1, endOfChain, 0)
	entry(dir[128:], "Workbook", 2, noStream, uint32(firstData), dataSectors*sector)
	for e := 256; e < sector; e += 128 {
		le.PutUint32(dir[e+68:], noStream)
		le.PutUint32(dir[e+72:], noStream)
		le.PutUint32(dir[e+76:], noStream)
	}
	copy(at(firstData), stream)
	return out
}

func (b *book) Date1904() bool { return b.date1904 }

func (b *book) Rows() int { return b.sheet.GetNumberRows() }

func (b *book) Row(i int) (cells []sheets.XLSCell, err error) {
	defer func() {
		if p := recover(); p != nil {
			cells, err = nil, fmt.Errorf("xlsReader panicked: %v", p)
		}
	}()
	row, err := b.sheet.GetRow(i)
	if err != nil {
		return nil, err
	}
	b.cells = b.cells[:0]
	for c := range maxColumns {
		cd, err := row.GetCol(c)
		if err != nil {
			return nil, fmt.Errorf("column %d: %w", c+1, err)
		}
		b.cells = append(b.cells, b.cell(cd))
	}
	return b.cells, nil
}

func (b *book) cell(cd structure.CellData) sheets.XLSCell {
	switch c := cd.(type) {
	case *record.Number:
		return b.numeric(c.GetFloat64(), c.GetXFIndex())
	case *record.Rk:
		v, ok := rkValue(c)
		if !ok {
			v = c.GetFloat64()
		}
		return b.numeric(v, c.GetXFIndex())
	case *record.LabelSSt, *record.LabelBIFF8, *record.LabelBIFF5, *record.BoolErr:
		return sheets.XLSCell{Text: cd.GetString()}
	}
	return sheets.XLSCell{}
}

// rkValue decodes an RK number (MS-XLS 2.5.217) from the record's raw
// bytes: xlsReader reads its integers as unsigned, so -73 would come out as
// 1073741751. The bytes sit in an unexported field, reached by reflection;
// ok is false should a later xlsReader rename it.
func rkValue(c *record.Rk) (v float64, ok bool) {
	field := reflect.ValueOf(c).Elem().FieldByName("rk")
	if field.Kind() != reflect.Array || field.Len() != 4 {
		return 0, false
	}
	var b [4]byte
	for i := range b {
		b[i] = byte(field.Index(i).Uint())
	}
	rk := binary.LittleEndian.Uint32(b[:])
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v, true
}

func (b *book) numeric(v float64, xf int) sheets.XLSCell {
	isDate, ok := b.dateXF[xf]
	if !ok {
		rec := b.wb.GetXFbyIndex(xf)
		id := rec.GetFormatIndex()
		format := b.wb.GetFormatByIndex(id)
		isDate = sheets.IsDateFormat(id, format.String())
		b.dateXF[xf] = isDate
	}
	return sheets.XLSCell{Number: v, Numeric: true, Date: isDate}
}
