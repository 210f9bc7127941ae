package agenda

import (
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
)

func at(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, time.UTC) }

func TestOverlapCountsSharedMinutesNotTouchingEnds(t *testing.T) {
	busy := []Slot{{VisitID: "a", Start: at(10, 0), End: at(12, 0), Address: "А"}}
	cases := []struct {
		name     string
		from, to time.Time
		want     bool
	}{
		{"ends when the other starts", at(9, 0), at(10, 0), false},
		{"starts when the other ends", at(12, 0), at(13, 0), false},
		{"overlaps the start", at(9, 30), at(10, 1), true},
		{"inside", at(10, 30), at(11, 0), true},
		{"around", at(9, 0), at(13, 0), true},
	}
	for _, c := range cases {
		_, got := Overlap(busy, Visit{ID: "b", Start: c.from, End: c.to})
		if got != c.want {
			t.Errorf("%s: overlap %v, want %v", c.name, got, c.want)
		}
	}
	if _, got := Overlap(busy, Visit{ID: "a", Start: at(10, 0), End: at(12, 0)}); got {
		t.Error("a visit overlaps its own slot")
	}
}

func TestTheBusyMessageNamesTheOtherVisitInTheBusinessTimeZone(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	e := apperr.As(busyError(Slot{VisitID: "a", Start: at(7, 0), End: at(9, 0), Address: "Тверь, ул. Ленина, 1"}, msk))
	if e.Code != apperr.Conflict || !strings.Contains(e.Message, "04.03.2026 10:00–12:00, Тверь, ул. Ленина, 1") {
		t.Errorf("%s: %q", e.Code, e.Message)
	}
}

func TestAFormReportsEveryProblemAtOnce(t *testing.T) {
	parse := func(typed, _ string) (string, error) {
		if typed == "+7 912 000-11-22" {
			return "+79120001122", nil
		}
		return "", apperr.New(apperr.Invalid, "no", "no")
	}
	in, err := normalize(Input{Kind: KindRepair, TechnicianID: "t", Start: at(10, 0).Add(30 * time.Second), End: at(11, 0),
		Address: " Дача ", Contact: Contact{Name: "Ольга", Phone: "+7 912 000-11-22"}}, parse)
	if err != nil || in.Address != "Дача" || in.Contact.Phone != "+79120001122" || !in.Start.Equal(at(10, 0)) {
		t.Errorf("a good form: %+v, %v", in, err)
	}
	_, err = normalize(Input{Kind: "party", Start: at(10, 0), End: at(23, 0), Contact: Contact{Phone: "12"}}, parse)
	got := map[string]bool{}
	for _, f := range apperr.As(err).Fields {
		got[f.Field] = true
	}
	for _, f := range []string{"kind", "technicianId", "address", "contact.name", "contact.phone", "end"} {
		if !got[f] {
			t.Errorf("no error for %s in %v", f, err)
		}
	}
}
