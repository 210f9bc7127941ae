package imports

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"aftersales/shared/sheets"
)

// validateOutlets runs rows (first row number 2) through a Validator.
func validateOutlets(t *testing.T, proc Procedure, dir *directory, rows ...[]sheets.Cell) Result {
	t.Helper()
	v := NewOutletValidator(proc, mustColumns(t, proc, outletTemplate))
	for i, row := range rows {
		v.Add(i+2, row)
	}
	res, err := v.Finish(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// outlet is a template row for code, with a local code of its own (one
// local code maps to one outlet) unless more sets one.
func outlet(code string, more ...string) []sheets.Cell {
	set := map[string]sheets.Cell{"Код ГО": text(code), "Локальный код": text("L-" + code)}
	for i := 0; i+1 < len(more); i += 2 {
		set[more[i]] = text(more[i+1])
	}
	return outletRow(set)
}

func TestValidatorAppliesTheRulesAcrossOutletRows(t *testing.T) {
	mine := func(s Subtype) KnownOutlet { return KnownOutlet{Mine: true, Subtype: s, Status: StatusActive} }
	stored := map[string]KnownOutlet{
		"OLD": mine(SubtypeOutlet), "OLD_RDC": mine(SubtypeRDC), "THEIRS": {Subtype: SubtypeRDC, Status: StatusActive},
	}
	tests := []struct {
		name string
		proc Procedure
		rows [][]sheets.Cell
		want []RowError
	}{
		{"a clean first load with an RDC defined later in the file", OutletsFirstLoad, [][]sheets.Cell{
			outlet("A", "Код РЦ", "R", "Доля РЦ", "0,4"),
			outlet("B", "Код РЦ", "R", "Доля РЦ", "0.6"),
			outlet("R", "Подтип", "РЦ"),
		}, nil},
		{"a code repeated in the file", OutletsFirstLoad, [][]sheets.Cell{outlet("A"), outlet("B"), outlet("A")},
			[]RowError{{4, "Код ГО", "A", "код повторяется: он уже есть в строке 2"}}},
		{"a first load of a code already loaded or someone else's", OutletsFirstLoad, [][]sheets.Cell{outlet("OLD"), outlet("THEIRS")},
			[]RowError{
				{2, "Код ГО", "OLD", "точка с таким кодом уже загружена: изменения загружайте процедурой «Загрузка торговых точек»"},
				{3, "Код ГО", "THEIRS", "код занят"},
			}},
		{"an update of unknown and foreign codes", OutletsUpdate, [][]sheets.Cell{outlet("OLD"), outlet("NEW"), outlet("THEIRS")},
			[]RowError{
				{3, "Код ГО", "NEW", "точки с таким кодом нет: новые точки загружайте процедурой «Загрузчик ТТ (Первая загрузка)»"},
				{4, "Код ГО", "THEIRS", "код занят"},
			}},
		{"an update naming a stored RDC", OutletsUpdate, [][]sheets.Cell{outlet("OLD", "Код РЦ", "OLD_RDC")}, nil},
		{"RDC codes that are no RDC, unknown or someone else's", OutletsFirstLoad, [][]sheets.Cell{
			outlet("A", "Код РЦ", "B"), outlet("B"), outlet("C", "Код РЦ", "NOPE"), outlet("D", "Код РЦ", "THEIRS"),
		}, []RowError{
			{2, "Код РЦ", "B", "точка «B» в строке 3 не РЦ: её подтип не «РЦ»"},
			{4, "Код РЦ", "NOPE", "РЦ с кодом «NOPE» нет ни в файле, ни среди ваших точек"},
			{5, "Код РЦ", "THEIRS", "РЦ с кодом «THEIRS» нет ни в файле, ни среди ваших точек"},
		}},
		{"an update naming a stored outlet that is no RDC", OutletsUpdate, [][]sheets.Cell{outlet("OLD_RDC", "Код РЦ", "OLD")},
			[]RowError{{2, "Код РЦ", "OLD", "точка «OLD» не РЦ: её подтип не «РЦ»"}}},
		{"shares that do not sum to one", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,3"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,6"),
		}, []RowError{{2, "Доля РЦ", "0,9", "сумма долей РЦ «OLD_RDC» равна 0,9, а должна быть 1 (строки 2, 3)"}}},
		{"shares that sum to more than one", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,6"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,6"),
		}, []RowError{{2, "Доля РЦ", "1,2", "сумма долей РЦ «OLD_RDC» равна 1,2, а должна быть 1 (строки 2, 3)"}}},
		// The tolerance is 0.001 either side of one: 1.0009 passes, 1.0011 and 0.9989 do not.
		{"shares just within the tolerance above one", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,5005"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,5004"),
		}, nil},
		{"shares just beyond the tolerance above one", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,5006"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,5005"),
		}, []RowError{{2, "Доля РЦ", "1,0011", "сумма долей РЦ «OLD_RDC» равна 1,0011, а должна быть 1 (строки 2, 3)"}}},
		{"shares just beyond the tolerance below one", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,4995"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,4994"),
		}, []RowError{{2, "Доля РЦ", "0,9989", "сумма долей РЦ «OLD_RDC» равна 0,9989, а должна быть 1 (строки 2, 3)"}}},
		{"shares within the tolerance", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,3333"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC", "Доля РЦ", "0,6667"),
		}, nil},
		{"a share missing beside others", OutletsUpdate, [][]sheets.Cell{
			outlet("OLD", "Код РЦ", "OLD_RDC", "Доля РЦ", "1"), outlet("OLD_RDC", "Подтип", "РЦ", "Код РЦ", "OLD_RDC"),
		}, []RowError{{3, "Доля РЦ", "", "у других точек РЦ «OLD_RDC» доля указана (строки 2): укажите её и здесь"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := validateOutlets(t, tt.proc, &directory{outlets: stored}, tt.rows...)
			if !reflect.DeepEqual(res.Errors, tt.want) {
				t.Errorf("got  %+v\nwant %+v", res.Errors, tt.want)
			}
			if res.Rows != len(tt.rows) || res.TotalErrors != len(tt.want) {
				t.Errorf("got %d rows, %d errors; want %d, %d", res.Rows, res.TotalErrors, len(tt.rows), len(tt.want))
			}
		})
	}
}

func TestValidatorCountsRowsWithErrorsOnce(t *testing.T) {
	res := validateOutlets(t, OutletsFirstLoad, &directory{},
		outlet("A", "Название", "", "Город", ""), outlet("B"), outlet("A", "ИНН", "1"))
	if res.RowsWithErrors != 2 || res.TotalErrors != 4 {
		t.Errorf("got %d rows with %d errors, want 2 rows with 4: %+v", res.RowsWithErrors, res.TotalErrors, res.Errors)
	}
}

func TestValidatorAsksTheDirectoryInBatches(t *testing.T) {
	rows := make([][]sheets.Cell, 2500)
	for i := range rows {
		rows[i] = outlet(fmt.Sprintf("C%d", i))
	}
	dir := &directory{}
	res := validateOutlets(t, OutletsFirstLoad, dir, rows...)
	if dir.calls != 3 || res.TotalErrors != 0 {
		t.Errorf("got %d lookups and %d errors, want 3 lookups and none", dir.calls, res.TotalErrors)
	}
}

func TestValidatorReturnsTheDirectorysError(t *testing.T) {
	boom := errors.New("dynamodb unavailable")
	v := NewOutletValidator(OutletsUpdate, mustColumns(t, OutletsUpdate, outletTemplate))
	v.Add(2, outlet("A"))
	if _, err := v.Finish(context.Background(), &directory{fail: boom}); !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
}

func TestValidatorAddSaysWhetherTheRowIsClean(t *testing.T) {
	v := NewOutletValidator(OutletsFirstLoad, mustColumns(t, OutletsFirstLoad, outletTemplate))
	if o, ok := v.Add(2, outlet("A")); !ok || o.Code != "A" {
		t.Errorf("got %+v %v for a clean row, want it ok", o, ok)
	}
	if _, ok := v.Add(3, outlet("A")); ok {
		t.Error("got ok for a repeated code")
	}
}

func route(routeCode, territory, outletCode string) []sheets.Cell {
	return routeRow(map[string]sheets.Cell{"Код маршрута": text(routeCode), "Код территории": text(territory), "Код ГО ТТ": text(outletCode)})
}

func TestValidatorAppliesTheRulesAcrossRouteRows(t *testing.T) {
	stored := map[string]KnownOutlet{
		"A": {Mine: true, Status: StatusActive}, "B": {Mine: true, Status: StatusActive},
		"SLEEPY": {Mine: true, Status: StatusInactive}, "THEIRS": {Status: StatusActive},
	}
	tests := []struct {
		name string
		rows [][]sheets.Cell
		want []RowError
	}{
		{"two routes sharing an outlet", [][]sheets.Cell{route("R1", "T", "A"), route("R1", "T", "B"), route("R2", "T", "A")}, nil},
		{"an outlet twice in one route", [][]sheets.Cell{route("R1", "T", "A"), route("R1", "T", "A")},
			[]RowError{{3, "Код ГО ТТ", "A", "точка уже есть в маршруте «R1» (строка 2)"}}},
		{"a route split across territories", [][]sheets.Cell{route("R1", "T1", "A"), route("R1", "T2", "B")},
			[]RowError{{3, "Код территории", "T2", "у маршрута «R1» в строке 2 территория «T1»: у маршрута одна территория"}}},
		{"outlets that are missing, inactive or someone else's", [][]sheets.Cell{
			route("R1", "T", "NOPE"), route("R1", "T", "SLEEPY"), route("R2", "T", "THEIRS"), route("R3", "T", "NOPE"),
		}, []RowError{
			{2, "Код ГО ТТ", "NOPE", "точки с таким кодом нет"},
			{3, "Код ГО ТТ", "SLEEPY", "точка неактивна: в маршрут можно включить только активную"},
			{4, "Код ГО ТТ", "THEIRS", "код занят"},
			{5, "Код ГО ТТ", "NOPE", "точки с таким кодом нет"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewRouteValidator(mustColumns(t, Routes, routeTemplate))
			for i, row := range tt.rows {
				v.Add(i+2, row)
			}
			res, err := v.Finish(context.Background(), &directory{outlets: stored})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Errors, tt.want) {
				t.Errorf("got  %+v\nwant %+v", res.Errors, tt.want)
			}
		})
	}
}

// One local code maps to one HQ outlet: a file mapping it twice fails.
func TestALocalCodeMapsToOneOutlet(t *testing.T) {
	res := validateOutlets(t, OutletsFirstLoad, &directory{},
		outlet("A", "Локальный код", "L-1"), outlet("B", "Локальный код", "L-2"), outlet("C", "Локальный код", "L-1"))
	want := []RowError{{4, "Локальный код", "L-1", "локальный код уже привязан к точке в строке 2: один локальный код — одна точка ГО"}}
	if !reflect.DeepEqual(res.Errors, want) {
		t.Errorf("got  %+v\nwant %+v", res.Errors, want)
	}
}

// A local code the file maps to one outlet while a stored outlet of the
// distributor keeps it would map to two HQ codes: the row is refused,
// naming the stored outlet. A stored outlet the file names takes the
// file's local code (here B gives L-9 up), and the outlet that already has
// the code may keep it (D).
func TestALocalCodeAStoredOutletKeepsIsRefusedNamingIt(t *testing.T) {
	mine := KnownOutlet{Mine: true, Subtype: SubtypeOutlet, Status: StatusActive}
	dir := &directory{outlets: map[string]KnownOutlet{"B": mine, "D": mine, "S": mine},
		locals: map[string][]string{"L-1": {"S"}, "L-9": {"B"}, "L-D": {"D"}}}
	res := validateOutlets(t, OutletsUpdate, dir,
		outlet("B", "Локальный код", "L-2"), outlet("S", "Локальный код", "L-9"), outlet("D", "Локальный код", "L-D"))
	if len(res.Errors) != 0 {
		t.Fatalf("codes handed over within the file: %+v", res.Errors)
	}
	res = validateOutlets(t, OutletsFirstLoad, dir, outlet("A", "Локальный код", "L-1"), outlet("C", "Локальный код", "L-3"))
	want := []RowError{{2, "Локальный код", "L-1", "локальный код уже привязан к сохранённой точке «S»: один локальный код — одна точка ГО. " +
		"Укажите другой локальный код или добавьте в файл строку точки «S» с пустым или другим локальным кодом"}}
	if !reflect.DeepEqual(res.Errors, want) {
		t.Errorf("got  %+v\nwant %+v", res.Errors, want)
	}
}
