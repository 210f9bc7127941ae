package importstest

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// SerialHeader is the Serials template: serial, article, production date,
// shipment to the wholesaler, dealer.
var SerialHeader = []string{"Серийный номер", "Артикул", "Дата производства", "Дата отгрузки", "Дилер"}

// Serial is the serial WriteSerials gives row i (0-based).
func Serial(prefix string, i int) string { return fmt.Sprintf("%s%08d", prefix, i) }

// WriteSerials writes an .xlsx Serials file of n data rows, as a factory's
// list looks: production dates as real Excel dates (a day per thousand
// units, in 2024), shipment dates written as text DD.MM.YYYY, a dealer on
// every third row.
func WriteSerials(w io.Writer, n int, prefix string) error {
	var style int
	setup := func(f *excelize.File) (err error) {
		style, err = f.NewStyle(&excelize.Style{NumFmt: 14}) // a date cell
		return err
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	articles := []string{"ЭГК-1500 Энергопром", "БТ-45 Садовод", "ПМ-2000 Мастер", "ГК-900 Луг"}
	return stream(w, SerialHeader, n, setup, func(i int, row []any) []any {
		produced := start.AddDate(0, 0, i/1000%365)
		dealer := ""
		if i%3 == 0 {
			dealer = "ООО «Планета радости»"
		}
		return append(row, Serial(prefix, i), articles[i%len(articles)],
			excelize.Cell{StyleID: style, Value: produced}, produced.AddDate(0, 1, 0).Format("02.01.2006"), dealer)
	})
}
