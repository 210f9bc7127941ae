package imports

import (
	"reflect"
	"testing"
	"time"

	"aftersales/shared/sheets"
)

func TestParseRouteRowReadsAValidRow(t *testing.T) {
	cols := mustColumns(t, Routes, routeTemplate)
	feb1 := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		set  map[string]sheets.Cell
		want func(r *RouteRow)
	}{
		{"the template row", nil, func(*RouteRow) {}},
		{"a real Excel date and numbers", map[string]sheets.Cell{
			"Дата начала": {Text: "01.02.2025", Time: feb1, IsDate: true},
			"Порядок":     number("3", 3),
			"Код ГО ТТ":   number("12345", 12345),
		}, func(r *RouteRow) { r.Order, r.OutletCode = 3, "12345" }},
		{"English days and a biweekly frequency", map[string]sheets.Cell{
			"Дни визита": text("Mon, Wed, Fri"), "Частота": text("Раз в 2 недели"),
		}, func(r *RouteRow) { r.Frequency = Biweekly }},
		{"monthly", map[string]sheets.Cell{"Частота": text("monthly")}, func(r *RouteRow) { r.Frequency = Monthly }},
		{"optional cells left empty", map[string]sheets.Cell{
			"Сотрудник": text(""), "Частота": text(""), "Дата начала": text(""), "Порядок": text(""),
		}, func(r *RouteRow) { r.Agent, r.StartDate, r.Order = "", time.Time{}, 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := RouteRow{Row: 4, RouteCode: "R-1", TerritoryCode: "T-1", Agent: "Иванов И.", OutletCode: "A-1",
				VisitDays: weekdayBit(time.Monday) | weekdayBit(time.Wednesday) | weekdayBit(time.Friday),
				Frequency: Weekly, StartDate: feb1, Order: 1}
			tt.want(&want)
			got, errs := ParseRouteRow(cols, 4, routeRow(tt.set))
			if len(errs) != 0 {
				t.Fatalf("got errors %v", errs)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseRouteRowExplainsEachProblem(t *testing.T) {
	cols := mustColumns(t, Routes, routeTemplate)
	tests := []struct {
		name string
		set  map[string]sheets.Cell
		want []RowError
	}{
		{"no route code", map[string]sheets.Cell{"Код маршрута": text("")},
			[]RowError{{5, "Код маршрута", "", "не заполнено"}}},
		{"a bad outlet code", map[string]sheets.Cell{"Код ГО ТТ": text("A 1")},
			[]RowError{{5, "Код ГО ТТ", "A 1", "в коде допустимы только латинские буквы, цифры, «_» и «-»"}}},
		{"unreadable days", map[string]sheets.Cell{"Дни визита": text("по средам")},
			[]RowError{{5, "Дни визита", "по средам", "непонятный день «по»: пишите Пн,Ср,Пт или 1,3,5"}}},
		{"an unknown frequency", map[string]sheets.Cell{"Частота": text("иногда")},
			[]RowError{{5, "Частота", "иногда", "неизвестная частота: допустимы еженедельно, раз в 2 недели, ежемесячно"}}},
		{"a date in another format", map[string]sheets.Cell{"Дата начала": text("02/01/2025")},
			[]RowError{{5, "Дата начала", "02/01/2025", "ожидается дата в виде ДД.ММ.ГГГГ"}}},
		{"a zero order", map[string]sheets.Cell{"Порядок": text("0")},
			[]RowError{{5, "Порядок", "0", "порядок визита — целое число от 1 до 10000"}}},
		{"a fractional order", map[string]sheets.Cell{"Порядок": number("1.5", 1.5)},
			[]RowError{{5, "Порядок", "1.5", "порядок визита — целое число от 1 до 10000"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := ParseRouteRow(cols, 5, routeRow(tt.set))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
