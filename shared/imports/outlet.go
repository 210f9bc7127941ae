package imports

import (
	"context"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"aftersales/shared/inn"
	"aftersales/shared/sheets"
)

// Subtype is the kind of an outlet; an RDC (распределительный центр)
// distributes deliveries to the outlets that name it.
type Subtype string

// The subtypes of imports.md.
const (
	SubtypeOutlet Subtype = "outlet"
	SubtypeRDC    Subtype = "rdc"
	SubtypeHoReCa Subtype = "horeca"
	SubtypeKiosk  Subtype = "kiosk"
	SubtypeOther  Subtype = "other"
)

var subtypes = map[string]Subtype{
	"тт": SubtypeOutlet, "outlet": SubtypeOutlet, "торговаяточка": SubtypeOutlet,
	"рц": SubtypeRDC, "rdc": SubtypeRDC, "распределительныйцентр": SubtypeRDC,
	"horeca": SubtypeHoReCa, "хорека": SubtypeHoReCa,
	"киоск": SubtypeKiosk, "kiosk": SubtypeKiosk,
	"другое": SubtypeOther, "other": SubtypeOther,
}

// Status says whether an outlet is in use; routes may visit active ones only.
type Status string

// The statuses; an empty cell means active.
const (
	StatusActive   Status = "active"
	StatusInactive Status = "inactive"
)

var statuses = map[string]Status{
	"": StatusActive, "активна": StatusActive, "активен": StatusActive, "active": StatusActive,
	"неактивна": StatusInactive, "неактивен": StatusInactive, "inactive": StatusInactive,
}

// Outlet is one row of an Outlets file after parsing. Optional values the
// row leaves empty are zero; Columns.Has tells an empty cell from a missing
// column.
type Outlet struct {
	Row       int // as Excel shows it
	Code      string
	Name      string
	LegalName string
	INN       string
	Address   string
	City      string
	Region    string
	// HasCoordinates is set when the row gives both Latitude and Longitude.
	HasCoordinates      bool
	Latitude, Longitude float64
	Subtype             Subtype
	Channel             string
	Status              Status
	RDCCode             string
	// HasRDCShare is set when the row gives RDCShare (0…1).
	HasRDCShare bool
	RDCShare    float64
	LocalCode   string
	// rdc are the RDC record's cells of an RDC row.
	rdc rdcFields
}

// rowReader reads one row's cells by field and collects its errors.
type rowReader struct {
	cols  Columns
	row   int
	cells []sheets.Cell
	errs  []RowError
}

// cell is the field's cell, blank when the column or the cell is absent.
func (r *rowReader) cell(f Field) sheets.Cell {
	if i := r.cols.index(f); i >= 0 && i < len(r.cells) {
		return r.cells[i]
	}
	return sheets.Cell{}
}

// text is the field's value as trimmed text.
func (r *rowReader) text(f Field) string { return strings.TrimSpace(r.cell(f).Text) }

func (r *rowReader) fail(f Field, reason string) {
	r.errs = append(r.errs, newRowError(r.row, r.cols.Header(f), r.cell(f).Text, reason))
}

// required returns the field's text, failing the row when it is empty.
func (r *rowReader) required(f Field) string {
	s := r.text(f)
	if s == "" {
		r.fail(f, "не заполнено")
	}
	return s
}

// limited returns free text no longer than max, or "" after failing the row.
func (r *rowReader) limited(f Field, s string, max int) string {
	if why := checkText(s, max); why != "" {
		r.fail(f, why)
		return ""
	}
	return s
}

// code returns an outlet code, or "" after failing the row.
func (r *rowReader) code(f Field, s string) string {
	if why := checkCode(s); why != "" {
		r.fail(f, why)
		return ""
	}
	return s
}

// decimal reads an optional decimal in [lo, hi]; ok is false when the cell
// is empty or wrong (the row has failed then).
func (r *rowReader) decimal(f Field, lo, hi float64, rangeReason string) (v float64, ok bool) {
	s := r.text(f)
	if s == "" {
		return 0, false
	}
	v, ok = parseDecimal(s)
	switch {
	case !ok:
		r.fail(f, "ожидается число, например 55,7558")
	case v < lo || v > hi:
		r.fail(f, rangeReason)
		ok = false
	}
	return v, ok
}

// ParseOutletRow applies every rule of imports.md that one row can be judged
// by alone. Fields that fail are left zero; rules across rows (unique codes,
// RDCs and their shares, stored outlets) are the Validator's.
func ParseOutletRow(cols Columns, row int, cells []sheets.Cell) (Outlet, []RowError) {
	r := &rowReader{cols: cols, row: row, cells: cells}
	o := Outlet{Row: row}
	if s := r.required(FieldCode); s != "" {
		o.Code = r.code(FieldCode, s)
	}
	if s := r.required(FieldName); s != "" {
		o.Name = r.limited(FieldName, s, maxNameLen)
	}
	o.LegalName = r.limited(FieldLegalName, r.text(FieldLegalName), maxTextLen)
	o.INN = r.inn()
	if s := r.required(FieldAddress); s != "" {
		o.Address = r.limited(FieldAddress, s, maxTextLen)
	}
	if s := r.required(FieldCity); s != "" {
		o.City = r.limited(FieldCity, s, maxTextLen)
	}
	o.Region = r.limited(FieldRegion, r.text(FieldRegion), maxTextLen)
	r.coordinates(&o)
	if s := r.required(FieldSubtype); s != "" {
		var ok bool
		if o.Subtype, ok = subtypes[fold(s)]; !ok {
			r.fail(FieldSubtype, "неизвестный подтип: допустимы ТТ, РЦ, HoReCa, Киоск, Другое")
		}
	}
	o.Channel = r.limited(FieldChannel, r.text(FieldChannel), maxTextLen)
	var ok bool
	if o.Status, ok = statuses[fold(r.text(FieldStatus))]; !ok {
		r.fail(FieldStatus, "неизвестный статус: допустимы Активна или Неактивна")
	}
	if s := r.text(FieldRDCCode); s != "" {
		o.RDCCode = r.code(FieldRDCCode, s)
	}
	o.RDCShare, o.HasRDCShare = r.decimal(FieldRDCShare, 0, 1, "доля РЦ должна быть от 0 до 1")
	if o.HasRDCShare && r.text(FieldRDCCode) == "" {
		r.fail(FieldRDCShare, "доля указана, а код РЦ — нет")
		o.RDCShare, o.HasRDCShare = 0, false
	}
	o.LocalCode = r.limited(FieldLocalCode, r.text(FieldLocalCode), maxIDLen)
	o.rdc = r.rdcRecordFields(o.Subtype)
	return o, r.errs
}

// inn reads an optional INN. A number cell loses leading zeros, so a 9- or
// 11-digit number gets its zero back before the checksum decides.
func (r *rowReader) inn() string {
	s := r.text(FieldINN)
	if s == "" {
		return ""
	}
	if c := r.cell(FieldINN); c.IsNumber && (len(s) == 9 || len(s) == 11) {
		s = "0" + s
	}
	if why := inn.Check(s); why != "" {
		r.fail(FieldINN, why)
		return ""
	}
	return s
}

// coordinates reads latitude and longitude, which come both or neither.
func (r *rowReader) coordinates(o *Outlet) {
	lat, hasLat := r.decimal(FieldLatitude, -90, 90, "широта должна быть от −90 до 90")
	lon, hasLon := r.decimal(FieldLongitude, -180, 180, "долгота должна быть от −180 до 180")
	latGiven, lonGiven := r.text(FieldLatitude) != "", r.text(FieldLongitude) != ""
	switch {
	case latGiven && !lonGiven:
		r.fail(FieldLongitude, "указана широта, но не долгота: заполните обе или ни одной")
	case lonGiven && !latGiven:
		r.fail(FieldLatitude, "указана долгота, но не широта: заполните обе или ни одной")
	case hasLat && hasLon:
		o.HasCoordinates, o.Latitude, o.Longitude = true, lat, lon
	}
}

// formatShare writes a share or a sum of shares for a Russian reader.
func formatShare(v float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64), ".", ",", 1)
}

// outletEntry is what rules across rows keep of each code in the file:
// its row, whether it is an RDC, and the RDC the row attaches it to.
type outletEntry struct {
	row  int32
	rdc  bool
	link RDCLink
}

// outletRules are the checks of the outlet procedures.
type outletRules struct {
	proc  Procedure
	cols  Columns
	codes map[string]outletEntry
	// rdcs are the rows naming each RDC.
	rdcs       map[string][]int32
	activities activityRule
	// locals are the local codes the file maps, each to its first row's
	// outlet: one local code maps to one outlet.
	locals map[string]localEntry
}

// localEntry is the row that maps a local code and the outlet it maps it to.
type localEntry struct {
	row  int32
	code string
}

func (o *outletRules) parse(cols Columns, row int, cells []sheets.Cell) (Outlet, []RowError) {
	return ParseOutletRow(cols, row, cells)
}

func (o *outletRules) track(out Outlet) []RowError {
	var errs []RowError
	o.activities.track(out)
	_, codeRepeated := o.codes[out.Code]
	if out.LocalCode != "" && !codeRepeated { // a repeated code is its own error
		if first, dup := o.locals[out.LocalCode]; dup {
			errs = append(errs, newRowError(out.Row, o.cols.Header(FieldLocalCode), out.LocalCode,
				"локальный код уже привязан к точке в строке "+strconv.Itoa(int(first.row))+": один локальный код — одна точка ГО"))
		} else {
			if o.locals == nil {
				o.locals = map[string]localEntry{}
			}
			o.locals[strings.Clone(out.LocalCode)] = localEntry{row: int32(out.Row), code: strings.Clone(out.Code)}
		}
	}
	var rdc string
	if out.RDCCode != "" {
		rdc = strings.Clone(out.RDCCode) // the row's cells are reused
		o.rdcs[rdc] = append(o.rdcs[rdc], int32(out.Row))
	}
	if out.Code != "" {
		if first, dup := o.codes[out.Code]; dup {
			errs = append(errs, newRowError(out.Row, o.cols.Header(FieldCode), out.Code,
				"код повторяется: он уже есть в строке "+strconv.Itoa(int(first.row))))
		} else {
			o.codes[strings.Clone(out.Code)] = outletEntry{row: int32(out.Row), rdc: out.Subtype == SubtypeRDC,
				link: RDCLink{Code: rdc, HasShare: out.HasRDCShare, Share: out.RDCShare}}
		}
	}
	return errs
}

func (o *outletRules) finish(ctx context.Context, dir OutletDirectory, report func(RowError)) error {
	codes := slices.Sorted(maps.Keys(o.codes))
	rdcs := slices.Sorted(maps.Keys(o.rdcs))
	ask := slices.Clone(codes)
	for _, code := range rdcs {
		if _, inFile := o.codes[code]; !inFile {
			ask = append(ask, code)
		}
	}
	known, err := lookupAll(ctx, dir, ask)
	if err != nil {
		return err
	}
	codeColumn := o.cols.Header(FieldCode)
	for _, code := range codes {
		if why := o.existence(known, code); why != "" {
			report(newRowError(int(o.codes[code].row), codeColumn, code, why))
		}
	}
	for _, code := range rdcs {
		o.checkRDC(known, code, report)
	}
	if err := o.activities.finish(ctx, dir, o.cols.Header(FieldRDCActivity), report); err != nil {
		return err
	}
	if err := o.checkLocals(ctx, dir, report); err != nil {
		return err
	}
	return o.checkShares(ctx, dir, known, report)
}

// checkLocals refuses a local code the file maps to one outlet while a
// stored outlet the file leaves alone keeps it: the code would then map to
// two HQ codes. A stored outlet the file names takes the file's local code
// (Merge), so only the others count. One pass over the directory, and only
// for a file that maps local codes.
func (o *outletRules) checkLocals(ctx context.Context, dir OutletDirectory, report func(RowError)) error {
	if len(o.locals) == 0 {
		return nil
	}
	locals := slices.Sorted(maps.Keys(o.locals))
	owners, err := dir.LocalCodeOwners(ctx, locals)
	if err != nil {
		return err
	}
	for _, local := range locals {
		e := o.locals[local]
		var others []string
		for _, code := range owners[local] {
			if _, inFile := o.codes[code]; !inFile && code != e.code {
				others = append(others, "«"+code+"»")
			}
		}
		if len(others) > 0 {
			names := strings.Join(others, ", ")
			report(newRowError(int(e.row), o.cols.Header(FieldLocalCode), local, "локальный код уже привязан к сохранённой точке "+
				names+": один локальный код — одна точка ГО. Укажите другой локальный код или добавьте в файл строку точки "+
				names+" с пустым или другим локальным кодом"))
		}
	}
	return nil
}

// existence says what is wrong with a file's code given the stored outlets.
func (o *outletRules) existence(known map[string]KnownOutlet, code string) string {
	k, found := known[code]
	switch {
	case found && !k.Mine:
		return "код занят"
	case o.proc == OutletsUpdate && !found:
		return "точки с таким кодом нет: новые точки загружайте процедурой «" + OutletsFirstLoad.Title() + "»"
	case o.proc == OutletsFirstLoad && found && !k.ThisLoad:
		return "точка с таким кодом уже загружена: изменения загружайте процедурой «" + OutletsUpdate.Title() + "»"
	}
	return ""
}

// checkRDC checks that the code the rows name is an RDC, in the file or
// already loaded.
func (o *outletRules) checkRDC(known map[string]KnownOutlet, code string, report func(RowError)) {
	rows := o.rdcs[code]
	var why string
	if e, inFile := o.codes[code]; inFile {
		if !e.rdc {
			why = "точка «" + code + "» в строке " + strconv.Itoa(int(e.row)) + " не РЦ: её подтип не «РЦ»"
		}
	} else if k, found := known[code]; !found || !k.Mine {
		why = "РЦ с кодом «" + code + "» нет ни в файле, ни среди ваших точек"
	} else if k.Subtype != SubtypeRDC {
		why = "точка «" + code + "» не РЦ: её подтип не «РЦ»"
	}
	if why != "" {
		for _, r := range rows {
			report(newRowError(int(r), o.cols.Header(FieldRDCCode), code, why))
		}
	}
}
