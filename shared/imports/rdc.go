package imports

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// RDCRecord is what seed 004 asks of a distribution centre (РЦ) beyond its
// outlet: an item of its own beside the outlet of subtype РЦ, written only
// for RDCs, so the directory's other outlets cost no more to write.
type RDCRecord struct {
	// Code is the RDC outlet's code («Код ГО» with subtype РЦ).
	Code string
	// ExternalCode is the RDC's identifier in the distributor's system; by
	// default the outlet's code, as the seed's «Внешний код» is.
	ExternalCode string
	Name         string
	// ActivityType is chosen once: an RDC's saved activity type never changes.
	ActivityType string
	Method       DistributionMethod
	// ToSelf is «Распределять продажи на точку – РЦ», which must stay on.
	ToSelf bool
	// Start and End are business days (midnight UTC of the date).
	Start, End time.Time
	Status     Status
}

// same reports whether two records say the same.
func (r RDCRecord) same(o RDCRecord) bool {
	return r.Code == o.Code && r.ExternalCode == o.ExternalCode && r.Name == o.Name && r.ActivityType == o.ActivityType &&
		r.Method == o.Method && r.ToSelf == o.ToSelf && r.Start.Equal(o.Start) && r.End.Equal(o.End) && r.Status == o.Status
}

// DistributionMethod is how reports spread an RDC's sales over its outlets.
type DistributionMethod string

// The distribution methods; by shares takes each outlet's «Доля РЦ».
const (
	MethodShares DistributionMethod = "shares"
	MethodEqual  DistributionMethod = "equal"
)

var methods = map[string]DistributionMethod{
	"подолям": MethodShares, "доли": MethodShares, "shares": MethodShares, "byshares": MethodShares,
	"поровну": MethodEqual, "равномерно": MethodEqual, "equal": MethodEqual, "equally": MethodEqual,
}

// Label is the method as the file template spells it.
func (m DistributionMethod) Label() string {
	if m == MethodEqual {
		return "Поровну"
	}
	return "По долям"
}

// DefaultActivityType is the seed's («Необходимо выбрать «Coffee»»).
const DefaultActivityType = "Coffee"

var flags = map[string]bool{
	"да": true, "yes": true, "true": true, "1": true, "x": true, "вкл": true,
	"нет": false, "no": false, "false": false, "0": false, "выкл": false,
}

// rdcRecord reports whether f is one of the RDC record's columns.
func (f Field) rdcRecord() bool { return f >= FieldRDCExternalCode && f <= FieldRDCStatus }

// rdcFields are an RDC row's record cells as read: zero where the file has
// no such column or leaves the cell empty, which keeps the stored value.
type rdcFields struct {
	externalCode, name, activity string
	method                       DistributionMethod
	toSelf                       *bool
	start, end                   time.Time
	status                       Status
}

// any reports whether the row fills any of the record's cells.
func (f rdcFields) any() bool {
	return f.externalCode != "" || f.name != "" || f.activity != "" || f.method != "" || f.toSelf != nil ||
		!f.start.IsZero() || !f.end.IsZero() || f.status != ""
}

// rdcRecordFields reads the record's cells of a row and applies the rules one
// row can be judged by: only an RDC fills them, the flag stays on, the
// period does not end before it starts.
func (r *rowReader) rdcRecordFields(subtype Subtype) rdcFields {
	var f rdcFields
	if s := r.text(FieldRDCExternalCode); s != "" {
		f.externalCode = r.code(FieldRDCExternalCode, s)
	}
	f.name = r.limited(FieldRDCName, r.text(FieldRDCName), maxNameLen)
	f.activity = r.limited(FieldRDCActivity, r.text(FieldRDCActivity), maxIDLen)
	if s := r.text(FieldRDCMethod); s != "" {
		var ok bool
		if f.method, ok = methods[fold(s)]; !ok {
			r.fail(FieldRDCMethod, "неизвестный метод распределения: допустимы «По долям» или «Поровну»")
		}
	}
	if s := r.text(FieldRDCToSelf); s != "" {
		on, ok := flags[fold(s)]
		switch {
		case !ok:
			r.fail(FieldRDCToSelf, "ожидается «Да» или «Нет»")
		case !on:
			r.fail(FieldRDCToSelf, "флажок «Распределять продажи на точку – РЦ» не снимается: оставьте «Да»")
		default:
			f.toSelf = &on
		}
	}
	f.start, f.end = r.date(FieldRDCStart), r.date(FieldRDCEnd)
	if !f.start.IsZero() && !f.end.IsZero() && f.end.Before(f.start) {
		r.fail(FieldRDCEnd, "дата окончания РЦ раньше даты начала")
	}
	if s := r.text(FieldRDCStatus); s != "" {
		var ok bool
		if f.status, ok = statuses[fold(s)]; !ok {
			r.fail(FieldRDCStatus, "неизвестный статус РЦ: допустимы Активен или Неактивен")
		}
	}
	if f.any() && subtype != "" && subtype != SubtypeRDC {
		for _, fl := range []Field{FieldRDCExternalCode, FieldRDCName, FieldRDCActivity, FieldRDCMethod, FieldRDCToSelf,
			FieldRDCStart, FieldRDCEnd, FieldRDCStatus} {
			if r.text(fl) != "" {
				r.fail(fl, "поля РЦ заполняются только у точек с подтипом «РЦ»")
			}
		}
		return rdcFields{}
	}
	return f
}

// NewRDCRecord is the record a new RDC gets where the file says nothing:
// its outlet's code and name, activity Coffee, by shares, the flag on,
// from the load's day to the end of that month, active.
func NewRDCRecord(o Outlet, day time.Time) RDCRecord {
	y, m, d := day.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return RDCRecord{Code: o.Code, ExternalCode: o.Code, Name: o.Name, ActivityType: DefaultActivityType,
		Method: MethodShares, ToSelf: true, Start: start, End: start.AddDate(0, 1, -d), Status: StatusActive}
}

// apply is base with the row's filled cells over it.
func (f rdcFields) apply(base RDCRecord) RDCRecord {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&base.ExternalCode, f.externalCode)
	set(&base.Name, f.name)
	set(&base.ActivityType, f.activity)
	if f.method != "" {
		base.Method = f.method
	}
	if f.toSelf != nil {
		base.ToSelf = *f.toSelf
	}
	if !f.start.IsZero() {
		base.Start = f.start
	}
	if !f.end.IsZero() {
		base.End = f.end
	} else if base.End.Before(base.Start) {
		// A start moved past the default end: the period runs to its month's end.
		base.End = base.Start.AddDate(0, 1, -base.Start.Day())
	}
	if f.status != "" {
		base.Status = f.status
	}
	return base
}

// activityRule keeps an RDC's saved activity type: the rows that give one,
// by RDC code, judged against the stored records in finish.
type activityRule struct {
	given map[string]activityRow
}

type activityRow struct {
	row      int32
	activity string
}

func (a *activityRule) track(out Outlet) {
	if out.Code == "" || out.rdc.activity == "" {
		return
	}
	if a.given == nil {
		a.given = map[string]activityRow{}
	}
	a.given[strings.Clone(out.Code)] = activityRow{row: int32(out.Row), activity: strings.Clone(out.rdc.activity)}
}

func (a *activityRule) finish(ctx context.Context, dir OutletDirectory, column string, report func(RowError)) error {
	if len(a.given) == 0 {
		return nil
	}
	codes := slices.Sorted(maps.Keys(a.given))
	for batch := range slices.Chunk(codes, LookupBatch) {
		stored, err := dir.RDCRecords(ctx, batch)
		if err != nil {
			return fmt.Errorf("read %d RDC records: %w", len(batch), err)
		}
		for _, code := range batch {
			g, s := a.given[code], stored[code]
			if s.ActivityType != "" && s.ActivityType != g.activity {
				report(newRowError(int(g.row), column, g.activity,
					"тип деятельности РЦ после сохранения не меняется: у РЦ «"+code+"» он «"+s.ActivityType+"»"))
			}
		}
	}
	return nil
}
