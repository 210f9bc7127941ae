package actsapi

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

// lambdaResponseLimit is what a synchronous Lambda may answer: the export
// travels in the response, base64-encoded.
const lambdaResponseLimit = 6 << 20

func TestAFullExportFitsInALambdaResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 rows")
	}
	loc, _ := time.LoadLocation("Europe/Moscow")
	f := acts.Fields{
		Category: new("Бензиновая газонокосилка на колесах"), Article: new("ЭГК-1500 Энергопром"),
		SerialNumber: new("01.234.09274"), Complaint: new("Не работает"), Mechanic: new("Иванов Иван"),
		Diagnosis:    new("Коленвал вышел из строя из-за попадания воды в цилиндр, вызвавшей гидроудар"),
		Conclusion:   new("Не гарантийный случай. Нарушение правил эксплуатации изделия. Для ремонта потребуется заменить ЦПГ, коленвал"),
		CustomerName: new("Иванович Дмитрий"), CustomerPhone: new("+79347341234"), SellerOrganization: new("ООО Планета радости"),
		SaleDate: new(acts.NewDate(2023, 6, 1)), AcceptedDate: new(acts.NewDate(2023, 6, 15)),
		Parts: []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}, {Name: "Цилиндро-поршневая группа", Quantity: 1, OwnPart: true, Price: 34000}},
	}
	list := make([]acts.Act, acts.ExportCap)
	for i := range list {
		list[i] = acts.Act{ID: fmt.Sprintf("01HZX%021d", i), Number: acts.FormatNumber(2026, i+1), ServiceCenterID: "01HZXSERVICECENTRE00000001",
			Status: acts.StatusSubmitted, Fields: f, CreatedAt: time.Date(2026, 3, 10, 9, 0, 0, 0, loc)}
	}
	book, err := (&API{Location: loc}).workbook(list)
	if err != nil {
		t.Fatal(err)
	}
	if size := base64.StdEncoding.EncodedLen(len(book)); size > lambdaResponseLimit {
		t.Errorf("10,000 acts make %d bytes base64-encoded, more than a Lambda response holds (%d)", size, lambdaResponseLimit)
	}
	t.Logf("10,000 acts: %d KB of .xlsx", len(book)>>10)
}

func TestNationalPhoneNeverStartsLikeAFormula(t *testing.T) {
	for in, want := range map[string]string{"+79347341234": "89347341234", "": "", "+12025550123": "+12025550123"} {
		if got := nationalPhone(&in); got != want {
			t.Errorf("nationalPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTheExportReadsBackInExcelizeCellByCell reads the export with
// excelize: texts as text (a formula neutralised), times and dates as
// date cells, the complexity as a number, blanks as no cell.
func TestTheExportReadsBackInExcelizeCellByCell(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Moscow")
	created := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	submitted := time.Date(2026, 3, 11, 21, 30, 0, 0, time.UTC) // 12.03 00:30 in Moscow
	f := acts.Fields{
		Category: new("Газонокосилка"), Article: new("=ЭГК-1500"), SerialNumber: new(acts.NoSerialMark), Complaint: new("Не заводится"),
		Appearance: new(acts.AppearanceUsed), SaleDate: new(acts.NewDate(2023, 6, 1)), AcceptedDate: new(acts.NewDate(2023, 6, 15)),
		WarrantyCard: new(true), Mechanic: new("Иванов Иван"), WarrantyCase: new(false), Complexity: new(2),
		Parts:         []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}},
		CustomerPhone: new("+79347341234"), RepairEndDate: new(acts.NewDate(2023, 7, 1)),
	}
	list := []acts.Act{
		{ID: "01HZX1", Number: "2026-000001", ServiceCenterID: "01HZXCENTRE", Status: acts.StatusSubmitted, Fields: f, CreatedAt: created, SubmittedAt: &submitted},
		{ID: "01HZX2", Number: "2026-000002", ServiceCenterID: "01HZXCENTRE", Status: acts.StatusDraft, CreatedAt: created},
	}
	book, err := (&API{Location: loc}).workbook(list)
	if err != nil {
		t.Fatal(err)
	}
	header := make([]string, len(exportColumns))
	for i, c := range exportColumns {
		header[i] = c.header
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sheetstest.Check(t, book, "Акты", header, [][]any{
		{"2026-000001", acts.StatusSubmitted.Label(), "01HZXCENTRE", time.Date(2026, 3, 10, 12, 0, 0, 0, loc), time.Date(2026, 3, 12, 0, 30, 0, 0, loc),
			"Газонокосилка", "=ЭГК-1500", "Б/Н", "Не заводится", "Б/У", day(2023, 6, 1), day(2023, 6, 15), nil, "Да", nil,
			"Иванов Иван", nil, nil, "Нет", "Коленвал ×1 (своя)", xlsxwrite.Money(78000), nil, nil, "89347341234", nil, 2, nil, day(2023, 7, 1), nil, nil},
		{"2026-000002", acts.StatusDraft.Label(), "01HZXCENTRE", time.Date(2026, 3, 10, 12, 0, 0, 0, loc)},
	})
}

// The API takes any past day, and a sheet cannot show a date before 1900: such
// a day is exported as its text instead of failing the whole export (a 500
// schemathesis found).
func TestADayBefore1900IsExportedAsItsText(t *testing.T) {
	f := acts.Fields{SaleDate: new(acts.NewDate(789, 6, 18)), RepairEndDate: new(acts.NewDate(1900, 1, 1))}
	list := []acts.Act{{ID: "01HZX3", Number: "2026-000003", ServiceCenterID: "C", Status: acts.StatusDraft, Fields: f, CreatedAt: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}}
	book, err := (&API{Location: time.UTC}).workbook(list)
	if err != nil {
		t.Fatalf("the export failed: %v", err)
	}
	header := make([]string, len(exportColumns))
	for i, c := range exportColumns {
		header[i] = c.header
	}
	row := make([]any, len(exportColumns))
	row[0], row[1], row[2], row[3] = "2026-000003", acts.StatusDraft.Label(), "C", time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	row[10], row[27] = "18.06.0789", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	sheetstest.Check(t, book, "Акты", header, [][]any{row})
}
