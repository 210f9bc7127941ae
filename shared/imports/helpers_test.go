package imports

import (
	"context"
	"errors"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/sheets"
)

func slicesOf(s []string) []string { return append([]string(nil), s...) }

// errMessage is the Russian message of an apperr error.
func errMessage(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// texts makes a row of text cells.
func texts(vals ...string) []sheets.Cell {
	cells := make([]sheets.Cell, len(vals))
	for i, v := range vals {
		cells[i] = sheets.Cell{Text: v}
	}
	return cells
}

// number is a cell Excel stored as a number, shown as text.
func number(text string, v float64) sheets.Cell {
	return sheets.Cell{Text: text, Number: v, IsNumber: true}
}

func mustColumns(t testing.TB, proc Procedure, headers []string) Columns {
	t.Helper()
	cols, _, err := MatchHeaders(proc, headers)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

// outletRow is a valid row of the outlet template; set overrides cells by
// header.
func outletRow(set map[string]sheets.Cell) []sheets.Cell {
	row := texts("A-1", "Магазин «Ромашка»", "ООО «Ромашка»", "7707083893", "ул. Ленина, 1", "Москва", "Москва",
		"55,7558", "37.6173", "ТТ", "Розница", "Активна", "", "", "L-001")
	for i, h := range outletTemplate {
		if c, ok := set[h]; ok {
			row[i] = c
		}
	}
	return row
}

// routeRow is a valid row of the route template; set overrides cells by
// header.
func routeRow(set map[string]sheets.Cell) []sheets.Cell {
	row := texts("R-1", "T-1", "Иванов И.", "A-1", "Пн,Ср,Пт", "еженедельно", "01.02.2025", "1")
	for i, h := range routeTemplate {
		if c, ok := set[h]; ok {
			row[i] = c
		}
	}
	return row
}

func text(s string) sheets.Cell { return sheets.Cell{Text: s} }

// directory is a fake OutletDirectory built from a map; calls counts the
// lookups, fail makes them fail.
type directory struct {
	outlets map[string]KnownOutlet
	// members are the stored outlets of each RDC.
	members map[string][]RDCMember
	records map[string]RDCRecord
	// locals are the stored outlets each local code maps to.
	locals map[string][]string
	calls  int
	fail   error
}

func (d *directory) RDCRecords(_ context.Context, codes []string) (map[string]RDCRecord, error) {
	out := map[string]RDCRecord{}
	for _, c := range codes {
		if r, ok := d.records[c]; ok {
			out[c] = r
		}
	}
	return out, nil
}

func (d *directory) LocalCodeOwners(_ context.Context, locals []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, l := range locals {
		if codes, ok := d.locals[l]; ok {
			out[l] = codes
		}
	}
	return out, nil
}

func (d *directory) RDCMembers(_ context.Context, rdcs []string) (map[string][]RDCMember, error) {
	out := map[string][]RDCMember{}
	for _, r := range rdcs {
		if m, ok := d.members[r]; ok {
			out[r] = m
		}
	}
	return out, nil
}

func (d *directory) LookupOutlets(_ context.Context, codes []string) (map[string]KnownOutlet, error) {
	d.calls++
	if d.fail != nil {
		return nil, d.fail
	}
	if len(codes) > LookupBatch {
		return nil, errors.New("too many codes in one lookup")
	}
	found := map[string]KnownOutlet{}
	for _, c := range codes {
		if k, ok := d.outlets[c]; ok {
			found[c] = k
		}
	}
	return found, nil
}
