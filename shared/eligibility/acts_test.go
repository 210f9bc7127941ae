package eligibility_test

import (
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/eligibility"
)

// The verdict takes act statuses and serials as plain strings so this package
// does not depend on the acts package; these tests hold the two in step.

func TestOnlyFiledActsThatStillStandAreRepeatClaims(t *testing.T) {
	notClaims := map[acts.Status]bool{acts.StatusDraft: true, acts.StatusRefused: true, acts.StatusWithdrawn: true}
	for _, s := range acts.Statuses {
		other := eligibility.OtherAct{ID: "other", Number: "2026-000001", Status: string(s), AcceptedDate: eligibility.NewDay(2026, 5, 1)}
		f := eligibility.Facts{ActID: "this", Article: "A", Serial: "S1", SaleDate: eligibility.NewDay(2026, 4, 1),
			AcceptedDate: eligibility.NewDay(2026, 5, 2), WarrantyCard: true}
		p := eligibility.Policy{Periods: eligibility.Periods{SaleMonths: 12, ProductionMonths: 18}, RefusalDays: 14, RepeatClaimMonths: 6}
		rec := &eligibility.SerialRecord{Serial: "S1", Article: "A", Produced: eligibility.NewDay(2026, 1, 1)}
		got := eligibility.Evaluate(f, p, rec, []eligibility.OtherAct{other}, nil, time.Time{})
		if flagged := len(got.Reasons) == 1 && got.Reasons[0].Code == eligibility.RepeatClaim.Code; flagged == notClaims[s] {
			t.Errorf("an other act in status %s: flagged %v, want %v", s, flagged, !notClaims[s])
		}
	}
}

func TestRegistrySerialsAreSpeltAsActsStoreThem(t *testing.T) {
	for _, typed := range []string{" 01.234.09274 ", "ab-12cd", "  sn 77 x\t"} {
		stored := *acts.Fields{SerialNumber: new(typed)}.Normalized().SerialNumber
		if got := eligibility.NormalizeSerial(typed); got != stored {
			t.Errorf("%q: registry key %q, acts store %q", typed, got, stored)
		}
	}
}
