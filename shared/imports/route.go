package imports

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"aftersales/shared/sheets"
)

// Weekdays is a set of visit days: bit 0 is Monday, bit 6 Sunday, so every
// spelling of the same days compares equal.
type Weekdays uint8

// Has reports whether the set holds day.
func (d Weekdays) Has(day time.Weekday) bool { return d&weekdayBit(day) != 0 }

// String writes the days as key users write them: "Пн,Ср,Пт".
func (d Weekdays) String() string {
	names := []string{"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"}
	var out []string
	for i, n := range names {
		if d&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}

func weekdayBit(day time.Weekday) Weekdays { return 1 << ((int(day) + 6) % 7) }

// weekdayNames are the spellings of each day, Monday first, after fold.
var weekdayNames = func() map[string]Weekdays {
	days := [][]string{
		{"1", "пн", "пон", "понедельник", "mo", "mon", "monday"},
		{"2", "вт", "вто", "вторник", "tu", "tue", "tues", "tuesday"},
		{"3", "ср", "сре", "среда", "среду", "we", "wed", "wednesday"},
		{"4", "чт", "чет", "четверг", "th", "thu", "thur", "thurs", "thursday"},
		{"5", "пт", "пят", "пятница", "пятницу", "fr", "fri", "friday"},
		{"6", "сб", "суб", "суббота", "субботу", "sa", "sat", "saturday"},
		{"7", "вс", "вос", "воскресенье", "su", "sun", "sunday"},
	}
	m := map[string]Weekdays{}
	for i, names := range days {
		for _, n := range names {
			m[n] = 1 << i
		}
	}
	for _, n := range []string{"ежедневно", "daily", "everyday"} {
		m[n] = 1<<7 - 1
	}
	return m
}()

// dashSpaces lets a range be written "Пн - Пт".
var dashSpaces = regexp.MustCompile(`\s*[-–]\s*`)

// parseVisitDays reads "Пн,Ср,Пт", "пн ср пт", "1,3,5", "Mon,Wed,Fri",
// full names, ranges such as "Пн-Пт" or "1-5", and "1.3" (what Russian
// Excel makes of a typed "1,3").
func parseVisitDays(s string) (Weekdays, string) {
	tokens := strings.FieldsFunc(dashSpaces.ReplaceAllString(strings.ToLower(s), "-"), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '–'
	})
	var days Weekdays
	for _, tok := range tokens {
		from, to, isRange := strings.Cut(strings.ReplaceAll(tok, "–", "-"), "-")
		a, okA := weekdayNames[fold(from)]
		if !isRange {
			if !okA {
				return 0, "непонятный день «" + tok + "»: пишите Пн,Ср,Пт или 1,3,5"
			}
			days |= a
			continue
		}
		b, okB := weekdayNames[fold(to)]
		if !okA || !okB || a > b || a == 1<<7-1 || b == 1<<7-1 {
			return 0, "непонятный диапазон дней «" + tok + "»: пишите, например, Пн-Пт"
		}
		for d := a; d <= b; d <<= 1 {
			days |= d
		}
	}
	if days == 0 {
		return 0, "не указаны дни визита"
	}
	return days, ""
}

// Frequency is how often a route visits its outlets on its days.
type Frequency string

// The frequencies; an empty cell means weekly.
const (
	Weekly   Frequency = "weekly"
	Biweekly Frequency = "biweekly"
	Monthly  Frequency = "monthly"
)

var frequencies = map[string]Frequency{
	"": Weekly, "еженедельно": Weekly, "weekly": Weekly, "развнеделю": Weekly, "1развнеделю": Weekly,
	"каждуюнеделю": Weekly, "everyweek": Weekly,
	"разв2недели": Biweekly, "развдвенедели": Biweekly, "1разв2недели": Biweekly, "каждые2недели": Biweekly,
	"каждыедвенедели": Biweekly, "biweekly": Biweekly, "every2weeks": Biweekly, "everyotherweek": Biweekly,
	"fortnightly": Biweekly,
	"ежемесячно":  Monthly, "monthly": Monthly, "развмесяц": Monthly, "1развмесяц": Monthly,
	"каждыймесяц": Monthly, "everymonth": Monthly,
}

// RouteRow is one row of a Routes file after parsing: one outlet of one
// route. Optional values the row leaves empty are zero.
type RouteRow struct {
	Row           int // as Excel shows it
	RouteCode     string
	TerritoryCode string
	Agent         string
	OutletCode    string
	VisitDays     Weekdays
	Frequency     Frequency
	StartDate     time.Time // a calendar date at midnight UTC; zero when not given
	Order         int       // the visit order, from 1; 0 when not given
}

// maxOrder bounds the visit order: no route visits more outlets in a day.
const maxOrder = 10_000

// ParseRouteRow applies every rule of imports.md that one row can be judged
// by alone; outlets' existence and rules across rows are the Validator's.
func ParseRouteRow(cols Columns, row int, cells []sheets.Cell) (RouteRow, []RowError) {
	r := &rowReader{cols: cols, row: row, cells: cells}
	rr := RouteRow{Row: row}
	if s := r.required(FieldRouteCode); s != "" {
		rr.RouteCode = r.limited(FieldRouteCode, s, maxIDLen)
	}
	if s := r.required(FieldTerritoryCode); s != "" {
		rr.TerritoryCode = r.limited(FieldTerritoryCode, s, maxIDLen)
	}
	rr.Agent = r.limited(FieldAgent, r.text(FieldAgent), maxNameLen)
	if s := r.required(FieldOutletCode); s != "" {
		rr.OutletCode = r.code(FieldOutletCode, s)
	}
	if s := r.required(FieldVisitDays); s != "" {
		var why string
		if rr.VisitDays, why = parseVisitDays(s); why != "" {
			r.fail(FieldVisitDays, why)
		}
	}
	var ok bool
	if rr.Frequency, ok = frequencies[fold(r.text(FieldFrequency))]; !ok {
		r.fail(FieldFrequency, "неизвестная частота: допустимы еженедельно, раз в 2 недели, ежемесячно")
	}
	rr.StartDate = r.date(FieldStartDate)
	if s := r.text(FieldOrder); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxOrder {
			r.fail(FieldOrder, "порядок визита — целое число от 1 до "+strconv.Itoa(maxOrder))
		} else {
			rr.Order = n
		}
	}
	return rr, r.errs
}

// date reads an optional date: a real Excel date, or text DD.MM.YYYY.
func (r *rowReader) date(f Field) time.Time {
	c := r.cell(f)
	if c.IsDate {
		y, m, d := c.Time.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	s := r.text(f)
	if s == "" {
		return time.Time{}
	}
	t, ok := parseDate(s)
	if !ok {
		r.fail(f, "ожидается дата в виде ДД.ММ.ГГГГ")
	}
	return t
}

// MaxRouteStops bounds the outlets of one route. A route is stored as one
// item, replaced as a whole, and an item holds at most 400 KB.
const MaxRouteStops = 1000

// routeEntry is what rules across rows keep of each route in the file.
type routeEntry struct {
	territory string
	row       int32
	stops     int32
}

// routeRules are the checks of the routes procedure.
type routeRules struct {
	cols    Columns
	stops   map[string]int32 // route code + "\x00" + outlet code → its first row
	routes  map[string]routeEntry
	outlets map[string][]int32 // outlet code → the rows that visit it
}

func (rr *routeRules) parse(cols Columns, row int, cells []sheets.Cell) (RouteRow, []RowError) {
	return ParseRouteRow(cols, row, cells)
}

func (rr *routeRules) track(r RouteRow) []RowError {
	var errs []RowError
	if r.RouteCode != "" && r.TerritoryCode != "" {
		if e, seen := rr.routes[r.RouteCode]; !seen {
			rr.routes[strings.Clone(r.RouteCode)] = routeEntry{territory: strings.Clone(r.TerritoryCode), row: int32(r.Row)}
		} else if e.territory != r.TerritoryCode {
			errs = append(errs, newRowError(r.Row, rr.cols.Header(FieldTerritoryCode), r.TerritoryCode,
				"у маршрута «"+r.RouteCode+"» в строке "+strconv.Itoa(int(e.row))+" территория «"+e.territory+
					"»: у маршрута одна территория"))
		}
	}
	if r.OutletCode == "" {
		return errs
	}
	if r.RouteCode != "" {
		stop := r.RouteCode + "\x00" + r.OutletCode
		if first, dup := rr.stops[stop]; dup {
			errs = append(errs, newRowError(r.Row, rr.cols.Header(FieldOutletCode), r.OutletCode,
				"точка уже есть в маршруте «"+r.RouteCode+"» (строка "+strconv.Itoa(int(first))+")"))
		} else {
			rr.stops[stop] = int32(r.Row)
			errs = append(errs, rr.countStop(r)...)
		}
	}
	rows, seen := rr.outlets[r.OutletCode]
	if !seen {
		r.OutletCode = strings.Clone(r.OutletCode)
	}
	rr.outlets[r.OutletCode] = append(rows, int32(r.Row))
	return errs
}

// countStop counts a new stop of its route and fails the row that goes
// past MaxRouteStops.
func (rr *routeRules) countStop(r RouteRow) []RowError {
	e, seen := rr.routes[r.RouteCode]
	if !seen {
		return nil // the route has no territory yet: the row already failed
	}
	e.stops++
	rr.routes[r.RouteCode] = e
	if e.stops > MaxRouteStops {
		return []RowError{newRowError(r.Row, rr.cols.Header(FieldOutletCode), r.OutletCode,
			"в маршруте «"+r.RouteCode+"» больше "+strconv.Itoa(MaxRouteStops)+" точек: разделите его на несколько маршрутов")}
	}
	return nil
}

func (rr *routeRules) finish(ctx context.Context, dir OutletDirectory, report func(RowError)) error {
	codes := slices.Sorted(maps.Keys(rr.outlets))
	known, err := lookupAll(ctx, dir, codes)
	if err != nil {
		return err
	}
	for _, code := range codes {
		var why string
		switch k, found := known[code]; {
		case !found:
			why = "точки с таким кодом нет"
		case !k.Mine:
			why = "код занят"
		case k.Status != StatusActive:
			why = "точка неактивна: в маршрут можно включить только активную"
		}
		if why == "" {
			continue
		}
		for _, r := range rr.outlets[code] {
			report(newRowError(int(r), rr.cols.Header(FieldOutletCode), code, why))
		}
	}
	return nil
}
