package warranty

import (
	"context"
	"sync"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
)

// memBooks keeps the book as the store does: replaced on condition of its version.
type memBooks struct {
	mu    sync.Mutex
	p     Policies
	reads int
}

func (m *memBooks) Book(context.Context) (Policies, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reads++
	return m.p, nil
}

func (m *memBooks) PutBook(_ context.Context, p Policies) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.p.Version != p.Version-1 {
		return ErrVersionChanged
	}
	m.p = p
	return nil
}

type memRegistry map[string]eligibility.SerialRecord

func (m memRegistry) Serial(_ context.Context, s string) (*eligibility.SerialRecord, error) {
	if r, ok := m[s]; ok {
		return &r, nil
	}
	return nil, nil
}

type memClaims map[string][]eligibility.OtherAct

func (m memClaims) NoteClaim(context.Context, string, string) error { return nil }

func (m memClaims) ActsWithSerial(_ context.Context, s string) ([]eligibility.OtherAct, error) {
	return m[s], nil
}

var (
	manager = auth.Caller{UserID: "m1", Role: auth.RoleManager}
	centre  = auth.Caller{UserID: "c1", Role: auth.RoleServiceCenter, Tenant: "sc1"}
	now     = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
)

func mowers() eligibility.Book {
	return eligibility.Book{Categories: []eligibility.CategoryPolicy{{Category: "Газонокосилки", Policy: eligibility.Policy{
		Periods: eligibility.Periods{SaleMonths: 12, ProductionMonths: 24}, RefusalDays: 14, RepeatClaimMonths: 6}}}}
}

func newService(t *testing.T) (*Service, *memBooks) {
	t.Helper()
	books := &memBooks{}
	reg := memRegistry{"SN-1": {Serial: "SN-1", Article: "ЭГК-1500", Produced: eligibility.NewDay(2025, 6, 1)}}
	claims := memClaims{"SN-1": {{ID: "a-old", Number: "2026-000007", Status: "approved", AcceptedDate: eligibility.NewDay(2026, 1, 20)}}}
	s, err := New(Config{Books: books, Registry: reg, Claims: claims, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return s, books
}

func TestManagersReplaceTheBookOnConditionOfItsVersionAndCentresCannot(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.Policies(ctx, centre); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a centre read the policies: %v", err)
	}
	if _, err := s.SetPolicies(ctx, centre, mowers(), 0); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a centre set the policies: %v", err)
	}
	p, err := s.SetPolicies(ctx, manager, mowers(), 0)
	if err != nil || p.Version != 1 || p.UpdatedBy != "m1" || !p.UpdatedAt.Equal(now) {
		t.Fatalf("first save: %+v, %v", p, err)
	}
	if _, err := s.SetPolicies(ctx, manager, mowers(), 0); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a save based on a stale version: %v", err)
	}
	bad := mowers()
	bad.Categories[0].SaleMonths = 30 // longer than the production period
	if _, err := s.SetPolicies(ctx, manager, bad, 1); apperr.CodeOf(err) != apperr.Invalid ||
		len(apperr.As(err).Fields) == 0 || apperr.As(err).Fields[0].Field != "categories[0].periods.productionMonths" {
		t.Errorf("an invalid book: %v", err)
	}
	got, err := s.Policies(ctx, manager)
	if err != nil || got.Version != 1 || len(got.Categories) != 1 || got.Articles == nil {
		t.Errorf("read back %+v, %v", got, err)
	}
}

func TestAnActIsJudgedByItsCategorysPolicyTheRegistryAndOtherClaims(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.SetPolicies(ctx, manager, mowers(), 0); err != nil {
		t.Fatal(err)
	}
	base := eligibility.Facts{ActID: "a-new", Article: "ЭГК-1500", SaleDate: eligibility.NewDay(2025, 9, 1),
		AcceptedDate: eligibility.NewDay(2026, 3, 1), WarrantyCard: true}
	tests := []struct {
		name     string
		category string
		serial   string
		want     eligibility.Verdict
		codes    []string
	}{
		{"a known serial claimed again within 6 months is doubtful, linked to the first act", "газонокосилки", " sn-1 ",
			eligibility.Doubtful, []string{"repeat_claim"}},
		{"an unknown serial is doubtful", "Газонокосилки", "SN-404", eligibility.Doubtful, []string{"serial_unknown"}},
		{"a category without a policy is doubtful, its serial still checked", "Триммеры", "SN-404",
			eligibility.Doubtful, []string{"serial_unknown", "no_policy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base
			f.Serial = tt.serial
			r, err := s.Judge(ctx, tt.category, f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, reason := range r.Reasons {
				codes = append(codes, reason.Code)
			}
			if r.Verdict != tt.want || len(codes) != len(tt.codes) {
				t.Fatalf("got %s %v, want %s %v", r.Verdict, r.Reasons, tt.want, tt.codes)
			}
			for i := range codes {
				if codes[i] != tt.codes[i] {
					t.Errorf("reason %d: got %s, want %s", i, codes[i], tt.codes[i])
				}
			}
			if tt.codes[0] == "repeat_claim" && (r.Reasons[0].ActID != "a-old" || r.Reasons[0].ActNumber != "2026-000007") {
				t.Errorf("the repeat claim links %+v", r.Reasons[0])
			}
		})
	}
	f := base
	f.Serial = "SN-1"
	f.AcceptedDate = eligibility.NewDay(2026, 9, 2) // the 12 months from 01.09.2025 are over, and the other act is 7 months back
	if r, _ := s.Judge(ctx, "Газонокосилки", f); r.Verdict != eligibility.NotEligible || r.Reasons[0].Code != "sale_period_expired" {
		t.Errorf("a claim after the sale period: %+v", r)
	}
}

func TestADecisionAgainstTheVerdictNeedsAReason(t *testing.T) {
	tests := []struct {
		verdict  eligibility.Verdict
		warranty bool
		reason   string
		wantErr  bool
	}{
		{eligibility.NotEligible, true, "", true},
		{eligibility.NotEligible, true, "  ", true},
		{eligibility.NotEligible, true, "Клиент показал чек: продажа была раньше", false},
		{eligibility.Eligible, false, "", true},
		{eligibility.Eligible, true, "", false},
		{eligibility.NotEligible, false, "", false},
		{eligibility.Doubtful, true, "", false},
		{eligibility.Doubtful, false, "", false},
		{"", true, "", false}, // an act never judged
	}
	for _, tt := range tests {
		err := CheckDecision(tt.verdict, tt.warranty, tt.reason)
		if (err != nil) != tt.wantErr || err != nil && apperr.As(err).Fields[0].Field != "reason" {
			t.Errorf("%s, warranty %v, reason %q: got %v", tt.verdict, tt.warranty, tt.reason, err)
		}
	}
}
