package sheets_test

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

// outletExportHeader is the outlet export's layout: the Outlets template's
// 15 columns, when each outlet last changed and by which load.
var outletExportHeader = []string{"Код ГО", "Название", "Юридическое название", "ИНН", "Адрес", "Город", "Регион",
	"Широта", "Долгота", "Подтип", "Канал", "Статус", "Код РЦ", "Доля РЦ", "Локальный код", "Изменено", "№ загрузки"}

// outletExportRows yields n rows shaped like the outlet export's: texts,
// coordinates, a share for one outlet in five, a time and a load number.
// Every 5,000 rows it notes the heap in use in peak, when peak is not nil:
// the writing streams, so the heap peaks while rows are written.
func outletExportRows(n int, peak *uint64) func(func([]any, error) bool) {
	changed := time.Date(2026, 11, 3, 14, 30, 0, 0, time.FixedZone("MSK", 3*3600))
	return func(yield func([]any, error) bool) {
		var m runtime.MemStats
		for i := range n {
			if peak != nil && i%5000 == 0 {
				runtime.ReadMemStats(&m)
				*peak = max(*peak, m.HeapInuse)
			}
			var share any
			if i%5 == 0 {
				share = 0.25
			}
			row := []any{fmt.Sprintf("TT%07d", i), fmt.Sprintf("Магазин «Ромашка» №%d", i), "ООО «Ромашка и партнёры»",
				"7707083893", fmt.Sprintf("г. Москва, ул. Тверская, д. %d, стр. 2", i%300), "Москва", "Московская область",
				55.7558 + float64(i%1000)/1e4, 37.6173 - float64(i%700)/1e4, "Супермаркет", "Розница", "Активна",
				"RDC0001", share, fmt.Sprintf("L-%d", i), changed, 7}
			if !yield(row, nil) {
				return
			}
		}
	}
}

// countingWriter counts what is written to it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkWriteXLSXOutletExport writes a 100,000-row outlet export and
// reports rows per second, the peak heap while writing (sampled every
// 5,000 rows), and the size of the workbook; beside it, the same rows through excelize's stream writer,
// which xlsxwrite.Write replaced.
func BenchmarkWriteXLSXOutletExport(b *testing.B) {
	const rows = 100_000
	var peak uint64
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"sheets", func(w io.Writer) error {
			return xlsxwrite.Write(w, "Торговые точки", outletExportHeader, outletExportRows(rows, &peak))
		}},
		{"excelize", func(w io.Writer) error {
			// how xlsxwrite.Write wrote a sheet before, less the styles
			return sheetstest.Stream(w, outletExportHeader, nil, outletExportRows(rows, &peak))
		}},
	}
	for _, wr := range writers {
		b.Run(wr.name, func(b *testing.B) {
			b.ReportAllocs()
			var out countingWriter
			runtime.GC()
			peak = 0
			b.ResetTimer()
			for range b.N {
				out.n = 0
				if err := wr.write(&out); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(out.n)/(1<<20), "xlsx-MB")
		})
	}
}
