package main

import (
	"net/url"
	"slices"
	"testing"

	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"
)

// A view of the directory — filters, an order by another column than the
// code, chosen columns — lists page by page in that order and exports
// exactly those columns and rows (DynamoDB Local, through the API).
func TestADirectoryViewListsAndExportsExactlyWhatItShows(t *testing.T) {
	needStack(t)
	t.Parallel()
	d := viewDistributor(t)
	view := url.Values{"city": {"Москва"}, "sort": {"-name"}}
	var names []string
	cursor, first := "", ""
	for pages := 0; ; pages++ {
		q := url.Values{"limit": {"2"}}
		for k, v := range view {
			q[k] = v
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Items []struct{ Name string }
			Next  string
		}
		a := d.uploader.call(t, "GET", "/api/outlets?"+q.Encode(), nil)
		if a.status != 200 || pages > 3 {
			t.Fatalf("page %d: %d %s", pages, a.status, a.raw)
		}
		a.decode(t, &page)
		for _, it := range page.Items {
			names = append(names, it.Name)
		}
		if pages == 0 {
			first = page.Next
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if want := []string{"Груша", "Вишня", "Бузина"}; !slices.Equal(names, want) {
		t.Errorf("sorted by name descending: %v, want %v", names, want)
	}
	other := d.uploader.call(t, "GET", "/api/outlets?"+url.Values{"city": {"Москва"}, "sort": {"name"}, "cursor": {first}}.Encode(), nil)
	if first == "" || other.status != 400 {
		t.Errorf("another order's cursor %q: %d %s", first, other.status, other.raw)
	}

	view.Set("columns", "name,code,city")
	x := d.uploader.call(t, "GET", "/api/outlets/export?"+view.Encode(), nil)
	rows := sheetstest.Rows(t, x.raw)
	want := [][]string{{"Название", "Код ГО", "Город"}, {"Груша", d.code(4), "Москва"}, {"Вишня", d.code(1), "Москва"}, {"Бузина", d.code(3), "Москва"}}
	if x.status != 200 || !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("export %d %q\nwant %q", x.status, rows, want)
	}
	if bad := d.uploader.call(t, "GET", "/api/outlets/export?columns=name,secret", nil); bad.status != 400 {
		t.Errorf("an unknown column: %d %s", bad.status, bad.raw)
	}
}

// viewDistributor is a fresh distributor whose first load holds four
// outlets, three of them in Москва, for the view tests.
func viewDistributor(t *testing.T) *distributor {
	t.Helper()
	d := newDistributor(t)
	meta := map[string]string{"uploader": d.uploader.ID}
	p := waitFinal(t, put(t, "outlets-first-load/"+d.id+"/views/Outlets.xlsx", outlets(t,
		d.outlet(1, "Вишня", "Москва", "ТТ"), d.outlet(2, "Абрикос", "Казань", "ТТ"), d.outlet(3, "Бузина", "Москва", "ТТ"),
		d.outlet(4, "Груша", "Москва", "ТТ")), meta))
	if p.Status != imports.LoadSucceeded {
		t.Fatalf("load: %s %+v", p.Status, p.FirstErrors)
	}
	return d
}
