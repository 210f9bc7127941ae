package imports

import (
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"time"
)

// Stamp says which load last changed a directory entry, and when: the
// seed's «Изменено» and «порядковый номер загрузки».
type Stamp struct {
	LoadID  string
	LoadSeq int
	At      time.Time
}

// StoredOutlet is an outlet in the directory. Its code is global: the
// distributor whose load created it owns it.
type StoredOutlet struct {
	Outlet
	Distributor string
	Changed     Stamp
	// RDC is an RDC outlet's record, when a list asks for it.
	RDC *RDCRecord
}

// OutletState is what a load must know of a stored outlet: whose it is, what
// the file's rules ask of it, and whether the file's row would change it.
type OutletState struct {
	Distributor string
	Subtype     Subtype
	Status      Status
	LoadID      string
	Fingerprint uint64
	// RDC is the RDC the outlet is attached to, with its share.
	RDC RDCLink
}

// Link is the outlet's attachment to its RDC.
func (o Outlet) Link() RDCLink {
	return RDCLink{Code: o.RDCCode, HasShare: o.HasRDCShare, Share: o.RDCShare}
}

// RDCLink is an outlet's attachment to an RDC: the RDC's code ("" for
// none) and the outlet's share of it, when given.
type RDCLink struct {
	Code     string
	HasShare bool
	Share    float64
}

// Fingerprint sums up an outlet's content (not its row number), so a load
// tells an unchanged row from a changed one without reading the stored
// outlet again. Stored with the outlet.
func (o Outlet) Fingerprint() uint64 {
	h := fnv.New64a()
	for _, s := range []string{o.Code, o.Name, o.LegalName, o.INN, o.Address, o.City, o.Region,
		coordinate(o.HasCoordinates, o.Latitude), coordinate(o.HasCoordinates, o.Longitude),
		string(o.Subtype), o.Channel, string(o.Status), o.RDCCode,
		coordinate(o.HasRDCShare, o.RDCShare), o.LocalCode} {
		_, _ = h.Write([]byte(s))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

func coordinate(has bool, v float64) string {
	if !has || math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Merge is row as an update stores it over stored: a column the file does
// not have leaves the stored value as it is, while a present but empty cell
// clears it (see Columns.Has).
func (c Columns) Merge(stored, row Outlet) Outlet {
	keep := func(f Field, dst *string, old string) {
		if !c.Has(f) {
			*dst = old
		}
	}
	keep(FieldLegalName, &row.LegalName, stored.LegalName)
	keep(FieldINN, &row.INN, stored.INN)
	keep(FieldRegion, &row.Region, stored.Region)
	keep(FieldChannel, &row.Channel, stored.Channel)
	keep(FieldRDCCode, &row.RDCCode, stored.RDCCode)
	keep(FieldLocalCode, &row.LocalCode, stored.LocalCode)
	if !c.Has(FieldLatitude) && !c.Has(FieldLongitude) {
		row.HasCoordinates, row.Latitude, row.Longitude = stored.HasCoordinates, stored.Latitude, stored.Longitude
	}
	if !c.Has(FieldStatus) {
		row.Status = stored.Status
	}
	if !c.Has(FieldRDCShare) {
		row.HasRDCShare, row.RDCShare = stored.HasRDCShare, stored.RDCShare
	}
	return row
}

// Complete reports whether the file has every outlet column, so an update
// needs no stored values to merge with. The RDC record's columns do not
// count: the record is an item of its own (rdc.go).
func (c Columns) Complete() bool {
	for _, s := range outletFields {
		if !s.field.rdcRecord() && !c.Has(s.field) {
			return false
		}
	}
	return true
}

// Stop is one outlet of a route: one row of a Routes file.
type Stop struct {
	OutletCode string
	Agent      string
	VisitDays  Weekdays
	Frequency  Frequency
	StartDate  time.Time // zero when not given
	Order      int       // zero when not given
}

// Route is a distributor's route: which outlets a sales territory visits and
// on which days. A load replaces a route as a whole.
type Route struct {
	Code        string
	Territory   string
	Distributor string
	Stops       []Stop
	Changed     Stamp
}

// stopOf is the stop a valid route row describes.
func stopOf(r RouteRow) Stop {
	return Stop{OutletCode: r.OutletCode, Agent: r.Agent, VisitDays: r.VisitDays, Frequency: r.Frequency,
		StartDate: r.StartDate, Order: r.Order}
}

// sameStop reports whether two stops of one route are equal in everything
// a load can change.
func sameStop(a, b Stop) bool {
	return a.OutletCode == b.OutletCode && a.Agent == b.Agent && a.VisitDays == b.VisitDays &&
		a.Frequency == b.Frequency && a.StartDate.Equal(b.StartDate) && a.Order == b.Order
}

// Label is the subtype as the file template spells it.
func (s Subtype) Label() string {
	switch s {
	case SubtypeOutlet:
		return "ТТ"
	case SubtypeRDC:
		return "РЦ"
	case SubtypeHoReCa:
		return "HoReCa"
	case SubtypeKiosk:
		return "Киоск"
	case SubtypeOther:
		return "Другое"
	}
	return string(s)
}

// Label is the status as the file template spells it.
func (s Status) Label() string {
	if s == StatusInactive {
		return "Неактивна"
	}
	return "Активна"
}

// Label is the frequency as the file template spells it.
func (f Frequency) Label() string {
	switch f {
	case Biweekly:
		return "раз в 2 недели"
	case Monthly:
		return "ежемесячно"
	}
	return "еженедельно"
}

// OutletTemplate and RouteTemplate are the files' Russian headers in
// template order: exports use them, so an export loads back as it is.
func OutletTemplate() []string {
	return templateOf(slices.DeleteFunc(slices.Clone(outletFields), func(s fieldSpec) bool { return s.field.rdcRecord() }))
}

// RouteTemplate: see OutletTemplate.
func RouteTemplate() []string { return templateOf(routeFields) }

func templateOf(specs []fieldSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.ru
	}
	return out
}
