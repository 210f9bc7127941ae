package imports

import (
	"slices"
	"testing"
	"time"
)

func TestOutletsSortByAnyColumnAndShowTheChosenColumns(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	list := []StoredOutlet{
		{Outlet: Outlet{Code: "B", Name: "яблоко", City: "Москва"}, Changed: Stamp{LoadSeq: 2, At: at}},
		{Outlet: Outlet{Code: "A", Name: "Арбуз", City: "Казань", HasCoordinates: true, Latitude: 55}, Changed: Stamp{LoadSeq: 3, At: at.Add(time.Hour)}},
		{Outlet: Outlet{Code: "C", Name: "Арбуз", City: "Омск", HasCoordinates: true, Latitude: 54}, Changed: Stamp{LoadSeq: 1, At: at}},
	}
	codes := func() []string {
		var out []string
		for _, o := range list {
			out = append(out, o.Code)
		}
		return out
	}
	for _, tt := range []struct {
		sort string
		want []string
	}{
		{"name", []string{"A", "C", "B"}}, {"-name", []string{"B", "C", "A"}}, {"-loadSeq", []string{"A", "B", "C"}},
		{"latitude", []string{"B", "C", "A"}}, {"changedAt", []string{"B", "C", "A"}}, {"", []string{"A", "B", "C"}},
	} {
		s, err := ParseOutletSort(tt.sort)
		if err != nil {
			t.Fatal(err)
		}
		SortOutlets(list, s)
		if got := codes(); !slices.Equal(got, tt.want) {
			t.Errorf("sort %q: %v, want %v", tt.sort, got, tt.want)
		}
	}
	for _, bad := range []string{"secret", "-", "name,city"} {
		if _, err := ParseOutletSort(bad); err == nil {
			t.Errorf("sort %q accepted", bad)
		}
	}
	cols, err := ParseOutletColumns("city, code,loadSeq")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := OutletTable(list[:1], cols, time.UTC)
	var got [][]any
	for r := range rows {
		got = append(got, r)
	}
	if !slices.Equal(header, []string{"Город", "Код ГО", "№ загрузки"}) || len(got) != 1 || got[0][0] != "Казань" || got[0][1] != "A" || got[0][2] != 3 {
		t.Errorf("table %v %v", header, got)
	}
	for _, bad := range []string{"code,code", "code,password"} {
		if _, err := ParseOutletColumns(bad); err == nil {
			t.Errorf("columns %q accepted", bad)
		}
	}
	if all, _ := ParseOutletColumns(""); len(all) != 25 || all[16] != "loadSeq" || all[24] != "rdcStatus" {
		t.Errorf("every column: %v", all)
	}
}

// An export shows an RDC's record under its loader columns (blank for other
// outlets), so the file loads back: each header is a column the loader
// knows, each value one it reads.
func TestAnExportShowsTheRDCRecordUnderItsLoaderColumns(t *testing.T) {
	rec := RDCRecord{Code: "R", ExternalCode: "EXT-R", Name: "Склад Север", ActivityType: "Coffee", Method: MethodEqual, ToSelf: true,
		Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Status: StatusInactive}
	list := []StoredOutlet{{Outlet: Outlet{Code: "R", Subtype: SubtypeRDC}, RDC: &rec}, {Outlet: Outlet{Code: "T", Subtype: SubtypeOutlet}}}
	cols, err := ParseOutletColumns("code,rdcExternalCode,rdcName,rdcActivity,rdcMethod,rdcToSelf,rdcStart,rdcEnd,rdcStatus")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := OutletTable(list, cols, time.UTC)
	var got [][]any
	for r := range rows {
		got = append(got, r)
	}
	want := []any{"R", "EXT-R", "Склад Север", "Coffee", "Поровну", "Да", rec.Start, rec.End, "Неактивен"}
	if len(got) != 2 || !slices.Equal(got[0], want) || slices.ContainsFunc(got[1][1:], func(v any) bool { return v != nil }) {
		t.Errorf("rows %v\nwant %v and blanks", got, want)
	}
	matched, unknown, err := MatchHeaders(OutletsFirstLoad, append(OutletTemplate(), header[1:]...))
	if err != nil || len(unknown) != 0 {
		t.Fatalf("the loader reads %q: %v, unknown %q", header, err, unknown)
	}
	for _, f := range []Field{FieldRDCExternalCode, FieldRDCName, FieldRDCActivity, FieldRDCMethod, FieldRDCToSelf, FieldRDCStart, FieldRDCEnd, FieldRDCStatus} {
		if !matched.Has(f) {
			t.Errorf("the loader finds no field %d in %q", f, header)
		}
	}
}
