package imports

import (
	"reflect"
	"testing"

	"aftersales/shared/sheets"
)

func TestParseOutletRowReadsAValidRow(t *testing.T) {
	cols := mustColumns(t, OutletsFirstLoad, outletTemplate)
	tests := []struct {
		name string
		set  map[string]sheets.Cell
		want func(o *Outlet)
	}{
		{"the template row", nil, func(*Outlet) {}},
		{"a code and an INN that Excel stored as numbers", map[string]sheets.Cell{
			"Код ГО": number("12345", 12345), "ИНН": number("7707083893", 7707083893),
		}, func(o *Outlet) { o.Code, o.INN = "12345", "7707083893" }},
		{"an INN whose leading zero a number cell lost", map[string]sheets.Cell{
			"ИНН": number("105030644", 105030644),
		}, func(o *Outlet) { o.INN = "0105030644" }},
		{"a 12-digit INN whose leading zero a number cell lost", map[string]sheets.Cell{
			"ИНН": number("10503064127", 10503064127),
		}, func(o *Outlet) { o.INN = "010503064127" }},
		{"no coordinates, no INN, default status", map[string]sheets.Cell{
			"Широта": text(""), "Долгота": text(" "), "ИНН": text(""), "Статус": text(""),
		}, func(o *Outlet) { o.HasCoordinates, o.Latitude, o.Longitude, o.INN = false, 0, 0, "" }},
		{"an RDC with its share and English spellings", map[string]sheets.Cell{
			"Подтип": text("RDC"), "Статус": text("inactive"), "Код РЦ": text("RDC_1"), "Доля РЦ": number("0.25", 0.25),
		}, func(o *Outlet) {
			o.Subtype, o.Status, o.RDCCode, o.HasRDCShare, o.RDCShare = SubtypeRDC, StatusInactive, "RDC_1", true, 0.25
		}},
		{"subtype spellings in any case", map[string]sheets.Cell{"Подтип": text("хорека")}, func(o *Outlet) { o.Subtype = SubtypeHoReCa }},
		{"a kiosk", map[string]sheets.Cell{"Подтип": text("Киоск")}, func(o *Outlet) { o.Subtype = SubtypeKiosk }},
		{"other", map[string]sheets.Cell{"Подтип": text("other")}, func(o *Outlet) { o.Subtype = SubtypeOther }},
		{"spaces around values", map[string]sheets.Cell{"Код ГО": text("  A-1 "), "Город": text(" Москва\t")}, func(*Outlet) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Outlet{Row: 7, Code: "A-1", Name: "Магазин «Ромашка»", LegalName: "ООО «Ромашка»", INN: "7707083893",
				Address: "ул. Ленина, 1", City: "Москва", Region: "Москва", HasCoordinates: true, Latitude: 55.7558,
				Longitude: 37.6173, Subtype: SubtypeOutlet, Channel: "Розница", Status: StatusActive, LocalCode: "L-001"}
			tt.want(&want)
			got, errs := ParseOutletRow(cols, 7, outletRow(tt.set))
			if len(errs) != 0 {
				t.Fatalf("got errors %v", errs)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseOutletRowExplainsEachProblem(t *testing.T) {
	cols := mustColumns(t, OutletsUpdate, outletTemplate)
	long := string(make([]rune, 201))
	tests := []struct {
		name string
		set  map[string]sheets.Cell
		want []RowError
	}{
		{"an empty code", map[string]sheets.Cell{"Код ГО": text(" ")},
			[]RowError{{9, "Код ГО", " ", "не заполнено"}}},
		{"a Cyrillic code", map[string]sheets.Cell{"Код ГО": text("ТТ-1")},
			[]RowError{{9, "Код ГО", "ТТ-1", "в коде допустимы только латинские буквы, цифры, «_» и «-»"}}},
		{"a code too long", map[string]sheets.Cell{"Код ГО": text("A23456789012345678901234567890123")},
			[]RowError{{9, "Код ГО", "A23456789012345678901234567890123", "код длиннее 32 символов"}}},
		{"a name too long", map[string]sheets.Cell{"Название": text(long)},
			[]RowError{{9, "Название", string(make([]rune, 100)) + "…", "длиннее 200 символов (201)"}}},
		{"a wrong INN", map[string]sheets.Cell{"ИНН": text("7707083894")},
			[]RowError{{9, "ИНН", "7707083894", "неверная контрольная сумма ИНН"}}},
		{"a latitude without a longitude", map[string]sheets.Cell{"Долгота": text("")},
			[]RowError{{9, "Долгота", "", "указана широта, но не долгота: заполните обе или ни одной"}}},
		{"a latitude out of range", map[string]sheets.Cell{"Широта": text("95")},
			[]RowError{{9, "Широта", "95", "широта должна быть от −90 до 90"}}},
		{"a longitude that is no number", map[string]sheets.Cell{"Долгота": text("37°37′")},
			[]RowError{{9, "Долгота", "37°37′", "ожидается число, например 55,7558"}}},
		{"an unknown subtype", map[string]sheets.Cell{"Подтип": text("Супермаркет")},
			[]RowError{{9, "Подтип", "Супермаркет", "неизвестный подтип: допустимы ТТ, РЦ, HoReCa, Киоск, Другое"}}},
		{"an unknown status", map[string]sheets.Cell{"Статус": text("закрыта")},
			[]RowError{{9, "Статус", "закрыта", "неизвестный статус: допустимы Активна или Неактивна"}}},
		{"a share above one", map[string]sheets.Cell{"Код РЦ": text("R1"), "Доля РЦ": text("1,5")},
			[]RowError{{9, "Доля РЦ", "1,5", "доля РЦ должна быть от 0 до 1"}}},
		{"a share without an RDC", map[string]sheets.Cell{"Доля РЦ": text("0,5")},
			[]RowError{{9, "Доля РЦ", "0,5", "доля указана, а код РЦ — нет"}}},
		{"several problems at once", map[string]sheets.Cell{"Название": text(""), "Город": text(""), "Подтип": text("")},
			[]RowError{{9, "Название", "", "не заполнено"}, {9, "Город", "", "не заполнено"}, {9, "Подтип", "", "не заполнено"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := ParseOutletRow(cols, 9, outletRow(tt.set))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseOutletRowNamesAColumnTheFileLacks(t *testing.T) {
	cols := mustColumns(t, OutletsUpdate, []string{"Code", "Name", "Address", "City", "Subtype", "Latitude"})
	_, got := ParseOutletRow(cols, 2, texts("A", "B", "C", "D", "ТТ", "55.1"))
	want := []RowError{{2, "Долгота", "", "указана широта, но не долгота: заполните обе или ни одной"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
