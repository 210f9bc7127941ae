package actsapi

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"aftersales/shared/acts"
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
	for in, want := range map[string]string{"+79347341234": "8 934 734-12-34", "": ""} {
		if got := nationalPhone(&in); got != want {
			t.Errorf("nationalPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
