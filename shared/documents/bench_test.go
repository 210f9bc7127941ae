package documents

import (
	"fmt"
	"testing"
	"time"

	"aftersales/shared/desk"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
)

// BenchmarkRender renders each document (make bench): the time per
// document and its size in bytes. The completion certificate is rendered
// twice: the sample's three lines, and 70 parts over two pages.
func BenchmarkRender(b *testing.B) {
	long := sampleRepair()
	for i := range 70 {
		long.Order.Parts = append(long.Order.Parts, desk.Line{ID: fmt.Sprint(i), Name: fmt.Sprintf("Деталь №%02d", i+1), Quantity: 1, Price: rub("10")})
	}
	at := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	var entries []ledger.Entry
	for i := range 40 {
		entries = append(entries, ledger.Entry{ID: fmt.Sprint(i), Kind: ledger.KindOwnPart, ActID: fmt.Sprint("A", i), ServiceCenterID: "SC1",
			Payer: orders.PayerWholesaler, Amount: rub("1120"), At: at.Add(time.Duration(i) * time.Hour)})
	}
	statement := Statement{Wholesaler: Org{Name: "ООО «Опт-Техника»"}, Centre: Org{Name: "СЦ «Мотор-Сервис»"},
		Statement: ledger.CentreStatement("SC1", "2026-11", entries), At: at, Location: moscow}
	// Once per cold start: the two fonts' character maps rebuilt with «₽».
	b.Run("fonts-once-per-start", func(b *testing.B) {
		for b.Loop() {
			if _, err := loadFonts(); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, doc := range []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"receipt", func() ([]byte, error) { return Receipt(sampleRepair()) }},
		{"completion", func() ([]byte, error) { return Completion(sampleRepair()) }},
		{"completion-70-parts", func() ([]byte, error) { return Completion(long) }},
		{"warranty-act", func() ([]byte, error) { return WarrantyAct(sampleAct()) }},
		{"statement-40-entries", func() ([]byte, error) { return CompensationStatement(statement) }},
	} {
		b.Run(doc.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				pdf, err := doc.render()
				if err != nil {
					b.Fatal(err)
				}
				size = len(pdf)
			}
			b.ReportMetric(float64(size), "bytes/doc")
		})
	}
}
