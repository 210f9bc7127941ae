package sheets

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// xlsxSource streams the first worksheet of an .xlsx file with a reader
// built for the purpose (xmlScanner, sheetRows, the fast paths of
// xlsxfast.go): the rows excelize's row reader yields, to the bit, for about
// a tenth of the CPU. It is a pipeline: one goroutine inflates the sheet,
// another scans it into batches of rows, and the caller works on the batch
// before, so that on two cores the reading costs the caller little more
// than taking rows from a channel.
//
// The workbook's other parts are read by readWorkbook, which finds and
// decodes them as excelize does.
type xlsxSource struct {
	full     chan *rowBatch
	free     chan *rowBatch
	stop     chan struct{}
	done     chan struct{} // closed when the producer has exited and released its files
	stopOnce sync.Once

	batch *rowBatch
	row   int // the next row of batch to yield
	ended bool
	err   error

	verified chan error // verifyArchive's verdict, sent once
	verdict  *error
}

// rowBatch is a run of consecutive non-empty rows; the last batch a
// producer sends has last set, and err when the sheet could not be read
// to its end.
type rowBatch struct {
	nums  []int
	ends  []int // where each row's cells end in cells
	cells []Cell
	last  bool
	err   error
}

const (
	batchRows = 256
	batches   = 4
)

func openXLSX(r io.ReaderAt, size int64, l Limits) (*xlsxSource, error) {
	zr, err := checkArchive(r, size, l)
	if err != nil {
		return nil, err
	}
	wb, err := readWorkbook(zr, l)
	if err != nil {
		return nil, err
	}
	part, err := wb.sheet.Open()
	if err != nil {
		return nil, readError(fmt.Errorf("open %s: %w", wb.sheet.Name, err))
	}
	sheet := newInflater(part)
	p := &producer{rows: newSheetRows(sheet, wb, l), sheet: sheet, strings: []*zip.File{wb.strings, wb.largeStrings}}
	src := &xlsxSource{
		full:     make(chan *rowBatch, batches),
		free:     make(chan *rowBatch, batches),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		verified: make(chan error, 1),
	}
	for range batches {
		src.free <- &rowBatch{}
	}
	go p.run(src)
	go func() { src.verified <- verifyArchive(zr, wb.sheet, wb.strings, wb.largeStrings) }()
	return src, nil
}

func newSheetRows(sheet io.Reader, wb *workbook, l Limits) *sheetRows {
	var (
		table, large *stringTable
		largeErr     error
		largeRead    bool
	)
	r := &sheetRows{sc: newXMLScanner(sheet), dateXF: wb.dateXF, date1904: wb.date1904}
	r.prepare = func() error {
		if wb.strings != nil {
			r.read = append(r.read, wb.strings)
			var err error
			if table, err = readSharedStrings(wb.strings, l); err != nil {
				return fmt.Errorf("read shared strings: %w", err)
			}
		}
		return checkContentTypes(wb.contentTypes)
	}
	r.strings = func() (*stringTable, error) {
		if wb.largeStrings == nil {
			if table == nil {
				table = &stringTable{}
			}
			return table, nil
		}
		if !largeRead {
			largeRead = true
			r.read = append(r.read, wb.largeStrings)
			if large, largeErr = readSharedStrings(wb.largeStrings, l); largeErr != nil {
				largeErr = fmt.Errorf("read shared strings: %w", largeErr)
			}
		}
		return large, largeErr
	}
	r.release = func() error {
		err := table.close()
		if lerr := large.close(); err == nil {
			err = lerr
		}
		return err
	}
	return r
}

// producer fills batches from the sheet until its end, an error, or stop.
type producer struct {
	rows    *sheetRows
	sheet   *inflater
	strings []*zip.File // the shared-string parts, to check at the end if never read
}

func (p *producer) run(src *xlsxSource) {
	defer close(src.done)
	defer func() {
		_ = p.sheet.Close()
		_ = p.rows.release()
	}()
	for {
		var b *rowBatch
		select {
		case b = <-src.free:
		case <-src.stop:
			return
		}
		p.fill(b)
		select {
		case src.full <- b:
		case <-src.stop:
			return
		}
		if b.last {
			return
		}
	}
}

// fill reads the next batchRows non-empty rows into b.
func (p *producer) fill(b *rowBatch) {
	b.nums, b.ends, b.cells = b.nums[:0], b.ends[:0], b.cells[:0]
	defer func() {
		if v := recover(); v != nil {
			b.last, b.err = true, corrupt(KindXLSX, fmt.Errorf("reading the sheet panicked: %v", v))
		}
	}()
	for len(b.nums) < batchRows {
		ok, err := p.rows.next()
		if err != nil {
			b.last, b.err = true, readError(err)
			return
		}
		if !ok {
			// Read the part to its end: archive/zip checks its size and
			// checksum there. So it has checked the shared strings if they
			// were read; if not, check them now.
			if _, err := io.Copy(io.Discard, p.sheet); err != nil {
				b.err = readError(fmt.Errorf("inflate the sheet: %w", err))
			}
			for _, f := range p.strings {
				if f != nil && !slices.Contains(p.rows.read, f) && b.err == nil {
					if err := verifyEntry(f); err != nil {
						b.err = readError(err)
					}
				}
			}
			b.last = true
			return
		}
		first := len(b.cells)
		cells, err := p.rows.columns(b.cells)
		if err != nil {
			b.cells = b.cells[:first]
			b.last, b.err = true, readError(fmt.Errorf("row %d: %w", p.rows.seekRow, err))
			return
		}
		b.cells = cells[:first+len(trimBlankTail(cells[first:]))]
		if len(b.cells) > first {
			b.nums = append(b.nums, p.rows.seekRow)
			b.ends = append(b.ends, len(b.cells))
		}
	}
}

// inflater inflates a zip entry ahead of its reader, in a goroutine of its
// own: inflating is a third of the work of reading a sheet, and this way
// it runs beside the scanning.
type inflater struct {
	part   io.ReadCloser
	chunks chan []byte // inflated, in order; closed at the end, after err is set
	free   chan []byte
	stop   chan struct{}
	done   chan struct{}
	err    error
	cur    []byte // what is left of the chunk being read
	chunk  []byte // that chunk, to give back once read
	closed sync.Once
}

const (
	inflateChunk  = 256 << 10
	inflateChunks = 4
)

func newInflater(part io.ReadCloser) *inflater {
	in := &inflater{part: part, chunks: make(chan []byte, inflateChunks), free: make(chan []byte, inflateChunks),
		stop: make(chan struct{}), done: make(chan struct{})}
	for range inflateChunks {
		in.free <- make([]byte, inflateChunk)
	}
	go in.run()
	return in
}

func (in *inflater) run() {
	defer close(in.done)
	defer close(in.chunks)
	for {
		var buf []byte
		select {
		case buf = <-in.free:
		case <-in.stop:
			return
		}
		n, err := 0, error(nil)
		for n < len(buf) && err == nil {
			var m int
			m, err = in.part.Read(buf[n:])
			n += m
		}
		if n > 0 {
			select {
			case in.chunks <- buf[:n]:
			case <-in.stop:
				return
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			in.err = err
			return
		}
	}
}

func (in *inflater) Read(p []byte) (int, error) {
	for len(in.cur) == 0 {
		if in.chunk != nil {
			in.free <- in.chunk[:cap(in.chunk)]
			in.chunk = nil
		}
		buf, ok := <-in.chunks
		if !ok {
			if in.err != nil {
				return 0, in.err
			}
			return 0, io.EOF
		}
		in.cur, in.chunk = buf, buf
	}
	n := copy(p, in.cur)
	in.cur = in.cur[n:]
	return n, nil
}

// Close stops the inflating and closes the entry.
func (in *inflater) Close() error {
	in.closed.Do(func() { close(in.stop) })
	<-in.done
	return in.part.Close()
}

// readError is how a failure to read an .xlsx reaches the caller: when the
// file itself cannot be read, or a temporary file written, that error as it
// is; anything else is the file's fault.
func readError(err error) error {
	var sys *systemError
	if errors.As(err, &sys) {
		return sys.err
	}
	return corrupt(KindXLSX, err)
}

// systemError marks a failure that is not the file's fault.
type systemError struct{ err error }

func (e *systemError) Error() string { return e.err.Error() }
func (e *systemError) Unwrap() error { return e.err }

// sourceReader marks the errors of the file's own reads: the sheet is read
// while rows stream, so a read that fails half way (a dropped connection)
// must not be taken for a damaged file.
type sourceReader struct{ r io.ReaderAt }

func (s sourceReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.r.ReadAt(p, off)
	if err != nil && err != io.EOF {
		err = &systemError{err}
	}
	return n, err
}

func (s *xlsxSource) next() (num int, cells []Cell, ok bool, err error) {
	for s.batch == nil || s.row >= len(s.batch.nums) {
		if s.ended {
			return 0, nil, false, s.err
		}
		if s.batch != nil {
			if s.batch.last {
				s.ended = true
				if s.err = s.batch.err; s.err == nil {
					if verr := s.verdictErr(); verr != nil {
						s.err = readError(verr)
					}
				}
				return 0, nil, false, s.err
			}
			s.free <- s.batch
		}
		s.batch, s.row = <-s.full, 0
	}
	b, i := s.batch, s.row
	s.row++
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.nums[i], b.cells[start:b.ends[i]], true, nil
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
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
	_ = s.verdictErr() // let the verifying goroutine finish
	return nil
}

// checkArchive refuses an archive whose entries declare more than
// MaxUnzipped bytes in all. The declared sizes can be trusted this far:
// archive/zip fails an entry that inflates past its declared size.
func checkArchive(r io.ReaderAt, size int64, l Limits) (*zip.Reader, error) {
	zr, err := zip.NewReader(io.NewSectionReader(sourceReader{r}, 0, size), size)
	if err != nil {
		return nil, readError(err)
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

// verifyArchive inflates every entry but those skipped (the parts the
// reader inflates and checks itself) and checks its size and checksum:
// excelize ignores both kinds of damage and reads a truncated part quietly,
// and a half-loaded directory is worse than none. It runs beside the row
// reader.
func verifyArchive(zr *zip.Reader, skip ...*zip.File) error {
	for _, f := range zr.File {
		if slices.Contains(skip, f) {
			continue
		}
		if err := verifyEntry(f); err != nil {
			return err
		}
	}
	return nil
}

func verifyEntry(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Name, err)
	}
	_, err = io.Copy(io.Discard, rc)
	_ = rc.Close()
	if err != nil {
		return fmt.Errorf("inflate %s: %w", f.Name, err)
	}
	return nil
}
