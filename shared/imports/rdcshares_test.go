package imports

import (
	"reflect"
	"testing"

	"aftersales/shared/sheets"
)

// An RDC of three stored outlets, R with A, B and C: a file that changes
// one share is judged on the whole RDC, stored outlets merged with the
// file's rows. (Judged within the file alone, every such file failed:
// «сумма долей РЦ «R» равна 0,2».)
func TestSharesAreJudgedOverTheStoredOutletsMergedWithTheFile(t *testing.T) {
	stored := func(a, b, c float64) *directory {
		member := func(code string, share float64) RDCMember {
			return RDCMember{Code: code, RDCLink: RDCLink{Code: "R", HasShare: true, Share: share}}
		}
		known := func(share float64) KnownOutlet {
			return KnownOutlet{Mine: true, Subtype: SubtypeOutlet, Status: StatusActive,
				RDC: RDCLink{Code: "R", HasShare: true, Share: share}}
		}
		return &directory{
			outlets: map[string]KnownOutlet{"R": {Mine: true, Subtype: SubtypeRDC, Status: StatusActive},
				"A": known(a), "B": known(b), "C": known(c), "R2": {Mine: true, Subtype: SubtypeRDC, Status: StatusActive}},
			members: map[string][]RDCMember{"R": {member("A", a), member("B", b), member("C", c)}},
		}
	}
	tests := []struct {
		name string
		dir  *directory
		rows [][]sheets.Cell
		want []RowError
	}{
		{"one share changed, the stored others make it whole", stored(0.5, 0.3, 0.1),
			[][]sheets.Cell{outlet("C", "Код РЦ", "R", "Доля РЦ", "0,2")}, nil},
		{"one share changed, the stored others do not make it whole", stored(0.5, 0.4, 0.1),
			[][]sheets.Cell{outlet("C", "Код РЦ", "R", "Доля РЦ", "0,2")},
			[]RowError{{2, "Доля РЦ", "1,1", "сумма долей РЦ «R» равна 1,1, а должна быть 1 (строки 2; сохранённые точки «A» — 0,5, «B» — 0,4)"}}},
		{"two shares changed in the file, one stored", stored(0.5, 0.3, 0.2),
			[][]sheets.Cell{outlet("A", "Код РЦ", "R", "Доля РЦ", "0,4"), outlet("B", "Код РЦ", "R", "Доля РЦ", "0,4")}, nil},
		{"an outlet taken out of the RDC leaves the others short", stored(0.5, 0.3, 0.2),
			[][]sheets.Cell{outlet("R2", "Подтип", "РЦ"), outlet("B", "Код РЦ", "R2", "Доля РЦ", "1")},
			[]RowError{{3, "Доля РЦ", "0,7", "сумма долей РЦ «R» равна 0,7, а должна быть 1 (сохранённые точки «A» — 0,5, «C» — 0,2)"}}},
		{"an outlet added without a share to an RDC with shares", stored(0.5, 0.3, 0.2),
			[][]sheets.Cell{outlet("OLD", "Код РЦ", "R")},
			[]RowError{{2, "Доля РЦ", "", "у других точек РЦ «R» доля указана (сохранённые точки «A», «B», «C»): укажите её и здесь"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.dir.outlets["OLD"] = KnownOutlet{Mine: true, Subtype: SubtypeOutlet, Status: StatusActive}
			res := validateOutlets(t, OutletsUpdate, tt.dir, tt.rows...)
			if !reflect.DeepEqual(res.Errors, tt.want) {
				t.Errorf("got  %+v\nwant %+v", res.Errors, tt.want)
			}
		})
	}
}

// Stored outlets of the RDC without a share, while the file gives shares:
// the error names them.
func TestStoredOutletsWithoutAShareAreNamed(t *testing.T) {
	dir := &directory{
		outlets: map[string]KnownOutlet{"R": {Mine: true, Subtype: SubtypeRDC, Status: StatusActive},
			"A": {Mine: true, Subtype: SubtypeOutlet, Status: StatusActive, RDC: RDCLink{Code: "R"}},
			"B": {Mine: true, Subtype: SubtypeOutlet, Status: StatusActive, RDC: RDCLink{Code: "R"}}},
		members: map[string][]RDCMember{"R": {{Code: "B", RDCLink: RDCLink{Code: "R"}}, {Code: "Z", RDCLink: RDCLink{Code: "R"}}}},
	}
	res := validateOutlets(t, OutletsUpdate, dir, outlet("A", "Код РЦ", "R", "Доля РЦ", "1"))
	want := []RowError{{2, "Доля РЦ", "", "у сохранённых точек РЦ «R» «B», «Z» доля не указана, а у других указана (строки 2): укажите доли всех точек РЦ"}}
	if !reflect.DeepEqual(res.Errors, want) {
		t.Errorf("got  %+v\nwant %+v", res.Errors, want)
	}
}
