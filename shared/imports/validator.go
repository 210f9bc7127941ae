package imports

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"aftersales/shared/sheets"
)

// RowError is one problem with one cell, as the load protocol and the error
// report show it: the row as Excel numbers it, the column as the file names
// it, the value as written, and the reason in Russian.
type RowError struct {
	Row    int
	Column string
	Value  string
	Reason string
}

// maxValueLen caps the value an error keeps: the report has the whole row.
const maxValueLen = 100

func newRowError(row int, column, value, reason string) RowError {
	if utf8.RuneCountInString(value) > maxValueLen {
		value = string([]rune(value)[:maxValueLen]) + "…"
	}
	return RowError{Row: row, Column: column, Value: value, Reason: reason}
}

// KnownOutlet is what the directory holds about one outlet code.
type KnownOutlet struct {
	// Mine is set when the outlet belongs to the distributor whose file is
	// being validated. Anyone else's outlet is «код занят», nothing more.
	Mine    bool
	Subtype Subtype
	Status  Status
	// ThisLoad is set when the outlet was last written by the very load
	// being validated: a retried load resuming after its first attempt
	// crashed half way. A first load counts such outlets as its own new ones.
	ThisLoad bool
	// RDC is the stored outlet's RDC and share (the distributor's own only).
	RDC RDCLink
}

// RDCMember is a stored outlet attached to an RDC.
type RDCMember struct {
	Code string
	RDCLink
}

// OutletDirectory is the validator's view of the outlets already loaded.
type OutletDirectory interface {
	// LookupOutlets returns the stored outlets among codes (at most
	// LookupBatch of them), keyed by code; codes not stored are absent.
	LookupOutlets(ctx context.Context, codes []string) (map[string]KnownOutlet, error)
	// RDCMembers returns the distributor's stored outlets attached to each
	// of rdcs, by RDC code, in code order.
	RDCMembers(ctx context.Context, rdcs []string) (map[string][]RDCMember, error)
	// LocalCodeOwners returns the distributor's stored outlets each of
	// locals maps to, in code order.
	LocalCodeOwners(ctx context.Context, locals []string) (map[string][]string, error)
	// RDCRecords returns the stored RDC records among codes (at most
	// LookupBatch), keyed by code.
	RDCRecords(ctx context.Context, codes []string) (map[string]RDCRecord, error)
}

// LookupBatch is the most codes one LookupOutlets call is asked about, so a
// 100,000-row file costs a hundred calls, not one huge one.
const LookupBatch = 1000

// MaxRowErrors is the most errors a Result keeps; TotalErrors counts all.
// A file where every cell is wrong must not exhaust memory on its report.
const MaxRowErrors = 100_000

// Result is the verdict on a whole file.
type Result struct {
	Rows           int        // data rows validated
	RowsWithErrors int        // rows with at least one error
	Errors         []RowError // in row order, at most MaxRowErrors
	TotalErrors    int
}

// rules are one procedure's checks: a row's own, then across rows.
type rules[T any] interface {
	parse(cols Columns, row int, cells []sheets.Cell) (T, []RowError)
	// track remembers what rules across rows need of a parsed row (even one
	// with errors) and returns the errors it can already tell.
	track(rec T) []RowError
	// finish applies the remaining rules, asking dir about stored outlets.
	finish(ctx context.Context, dir OutletDirectory, report func(RowError)) error
}

// Validator checks a file row by row as it streams past. It keeps only what
// rules across rows need — each code once with its row, RDC references —
// never the rows themselves, so memory grows with the unique codes and not
// with the file. Write nothing until Finish reports no errors.
type Validator[T any] struct {
	cols      Columns
	rules     rules[T]
	rows      int
	errs      []RowError
	total     int
	errorRows bitset
}

// NewOutletValidator validates the rows of an Outlets file for proc
// (OutletsUpdate or OutletsFirstLoad).
func NewOutletValidator(proc Procedure, cols Columns) *Validator[Outlet] {
	return &Validator[Outlet]{cols: cols, rules: &outletRules{proc: proc, cols: cols,
		codes: map[string]outletEntry{}, rdcs: map[string][]int32{}}}
}

// NewRouteValidator validates the rows of a Routes file.
func NewRouteValidator(cols Columns) *Validator[RouteRow] {
	return &Validator[RouteRow]{cols: cols, rules: &routeRules{cols: cols,
		stops: map[string]int32{}, routes: map[string]routeEntry{}, outlets: map[string][]int32{}}}
}

// Add validates one data row and returns it parsed; ok is false when the row
// already has an error. Rows must come in file order.
func (v *Validator[T]) Add(row int, cells []sheets.Cell) (rec T, ok bool) {
	v.rows++
	rec, errs := v.rules.parse(v.cols, row, cells)
	errs = append(errs, v.rules.track(rec)...)
	for _, e := range errs {
		v.report(e)
	}
	return rec, len(errs) == 0
}

// Finish applies the rules that need the whole file and the stored outlets,
// and returns the verdict; call it once, after the last Add. Its error is
// the directory's, not the file's.
func (v *Validator[T]) Finish(ctx context.Context, dir OutletDirectory) (Result, error) {
	if err := v.rules.finish(ctx, dir, v.report); err != nil {
		return Result{}, err
	}
	slices.SortStableFunc(v.errs, func(a, b RowError) int { return a.Row - b.Row })
	return Result{Rows: v.rows, RowsWithErrors: v.errorRows.count(), Errors: v.errs, TotalErrors: v.total}, nil
}

func (v *Validator[T]) report(e RowError) {
	v.total++
	v.errorRows.set(e.Row)
	if len(v.errs) < MaxRowErrors {
		v.errs = append(v.errs, e)
	}
}

// lookupAll asks dir about codes in batches of LookupBatch.
func lookupAll(ctx context.Context, dir OutletDirectory, codes []string) (map[string]KnownOutlet, error) {
	known := map[string]KnownOutlet{}
	for batch := range slices.Chunk(codes, LookupBatch) {
		found, err := dir.LookupOutlets(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("look up %d outlet codes: %w", len(batch), err)
		}
		for code, k := range found {
			known[code] = k
		}
	}
	return known, nil
}

// rowList writes row numbers for a reason, at most ten of them.
func rowList(rows []int32) string {
	const shown = 10
	parts := make([]string, 0, shown)
	for _, r := range rows[:min(len(rows), shown)] {
		parts = append(parts, strconv.Itoa(int(r)))
	}
	s := strings.Join(parts, ", ")
	if len(rows) > shown {
		s += " и ещё " + strconv.Itoa(len(rows)-shown)
	}
	return s
}

// bitset is a set of row numbers in one bit each.
type bitset []uint64

func (b *bitset) set(i int) {
	if i < 0 {
		return
	}
	for len(*b) <= i/64 {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << (i % 64)
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}
