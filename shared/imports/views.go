package imports

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"aftersales/shared/apperr"
)

// OutletColumn is a column of the outlet directory, as a view shows it, a
// list sorts by it and an export writes it.
type OutletColumn string

// columnSpec is one directory column: its Russian header (the template's
// where the template has it, so an export loads back) and its value.
type columnSpec struct {
	id     OutletColumn
	header string
	value  func(o StoredOutlet, loc *time.Location) any
}

func optionalFloat(has bool, v float64) any {
	if !has {
		return nil
	}
	return v
}

// outletColumns are every directory column in the template's order, then
// «Изменено» and «№ загрузки», then an RDC's record (blank for other
// outlets) under its loader columns, so an export with them loads back.
// They come last so that the columns before keep their places in files
// key users already read by position.
var outletColumns = []columnSpec{
	{"code", "Код ГО", func(o StoredOutlet, _ *time.Location) any { return o.Code }},
	{"name", "Название", func(o StoredOutlet, _ *time.Location) any { return o.Name }},
	{"legalName", "Юридическое название", func(o StoredOutlet, _ *time.Location) any { return o.LegalName }},
	{"inn", "ИНН", func(o StoredOutlet, _ *time.Location) any { return o.INN }},
	{"address", "Адрес", func(o StoredOutlet, _ *time.Location) any { return o.Address }},
	{"city", "Город", func(o StoredOutlet, _ *time.Location) any { return o.City }},
	{"region", "Регион", func(o StoredOutlet, _ *time.Location) any { return o.Region }},
	{"latitude", "Широта", func(o StoredOutlet, _ *time.Location) any { return optionalFloat(o.HasCoordinates, o.Latitude) }},
	{"longitude", "Долгота", func(o StoredOutlet, _ *time.Location) any { return optionalFloat(o.HasCoordinates, o.Longitude) }},
	{"subtype", "Подтип", func(o StoredOutlet, _ *time.Location) any { return o.Subtype.Label() }},
	{"channel", "Канал", func(o StoredOutlet, _ *time.Location) any { return o.Channel }},
	{"status", "Статус", func(o StoredOutlet, _ *time.Location) any { return o.Status.Label() }},
	{"rdcCode", "Код РЦ", func(o StoredOutlet, _ *time.Location) any { return o.RDCCode }},
	{"rdcShare", "Доля РЦ", func(o StoredOutlet, _ *time.Location) any { return optionalFloat(o.HasRDCShare, o.RDCShare) }},
	{"localCode", "Локальный код", func(o StoredOutlet, _ *time.Location) any { return o.LocalCode }},
	{"changedAt", "Изменено", func(o StoredOutlet, loc *time.Location) any { return o.Changed.At.In(loc) }},
	{"loadSeq", "№ загрузки", func(o StoredOutlet, _ *time.Location) any { return o.Changed.LoadSeq }},
	{"rdcExternalCode", "Внешний код РЦ", rdcValue(func(r RDCRecord) any { return r.ExternalCode })},
	{"rdcName", "Название РЦ", rdcValue(func(r RDCRecord) any { return r.Name })},
	{"rdcActivity", "Тип деятельности", rdcValue(func(r RDCRecord) any { return r.ActivityType })},
	{"rdcMethod", "Метод распределения", rdcValue(func(r RDCRecord) any { return r.Method.Label() })},
	{"rdcToSelf", "Распределять продажи на точку – РЦ", rdcValue(func(r RDCRecord) any { return yesNo(r.ToSelf) })},
	{"rdcStart", "Дата начала РЦ", rdcValue(func(r RDCRecord) any { return r.Start })},
	{"rdcEnd", "Дата окончания РЦ", rdcValue(func(r RDCRecord) any { return r.End })},
	{"rdcStatus", "Статус РЦ", rdcValue(func(r RDCRecord) any { return r.Status.rdcLabel() })},
}

// rdcValue is a column of an RDC's record: empty for an outlet without one.
func rdcValue(v func(RDCRecord) any) func(StoredOutlet, *time.Location) any {
	return func(o StoredOutlet, _ *time.Location) any {
		if o.RDC == nil {
			return nil
		}
		return v(*o.RDC)
	}
}

func yesNo(b bool) string {
	if b {
		return "Да"
	}
	return "Нет"
}

// rdcLabel is an RDC's status as its loader column spells it (masculine:
// «РЦ … активен»).
func (s Status) rdcLabel() string {
	if s == StatusInactive {
		return "Неактивен"
	}
	return "Активен"
}

func columnOf(id OutletColumn) (columnSpec, bool) {
	i := slices.IndexFunc(outletColumns, func(c columnSpec) bool { return c.id == id })
	if i < 0 {
		return columnSpec{}, false
	}
	return outletColumns[i], true
}

// AllOutletColumns is the default view: every column, the template's order.
func AllOutletColumns() []OutletColumn {
	out := make([]OutletColumn, len(outletColumns))
	for i, c := range outletColumns {
		out[i] = c.id
	}
	return out
}

// ParseOutletColumns reads a comma-separated column list; empty is every
// column. Unknown or repeated columns are a 400 naming the field.
func ParseOutletColumns(s string) ([]OutletColumn, error) {
	if strings.TrimSpace(s) == "" {
		return AllOutletColumns(), nil
	}
	var out []OutletColumn
	for _, part := range strings.Split(s, ",") {
		id := OutletColumn(strings.TrimSpace(part))
		if _, ok := columnOf(id); !ok || slices.Contains(out, id) {
			return nil, apperr.Field("columns", "invalid_value",
				"Неизвестный или повторённый столбец «"+string(id)+"»", "unknown or repeated column "+string(id))
		}
		out = append(out, id)
	}
	return out, nil
}

// OutletSort is a list's order: a column, ascending unless Desc. The zero
// value is by code, the directory's own order.
type OutletSort struct {
	Column OutletColumn
	Desc   bool
}

// ByCode reports whether s is the order the storage keeps (code, ascending).
func (s OutletSort) ByCode() bool { return (s.Column == "" || s.Column == "code") && !s.Desc }

// String is the sort as the API spells it: column, or -column descending.
func (s OutletSort) String() string {
	if s.Desc {
		return "-" + string(s.Column)
	}
	return string(s.Column)
}

// ParseOutletSort reads "column" or "-column".
func ParseOutletSort(s string) (OutletSort, error) {
	s = strings.TrimSpace(s)
	desc := strings.HasPrefix(s, "-")
	id := OutletColumn(strings.TrimPrefix(s, "-"))
	if s == "" {
		return OutletSort{}, nil
	}
	if _, ok := columnOf(id); !ok {
		return OutletSort{}, apperr.Field("sort", "invalid_value",
			"Сортировать можно по столбцу справочника, «-» перед ним — по убыванию",
			"sort by a directory column, - for descending")
	}
	return OutletSort{Column: id, Desc: desc}, nil
}

// SortOutlets orders outlets by s; ties keep code order.
func SortOutlets(list []StoredOutlet, s OutletSort) {
	spec, ok := columnOf(s.Column)
	if !ok {
		spec, _ = columnOf("code")
	}
	slices.SortStableFunc(list, func(a, b StoredOutlet) int {
		c := compareValues(spec.value(a, time.UTC), spec.value(b, time.UTC))
		if c == 0 {
			c = strings.Compare(a.Code, b.Code)
		}
		if s.Desc {
			return -c
		}
		return c
	})
}

// compareValues orders two values of one column: empty first, numbers and
// times by value, text by its lower case.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case float64:
		return cmp.Compare(x, b.(float64))
	case int:
		return cmp.Compare(x, b.(int))
	case time.Time:
		return x.Compare(b.(time.Time))
	case string:
		return strings.Compare(strings.ToLower(x), strings.ToLower(b.(string)))
	}
	return 0
}

// OutletTable is what a view shows of outlets: the chosen columns' headers
// and, per outlet, their values in that order (times in loc).
func OutletTable(list []StoredOutlet, cols []OutletColumn, loc *time.Location) (header []string, rows func(func([]any, error) bool)) {
	specs := make([]columnSpec, 0, len(cols))
	for _, id := range cols {
		if spec, ok := columnOf(id); ok {
			specs = append(specs, spec)
			header = append(header, spec.header)
		}
	}
	return header, func(yield func([]any, error) bool) {
		for _, o := range list {
			row := make([]any, len(specs))
			for i, spec := range specs {
				row[i] = spec.value(o, loc)
			}
			if !yield(row, nil) {
				return
			}
		}
	}
}
