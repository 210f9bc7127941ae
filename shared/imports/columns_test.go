package imports

import (
	"strings"
	"testing"
)

var outletTemplate = []string{"Код ГО", "Название", "Юридическое название", "ИНН", "Адрес", "Город", "Регион",
	"Широта", "Долгота", "Подтип", "Канал", "Статус", "Код РЦ", "Доля РЦ", "Локальный код"}

var routeTemplate = []string{"Код маршрута", "Код территории", "Сотрудник", "Код ГО ТТ", "Дни визита",
	"Частота", "Дата начала", "Порядок"}

func TestMatchHeadersFindsColumnsHoweverTheyAreWritten(t *testing.T) {
	tests := []struct {
		name         string
		proc         Procedure
		headers      []string
		want         map[Field]int
		wantWarnings int
	}{
		{"the Russian template", OutletsUpdate, outletTemplate,
			map[Field]int{FieldCode: 0, FieldINN: 3, FieldLocalCode: 14}, 0},
		{"English in another order", OutletsFirstLoad, []string{"Subtype", "City", "Address", "Name", "Code"},
			map[Field]int{FieldSubtype: 0, FieldCity: 1, FieldCode: 4}, 0},
		{"odd case, spaces and punctuation", OutletsUpdate, []string{" код  го: ", "НАЗВАНИЕ", "адрес.", "Город*", "под-тип", "RDC-Code", "ширОта"},
			map[Field]int{FieldCode: 0, FieldSubtype: 4, FieldRDCCode: 5, FieldLatitude: 6}, 0},
		{"unknown and empty columns", OutletsUpdate, []string{"Код ГО", "", "Примечание", "Название", "Адрес", "Город", "Подтип", "Менеджер"},
			map[Field]int{FieldCode: 0, FieldName: 3}, 2},
		{"the routes template", Routes, routeTemplate,
			map[Field]int{FieldRouteCode: 0, FieldOutletCode: 3, FieldOrder: 7}, 0},
		{"routes in English", Routes, []string{"Route code", "Territory code", "Outlet code", "Visit days"},
			map[Field]int{FieldOutletCode: 2, FieldVisitDays: 3}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, warnings, err := MatchHeaders(tt.proc, tt.headers)
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			for f, want := range tt.want {
				if got := cols.index(f); got != want {
					t.Errorf("field %d: got column %d, want %d", f, got, want)
				}
			}
			if len(warnings) != tt.wantWarnings {
				t.Errorf("got warnings %q, want %d", warnings, tt.wantWarnings)
			}
		})
	}
}

func TestMatchHeadersRefusesAHeaderThatCannotWork(t *testing.T) {
	tests := []struct {
		name     string
		proc     Procedure
		headers  []string
		wantText []string
	}{
		{"missing required columns", OutletsUpdate, []string{"Код ГО", "Название"},
			[]string{"нет обязательных столбцов", "«Адрес»", "«Город»", "«Подтип»"}},
		{"a column given twice", OutletsUpdate, append(slicesOf(outletTemplate), "Code"),
			[]string{"«Код ГО» указан дважды: A и P"}},
		{"an outlets file given to routes", Routes, outletTemplate,
			[]string{"«Код маршрута»", "«Дни визита»", "Загрузка маршрутов"}},
		{"an unknown procedure", Procedure("x"), outletTemplate, []string{"Неизвестная процедура"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := MatchHeaders(tt.proc, tt.headers)
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.wantText {
				if !strings.Contains(err.Error()+errMessage(err), w) {
					t.Errorf("got %q, want it to mention %q", errMessage(err), w)
				}
			}
		})
	}
}

func TestEverySpellingNamesOneField(t *testing.T) {
	for _, specs := range [][]fieldSpec{outletFields, routeFields} {
		seen := map[string]Field{}
		for _, s := range specs {
			for _, name := range append([]string{s.ru, s.en}, s.aliases...) {
				if f, dup := seen[fold(name)]; dup && f != s.field {
					t.Errorf("%q names fields %d and %d", name, f, s.field)
				}
				seen[fold(name)] = s.field
			}
		}
	}
}

func TestColumnNameMatchesExcel(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d): got %q, want %q", i, got, want)
		}
	}
}
