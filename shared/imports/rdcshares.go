package imports

import (
	"context"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// rdcMember is one outlet of an RDC as the load would leave it: a row of
// the file (row > 0) or a stored outlet the file does not name.
type rdcMember struct {
	row  int32
	code string
	link RDCLink
}

// checkShares judges each RDC the file touches — one its rows name, or one
// a row takes an outlet away from — over its stored outlets merged with the
// file's rows, so a file changing one outlet's share is judged on the whole
// RDC. When any of its outlets has a share, all must have one and they must
// sum to 1 (±0.001); the errors name the stored outlets that make the sum.
func (o *outletRules) checkShares(ctx context.Context, dir OutletDirectory, known map[string]KnownOutlet, report func(RowError)) error {
	touched := map[string][]int32{}
	for code, rows := range o.rdcs {
		touched[code] = slices.Clone(rows)
	}
	if o.cols.Has(FieldRDCCode) {
		for code, e := range o.codes {
			if k := known[code]; k.Mine && k.RDC.Code != "" && k.RDC.Code != e.link.Code {
				touched[k.RDC.Code] = append(touched[k.RDC.Code], e.row)
			}
		}
	}
	if len(touched) == 0 {
		return nil
	}
	rdcs := slices.Sorted(maps.Keys(touched))
	stored, err := dir.RDCMembers(ctx, rdcs)
	if err != nil {
		return err
	}
	groups := o.fileMembers(known)
	for _, rdc := range rdcs {
		members := groups[rdc]
		for _, m := range stored[rdc] {
			if _, inFile := o.codes[m.Code]; !inFile {
				members = append(members, rdcMember{code: m.Code, link: m.RDCLink})
			}
		}
		rows := touched[rdc]
		slices.Sort(rows)
		o.judgeShares(rdc, rows[0], members, report)
	}
	return nil
}

// fileMembers groups the file's rows by the RDC each attaches its outlet
// to. A file without the share column keeps each stored share (Merge).
func (o *outletRules) fileMembers(known map[string]KnownOutlet) map[string][]rdcMember {
	groups := map[string][]rdcMember{}
	for code, e := range o.codes {
		if e.link.Code == "" {
			continue
		}
		link := e.link
		if k := known[code]; !o.cols.Has(FieldRDCShare) && k.Mine {
			link.HasShare, link.Share = k.RDC.HasShare, k.RDC.Share
		}
		groups[link.Code] = append(groups[link.Code], rdcMember{row: e.row, code: code, link: link})
	}
	for _, g := range groups {
		slices.SortFunc(g, func(a, b rdcMember) int { return int(a.row - b.row) })
	}
	return groups
}

// judgeShares applies the share rule to one RDC's members (file rows first,
// by row; then stored outlets, by code). Errors about stored outlets go on
// first, the first row of the file that touches the RDC.
func (o *outletRules) judgeShares(rdc string, first int32, members []rdcMember, report func(RowError)) {
	var sharedRows, unsharedRows []int32
	var sharedStored, unsharedStored []rdcMember
	sum := 0.0
	for _, m := range members {
		switch {
		case m.link.HasShare && m.row > 0:
			sharedRows = append(sharedRows, m.row)
		case m.link.HasShare:
			sharedStored = append(sharedStored, m)
		case m.row > 0:
			unsharedRows = append(unsharedRows, m.row)
		default:
			unsharedStored = append(unsharedStored, m)
		}
		if m.link.HasShare {
			sum += m.link.Share
		}
	}
	if len(sharedRows)+len(sharedStored) == 0 {
		return
	}
	shareColumn := o.cols.Header(FieldRDCShare)
	where := sharesWhere(sharedRows, sharedStored, false)
	for _, r := range unsharedRows {
		report(newRowError(int(r), shareColumn, "", "у других точек РЦ «"+rdc+"» доля указана ("+where+"): укажите её и здесь"))
	}
	if len(unsharedStored) > 0 {
		report(newRowError(int(first), shareColumn, "", "у сохранённых точек РЦ «"+rdc+"» "+storedList(unsharedStored, false)+
			" доля не указана, а у других указана ("+where+"): укажите доли всех точек РЦ"))
	}
	if math.Abs(sum-1) > 0.001 {
		at := first
		if len(sharedRows) > 0 {
			at = sharedRows[0]
		}
		report(newRowError(int(at), shareColumn, formatShare(sum),
			"сумма долей РЦ «"+rdc+"» равна "+formatShare(sum)+", а должна быть 1 ("+sharesWhere(sharedRows, sharedStored, true)+")"))
	}
}

// sharesWhere names the rows and stored outlets that give shares.
func sharesWhere(rows []int32, stored []rdcMember, withShares bool) string {
	var parts []string
	if len(rows) > 0 {
		parts = append(parts, "строки "+rowList(rows))
	}
	if len(stored) > 0 {
		parts = append(parts, "сохранённые точки "+storedList(stored, withShares))
	}
	return strings.Join(parts, "; ")
}

// storedList names stored outlets, with their shares when asked, at most
// ten of them.
func storedList(ms []rdcMember, withShares bool) string {
	const shown = 10
	parts := make([]string, 0, shown)
	for _, m := range ms[:min(len(ms), shown)] {
		s := "«" + m.code + "»"
		if withShares {
			s += " — " + formatShare(m.link.Share)
		}
		parts = append(parts, s)
	}
	s := strings.Join(parts, ", ")
	if len(ms) > shown {
		s += " и ещё " + strconv.Itoa(len(ms)-shown)
	}
	return s
}
