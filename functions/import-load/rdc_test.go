package main

import (
	"slices"
	"testing"
	"time"

	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"
)

// An RDC's record is loaded from its columns into DynamoDB Local, read back
// whole, and a later file that would change its saved activity type is
// refused with nothing written.
func TestAnRDCRecordIsLoadedAndItsActivityTypeStaysFixed(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	head := append(sheetstest.Header(imports.OutletTemplate()), "Внешний код РЦ", "Название РЦ", "Тип деятельности",
		"Метод распределения", "Распределять продажи на точку – РЦ", "Дата начала РЦ", "Дата окончания РЦ", "Статус РЦ")
	rdc := func(activity string) []any {
		return append(d.outlet(0, "Склад", "Москва", "РЦ"), "EXT-"+d.code(0), "Склад Север", activity, "Поровну", "Да",
			"01.12.2026", "31.12.2026", "Активен")
	}
	p := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/r1/Outlets.xlsx", sheetstest.Workbook(t, head, rdc("Coffee")), meta))
	if p.Status != imports.LoadSucceeded {
		t.Fatalf("first load: %s %q %+v", p.Status, p.Reason, p.FirstErrors)
	}
	got, err := h.store.RDCRecords(t.Context(), []string{d.code(0)})
	want := imports.RDCRecord{Code: d.code(0), ExternalCode: "EXT-" + d.code(0), Name: "Склад Север", ActivityType: "Coffee",
		Method: imports.MethodEqual, ToSelf: true, Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Status: imports.StatusActive}
	r := got[d.code(0)]
	if err != nil || r.Code != want.Code || r.ExternalCode != want.ExternalCode || r.Name != want.Name ||
		r.ActivityType != want.ActivityType || r.Method != want.Method || !r.ToSelf || !r.Start.Equal(want.Start) ||
		!r.End.Equal(want.End) || r.Status != want.Status {
		t.Fatalf("stored record %+v, %v\nwant %+v", got, err, want)
	}
	a := d.uploader.call(t, "GET", "/api/outlets?subtype=rdc", nil)
	var list struct {
		Items []struct {
			Code string
			RDC  *struct{ ExternalCode, ActivityType, DistributionMethod, StartDate, EndDate string }
		}
	}
	a.decode(t, &list)
	if a.status != 200 || len(list.Items) != 1 || list.Items[0].RDC == nil || list.Items[0].RDC.ExternalCode != "EXT-"+d.code(0) ||
		list.Items[0].RDC.DistributionMethod != "equal" || list.Items[0].RDC.EndDate != "2026-12-31" {
		t.Errorf("the RDC in the directory: %d %s", a.status, a.raw)
	}
	// The export shows the record under its loader columns (after «№ загрузки»),
	// and loads back as it is: nothing changes.
	x := d.uploader.call(t, "GET", "/api/outlets/export", nil)
	rows := sheetstest.Rows(t, x.raw)
	rdcHeads := []string{"Внешний код РЦ", "Название РЦ", "Тип деятельности", "Метод распределения", "Распределять продажи на точку – РЦ",
		"Дата начала РЦ", "Дата окончания РЦ", "Статус РЦ"}
	if x.status != 200 || len(rows) != 2 || len(rows[0]) != 25 || !slices.Equal(rows[0][17:], rdcHeads) {
		t.Fatalf("the export: %d %q", x.status, rows)
	}
	book := sheetstest.Open(t, x.raw)
	for n, v := range []any{"EXT-" + d.code(0), "Склад Север", "Coffee", "Поровну", "Да", want.Start, want.End, "Активен"} {
		book.Want(t, 17+n, 2, v)
	}
	back := waitFinal(t, put(t, "outlets-update/"+d.id+"/r1b/Outlets.xlsx", x.raw, meta))
	if back.Status != imports.LoadSucceeded || back.Counts.Unchanged != 1 {
		t.Errorf("the export loaded back: %s %+v %+v", back.Status, back.Counts, back.FirstErrors)
	}
	p = waitFinal(t, put(t, "outlets-update/"+d.id+"/r2/Outlets.xlsx", sheetstest.Workbook(t, head, rdc("Tea")), meta))
	if p.Status != imports.LoadFailedValidation || len(p.FirstErrors) != 1 || p.FirstErrors[0].Column != "Тип деятельности" {
		t.Errorf("activity changed: %s %+v", p.Status, p.FirstErrors)
	}
}
