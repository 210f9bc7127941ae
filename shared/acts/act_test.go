package acts

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name      string
		year, seq int
		want      string
	}{
		{"a small sequence is zero-padded to six digits", 2026, 123, "2026-000123"},
		{"the first act of a year is 000001", 2027, 1, "2027-000001"},
		{"a sequence past six digits is not cut", 2026, 1234567, "2026-1234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatNumber(tt.year, tt.seq); got != tt.want {
				t.Errorf("FormatNumber(%d, %d) = %q, want %q", tt.year, tt.seq, got, tt.want)
			}
		})
	}
}

func TestNextMarksAnApprovedActRepairedOnlyWithoutPartsToShip(t *testing.T) {
	own := Part{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}
	ordered := Part{Name: "Свеча", Quantity: 1}
	tests := []struct {
		name     string
		status   Status
		parts    []Part
		want     Status
		wantCode apperr.Code
	}{
		{"an approved act with no parts is repaired at once", StatusApproved, nil, StatusRepaired, ""},
		{"an approved act with only own parts is repaired at once", StatusApproved, []Part{own}, StatusRepaired, ""},
		{"an approved act waiting for a shipped part is refused", StatusApproved, []Part{own, ordered}, "", apperr.Conflict},
		{"a delivered act with ordered parts is repaired", StatusPartsDelivered, []Part{ordered}, StatusRepaired, ""},
		{"a draft is still refused as Transition refuses it", StatusDraft, nil, "", apperr.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			act := Act{Status: tt.status, Fields: Fields{Parts: tt.parts}}
			got, err := act.Next(ActionMarkRepaired, auth.RoleServiceCenter)
			gotCode := apperr.Code("")
			if err != nil {
				gotCode = apperr.CodeOf(err)
			}
			if got != tt.want || gotCode != tt.wantCode {
				t.Errorf("Next = %q, %q; want %q, %q", got, gotCode, tt.want, tt.wantCode)
			}
		})
	}
}

func TestLessPutsPreSaleFirstThenTheLongestWaiting(t *testing.T) {
	at := func(day int) *time.Time { return new(time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)) }
	preSale, used := new(AppearancePreSale), new(AppearanceUsed)
	queue := []Act{
		{Number: "2026-000005", SubmittedAt: at(5), Fields: Fields{Appearance: used}},
		{Number: "2026-000009", Fields: Fields{Appearance: used}},
		{Number: "2026-000004", SubmittedAt: at(4), Fields: Fields{Appearance: preSale}},
		{Number: "2026-000001", SubmittedAt: at(1)},
		{Number: "2026-000007", SubmittedAt: at(1)},
		{Number: "2026-000006", SubmittedAt: at(6), Fields: Fields{Appearance: preSale}},
	}
	slices.SortFunc(queue, func(a, b Act) int {
		switch {
		case Less(a, b):
			return -1
		case Less(b, a):
			return 1
		}
		return 0
	})
	var got []string
	for _, a := range queue {
		got = append(got, a.Number)
	}
	want := []string{"2026-000004", "2026-000006", "2026-000001", "2026-000007", "2026-000005", "2026-000009"}
	if !slices.Equal(got, want) {
		t.Errorf("queue order = %v, want %v", got, want)
	}
}

func TestReviewAge(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *time.Time { return new(now.Add(-d)) }
	tests := []struct {
		name        string
		act         Act
		wantDays    float64
		wantOverdue bool
	}{
		{"an act submitted a day and a half ago is within target", Act{Status: StatusSubmitted, SubmittedAt: ago(36 * time.Hour)}, 1.5, false},
		{"an act submitted exactly three days ago is still within target", Act{Status: StatusSubmitted, SubmittedAt: ago(ReviewTarget)}, 3, false},
		{"an act submitted four days ago is overdue", Act{Status: StatusSubmitted, SubmittedAt: ago(96 * time.Hour)}, 4, true},
		{"an act waiting for the centre is not in review", Act{Status: StatusInfoRequested, SubmittedAt: ago(96 * time.Hour)}, 0, false},
		{"a draft is not in review", Act{Status: StatusDraft}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, overdue := ReviewAge(tt.act, now)
			if days != tt.wantDays || overdue != tt.wantOverdue {
				t.Errorf("ReviewAge = %v, %v; want %v, %v", days, overdue, tt.wantDays, tt.wantOverdue)
			}
		})
	}
}

func TestAnActsJSONIsFlat(t *testing.T) {
	act := Act{ID: "a1", Number: "2026-000123", Status: StatusDraft, Version: 3,
		Fields: Fields{Article: new("ЭГК-1500 Энергопром"), SaleDate: new(NewDate(2023, 6, 1))}}
	b, err := json.Marshal(act)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{"id": "a1", "number": "2026-000123", "status": "draft", "version": 3.0,
		"article": "ЭГК-1500 Энергопром", "saleDate": "2023-06-01"} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	if _, ok := got["category"]; ok {
		t.Error("an absent field appears in JSON")
	}
}
