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
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := make([]any, len(SerialHeader))
	for i, h := range SerialHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // a date cell
	if err != nil {
		return err
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	articles := []string{"ЭГК-1500 Энергопром", "БТ-45 Садовод", "ПМ-2000 Мастер", "ГК-900 Луг"}
	row := make([]any, len(SerialHeader))
	for i := range n {
		produced := start.AddDate(0, 0, i/1000%365)
		dealer := ""
		if i%3 == 0 {
			dealer = "ООО «Планета радости»"
		}
		row = append(row[:0], Serial(prefix, i), articles[i%len(articles)],
			excelize.Cell{StyleID: style, Value: produced}, produced.AddDate(0, 1, 0).Format("02.01.2006"), dealer)
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(axis, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
