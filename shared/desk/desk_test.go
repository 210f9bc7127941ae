package desk

import (
	"errors"
	"slices"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/phone"
)

func TestTypedTextBecomesTheLookupsItMeans(t *testing.T) {
	cases := []struct {
		typed string
		want  Query
	}{
		{"7341234", Query{PhoneSuffix: "7341234", SerialPrefix: "7341234"}},
		{"734-12-34", Query{PhoneSuffix: "7341234", SerialPrefix: "734-12-34"}},
		{"8 (934) 734-12-34", Query{PhoneSuffix: "79347341234", SerialPrefix: "8(934)734-12-34"}},
		{"12", Query{SerialPrefix: "12"}},
		{"Петров Иван", Query{NameToken: "петров", NameWords: []string{"петров", "иван"}, SerialPrefix: "ПЕТРОВИВАН"}},
		{"Ёлкин", Query{NameToken: "елкин", NameWords: []string{"елкин"}, SerialPrefix: "ЁЛКИН"}},
		{"sn0042", Query{NameToken: "sn0042", NameWords: []string{"sn0042"}, SerialPrefix: "SN0042"}},
		{"я", Query{}},
		{"  ", Query{}},
	}
	for _, c := range cases {
		got := ParseQuery(c.typed, DefaultRegion, phone.Parse)
		if got.PhoneSuffix != c.want.PhoneSuffix || got.NameToken != c.want.NameToken ||
			got.SerialPrefix != c.want.SerialPrefix || !slices.Equal(got.NameWords, c.want.NameWords) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", c.typed, got, c.want)
		}
	}
}

func TestEveryTypedWordMustBeginAWordOfTheName(t *testing.T) {
	q := ParseQuery("иван пет", DefaultRegion, phone.Parse)
	if !q.MatchesName("Петров-Водкин Иван") {
		t.Error("«иван пет» should match «Петров-Водкин Иван»")
	}
	if q.MatchesName("Иванов Сергей") {
		t.Error("«иван пет» should not match «Иванов Сергей»")
	}
}

func TestACustomerFormReportsEveryProblemAtOnce(t *testing.T) {
	_, err := normalizeCustomer(CustomerInput{Name: " ", Phones: []string{"8 934 734 12 34", "+7 934 734-12-34", "abc"},
		Email: "not-mail"}, DefaultRegion, phone.Parse)
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid {
		t.Fatalf("err = %v, want an Invalid error", err)
	}
	got := map[string]string{}
	for _, f := range e.Fields {
		got[f.Field] = f.Code
	}
	want := map[string]string{"name": CodeRequired, "phones[1]": CodeDuplicate, "phones[2]": CodeInvalidPhone, "email": CodeInvalidEmail}
	if len(got) != len(want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("field %s: code %q, want %q (all: %v)", f, got[f], c, got)
		}
	}
}

func TestNoSerialIsStoredAsNone(t *testing.T) {
	for in, want := range map[string]string{"б/н": "", " Б/Н ": "", "sn 00 42": "SN0042", "АБ-12": "АБ-12"} {
		if got := NormalizeSerial(in); got != want {
			t.Errorf("NormalizeSerial(%q) = %q, want %q", in, got, want)
		}
	}
}
