// Package importstest makes realistic Outlets files for the loads' tests and
// benchmarks, so the parser's benchmark and the end-to-end one read the same
// kind of file. It does not import shared/imports, whose own tests use it.
package importstest

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets/sheetstest"
)

// Header is the Outlets template's 15 columns plus a note, as key users'
// files often have.
var Header = []string{"Код ГО", "Название", "Юридическое название", "ИНН", "Адрес", "Город", "Регион",
	"Широта", "Долгота", "Подтип", "Канал", "Статус", "Код РЦ", "Доля РЦ", "Локальный код", "Примечание"}

// INN makes a valid 10-digit INN from a number.
func INN(n int) string {
	s := fmt.Sprintf("77%07d", n%10_000_000)
	sum := 0
	for i, w := range []int{2, 4, 10, 3, 5, 9, 4, 6, 8} {
		sum += w * int(s[i]-'0')
	}
	return s + strconv.Itoa(sum%11%10)
}

// Code is the outlet code WriteOutlets gives row i (0-based).
func Code(prefix string, i int) string { return fmt.Sprintf("%s%07d", prefix, i) }

// WriteOutlets writes an .xlsx Outlets file of n data rows with excelize's
// stream writer (every string inline, as such writers make them). Codes are
// prefix + seven digits. Every hundredth outlet is an RDC whose next four
// outlets share it equally; half the INNs are number cells, as when a key
// user pastes them from elsewhere.
func WriteOutlets(w io.Writer, n int, prefix string) error {
	return WriteOutletsNamed(w, n, prefix, "")
}

// WriteOutletsNamed is WriteOutlets with suffix appended to every outlet's
// name: the same outlets, every one changed.
func WriteOutletsNamed(w io.Writer, n int, prefix, suffix string) error {
	cities := []string{"Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"}
	return stream(w, Header, n, nil, func(i int, row []any) []any {
		subtype, rdc, share := "ТТ", "", any("")
		switch i % 100 {
		case 0:
			subtype = "РЦ"
		case 1, 2, 3, 4:
			rdc, share = Code(prefix, i-i%100), 0.25
		}
		var inn any = INN(i)
		if i%2 == 1 {
			v, _ := strconv.Atoi(INN(i))
			inn = v
		}
		city := cities[i%len(cities)]
		return append(row, Code(prefix, i), "Магазин №"+strconv.Itoa(i)+" «Продукты у дома»"+suffix, "ООО «Торговый дом "+strconv.Itoa(i)+"»",
			inn, "ул. Ленина, д. "+strconv.Itoa(i%300+1)+", кв. "+strconv.Itoa(i%90+1), city, city+" и область",
			55+float64(i%1000)/1000, 37+float64(i%1000)/1000, subtype, "Розница", "Активна", rdc, share,
			"L-"+strconv.Itoa(i), "")
	})
}

// stream writes an .xlsx of one sheet as other programs make them
// (sheetstest.Stream): header, then n rows, row i appended by fill to an
// emptied slice it may reuse. setup, when given, prepares the file (styles)
// before the first row.
func stream(w io.Writer, header []string, n int, setup func(*excelize.File) error, fill func(i int, row []any) []any) error {
	return sheetstest.Stream(w, header, setup, func(yield func([]any, error) bool) {
		row := make([]any, 0, len(header))
		for i := range n {
			row = fill(i, row[:0])
			if !yield(row, nil) {
				return
			}
		}
	})
}
