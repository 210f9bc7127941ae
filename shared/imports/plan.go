package imports

import (
	"context"
	"maps"
	"slices"
	"time"

	"aftersales/shared/sheets"
)

// plan is what the second pass does with the rows of one procedure: count
// what each valid row creates, changes or leaves as it is, and hand what
// changes to the writer (none in a check-only run).
type plan interface {
	// add takes a row without errors.
	add(ctx context.Context, num int, cells []sheets.Cell) error
	// skip takes a row with errors, which a check-only run leaves out.
	skip(cols Columns, num int, cells []sheets.Cell)
	// finish counts and writes what is still pending.
	finish(ctx context.Context) error
}

// outletChunk is how many rows an outlet plan handles together: one read of
// stored outlets when an update must merge with them.
const outletChunk = 100

// outletPlan writes the outlets of a file. A row is unchanged when its
// fingerprint equals the stored one; an update whose file lacks some
// columns first merges each row with its stored outlet.
type outletPlan struct {
	directory DirectoryStore
	p         *Protocol
	cols      Columns
	known     map[string]knownState // the distributor's stored outlets among the file's codes
	merge     bool
	// day is the load's business day, a new RDC record's default start.
	day     time.Time
	writer  DirectoryWriter // nil in a check-only run
	pending []Outlet
}

func (o *outletPlan) add(ctx context.Context, num int, cells []sheets.Cell) error {
	out, _ := ParseOutletRow(o.cols, num, cells)
	o.pending = append(o.pending, out)
	if len(o.pending) < outletChunk {
		return nil
	}
	return o.finish(ctx)
}

func (o *outletPlan) skip(Columns, int, []sheets.Cell) {}

func (o *outletPlan) finish(ctx context.Context) error {
	defer func() { o.pending = o.pending[:0] }()
	var stored map[string]StoredOutlet
	if o.merge {
		codes := make([]string, 0, len(o.pending))
		for _, out := range o.pending {
			if _, ok := o.known[out.Code]; ok {
				codes = append(codes, out.Code)
			}
		}
		var err error
		if stored, err = o.directory.Outlets(ctx, codes); err != nil {
			return err
		}
	}
	for n, out := range o.pending {
		if s, ok := stored[out.Code]; ok {
			o.pending[n] = o.cols.Merge(s.Outlet, out)
		}
	}
	records, err := o.rdcRecords(ctx)
	if err != nil {
		return err
	}
	c := &o.p.Counts
	for _, out := range o.pending {
		k, exists := o.known[out.Code]
		rec, recChanged := records[out.Code]
		fp := out.Fingerprint()
		switch {
		case !exists || k.thisLoad && o.p.Procedure == OutletsFirstLoad:
			c.Created++
		case k.thisLoad:
			c.Updated++ // changed by this load's crashed first attempt
		case k.fingerprint == fp && !recChanged:
			c.Unchanged++
			continue
		default:
			c.Updated++
		}
		if o.writer == nil {
			continue
		}
		if recChanged {
			if err := o.writer.PutRDC(rec); err != nil {
				return err
			}
		}
		if k.thisLoad && k.fingerprint == fp && !recChanged {
			continue
		}
		if err := o.writer.PutOutlet(StoredOutlet{Outlet: out, Distributor: o.p.Distributor, Changed: o.p.Stamp()}); err != nil {
			return err
		}
	}
	return nil
}

// rdcRecords are the RDC records the pending rows change, by code: each
// RDC row's cells over its stored record, or over a new record's defaults.
// Rows of other subtypes have none.
func (o *outletPlan) rdcRecords(ctx context.Context) (map[string]RDCRecord, error) {
	var codes []string
	for _, out := range o.pending {
		if out.Subtype == SubtypeRDC {
			codes = append(codes, out.Code)
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	saved, err := o.directory.RDCRecords(ctx, codes)
	if err != nil {
		return nil, err
	}
	changed := map[string]RDCRecord{}
	for _, out := range o.pending {
		if !slices.Contains(codes, out.Code) {
			continue
		}
		old, exists := saved[out.Code]
		base := old
		if !exists {
			base = NewRDCRecord(out, o.day)
		}
		if rec := out.rdc.apply(base); !exists || !rec.same(old) {
			changed[out.Code] = rec
		}
	}
	return changed, nil
}

// routePlan gathers each route's rows, since a route is replaced as a
// whole, then compares each with the stored one stop by stop.
type routePlan struct {
	directory DirectoryStore
	p         *Protocol
	cols      Columns
	routes    map[string]*Route
	broken    map[string]bool // routes with a failed row: a check-only run cannot tell what they would become
	writer    DirectoryWriter
}

func (rp *routePlan) add(_ context.Context, num int, cells []sheets.Cell) error {
	row, _ := ParseRouteRow(rp.cols, num, cells)
	r := rp.routes[row.RouteCode]
	if r == nil {
		r = &Route{Code: row.RouteCode, Territory: row.TerritoryCode, Distributor: rp.p.Distributor, Changed: rp.p.Stamp()}
		rp.routes[row.RouteCode] = r
	}
	r.Stops = append(r.Stops, stopOf(row))
	return nil
}

func (rp *routePlan) skip(cols Columns, num int, cells []sheets.Cell) {
	if row, _ := ParseRouteRow(cols, num, cells); row.RouteCode != "" {
		rp.broken[row.RouteCode] = true
	}
}

func (rp *routePlan) finish(ctx context.Context) error {
	codes := slices.Sorted(maps.Keys(rp.routes))
	codes = slices.DeleteFunc(codes, func(c string) bool { return rp.broken[c] })
	for batch := range slices.Chunk(codes, LookupBatch) {
		stored, err := rp.directory.Routes(ctx, rp.p.Distributor, batch)
		if err != nil {
			return err
		}
		for _, code := range batch {
			r := rp.routes[code]
			old, exists := stored[code]
			if !rp.count(r, old, exists) || rp.writer == nil {
				continue
			}
			if err := rp.writer.PutRoute(*r); err != nil {
				return err
			}
		}
	}
	return nil
}

// count adds a route's stops to the counts and reports whether the stored
// route must be replaced.
func (rp *routePlan) count(r *Route, old Route, exists bool) (changed bool) {
	c := &rp.p.Counts
	if exists && old.Changed.LoadID == rp.p.ID {
		// Written by this load's crashed first attempt: every stop was changed
		// by this load, and the stored route is already the file's.
		c.Updated += len(r.Stops)
		return false
	}
	before := make(map[string]Stop, len(old.Stops))
	for _, s := range old.Stops {
		before[s.OutletCode] = s
	}
	territoryMoved := exists && old.Territory != r.Territory
	for _, s := range r.Stops {
		prev, had := before[s.OutletCode]
		delete(before, s.OutletCode)
		switch {
		case !had:
			c.Created++
			changed = true
		case territoryMoved || !sameStop(prev, s):
			c.Updated++
			changed = true
		default:
			c.Unchanged++
		}
	}
	if len(before) > 0 {
		c.Removed += len(before)
		changed = true
	}
	return changed
}
