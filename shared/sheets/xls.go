package sheets

import (
	"errors"
	"fmt"
	"io"
)

// XLSBook is the first worksheet of a legacy .xls workbook, as package
// sheets/biff reads it; Open turns its cells into Cells. The BIFF reader
// lives in that package, and reaches Open by ReadXLSWith when imported, so
// that a function that links this package only for its types does not link
// the reader's libraries and the code pages they initialise at start-up.
type XLSBook interface {
	Date1904() bool // dates count from 1904
	Rows() int      // rows in the sheet, counted from 0
	// Row is row i's first 256 cells; the next call may reuse them.
	Row(i int) ([]XLSCell, error)
}

// XLSCell is one cell of an XLSBook: text, or a number, which Date says
// its format shows as a date (IsDateFormat).
type XLSCell struct {
	Text          string
	Number        float64
	Numeric, Date bool
}

// The errors an XLSBook's reader gives for what is no damage: Open answers
// them with their own codes and reasons.
var (
	ErrXLSEncrypted   = errors.New("the workbook is encrypted")
	ErrXLSNotWorkbook = errors.New("the compound file holds no workbook")
)

var openXLSBook func(r io.ReaderAt, size int64) (XLSBook, error)

// ReadXLSWith makes Open read legacy .xls files with open; package
// sheets/biff calls it when imported. Without it, Open fails on them.
func ReadXLSWith(open func(r io.ReaderAt, size int64) (XLSBook, error)) { openXLSBook = open }

// IsDateFormat reports whether a number format shows a date: its code if
// it has one, else its built-in id.
func IsDateFormat(id int, code string) bool {
	if code != "" {
		return isDateFormatCode(code)
	}
	return isBuiltInDateFormat(id)
}

// xlsSource reads an XLSBook's rows.
type xlsSource struct {
	book  XLSBook
	rows  int
	pos   int // the index of the next row to yield
	cells []Cell
}

func openXLS(r io.ReaderAt, size int64) (*xlsSource, error) {
	if openXLSBook == nil {
		return nil, errors.New("sheets: no .xls reader: import aftersales/shared/sheets/biff")
	}
	book, err := openXLSBook(r, size)
	switch {
	case errors.Is(err, ErrXLSEncrypted):
		return nil, encrypted(KindXLS)
	case errors.Is(err, ErrXLSNotWorkbook):
		return nil, &Error{Code: CodeNotSpreadsheet, Kind: KindXLS,
			Reason: "Это документ Microsoft Office, но не книга Excel: загрузите книгу Excel (.xlsx или .xls)"}
	case err != nil:
		return nil, corrupt(KindXLS, err)
	}
	return &xlsSource{book: book, rows: book.Rows()}, nil
}

func (s *xlsSource) next() (num int, cells []Cell, ok bool, err error) {
	if s.pos >= s.rows {
		return 0, nil, false, nil
	}
	i := s.pos
	s.pos++
	row, err := s.book.Row(i)
	if err != nil {
		return 0, nil, false, corrupt(KindXLS, fmt.Errorf("row %d: %w", i+1, err))
	}
	s.cells = s.cells[:0]
	for _, c := range row {
		switch {
		case c.Date:
			s.cells = append(s.cells, dateCell(c.Number, s.book.Date1904()))
		case c.Numeric:
			s.cells = append(s.cells, numberCell(c.Number))
		default:
			s.cells = append(s.cells, Cell{Text: c.Text})
		}
	}
	return i + 1, trimBlankTail(s.cells), true, nil
}

func (s *xlsSource) close() error { return nil }
