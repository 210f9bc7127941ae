package documents

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/infra/pdftext"
	"aftersales/shared/acts"
	"aftersales/shared/desk"
	"aftersales/shared/eligibility"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

var moscow = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		panic(err)
	}
	return loc
}()

func pdfText(t testing.TB, pdf []byte) string { return pdftext.Text(t, pdf) }

// inOrder fails unless every want appears in text, each after the one before.
func inOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	if msg := pdftext.InOrder(text, want...); msg != "" {
		t.Fatal(msg)
	}
}

// keep writes a rendered document to DOCUMENTS_OUT when set (the evidence
// pictures are made from them).
func keep(t *testing.T, name string, pdf []byte) {
	if dir := os.Getenv("DOCUMENTS_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func rub(s string) money.RUB {
	var m money.RUB
	if err := m.UnmarshalJSON([]byte(s)); err != nil {
		panic(err)
	}
	return m
}

func sampleRepair() Repair {
	created := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	return Repair{
		Centre: Org{Name: "Сервисный центр «Мотор-Сервис»", City: "Тверь", Phone: "+7 4822 55-01-02", Email: "service@motor.example"},
		Order: desk.Repair{ID: "R1", CentreID: "SC1", ExecutorID: "u4", Number: "СЦ-2026-000123", CreatedAt: created,
			CustomerName: "Иванова Мария Петровна", DeviceTitle: "Газонокосилка бензиновая",
			Intake: desk.Intake{Complaint: "Не заводится после зимнего хранения, дымит", Appearance: "Царапины на деке",
				Completeness: "Без травосборника", EstimatedCost: rub("1500"), ExpectedDate: "2026-12-08"},
			Works: []desk.Line{{ID: "w1", Name: "Диагностика и регулировка карбюратора", Quantity: 1, Price: rub("500")}},
			Parts: []desk.Line{
				{ID: "p1", Name: "Свеча зажигания NGK BPR6ES", Quantity: 2, Price: rub("160")},
				{ID: "p2", Name: "Фильтр воздушный", Quantity: 1, Price: rub("300")},
			},
			Payments: []desk.Payment{{ID: "pay1", Amount: rub("200"), Method: desk.PayCash, At: created}},
		},
		Customer: desk.Customer{Name: "Иванова Мария Петровна", Phones: []string{"+79161234567"}, Email: "maria@example.ru", Address: "г. Тверь, ул. Советская, д. 5"},
		Device: desk.Device{Category: "Газонокосилка бензиновая", Maker: "Huter", Model: "GLM-5.0 S", Serial: "HT2024-77881",
			SaleDate: "2025-05-14", Seller: "ООО «Садовод»", WarrantyCard: true},
		AcceptedBy: "Петров Алексей", ExecutorName: "Смирнов Игорь",
		StatusURL: "https://aftersales.example/s/9f8e7d6c5b4a",
		At:        time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC), Location: moscow,
	}
}

func TestMoneyAndDatesAreWrittenTheRussianWay(t *testing.T) {
	for in, want := range map[string]string{"1120": "1 120,00 ₽", "0.05": "0,05 ₽", "-1234567.8": "-1 234 567,80 ₽", "999": "999,00 ₽", "100000": "100 000,00 ₽"} {
		if got := Money(rub(in)); got != want {
			t.Errorf("Money(%s) = %q, want %q", in, got, want)
		}
	}
	// 23:30 UTC on the 31st is already the 1st in Moscow.
	if got := Date(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), moscow); got != "01.01.2027" {
		t.Errorf("Date = %q", got)
	}
	if got := Day("2026-03-09"); got != "09.03.2026" {
		t.Errorf("Day = %q", got)
	}
	if got := Month("2026-12"); got != "декабрь 2026" {
		t.Errorf("Month = %q", got)
	}
}

func TestReceiptReadsBackInCyrillic(t *testing.T) {
	pdf, err := Receipt(sampleRepair())
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "receipt.pdf", pdf)
	text := pdfText(t, pdf)
	inOrder(t, text, "Сервисный центр «Мотор-Сервис»", "КВИТАНЦИЯ О ПРИЁМЕ В РЕМОНТ № СЦ-2026-000123", "от 01.12.2026",
		"Иванова Мария Петровна", "+7 916 123-45-67", "Газонокосилка бензиновая Huter GLM-5.0 S", "HT2024-77881", "14.05.2025",
		"Не заводится после зимнего хранения", "Царапины на деке", "Без травосборника", "1 500,00 ₽", "08.12.2026",
		"Сдал (заказчик)", "Принял", "Страница 1 из 1")
}

func TestCompletionCertificateListsEveryLineAndTheTotals(t *testing.T) {
	pdf, err := Completion(sampleRepair())
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "completion.pdf", pdf)
	text := pdfText(t, pdf)
	inOrder(t, text, "АКТ ВЫПОЛНЕННЫХ РАБОТ № СЦ-2026-000123", "от 05.12.2026", "Иванова Мария Петровна",
		"Газонокосилка бензиновая Huter GLM-5.0 S",
		"Диагностика и регулировка карбюратора", "500,00 ₽",
		"Свеча зажигания NGK BPR6ES", "2", "160,00 ₽", "320,00 ₽",
		"Фильтр воздушный", "300,00 ₽",
		"Работы:", "500,00 ₽", "Запасные части:", "620,00 ₽", "Итого:", "1 120,00 ₽", "Оплачено:", "200,00 ₽", "К оплате:", "920,00 ₽",
		"30 дн. со дня выдачи изделия, до", "04.01.2027", "Страница 1 из 1")
}

func TestTheStatusLinkIsAQRCodeOnlyWhenThereIsOne(t *testing.T) {
	with, err := Receipt(sampleRepair())
	if err != nil {
		t.Fatal(err)
	}
	r := sampleRepair()
	r.StatusURL = ""
	without, err := Receipt(r)
	if err != nil {
		t.Fatal(err)
	}
	image := []byte("/Subtype /Image")
	if !bytes.Contains(with, image) || bytes.Contains(without, image) {
		t.Fatalf("image in the receipt with a status link: %v, without: %v", bytes.Contains(with, image), bytes.Contains(without, image))
	}
	if !strings.Contains(pdfText(t, with), "статус заказа") || strings.Contains(pdfText(t, without), "статус заказа") {
		t.Fatal("the QR code's caption must come with the QR code only")
	}
}

func TestLongDocumentsNumberTheirPages(t *testing.T) {
	r := sampleRepair()
	r.Order.Parts = nil
	for i := range 70 {
		r.Order.Parts = append(r.Order.Parts, desk.Line{ID: fmt.Sprint(i), Name: fmt.Sprintf("Деталь №%02d", i+1), Quantity: 1, Price: rub("10")})
	}
	pdf, err := Completion(r)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	pages := regexp.MustCompile(`Страница (\d+) из (\d+)`).FindAllStringSubmatch(text, -1)
	if len(pages) < 2 {
		t.Fatalf("want several pages, got %v", pages)
	}
	for i, m := range pages {
		if m[1] != fmt.Sprint(i+1) || m[2] != fmt.Sprint(len(pages)) {
			t.Errorf("page %d says %q", i+1, m[0])
		}
	}
	// Every part once, in order, the headings repeated on the next page.
	want := []string{}
	for i := range 70 {
		want = append(want, fmt.Sprintf("Деталь №%02d", i+1))
	}
	inOrder(t, text, append(want, "Итого:", "1 200,00 ₽")...)
	if strings.Count(text, "Запасная часть") < 2 {
		t.Error("the table's headings are not repeated on the next page")
	}
}

func sampleAct() Act {
	submitted := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	f := acts.Fields{
		Category: new("Бензиновая газонокосилка"), Article: new("GLM-5.0 S"), SerialNumber: new("HT2024-77881"),
		Complaint: new("Не заводится"), Appearance: new(acts.AppearanceUsed), SaleDate: new(acts.NewDate(2025, 5, 14)),
		AcceptedDate: new(acts.NewDate(2026, 11, 18)), WarrantyCard: new(true),
		InternalNumber: new("ВН-77"), Mechanic: new("Смирнов Игорь"), Diagnosis: new("Трещина корпуса карбюратора"),
		Conclusion: new("Заводской дефект литья"), WarrantyCase: new(true),
		Parts: []acts.Part{
			{Name: "Карбюратор в сборе", SchemeNumber: "12-04", Quantity: 1, Price: rub("2450.50")},
			{Name: "Прокладка карбюратора", SchemeNumber: "12-05", Quantity: 2, OwnPart: true, Price: rub("85")},
		},
		CustomerName: new("Иванова Мария Петровна"), CustomerPhone: new("+79161234567"), SellerOrganization: new("ООО «Садовод»"),
		Complexity: new(2), RepairEndDate: new(acts.NewDate(2026, 12, 2)),
	}
	return Act{
		Wholesaler: Org{Name: "ООО «Опт-Техника»", INN: "7701234567", Address: "г. Москва, ул. Складская, д. 1"},
		Centre:     Org{Name: "Сервисный центр «Мотор-Сервис»", City: "Тверь"},
		Record: acts.Record{
			Act: acts.Act{ID: "A1", Number: "2026-000042", Status: acts.StatusApproved, Fields: f, CreatedAt: submitted, SubmittedAt: &submitted,
				Eligibility: &eligibility.Result{Verdict: "eligible", Reasons: []eligibility.Reason{{Message: "Гарантийный талон приложен"}}},
				Parcels:     []acts.Parcel{{Carrier: "СДЭК", TrackingNumber: "1234567890", TrackingURL: "https://www.cdek.ru/ru/tracking?order_id=1234567890"}}},
			History: []acts.Event{{Type: acts.EventStatus, At: submitted.Add(48 * time.Hour), From: acts.StatusSubmitted, To: acts.StatusApproved,
				Reason: "Дефект подтверждён фото", ActorName: "Кузнецова Ольга"}},
			Files: []acts.File{
				{Kind: acts.FileNameplate, Name: "kosilka.jpg", Status: acts.FileAttached, Size: 2048000, CreatedAt: submitted},
				{Kind: acts.FileWarrantyOrReceipt, Name: "serial.jpg", Status: acts.FileAttached, Size: 512000, CreatedAt: submitted},
				{Kind: acts.FileDefect, Name: "broken.jpg", Status: acts.FileRejected, CreatedAt: submitted},
			},
		},
		Orders: []orders.Order{{ID: "O1", Payer: orders.PayerFactory, Status: orders.StatusShipped, CreatedAt: submitted.Add(48 * time.Hour),
			Lines:        []orders.Line{{Name: "Карбюратор в сборе", Quantity: 1, Price: rub("2450.50")}},
			Compensation: []orders.Line{{Name: "Прокладка карбюратора", Quantity: 2, Price: rub("85")}}}},
		At: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), Location: moscow,
	}
}

func TestWarrantyActHasItsFourSectionsDecisionOrderAndTracking(t *testing.T) {
	in := sampleAct()
	pdf, err := WarrantyAct(in)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "act.pdf", pdf)
	text := pdfText(t, pdf)
	inOrder(t, text, "ООО «Опт-Техника»", "ИНН 7701234567", "ГАРАНТИЙНЫЙ АКТ № 2026-000042", "от 20.11.2026",
		"Сервисный центр «Мотор-Сервис»",
		"1. Изделие", "Бензиновая газонокосилка", "GLM-5.0 S", "HT2024-77881", "Не заводится", "14.05.2025",
		"2. Диагностика", "Трещина корпуса карбюратора", "Заводской дефект литья",
		"3. Запрос запасных частей", "Карбюратор в сборе", "2 450,50 ₽", "Прокладка карбюратора", "170,00 ₽", "Итого по запросу:", "2 620,50 ₽",
		"4. Дополнительная информация", "Иванова Мария Петровна", "ООО «Садовод»", "02.12.2026",
		"Фотографии", "kosilka.jpg", "serial.jpg",
		"Решение", "22.11.2026", "Дефект подтверждён фото", "Кузнецова Ольга", "Гарантийный талон приложен",
		"Заказы запасных частей", orders.PayerFactory.Label(), "2 450,50 ₽", "170,00 ₽",
		"Отслеживание", "СДЭК", "1234567890")
	if strings.Contains(text, "broken.jpg") {
		t.Error("a rejected upload is listed among the act's photos")
	}
}

func TestCompensationStatementSumsTheCentresMonth(t *testing.T) {
	at := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	entries := []ledger.Entry{
		{ID: "1", Kind: ledger.KindOwnPart, ActID: "A1", ServiceCenterID: "SC1", Payer: orders.PayerWholesaler, Amount: rub("1120"), At: at},
		{ID: "2", Kind: ledger.KindPartsShipped, ActID: "A2", ServiceCenterID: "SC1", Payer: orders.PayerServiceCenter, Amount: rub("300.40"), At: at.Add(24 * time.Hour)},
		{ID: "3", Kind: ledger.KindOwnPart, ActID: "A3", ServiceCenterID: "SC2", Payer: orders.PayerWholesaler, Amount: rub("9999"), At: at},
	}
	st := ledger.CentreStatement("SC1", "2026-11", entries)
	pdf, err := CompensationStatement(Statement{
		Wholesaler: Org{Name: "ООО «Опт-Техника»", INN: "7701234567"}, Centre: Org{Name: "Сервисный центр «Мотор-Сервис»", City: "Тверь"},
		Statement: st, ActNumbers: map[string]string{"A1": "2026-000042", "A2": "2026-000043"},
		At: time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC), Location: moscow,
	})
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "statement.pdf", pdf)
	text := pdfText(t, pdf)
	inOrder(t, text, "ООО «Опт-Техника»", "АКТ СВЕРКИ КОМПЕНСАЦИЙ ЗА НОЯБРЬ 2026", "Сервисный центр «Мотор-Сервис»",
		"10.11.2026", "2026-000042", "Свои запчасти центра", "1 120,00 ₽",
		"11.11.2026", "2026-000043", "Запчасти отгружены", "300,40 ₽",
		"Компенсация своих запчастей центра:", "1 120,00 ₽", "Расходы за счёт центра:", "300,40 ₽", "К выплате сервисному центру:", "819,60 ₽")
	if strings.Contains(text, "9 999,00") {
		t.Error("another centre's entry is in the statement")
	}
}

// The fonts are subset: a one-page document stays small.
func TestDocumentsEmbedOnlyTheGlyphsTheyUse(t *testing.T) {
	pdf, err := Receipt(sampleRepair())
	if err != nil {
		t.Fatal(err)
	}
	if len(pdf) > 120_000 {
		t.Errorf("a one-page receipt is %d bytes", len(pdf))
	}
}

// claimEntries are a month of factory costs of two factories; the claim to
// Huter has two acts (one with two parts) and no other factory's entry.
func claimEntries() []ledger.Entry {
	at := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	return []ledger.Entry{
		{ID: "1", Kind: ledger.KindPartsShipped, ActID: "A1", ActNumber: "2026-000042", Serial: "HT2024-77881", Article: "GLM-5.0S",
			ServiceCenterID: "SC1", Payer: orders.PayerFactory, Party: "Huter", Amount: rub("1420"), At: at, Month: "2026-11",
			Recovery: &ledger.Recovery{State: ledger.StateToClaim},
			Lines:    []orders.Line{{Name: "Свеча зажигания", SchemeNumber: "12", Quantity: 2, Price: rub("560")}, {Name: "Фильтр воздушный", Quantity: 1, Price: rub("300")}}},
		{ID: "2", Kind: ledger.KindPartsShipped, ActID: "A2", ActNumber: "2026-000043", Serial: "HT2025-00017", Article: "BS-8000",
			ServiceCenterID: "SC2", Payer: orders.PayerFactory, Party: "Huter", Amount: rub("12345.60"), At: at.Add(24 * time.Hour), Month: "2026-11",
			Lines:    []orders.Line{{Name: "Карбюратор", Quantity: 1, Price: rub("12345.60")}},
			Recovery: &ledger.Recovery{State: ledger.StateRecovered, Recovered: rub("12345.60")}},
		{ID: "3", Kind: ledger.KindPartsShipped, ActID: "A3", ActNumber: "2026-000044", ServiceCenterID: "SC1", Payer: orders.PayerFactory,
			Party: "Patriot", Amount: rub("9999"), At: at, Month: "2026-11", Lines: []orders.Line{{Name: "Стартер", Quantity: 1, Price: rub("9999")}}},
	}
}

func TestClaimDocumentListsEveryPartOfTheFactorysMonthAndTheTotals(t *testing.T) {
	st := ledger.PayerMonth(orders.PayerFactory, "Huter", "2026-11", claimEntries())
	pdf, err := ClaimDocument(Claim{
		Wholesaler: Org{Name: "ООО «Опт-Техника»", INN: "7701234567", City: "Москва"}, Statement: st,
		Centres: map[string]string{"SC1": "Мотор-Сервис", "SC2": "Сад-Мастер"},
		At:      time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC), Location: moscow,
	})
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "claim.pdf", pdf)
	text := pdfText(t, pdf)
	inOrder(t, text, "ООО «Опт-Техника»", "ИНН 7701234567", "ПРЕТЕНЗИЯ ЗА НОЯБРЬ 2026", "Huter",
		// a row's second lines (the day, the article) read after its first
		"2026-000042", "Мотор-Сервис", "HT2024-77881", "Свеча зажигания", "560,00 ₽", "1 120,00 ₽", "10.11.2026", "GLM-5.0S",
		"Фильтр воздушный", "300,00 ₽",
		"2026-000043", "Сад-Мастер", "HT2025-00017", "Карбюратор", "12 345,60 ₽", "11.11.2026", "BS-8000",
		"Итого по претензии:", "13 765,60 ₽", "Возмещено:", "12 345,60 ₽", "Списано:", "0,00 ₽", "К возмещению:", "1 420,00 ₽")
	if strings.Contains(text, "Стартер") || strings.Contains(text, "9 999,00") {
		t.Error("another factory's entry is in the claim")
	}
}

// TestCharactersBeyondTheFontsPlaneBecomeAQuestionMark: fpdf's UTF-8 fonts
// address only U+0000–U+FFFF; an emoji typed into an act (schemathesis typed
// one) panicked the warranty act's rendering before.
func TestCharactersBeyondTheFontsPlaneBecomeAQuestionMark(t *testing.T) {
	in := sampleAct()
	in.Record.Act.Fields.Complaint = new("Не заводится 🔥𝕏")
	in.Record.Act.Fields.Parts[0].Name = "Карбюратор 😀"
	in.Record.History[0].Reason = "Фото 📷 подтверждает"
	pdf, err := WarrantyAct(in)
	if err != nil {
		t.Fatal(err)
	}
	inOrder(t, pdfText(t, pdf), "Не заводится ??", "Карбюратор ?", "Фото ? подтверждает")
}

func TestAnOrganisationsRequisitesReadAsLinesAndSayTheCityOnce(t *testing.T) {
	for _, tt := range []struct {
		org  Org
		want []string
	}{
		{Org{Name: "СЦ «Север»", City: "Санкт-Петербург", Address: "г. Санкт-Петербург, ул. Садовая, д. 10", Hours: "пн–пт 9–19",
			LegalName: "ИП Северов С. С.", INN: "500100732259"},
			[]string{"ИП Северов С. С., ИНН 500100732259", "г. Санкт-Петербург, ул. Садовая, д. 10", "Часы работы: пн–пт 9–19"}},
		{Org{Name: "ООО «Опт-Техника»", INN: "7701234567", Address: "ул. Складская, д. 1", City: "Москва", Phone: "+7 495 000-00-00"},
			[]string{"ИНН 7701234567", "ул. Складская, д. 1, Москва, тел. +7 495 000-00-00"}},
		{Org{Name: "СЦ «Юг»"}, nil},
	} {
		if got := tt.org.lines("Часы работы: "); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.org.Name, got, tt.want)
		}
	}
}
