package imports

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"aftersales/shared/inn"
	"aftersales/shared/sheets"
)

// cellsOf writes a parsed outlet back as a template row, in the spellings
// the parser accepts.
func cellsOf(o Outlet) []sheets.Cell {
	lat, lon, share := "", "", ""
	if o.HasCoordinates {
		lat, lon = strconv.FormatFloat(o.Latitude, 'f', -1, 64), strconv.FormatFloat(o.Longitude, 'f', -1, 64)
	}
	if o.HasRDCShare {
		share = strconv.FormatFloat(o.RDCShare, 'f', -1, 64)
	}
	return texts(o.Code, o.Name, o.LegalName, o.INN, o.Address, o.City, o.Region, lat, lon,
		string(o.Subtype), o.Channel, string(o.Status), o.RDCCode, share, o.LocalCode)
}

// FuzzParseOutletRow: no row makes the parser panic; a row it accepts keeps
// its code, obeys every rule, and reads the same when written back.
func FuzzParseOutletRow(f *testing.F) {
	f.Add("A-1", "Магазин", "7707083893", false, "55,75", "37.61", "ТТ", "", "", "")
	f.Add("12345", "Киоск", "105030644", true, "", "", "Киоск", "неактивна", "R1", "0,5")
	cols := mustColumns(f, OutletsFirstLoad, outletTemplate)
	headers := map[string]bool{}
	for _, h := range outletTemplate {
		headers[h] = true
	}
	f.Fuzz(func(t *testing.T, code, name, innText string, innIsNumber bool, lat, lon, subtype, status, rdc, share string) {
		innCell := text(innText)
		if innIsNumber {
			if v, err := strconv.ParseFloat(innText, 64); err == nil {
				innCell = number(innText, v)
			}
		}
		row := outletRow(map[string]sheets.Cell{
			"Код ГО": text(code), "Название": text(name), "ИНН": innCell, "Широта": text(lat), "Долгота": text(lon),
			"Подтип": text(subtype), "Статус": text(status), "Код РЦ": text(rdc), "Доля РЦ": text(share),
		})
		o, errs := ParseOutletRow(cols, 3, row)
		for _, e := range errs {
			if e.Row != 3 || !headers[e.Column] || e.Reason == "" {
				t.Fatalf("got a malformed error %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if o.Code != strings.TrimSpace(code) || checkCode(o.Code) != "" || o.Code == "" {
			t.Fatalf("code %q came out as %q", code, o.Code)
		}
		if o.INN != "" && inn.Check(o.INN) != "" {
			t.Fatalf("accepted INN %q", o.INN)
		}
		if o.HasCoordinates && (o.Latitude < -90 || o.Latitude > 90 || o.Longitude < -180 || o.Longitude > 180) {
			t.Fatalf("accepted coordinates %v, %v", o.Latitude, o.Longitude)
		}
		if o.HasRDCShare && (o.RDCShare < 0 || o.RDCShare > 1 || o.RDCCode == "") {
			t.Fatalf("accepted share %v of RDC %q", o.RDCShare, o.RDCCode)
		}
		again, errs := ParseOutletRow(cols, 3, cellsOf(o))
		if len(errs) > 0 || !reflect.DeepEqual(again, o) {
			t.Fatalf("written back, %+v read as %+v, %v", o, again, errs)
		}
	})
}

// FuzzMatchHeaders: no header row makes matching panic; an accepted one has
// every required column, each in its own column and named as in the file.
func FuzzMatchHeaders(f *testing.F) {
	f.Add(true, strings.Join(outletTemplate, "\t"))
	f.Add(false, strings.Join(routeTemplate, "\t"))
	f.Add(true, "code\tNAME\t\tадрес\tгород\tподтип\tпримечание")
	f.Fuzz(func(t *testing.T, outlets bool, joined string) {
		proc, specs := Routes, routeFields
		if outlets {
			proc, specs = OutletsUpdate, outletFields
		}
		headers := strings.Split(joined, "\t")
		cols, warnings, err := MatchHeaders(proc, headers)
		if err != nil {
			return
		}
		used := map[int]bool{}
		for _, s := range specs {
			if s.required && !cols.Has(s.field) {
				t.Fatalf("accepted %q without %s", headers, s.ru)
			}
			if !cols.Has(s.field) {
				continue
			}
			i := cols.index(s.field)
			if i >= len(headers) || used[i] || cols.Header(s.field) != strings.TrimSpace(headers[i]) {
				t.Fatalf("field %s placed at column %d of %q", s.ru, i, headers)
			}
			used[i] = true
		}
		unknown := 0
		for _, h := range headers {
			if fold(h) != "" {
				unknown++
			}
		}
		if unknown -= len(used); len(warnings) != unknown {
			t.Fatalf("got %d warnings for %d unknown columns of %q", len(warnings), unknown, headers)
		}
	})
}

// FuzzParseKey: no key makes ParseKey panic, and a key it accepts is the
// one Key builds from its parts, so an upload form's key always parses back
// to the procedure, distributor and file the caller asked for.
func FuzzParseKey(f *testing.F) {
	f.Add("outlets-update/D1/01J/Outlets_март.xlsx")
	f.Add("routes-check/dist_1/u-2/Routes.xls")
	f.Add("outlets-first-load//x/Outlets.xlsx")
	f.Fuzz(func(t *testing.T, key string) {
		proc, checkOnly, distributor, upload, name, err := ParseKey(key)
		if err != nil {
			return
		}
		if got := Key(proc, checkOnly, distributor, upload, name); got != key {
			t.Fatalf("Key(ParseKey(%q)) = %q", key, got)
		}
		if !proc.Valid() || !validID(distributor) || !validID(upload) || strings.Contains(name, "/") {
			t.Fatalf("accepted %q as %q %q %q %q", key, proc, distributor, upload, name)
		}
	})
}
