package imports

import (
	"reflect"
	"testing"
	"time"

	"aftersales/shared/sheets"
	"aftersales/shared/sheets/sheetstest"
)

var rdcTemplate = append(append([]string(nil), outletTemplate...), "Внешний код РЦ", "Название РЦ", "Тип деятельности",
	"Метод распределения", "Распределять продажи на точку – РЦ", "Дата начала РЦ", "Дата окончания РЦ", "Статус РЦ")

// rdcRow is a template row with the RDC record's cells set by header.
func rdcRow(code, subtype string, set map[string]string) []sheets.Cell {
	cells := map[string]sheets.Cell{"Код ГО": text(code), "Подтип": text(subtype), "Локальный код": text("L-" + code)}
	for k, v := range set {
		cells[k] = text(v)
	}
	row := outletRow(cells)
	for _, h := range rdcTemplate[len(outletTemplate):] {
		row = append(row, cells[h])
	}
	return row
}

func TestAnRDCRowsRecordCellsAreChecked(t *testing.T) {
	cols := mustColumns(t, OutletsFirstLoad, rdcTemplate)
	tests := []struct {
		name    string
		subtype string
		set     map[string]string
		want    []RowError
	}{
		{"a whole record", "РЦ", map[string]string{"Внешний код РЦ": "EXT-1", "Название РЦ": "Склад Север",
			"Тип деятельности": "Coffee", "Метод распределения": "По долям", "Распределять продажи на точку – РЦ": "Да",
			"Дата начала РЦ": "01.12.2026", "Дата окончания РЦ": "31.12.2026", "Статус РЦ": "Активен"}, nil},
		{"the flag switched off", "РЦ", map[string]string{"Распределять продажи на точку – РЦ": "Нет"},
			[]RowError{{2, "Распределять продажи на точку – РЦ", "Нет", "флажок «Распределять продажи на точку – РЦ» не снимается: оставьте «Да»"}}},
		{"an unknown method", "РЦ", map[string]string{"Метод распределения": "по весу"},
			[]RowError{{2, "Метод распределения", "по весу", "неизвестный метод распределения: допустимы «По долям» или «Поровну»"}}},
		{"a period ending before it starts", "РЦ", map[string]string{"Дата начала РЦ": "10.12.2026", "Дата окончания РЦ": "01.12.2026"},
			[]RowError{{2, "Дата окончания РЦ", "01.12.2026", "дата окончания РЦ раньше даты начала"}}},
		{"record cells on an outlet that is no RDC", "ТТ", map[string]string{"Название РЦ": "Склад"},
			[]RowError{{2, "Название РЦ", "Склад", "поля РЦ заполняются только у точек с подтипом «РЦ»"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := ParseOutletRow(cols, 2, rdcRow("R-1", tt.subtype, tt.set))
			if !reflect.DeepEqual(errs, tt.want) {
				t.Errorf("got  %+v\nwant %+v", errs, tt.want)
			}
		})
	}
}

func TestAnRDCsSavedActivityTypeNeverChanges(t *testing.T) {
	v := NewOutletValidator(OutletsUpdate, mustColumns(t, OutletsUpdate, rdcTemplate))
	v.Add(2, rdcRow("R-1", "РЦ", map[string]string{"Тип деятельности": "Tea"}))
	v.Add(3, rdcRow("R-2", "РЦ", map[string]string{"Тип деятельности": "Coffee"}))
	rdc := KnownOutlet{Mine: true, Subtype: SubtypeRDC, Status: StatusActive}
	res, err := v.Finish(t.Context(), &directory{outlets: map[string]KnownOutlet{"R-1": rdc, "R-2": rdc},
		records: map[string]RDCRecord{"R-1": {Code: "R-1", ActivityType: "Coffee"}, "R-2": {Code: "R-2", ActivityType: "Coffee"}}})
	want := []RowError{{2, "Тип деятельности", "Tea", "тип деятельности РЦ после сохранения не меняется: у РЦ «R-1» он «Coffee»"}}
	if err != nil || !reflect.DeepEqual(res.Errors, want) {
		t.Errorf("got %+v, %v\nwant %+v", res.Errors, err, want)
	}
}

// A new RDC gets the seed's defaults where its file says nothing: its own
// code and name, Coffee, by shares, the flag on, from today to the month's
// end, active. A later file changes the record alone, and only what it fills.
func TestALoadedRDCGetsItsRecordWithTheSeedsDefaults(t *testing.T) {
	w := newWorld(t)
	p := w.process(t, w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("R-1", "Склад Север", "Москва", "РЦ"), outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku"))
	if p.Status != LoadSucceeded {
		t.Fatalf("first load: %s %q %+v", p.Status, p.Reason, p.FirstErrors)
	}
	y, m, d := p.CreatedAt.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	want := RDCRecord{Code: "R-1", ExternalCode: "R-1", Name: "Склад Север", ActivityType: "Coffee", Method: MethodShares,
		ToSelf: true, Start: today, End: time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC), Status: StatusActive}
	if got := w.directory.rdcs["R-1"]; !got.same(want) || len(w.directory.rdcs) != 1 {
		t.Fatalf("records %+v\nwant %+v", w.directory.rdcs, want)
	}

	header := append([]any{}, "Код ГО", "Название", "Адрес", "Город", "Подтип", "Метод распределения", "Дата окончания РЦ")
	p = w.process(t, w.put("outlets-update/D1/u2/Outlets.xlsx", "v1", sheetstest.Workbook(t, header,
		[]any{"R-1", "Склад Север", "ул. Ленина, 1", "Москва", "РЦ", "Поровну", "31.03.2027"}), "u-ku"))
	want.Method, want.End = MethodEqual, time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	if got := w.directory.rdcs["R-1"]; p.Status != LoadSucceeded || p.Counts.Updated != 1 || !got.same(want) {
		t.Errorf("after the update: %s %+v %+v\nrecord %+v\nwant   %+v", p.Status, p.Counts, p.FirstErrors, got, want)
	}
}
