package main

import (
	"testing"

	"aftersales/shared/imports"
)

// A local code maps to one HQ outlet across loads (DynamoDB Local, the real
// load): a file giving a new outlet the local code a stored outlet keeps is
// refused, its error row naming the stored outlet, and nothing is written;
// once an update gives the stored outlet another code, the new one may take it.
func TestALocalCodeAStoredOutletKeepsIsRefusedAcrossLoads(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	local := func(n int, code string) []any {
		row := d.outlet(n, "Точка", "Москва", "ТТ")
		row[14] = code
		return row
	}
	first := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/l1/Outlets.xlsx", outlets(t, local(1, "LOC-1")), meta))
	if first.Status != imports.LoadSucceeded {
		t.Fatalf("first load: %s %+v", first.Status, first.FirstErrors)
	}

	twice := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/l2/Outlets.xlsx", outlets(t, local(2, "LOC-1")), meta))
	want := imports.RowError{Row: 2, Column: "Локальный код", Value: "LOC-1", Reason: "локальный код уже привязан к сохранённой точке «" +
		d.code(1) + "»: один локальный код — одна точка ГО. Укажите другой локальный код или добавьте в файл строку точки «" +
		d.code(1) + "» с пустым или другим локальным кодом"}
	if twice.Status != imports.LoadFailedValidation || len(twice.FirstErrors) != 1 || twice.FirstErrors[0] != want {
		t.Errorf("a stored outlet's local code for a new one: %s %+v\nwant %+v", twice.Status, twice.FirstErrors, want)
	}
	if got, err := h.store.Outlets(t.Context(), []string{d.code(2)}); err != nil || len(got) != 0 {
		t.Errorf("the refused file wrote %v, %v", got, err)
	}

	// An update hands the code over: the stored outlet takes another in the same file.
	moved := waitFinal(t, put(t, "outlets-update/"+d.id+"/l3/Outlets.xlsx", outlets(t, local(1, "LOC-9")), meta))
	handed := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/l4/Outlets.xlsx", outlets(t, local(2, "LOC-1")), meta))
	if moved.Status != imports.LoadSucceeded || handed.Status != imports.LoadSucceeded {
		t.Errorf("the code handed over: %s %+v; %s %+v", moved.Status, moved.FirstErrors, handed.Status, handed.FirstErrors)
	}
}
