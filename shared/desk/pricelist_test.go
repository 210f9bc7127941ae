package desk

import (
	"errors"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an apperr", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestAPriceListEditKeepsKnownIDsNamesNewWorksAndRefusesEveryBadWorkAtOnce(t *testing.T) {
	stored := PriceList{Works: []Work{{ID: "w1", Code: "D1", Name: "Диагностика", Price: 500_00}}, Version: 3}
	n := 0
	newID := func() string { n++; return "new" + string(rune('0'+n)) }

	got, err := normalizePriceList(PriceListInput{Version: 3, Works: []WorkInput{
		{ID: "w1", Code: "d1", Name: "  Диагностика   двигателя ", Price: price(600_00)},
		{Code: "R2", Name: "Замена свечи", Price: price(0)},
	}}, stored, newID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Works[0].ID != "w1" || got.Works[0].Name != "Диагностика двигателя" || got.Works[0].Price != 600_00 || got.Works[1].ID != "new1" {
		t.Errorf("normalized list %+v", got.Works)
	}

	_, err = normalizePriceList(PriceListInput{Version: 3, Works: []WorkInput{
		{ID: "w1", Code: "X", Name: "Одна", Price: price(1)},
		{ID: "w1", Code: "Y", Name: "Та же", Price: price(1)},
		{ID: "w9", Name: "Чужая", Price: price(1)},
		{Code: "x", Name: " ", Price: price(-1)},
		{Name: "Дорогая", Price: price(MaxPrice + 1)},
		{Name: "Без цены"},
	}}, stored, newID)
	want := map[string]string{
		"works[1].id": CodeUnknown, "works[2].id": CodeUnknown,
		"works[3].code": CodeDuplicate, "works[3].name": CodeRequired, "works[3].price": CodeOutOfRange,
		"works[4].price": CodeOutOfRange, "works[5].price": CodeRequired,
	}
	got2 := fieldsOf(t, err)
	for f, code := range want {
		if got2[f] != code {
			t.Errorf("field %s: got %q, want %q (all: %v)", f, got2[f], code, got2)
		}
	}
	if len(got2) != len(want) {
		t.Errorf("fields %v, want exactly %v", got2, want)
	}

	if f := fieldsOf(t, func() error { _, err := normalizePriceList(PriceListInput{}, PriceList{}, newID); return err }()); f["works"] != CodeRequired {
		t.Errorf("no works at all: %v", f)
	}
	if got, err := normalizePriceList(PriceListInput{Works: []WorkInput{}}, stored, newID); err != nil || len(got.Works) != 0 {
		t.Errorf("an emptied list: %+v, %v", got, err)
	}
	many := PriceListInput{Works: make([]WorkInput, MaxWorks+1)}
	if f := fieldsOf(t, func() error { _, err := normalizePriceList(many, PriceList{}, newID); return err }()); f["works"] != CodeTooMany {
		t.Errorf("%d works: %v", MaxWorks+1, f)
	}
}

func price(v money.RUB) *money.RUB { return &v }

func TestAWorkIsFoundByIDOnly(t *testing.T) {
	p := PriceList{Works: []Work{{ID: "a", Name: "А", Price: money.RUB(1)}}}
	if w, ok := p.Find("a"); !ok || w.Name != "А" {
		t.Errorf("Find(a) = %+v, %v", w, ok)
	}
	if _, ok := p.Find("b"); ok {
		t.Error("Find(b) found a work")
	}
}
