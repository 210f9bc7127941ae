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

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets"
)

// innFor makes a valid 10-digit INN from a number.
func innFor(n int) string {
	s := fmt.Sprintf("77%07d", n%10_000_000)
	sum := 0
	for i, w := range []int{2, 4, 10, 3, 5, 9, 4, 6, 8} {
		sum += w * int(s[i]-'0')
	}
	return s + strconv.Itoa(sum%11%10)
}

// writeOutletsFile writes a realistic Outlets file of n data rows and 16
// columns (the template and a note) with excelize's stream writer. Every
// hundredth outlet is an RDC whose next four outlets share it equally; half
// the INNs are number cells, as when a key user pastes them from elsewhere.
func writeOutletsFile(tb testing.TB, path string, n int) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	header := make([]any, 0, 16)
	for _, h := range append(slicesOf(outletTemplate), "Примечание") {
		header = append(header, h)
	}
	if err := sw.SetRow("A1", header); err != nil {
		tb.Fatal(err)
	}
	cities := []string{"Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"}
	row := make([]any, 16)
	for i := range n {
		code := fmt.Sprintf("C%07d", i)
		subtype, rdc, share := "ТТ", "", any("")
		switch i % 100 {
		case 0:
			subtype = "РЦ"
		case 1, 2, 3, 4:
			rdc, share = fmt.Sprintf("C%07d", i-i%100), 0.25
		}
		var inn any = innFor(i)
		if i%2 == 1 {
			v, _ := strconv.Atoi(innFor(i))
			inn = v
		}
		city := cities[i%len(cities)]
		row = append(row[:0], code, "Магазин №"+strconv.Itoa(i)+" «Продукты у дома»", "ООО «Торговый дом "+strconv.Itoa(i)+"»",
			inn, "ул. Ленина, д. "+strconv.Itoa(i%300+1)+", кв. "+strconv.Itoa(i%90+1), city, city+" и область",
			55+float64(i%1000)/1000, 37+float64(i%1000)/1000, subtype, "Розница", "Активна", rdc, share,
			"L-"+strconv.Itoa(i), "")
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(axis, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
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
