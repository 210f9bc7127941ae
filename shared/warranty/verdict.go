package warranty

import (
	"context"
	"fmt"
	"strings"

	"aftersales/shared/apperr"
	"aftersales/shared/eligibility"
)

// SerialRegistry is the serial registry as a verdict reads it: one lookup.
type SerialRegistry interface {
	// Serial is the record of a serial (eligibility.NormalizeSerial's
	// spelling); nil when the registry does not know it.
	Serial(ctx context.Context, serial string) (*eligibility.SerialRecord, error)
}

// SerialClaims finds the acts that carry a serial, for repeat claims.
type SerialClaims interface {
	// NoteClaim records that act carries serial (idempotent); the acts a
	// later ActsWithSerial returns are read back, so a note outliving a
	// changed serial is harmless.
	NoteClaim(ctx context.Context, serial, actID string) error
	ActsWithSerial(ctx context.Context, serial string) ([]eligibility.OtherAct, error)
}

// NoPolicy is the reason of an act whose category has no policy yet: the
// periods cannot be checked, so a person must look. The serial and the
// repeat claims are still checked (under a policy that refuses nothing).
var NoPolicy = eligibility.Kind{Code: "no_policy", Severity: eligibility.Doubt}

// lenient is the policy an act without one is judged by: the longest
// periods, pre-sale covered, any refusal window, repeats at any distance,
// so only the checks that need no policy can find anything.
var lenient = eligibility.Policy{
	Periods:     eligibility.Periods{SaleMonths: eligibility.MaxSaleMonths, ProductionMonths: eligibility.MaxProductionMonths},
	PreSale:     eligibility.PreSaleTerms{Covered: true},
	RefusalDays: eligibility.MaxRefusalDays,
}

// Judge computes the verdict of an act in category with facts f: the
// category's policy (with the article's override), the registry's record of
// the serial (one read) and the other acts with the same serial. It reads
// the book once per call; an act judged on submission and on each change
// of its dates or serial costs a few reads.
func (s *Service) Judge(ctx context.Context, category string, f eligibility.Facts) (eligibility.Result, error) {
	book, err := s.books.Book(ctx)
	if err != nil {
		return eligibility.Result{}, fmt.Errorf("read the policy book: %w", err)
	}
	policy, perr := book.For(category, f.Article)
	if perr != nil && apperr.CodeOf(perr) != apperr.NotFound {
		return eligibility.Result{}, perr
	}
	missing := perr != nil
	if missing {
		policy = lenient
	}
	f.Serial = eligibility.NormalizeSerial(f.Serial)
	var (
		rec    *eligibility.SerialRecord
		others []eligibility.OtherAct
	)
	if !f.NoSerial && f.Serial != "" {
		if rec, err = s.registry.Serial(ctx, f.Serial); err != nil {
			return eligibility.Result{}, fmt.Errorf("look up serial %s: %w", f.Serial, err)
		}
		if others, err = s.claims.ActsWithSerial(ctx, f.Serial); err != nil {
			return eligibility.Result{}, fmt.Errorf("find acts with serial %s: %w", f.Serial, err)
		}
		if f.ActID != "" {
			if err := s.claims.NoteClaim(ctx, f.Serial, f.ActID); err != nil {
				return eligibility.Result{}, err
			}
		}
	}
	r := eligibility.Evaluate(f, policy, rec, others, s.loc, s.now())
	if missing {
		r = r.With(NoPolicy, fmt.Sprintf("Для категории «%s» не задана гарантийная политика: сроки гарантии не проверены",
			strings.TrimSpace(category)))
	}
	return r, nil
}

// errReasonRequired answers a decision against the verdict without a reason.
var errReasonRequired = apperr.Field("reason", "required", "Решение расходится с проверкой гарантии: укажите причину",
	"The decision goes against the eligibility verdict: give a reason")

// AgainstVerdict reports whether deciding an act approved (warranty: true)
// or refused (warranty: false) goes against verdict v: approving a
// not-eligible act, or refusing an eligible one. A doubtful verdict is the
// manager's call either way.
func AgainstVerdict(v eligibility.Verdict, warranty bool) bool {
	return warranty && v == eligibility.NotEligible || !warranty && v == eligibility.Eligible
}

// CheckDecision returns an Invalid error when a decision goes against v and
// reason is blank: the reason is what history records.
func CheckDecision(v eligibility.Verdict, warranty bool, reason string) error {
	if AgainstVerdict(v, warranty) && strings.TrimSpace(reason) == "" {
		return errReasonRequired
	}
	return nil
}
