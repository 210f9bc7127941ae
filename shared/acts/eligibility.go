package acts

import (
	"context"
	"fmt"
	"strings"

	"aftersales/shared/apperr"
	"aftersales/shared/eligibility"
)

// Judge computes an act's eligibility verdict (shared/warranty): from its
// category's policy, the serial registry and the other acts with its serial.
type Judge interface {
	Judge(ctx context.Context, category string, f eligibility.Facts) (eligibility.Result, error)
}

// Facts are what the verdict reads of the act's fields.
func (a Act) Facts() eligibility.Facts {
	f := a.Fields
	facts := eligibility.Facts{ActID: a.ID, Article: deref(f.Article), Serial: deref(f.SerialNumber),
		NoSerial: f.NoSerial != nil && *f.NoSerial, PreSale: f.Appearance != nil && *f.Appearance == AppearancePreSale,
		SaleDate: day(f.SaleDate), AcceptedDate: day(f.AcceptedDate), WarrantyCard: f.WarrantyCard != nil && *f.WarrantyCard,
		Refusal:   f.Refusal14 != nil && *f.Refusal14,
		Diagnosis: strings.TrimSpace(deref(f.Diagnosis) + "\n" + deref(f.Conclusion))}
	for _, p := range f.Parts {
		facts.Parts = append(facts.Parts, p.Name)
	}
	return facts
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func day(d *Date) eligibility.Day {
	if d == nil || d.t.IsZero() {
		return eligibility.Day{}
	}
	return eligibility.NewDay(d.t.Date())
}

// judgedFields are the fields a verdict depends on: a change of any of them
// after submission judges the act again.
var judgedFields = []string{"category", "article", "serialNumber", "noSerial", "appearance", "saleDate",
	"acceptedDate", "warrantyCard", "refusal14", "diagnosis", "conclusion", "parts"}

// rejudge reports whether changes touch what the verdict reads.
func rejudge(changes []FieldChange) bool {
	for _, c := range changes {
		for _, f := range judgedFields {
			if c.Field == f {
				return true
			}
		}
	}
	return false
}

// judge sets next's verdict when the service has a judge.
func (s *Service) judge(ctx context.Context, next *Act) error {
	if s.judges == nil {
		return nil
	}
	r, err := s.judges.Judge(ctx, deref(next.Category), next.Facts())
	if err != nil {
		return fmt.Errorf("judge act %s: %w", next.ID, err)
	}
	next.Eligibility = &r
	return nil
}

// againstVerdict answers a decision that goes against the act's verdict
// without a reason: approving a not-eligible act, or refusing (or selling
// the parts of) an eligible one. The reason is the decision's, recorded in
// history with it.
func againstVerdict(a Act, action Action, reason string) *apperr.FieldError {
	if a.Eligibility == nil || strings.TrimSpace(reason) != "" {
		return nil
	}
	v := a.Eligibility.Verdict
	switch {
	case action == ActionApprove && v == eligibility.NotEligible:
		return &apperr.FieldError{Field: "reason", Code: CodeRequired,
			Message:   "Проверка гарантии: акт не гарантийный. Чтобы признать его гарантийным, укажите причину",
			MessageEN: "The eligibility verdict is not_eligible: give a reason to approve"}
	case (action == ActionRefuse || action == ActionPaidOrder) && v == eligibility.Eligible:
		return &apperr.FieldError{Field: "reason", Code: CodeRequired,
			Message:   "Проверка гарантии: акт гарантийный. Чтобы отказать, укажите причину",
			MessageEN: "The eligibility verdict is eligible: give a reason to decide otherwise"}
	}
	return nil
}
