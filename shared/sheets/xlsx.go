package sheets

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// dateMarker starts the text excelize renders for a date cell once
// markDateFormats has run. A control character cannot occur in the text of an
// XML document, so no real cell value can be mistaken for it.
const dateMarker = "\x01"

// xlsxSource streams the first worksheet of an .xlsx file through excelize.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	num      int
	date1904 bool
	cells    []Cell
	verified chan error // verifyArchive's verdict, sent once
	verdict  *error     // the verdict once received
}

func openXLSX(r io.ReaderAt, size int64, l Limits) (src *xlsxSource, err error) {
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
	src = &xlsxSource{f: f, verified: make(chan error, 1)}
	if err := src.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	go func() { src.verified <- verifyArchive(zr) }()
	return src, nil
}

// checkArchive refuses an archive whose entries declare more than
// MaxUnzipped bytes in all. The declared sizes can be trusted this far:
// archive/zip fails an entry that inflates past its declared size.
func checkArchive(r io.ReaderAt, size int64, l Limits) (*zip.Reader, error) {
	zr, err := zip.NewReader(io.NewSectionReader(r, 0, size), size)
	if err != nil {
		return nil, corrupt(KindXLSX, err)
	}
	limit, total := uint64(l.MaxUnzipped), uint64(0)
	for _, f := range zr.File {
		if total += f.UncompressedSize64; f.UncompressedSize64 > limit || total > limit {
			return nil, &Error{Code: CodeUnzipLimit, Kind: KindXLSX,
				Err:    fmt.Errorf("entries unpack to more than %d bytes", limit),
				Reason: fmt.Sprintf("Файл распаковывается больше чем в %d МБ: он повреждён или содержит лишнее; скопируйте данные в новую книгу и загрузите её", l.MaxUnzipped>>20)}
		}
	}
	return zr, nil
}

// verifyArchive inflates every entry and checks its checksum. excelize
// ignores both kinds of damage and would quietly yield a truncated sheet, and
// a half-loaded directory is worse than none. It runs beside the row reader,
// so on two cores it costs little time.
func verifyArchive(zr *zip.Reader) error {
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("open %s: %w", f.Name, err)
		}
		_, err = io.Copy(io.Discard, rc)
		_ = rc.Close()
		if err != nil {
			return fmt.Errorf("inflate %s: %w", f.Name, err)
		}
	}
	return nil
}

func (s *xlsxSource) start() error {
	sheets := s.f.GetSheetList()
	if len(sheets) == 0 {
		return corrupt(KindXLSX, errors.New("the workbook has no sheets"))
	}
	props, err := s.f.GetWorkbookProps()
	if err != nil {
		return corrupt(KindXLSX, fmt.Errorf("read workbook properties: %w", err))
	}
	s.date1904 = props.Date1904 != nil && *props.Date1904
	if err := markDateFormats(s.f); err != nil {
		return corrupt(KindXLSX, fmt.Errorf("read styles: %w", err))
	}
	if s.rows, err = s.f.Rows(sheets[0]); err != nil {
		return corrupt(KindXLSX, fmt.Errorf("open sheet %q: %w", sheets[0], err))
	}
	return nil
}

// markDateFormats rewrites the workbook's styles in memory so that excelize's
// row reader, which yields only text, still tells dates apart: every style
// whose number format shows a date renders the raw serial after dateMarker,
// and every other style renders the stored value untouched (no "1,234.50",
// no "50%"). Cells without a style are never formatted by excelize.
func markDateFormats(f *excelize.File) error {
	code := `"` + dateMarker + `"0.##########;"` + dateMarker + `-"0.##########`
	marked, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return err
	}
	styles := f.Styles
	dateFmt := styles.CellXfs.Xf[marked].NumFmtID
	custom := map[int]string{}
	if styles.NumFmts != nil {
		for _, nf := range styles.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	unformatted := -1 // neither built in nor custom: excelize returns the value as stored
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
			xf.NumFmtID = dateFmt
		} else {
			xf.NumFmtID = &unformatted
		}
	}
	return nil
}

func (s *xlsxSource) next() (num int, cells []Cell, ok bool, err error) {
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

func (s *xlsxSource) cell(v string) Cell {
	if serial, ok := strings.CutPrefix(v, dateMarker); ok {
		if n, err := strconv.ParseFloat(serial, 64); err == nil {
			return dateCell(n, s.date1904)
		}
	}
	return textCell(v)
}

// verdictErr waits for verifyArchive, once.
func (s *xlsxSource) verdictErr() error {
	if s.verdict == nil {
		err := <-s.verified
		s.verdict = &err
	}
	return *s.verdict
}

func (s *xlsxSource) close() error {
	_ = s.verdictErr() // let the verifying goroutine finish
	err := s.rows.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
