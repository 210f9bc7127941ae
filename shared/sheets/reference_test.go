package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The reference reader: how this package read .xlsx files before the fast
// reader, with excelize's streaming Rows().Columns(). excelize's row reader
// yields text only, so the workbook's styles are rewritten in memory: every
// date format renders the raw serial behind a marker, every other format
// renders the value as stored. The fast reader must yield exactly what this
// yields; the differential tests and FuzzFastReaderMatchesExcelize compare
// the two.
//
// Two things differ from the code it replaces, both bugs of the marker
// trick: the marker was a fixed "\x01", which a text cell can hold (Office
// escapes it as _x0001_), so such a text could read as a date; it is now
// random per workbook. And the date styles were made with excelize's
// NewStyle, which panics on a styles part without fonts, fills, borders or
// cell formats; they are now set directly.

// openReference opens data like Open, reading an .xlsx with the reference.
func openReference(data []byte, limits Limits) (*Reader, error) {
	l := limits.withDefaults()
	r := bytes.NewReader(data)
	size := int64(len(data))
	if size > l.MaxBytes {
		return nil, &Error{Code: CodeTooLarge, Kind: KindXLSX}
	}
	src, err := openReferenceSource(r, size, l)
	if err != nil {
		return nil, err
	}
	return &Reader{src: src, kind: KindXLSX, limits: l}, nil
}

type referenceSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	num      int
	date1904 bool
	marker   string
	cells    []Cell
	verified chan error
	verdict  *error
}

func openReferenceSource(r io.ReaderAt, size int64, l Limits) (src *referenceSource, err error) {
	zr, err := checkArchive(r, size, l)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, corrupt(KindXLSX, fmt.Errorf("excelize panicked: %v", p))
		}
	}()
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    l.MaxUnzipped,
		UnzipXMLSizeLimit: l.MaxXMLInMemory,
		TmpDir:            l.TempDir,
	})
	if err != nil {
		return nil, corrupt(KindXLSX, err)
	}
	src = &referenceSource{f: f, verified: make(chan error, 1)}
	if err := src.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	go func() { src.verified <- verifyArchive(zr, nil) }()
	return src, nil
}

func (s *referenceSource) start() error {
	sheets := s.f.GetSheetList()
	if len(sheets) == 0 {
		return corrupt(KindXLSX, errors.New("the workbook has no sheets"))
	}
	props, err := s.f.GetWorkbookProps()
	if err != nil {
		return corrupt(KindXLSX, fmt.Errorf("read workbook properties: %w", err))
	}
	s.date1904 = props.Date1904 != nil && *props.Date1904
	s.marker = markDateFormats(s.f)
	if s.rows, err = s.f.Rows(sheets[0]); err != nil {
		return corrupt(KindXLSX, fmt.Errorf("open sheet %q: %w", sheets[0], err))
	}
	return nil
}

// markDateFormats rewrites the workbook's styles in memory so that
// excelize's row reader still tells dates apart: every style whose number
// format shows a date renders the raw serial after the returned marker, and
// every other style renders the stored value untouched (no "1,234.50", no
// "50%"). Cells without a style are never formatted by excelize.
func markDateFormats(f *excelize.File) (marker string) {
	nonce := make([]byte, 12) // letters: the format parser splits quoted digits off
	for i := range nonce {
		nonce[i] = byte('a' + rand.IntN(26))
	}
	marker = "\x01" + string(nonce) + "\x01"
	styles := f.Styles
	if styles == nil || styles.CellXfs == nil {
		return marker
	}
	custom := map[int]string{}
	maxID, minID := 163, 0
	if styles.NumFmts != nil {
		for _, nf := range styles.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
				maxID, minID = max(maxID, nf.NumFmtID), min(minID, nf.NumFmtID)
			}
		}
	}
	dateFmt, unformatted := maxID+1, minID-1 // no built-in format and no custom one has these ids
	addNumFmt(styles, dateFmt, `"`+marker+`"0.##########;"`+marker+`-"0.##########`)
	for i := range styles.CellXfs.Xf {
		xf := &styles.CellXfs.Xf[i]
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		isDate := isBuiltInDateFormat(id)
		if c, ok := custom[id]; ok {
			isDate = isDateFormatCode(c)
		}
		if isDate {
			xf.NumFmtID = &dateFmt
		} else {
			xf.NumFmtID = &unformatted
		}
	}
	return marker
}

// addNumFmt appends a custom number format to excelize's unexported style
// types, through reflection.
func addNumFmt(styles any, id int, code string) {
	numFmts := reflect.ValueOf(styles).Elem().FieldByName("NumFmts")
	if numFmts.IsNil() {
		numFmts.Set(reflect.New(numFmts.Type().Elem()))
	}
	list := numFmts.Elem().FieldByName("NumFmt")
	nf := reflect.New(list.Type().Elem().Elem())
	nf.Elem().FieldByName("NumFmtID").SetInt(int64(id))
	nf.Elem().FieldByName("FormatCode").SetString(code)
	list.Set(reflect.Append(list, nf))
}

func (s *referenceSource) next() (num int, cells []Cell, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			num, cells, ok, err = 0, nil, false, corrupt(KindXLSX, fmt.Errorf("excelize panicked: %v", p))
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, false, corrupt(KindXLSX, err)
		}
		if err := s.verdictErr(); err != nil {
			return 0, nil, false, corrupt(KindXLSX, err)
		}
		return 0, nil, false, nil
	}
	// excelize's Next steps through every row number, empty ones included,
	// so counting calls gives the row number Excel shows.
	s.num++
	values, err := s.rows.Columns()
	if err != nil {
		return 0, nil, false, corrupt(KindXLSX, fmt.Errorf("row %d: %w", s.num, err))
	}
	s.cells = s.cells[:0]
	for _, v := range values {
		s.cells = append(s.cells, s.cell(v))
	}
	return s.num, trimBlankTail(s.cells), true, nil
}

func (s *referenceSource) cell(v string) Cell {
	if serial, ok := strings.CutPrefix(v, s.marker); ok {
		if n, err := strconv.ParseFloat(serial, 64); err == nil {
			return dateCell(n, s.date1904)
		}
		return textCell(serial)
	}
	return textCell(v)
}

func (s *referenceSource) verdictErr() error {
	if s.verdict == nil {
		err := <-s.verified
		s.verdict = &err
	}
	return *s.verdict
}

func (s *referenceSource) close() error {
	_ = s.verdictErr()
	err := s.rows.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
