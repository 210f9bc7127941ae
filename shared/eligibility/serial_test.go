package eligibility

import (
	"reflect"
	"strings"
	"testing"

	"aftersales/shared/apperr"
)

func TestAValidSerialRecordHasNoProblems(t *testing.T) {
	r := SerialRecord{Serial: " 01.234.09274 ", Article: "ЭГК-1500 Энергопром",
		Produced: NewDay(2025, 2, 1), ShippedToWholesaler: NewDay(2025, 2, 1), Dealer: "ООО Планета радости"}
	if errs := r.Validate(NewDay(2025, 2, 1)); errs != nil {
		t.Errorf("got %v", errs)
	}
	r.ShippedToWholesaler = Day{}
	if errs := r.Validate(NewDay(2025, 2, 1)); errs != nil {
		t.Errorf("a row without a shipment date: %v", errs)
	}
}

func TestSerialRecordProblemsAreNamedInRussian(t *testing.T) {
	today := NewDay(2026, 12, 3)
	for _, c := range []struct {
		name string
		r    SerialRecord
		want []apperr.FieldError
	}{
		{"an empty row lacks serial, article and production day", SerialRecord{Serial: "  "}, []apperr.FieldError{
			{Field: "serial", Code: "required", Message: "Укажите серийный номер"},
			{Field: "article", Code: "required", Message: "Укажите артикул"},
			{Field: "produced", Code: "required", Message: "Укажите дату производства"},
		}},
		{"«Б/Н» is no serial", SerialRecord{Serial: "б / н", Article: "A", Produced: NewDay(2025, 1, 1)}, []apperr.FieldError{
			{Field: "serial", Code: "no_serial", Message: "«Б/Н» — не серийный номер: в реестр вносят только изделия с номером"},
		}},
		{"texts have limits", SerialRecord{Serial: strings.Repeat("Ж", 65), Article: strings.Repeat("a", 201),
			Produced: NewDay(2025, 1, 1), Dealer: strings.Repeat("д", 201)}, []apperr.FieldError{
			{Field: "serial", Code: "too_long", Message: "Серийный номер не длиннее 64 символов"},
			{Field: "article", Code: "too_long", Message: "Артикул не длиннее 200 символов"},
			{Field: "dealer", Code: "too_long", Message: "Название дилера не длиннее 200 символов"},
		}},
		{"a production day after today", SerialRecord{Serial: "S1", Article: "A", Produced: NewDay(2026, 12, 4)}, []apperr.FieldError{
			{Field: "produced", Code: "in_future", Message: "Дата производства 04.12.2026 ещё не наступила"},
		}},
		{"a shipment before production", SerialRecord{Serial: "S1", Article: "A", Produced: NewDay(2025, 3, 1),
			ShippedToWholesaler: NewDay(2025, 2, 28)}, []apperr.FieldError{
			{Field: "shippedToWholesaler", Code: "before_produced", Message: "Отгрузка оптовику 28.02.2025 раньше даты производства 01.03.2025"},
		}},
		{"a shipment after today", SerialRecord{Serial: "S1", Article: "A", Produced: NewDay(2025, 3, 1),
			ShippedToWholesaler: NewDay(2027, 1, 1)}, []apperr.FieldError{
			{Field: "shippedToWholesaler", Code: "in_future", Message: "Дата отгрузки 01.01.2027 ещё не наступила"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.r.Validate(today); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %#v\nwant %#v", got, c.want)
			}
		})
	}
}
