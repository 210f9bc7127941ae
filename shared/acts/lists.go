package acts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
	"aftersales/shared/phone"
)

// ListRequest is a list or export as a client asks for it.
type ListRequest struct {
	View     View
	Statuses []Status
	Category string
	// Verdict keeps acts with this eligibility verdict.
	Verdict eligibility.Verdict
	// ServiceCenter narrows a staff list to one centre; a centre's list is
	// always its own.
	ServiceCenter string
	// From and To are business days, both included.
	From, To *Date
	// Query is searched in act numbers, internal numbers, serial numbers,
	// customer phones (in any format) and articles.
	Query  string
	Limit  int
	Cursor string
}

// MaxQuery bounds a search text.
const MaxQuery = 100

// Listed is an act in a list, with its time in review against ReviewTarget.
type Listed struct {
	Act
	ReviewDays    float64 `json:"reviewDays"`
	ReviewOverdue bool    `json:"reviewOverdue"`
}

// List returns one page of the acts the caller may see.
func (s *Service) List(ctx context.Context, c auth.Caller, r ListRequest) ([]Listed, string, error) {
	q, ok, err := s.query(c, r)
	if err != nil || !ok {
		return []Listed{}, "", err
	}
	page, err := s.store.List(ctx, q)
	if err != nil {
		return nil, "", storeError(err, "list acts")
	}
	now := s.now()
	out := make([]Listed, len(page.Acts))
	for i, a := range page.Acts {
		days, overdue := ReviewAge(a, now)
		out[i] = Listed{Act: a, ReviewDays: days, ReviewOverdue: overdue}
	}
	return out, page.Next, nil
}

// Export returns every act of a list, at most ExportCap; beyond that it asks
// to narrow the filters.
func (s *Service) Export(ctx context.Context, c auth.Caller, r ListRequest) ([]Act, error) {
	r.Cursor = ""
	q, ok, err := s.query(c, r)
	if err != nil || !ok {
		return []Act{}, err
	}
	acts, err := s.store.Export(ctx, q, ExportCap)
	if err != nil {
		return nil, storeError(err, "export acts")
	}
	if len(acts) > ExportCap {
		return nil, apperr.New(apperr.TooMany,
			fmt.Sprintf("Под фильтры попадает больше %d актов — сузьте фильтры (период, статус, категорию или сервисный центр)", ExportCap),
			fmt.Sprintf("More than %d acts match: narrow the filters (dates, status, category or service centre)", ExportCap))
	}
	return acts, nil
}

// query turns a request into a store query within the caller's scope. ok is
// false when the caller may see nothing at all.
func (s *Service) query(c auth.Caller, r ListRequest) (ListQuery, bool, error) {
	var errs fieldErrors
	q := ListQuery{View: r.View, Category: strings.TrimSpace(r.Category), Verdict: r.Verdict, Limit: r.Limit, Cursor: r.Cursor}
	switch r.Verdict {
	case "", eligibility.Eligible, eligibility.Doubtful, eligibility.NotEligible:
	default:
		errs.add("verdict", CodeInvalidValue, "Проверка гарантии — eligible, doubtful или not_eligible",
			"A verdict is eligible, doubtful or not_eligible")
	}
	switch r.View {
	case ViewAll:
	case ViewQueue:
		if !c.Role.Staff() {
			return q, false, apperr.New(apperr.Forbidden, "Очередь рассмотрения видят менеджеры", "The review queue is for managers")
		}
	default:
		errs.add("view", CodeInvalidValue, fmt.Sprintf("Неизвестный вид списка «%s»", r.View), fmt.Sprintf("Unknown view %q", r.View))
	}
	// Repeats are dropped, so the filter never has more values than there
	// are statuses (DynamoDB takes at most 100 operands of IN).
	q.Statuses = nil
	for _, st := range r.Statuses {
		switch {
		case !st.Valid():
			errs.add("status", CodeInvalidValue, fmt.Sprintf("Неизвестный статус «%s»", st), fmt.Sprintf("Unknown status %q", st))
		case !slices.Contains(q.Statuses, st):
			q.Statuses = append(q.Statuses, st)
		}
	}
	if r.From != nil {
		q.CreatedFrom = s.midnight(*r.From)
	}
	if r.To != nil {
		q.CreatedBefore = s.midnight(*r.To).AddDate(0, 0, 1)
	}
	if r.From != nil && r.To != nil && r.To.Before(*r.From) {
		errs.add("to", CodeInvalidValue, "Конец периода раньше начала", "The period ends before it starts")
	}
	if utf8.RuneCountInString(r.Query) > MaxQuery {
		errs.add("q", CodeTooLong, fmt.Sprintf("Не длиннее %d символов", MaxQuery), fmt.Sprintf("At most %d characters", MaxQuery))
	}
	if len(errs) > 0 {
		return q, false, apperr.WithFields(errs)
	}
	q.Search = searchTerms(r.Query)
	tenant, all := c.Scope().TenantFilter()
	switch {
	case all:
		q.ServiceCenter = r.ServiceCenter
	case tenant == "":
		return q, false, nil
	default:
		q.ServiceCenter = tenant
	}
	return q, true, nil
}

// midnight is the start of a business day.
func (s *Service) midnight(d Date) time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, s.loc)
}

// searchTerms are what a search text may mean: itself (lower case), and the
// phone number it is when written in any Russian format.
func searchTerms(q string) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	terms := []string{q}
	if e164, err := phone.Normalize(q); err == nil && e164 != q {
		terms = append(terms, e164)
	}
	return terms
}
