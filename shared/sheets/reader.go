// Package sheets reads and writes the spreadsheets that key users exchange
// with the system: the first worksheet of an .xlsx or legacy .xls file, row
// by row with bounded memory, and .xlsx reports and exports whose text can
// never run as a formula. It knows nothing of AWS or of what the rows mean.
//
// Files come from outside, so reading is defensive: the real type is judged
// from the bytes, size and row limits are enforced, zip bombs and damaged
// archives are refused with a Russian reason (*Error), and no input makes the
// reader panic.
//
// An .xlsx worksheet is read by a scanner built for the purpose (xlsx.go),
// for about a tenth of the CPU excelize's row reader took. It yields exactly
// the rows and cells that reader yields — the differential tests and
// FuzzFastReaderMatchesExcelize compare the two — with differences on
// purpose: a worksheet whose XML cannot be read before the end of its data
// is refused as damaged, where excelize stops quietly at the damage; a part
// in a Chinese, Japanese or Korean legacy encoding is refused (charsets.go);
// and of the workbook's own parts only what the rows depend on is checked
// (xlsxbook.go). Reports are written by a streaming writer of its own
// (writer.go). No production code links excelize: it stays in the tests, as
// the reference the reader is compared with and the independent reader every
// written workbook is read back with (package sheetstest).
package sheets

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits bound what one file may cost to read. Zero fields take the values
// of DefaultLimits.
type Limits struct {
	// MaxBytes is the largest file accepted.
	MaxBytes int64
	// MaxRows is the most data rows: non-empty rows after the first
	// non-empty one, which is the header.
	MaxRows int
	// MaxUnzipped caps what all parts of an .xlsx unpack to together, as
	// their sizes are declared and as they inflate: without it a few
	// kilobytes could inflate to gigabytes.
	MaxUnzipped int64
	// MaxXMLInMemory bounds the memory the shared-string table may take,
	// its text and index together; a larger table goes to a temporary file
	// and is read back from there. Worksheets are streamed, never held
	// whole. (excelize, which the reader is compared with, unpacks any
	// worksheet above this size to a temporary file too, and the reader
	// picks the same part as it when a package holds one twice.)
	MaxXMLInMemory int64
	// TempDir receives those temporary files ("" means os.TempDir(); on
	// Lambda, /tmp). Reader.Close removes them.
	TempDir string
}

// DefaultLimits are the limits of the outlet and route loads: 20 MB and
// 200,000 data rows. A realistic 100,000-row, 16-column sheet unpacks to
// about 90 MB of XML, so twice the row limit fits in 400 MB.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:       20 << 20,
		MaxRows:        200_000,
		MaxUnzipped:    400 << 20,
		MaxXMLInMemory: 16 << 20,
		TempDir:        os.TempDir(),
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = d.MaxUnzipped
	}
	if l.MaxXMLInMemory <= 0 {
		l.MaxXMLInMemory = d.MaxXMLInMemory
	}
	l.MaxXMLInMemory = min(l.MaxXMLInMemory, l.MaxUnzipped)
	if l.TempDir == "" {
		l.TempDir = d.TempDir
	}
	return l
}

// rowSource is one file format's way of producing the first worksheet's rows
// in order, each with its Excel row number. Cells may be reused by the next
// call.
type rowSource interface {
	next() (num int, cells []Cell, ok bool, err error)
	close() error
}

// Reader yields the non-empty rows of a workbook's first worksheet one at a
// time, so a file of any length is read in bounded memory.
type Reader struct {
	src    rowSource
	kind   Kind
	limits Limits
	row    []Cell
	num    int
	rows   int // non-empty rows yielded, the header included
	err    error
}

// Open starts reading the first worksheet of the .xlsx or .xls file in r.
// The format is judged from the bytes, not the name (see Kind). Errors, here
// and from Reader.Err, are *Error with a Russian reason, or r's own read
// error (an .xlsx is read while its rows stream), or a temporary file's;
// Close the Reader when done to stop reading and remove its temporary files.
func Open(r io.ReaderAt, size int64, limits Limits) (*Reader, error) {
	limits = limits.withDefaults()
	head := make([]byte, min(max(size, 0), SniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("read the start of the file: %w", err)
	}
	kind := Sniff(head)
	if kind == KindZip {
		found, err := hasWorkbookPart(r, size)
		if err != nil {
			return nil, fmt.Errorf("read the file's zip directory: %w", err)
		}
		if found {
			kind = KindXLSX // its first entries were too large for the head to show
		}
	}
	if kind != KindXLSX && kind != KindXLS {
		return nil, notSpreadsheet(kind)
	}
	if size > limits.MaxBytes {
		return nil, &Error{Code: CodeTooLarge, Kind: kind,
			Reason: fmt.Sprintf("Файл больше %d МБ: разделите его на несколько файлов", limits.MaxBytes>>20)}
	}
	var (
		src rowSource
		err error
	)
	if kind == KindXLSX {
		src, err = openXLSX(r, size, limits)
	} else {
		src, err = openXLS(r, size)
	}
	if err != nil {
		return nil, err
	}
	return &Reader{src: src, kind: kind, limits: limits}, nil
}

// Kind is what the file really is: KindXLSX or KindXLS.
func (r *Reader) Kind() Kind { return r.kind }

// Next moves to the next non-empty row. It returns false at the end of the
// sheet or on an error; Err tells which.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	for {
		num, cells, ok, err := r.src.next()
		if err != nil {
			r.err = err
			return false
		}
		if !ok {
			return false
		}
		if blankRow(cells) {
			continue
		}
		r.rows++
		if r.rows > r.limits.MaxRows+1 {
			r.err = &Error{Code: CodeTooManyRows, Kind: r.kind,
				Reason: fmt.Sprintf("В файле больше %d строк данных: разделите его на несколько файлов", r.limits.MaxRows)}
			return false
		}
		r.num, r.row = num, cells
		return true
	}
}

// Row is the current row's cells from column A to the last non-blank one.
// The slice is reused by the next call to Next.
func (r *Reader) Row() []Cell { return r.row }

// RowNumber is the current row's number as Excel shows it.
func (r *Reader) RowNumber() int { return r.num }

// Err is the error that stopped Next, or nil at a clean end of the sheet.
// Some damage to an .xlsx shows only once the whole archive has been
// checked, at the end, so trust the rows read only when Err is nil.
func (r *Reader) Err() error { return r.err }

// Close releases the file and removes its temporary files.
func (r *Reader) Close() error { return r.src.close() }

// hasWorkbookPart reports whether a zip archive's directory lists
// xl/workbook.xml; the error is the file's own read error, never damage.
func hasWorkbookPart(r io.ReaderAt, size int64) (bool, error) {
	zr, err := zip.NewReader(io.NewSectionReader(sourceReader{r}, 0, size), size)
	if sys := (*systemError)(nil); errors.As(err, &sys) {
		return false, sys.err // not the file's fault
	}
	if err != nil {
		return false, nil
	}
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return true, nil
		}
	}
	return false, nil
}

func blankRow(cells []Cell) bool {
	for _, c := range cells {
		if !c.Blank() {
			return false
		}
	}
	return true
}

// trimBlankTail drops blank cells at the end of a row so that every format
// yields rows of the same length.
func trimBlankTail(cells []Cell) []Cell {
	n := len(cells)
	for n > 0 && cells[n-1].Blank() {
		n--
	}
	return cells[:n]
}
