package main

import (
	"slices"
	"strings"
	"testing"

	"aftersales/shared/imports"
)

// An RDC of three outlets, loaded and then changed a share at a time: each
// update file is judged over the RDC's stored outlets merged with its rows
// (DynamoDB Local, the real load). Judged within the file alone, as before,
// every one of these files failed: «сумма долей … равна 0,2».
func TestRDCSharesAreJudgedOverTheStoredOutletsMergedWithTheFile(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	member := func(n int, name, share string) []any {
		row := d.outlet(n, name, "Москва", "ТТ")
		row[12], row[13] = d.code(0), share
		return row
	}
	first := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/s1/Outlets.xlsx", outlets(t,
		d.outlet(0, "Склад", "Москва", "РЦ"), member(1, "А", "0,5"), member(2, "Б", "0,3"), member(3, "В", "0,2")), meta))
	if first.Status != imports.LoadSucceeded || first.Counts.Created != 4 {
		t.Fatalf("first load: %s %+v %+v", first.Status, first.Counts, first.FirstErrors)
	}

	// One outlet renamed, its share as stored: the stored others make it whole.
	renamed := waitFinal(t, put(t, "outlets-update/"+d.id+"/s2/Outlets.xlsx", outlets(t, member(3, "В-2", "0,2")), meta))
	if renamed.Status != imports.LoadSucceeded || renamed.Counts.Updated != 1 {
		t.Errorf("one row of the RDC: %s %+v %+v", renamed.Status, renamed.Counts, renamed.FirstErrors)
	}

	// One share raised: 0,5 + 0,3 stored + 0,3 = 1,1, and the error names the stored outlets.
	raised := waitFinal(t, put(t, "outlets-update/"+d.id+"/s3/Outlets.xlsx", outlets(t, member(3, "В-2", "0,3")), meta))
	want := "сумма долей РЦ «" + d.code(0) + "» равна 1,1, а должна быть 1 (строки 2; сохранённые точки «" + d.code(1) + "» — 0,5, «" + d.code(2) + "» — 0,3)"
	if raised.Status != imports.LoadFailedValidation || len(raised.FirstErrors) != 1 || raised.FirstErrors[0].Reason != want {
		t.Errorf("a share raised: %s %+v\nwant %q", raised.Status, raised.FirstErrors, want)
	}

	// Two shares moved together: 0,5 stored + 0,2 + 0,3.
	moved := waitFinal(t, put(t, "outlets-update/"+d.id+"/s4/Outlets.xlsx", outlets(t, member(2, "Б", "0,2"), member(3, "В-2", "0,3")), meta))
	if moved.Status != imports.LoadSucceeded || moved.Counts.Updated != 2 {
		t.Errorf("two shares moved: %s %+v %+v", moved.Status, moved.Counts, moved.FirstErrors)
	}
	got, err := h.store.Outlets(t.Context(), []string{d.code(1), d.code(2), d.code(3)})
	if err != nil {
		t.Fatal(err)
	}
	var shares []float64
	for _, n := range []int{1, 2, 3} {
		shares = append(shares, got[d.code(n)].RDCShare)
	}
	if !slices.Equal(shares, []float64{0.5, 0.2, 0.3}) || !strings.HasSuffix(got[d.code(3)].Name, "В-2") {
		t.Errorf("stored shares %v", shares)
	}
}
