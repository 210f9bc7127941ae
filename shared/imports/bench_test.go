package imports

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"aftersales/shared/imports/importstest"
	"aftersales/shared/sheets"
)

// writeOutletsFile writes a realistic Outlets file of n data rows and 16
// columns (see importstest.WriteOutlets).
func writeOutletsFile(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := importstest.WriteOutlets(f, n, "C"); err != nil {
		tb.Fatal(err)
	}
}

// validateFile runs a whole Outlets file through the reader and a first-load
// Validator, as the import function does, and returns the result.
func validateFile(tb testing.TB, path string) Result {
	tb.Helper()
	file, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := sheets.Open(file, info.Size(), sheets.Limits{TempDir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		tb.Fatalf("no header: %v", r.Err())
	}
	header := make([]string, len(r.Row()))
	for i, c := range r.Row() {
		header[i] = c.Text
	}
	cols, _, err := MatchHeaders(OutletsFirstLoad, header)
	if err != nil {
		tb.Fatal(err)
	}
	v := NewOutletValidator(OutletsFirstLoad, cols)
	for r.Next() {
		v.Add(r.RowNumber(), r.Row())
	}
	if err := r.Err(); err != nil {
		tb.Fatal(err)
	}
	res, err := v.Finish(context.Background(), &directory{})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func TestAGeneratedOutletsFileValidatesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	inline, shared := filepath.Join(dir, "inline.xlsx"), filepath.Join(dir, "shared.xlsx")
	writeOutletsFile(t, inline, 300)
	shareStrings(t, inline, shared)
	for _, path := range []string{inline, shared} {
		res := validateFile(t, path)
		if res.Rows != 300 || res.TotalErrors != 0 {
			t.Fatalf("%s: got %d rows with errors %+v, want 300 clean rows", filepath.Base(path), res.Rows, res.Errors)
		}
	}
}

var (
	benchDir     string
	benchDirOnce sync.Once
)

const benchRows = 100_000

// BenchmarkValidateOutlets measures parse and validation of a 100,000-row,
// 16-column Outlets file, reporting rows per second and the peak heap: once
// as excelize's stream writer makes it (every string inline in the sheet),
// and once as Excel saves it (strings in the shared-string table). The
// files are generated once per run: go test -run X -bench ValidateOutlets.
func BenchmarkValidateOutlets(b *testing.B) {
	benchDirOnce.Do(func() {
		dir, err := os.MkdirTemp("", "outlets-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
		writeOutletsFile(b, filepath.Join(dir, "inline.xlsx"), benchRows)
		shareStrings(b, filepath.Join(dir, "inline.xlsx"), filepath.Join(dir, "shared.xlsx"))
	})
	for _, file := range []string{"inline", "shared"} {
		b.Run(file+"-strings", func(b *testing.B) {
			path := filepath.Join(benchDir, file+".xlsx")
			b.ReportAllocs()
			peak := watchHeap()
			b.ResetTimer()
			for range b.N {
				if res := validateFile(b, path); res.Rows != benchRows || res.TotalErrors != 0 {
					b.Fatalf("got %d rows, %d errors", res.Rows, res.TotalErrors)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		})
	}
}

// inlineString is a cell as excelize's stream writer writes a string.
var inlineString = regexp.MustCompile(`t="inlineStr"><is><t>([^<]*)</t></is>`)

// shareStrings rewrites a stream-written workbook the way Excel would save
// it: each distinct string once in xl/sharedStrings.xml, cells pointing at it.
func shareStrings(tb testing.TB, from, to string) {
	tb.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	index := map[string]int{}
	var table bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		switch f.Name {
		case "xl/worksheets/sheet1.xml":
			body = inlineString.ReplaceAllFunc(body, func(m []byte) []byte {
				s := string(inlineString.FindSubmatch(m)[1])
				i, ok := index[s]
				if !ok {
					i = len(index)
					index[s] = i
					table.WriteString("<si><t>" + s + "</t></si>")
				}
				return []byte(`t="s"><v>` + strconv.Itoa(i) + `</v>`)
			})
		case "[Content_Types].xml":
			body = bytes.Replace(body, []byte("</Types>"), []byte(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`), 1)
		case "xl/_rels/workbook.xml.rels":
			body = bytes.Replace(body, []byte("</Relationships>"), []byte(`<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			tb.Fatal(err)
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(index), len(index))
	_, _ = w.Write(table.Bytes())
	_, _ = io.WriteString(w, "</sst>")
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
}

// watchHeap samples the heap in use until the returned function is called,
// which returns the largest sample.
func watchHeap() func() uint64 {
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
