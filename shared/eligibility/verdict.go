// Package eligibility judges whether a warranty act is a warranty case: the
// warranty policies (per category, overridden per article), the serial
// registry's record of a unit, and the verdict with its reasons. It is pure
// Go with no storage or AWS, so every rule is pinned by table tests; callers
// fetch the policy, the registry record and the other acts with the same
// serial, and store what Evaluate answers.
package eligibility

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Verdict is the system's answer about an act, shown to the manager (who
// must give a reason to decide against it) and to the centre.
type Verdict string

// The verdicts of eligibility-ledger.md.
const (
	Eligible    Verdict = "eligible"
	Doubtful    Verdict = "doubtful"
	NotEligible Verdict = "not_eligible"
)

// Severity is what one reason does to the verdict: the worst reason decides.
type Severity string

// The severities, mildest first.
const (
	// Warning leaves the act eligible (a missing warranty card is no ground
	// for refusal by law).
	Warning Severity = "warning"
	// Doubt makes the act doubtful: a person must look (unknown serial,
	// impossible dates, a repeat claim, an exclusion's words).
	Doubt Severity = "doubt"
	// Refusal makes the act not eligible: a period the policy sets has passed.
	Refusal Severity = "refusal"
)

var severityRank = map[Severity]int{Warning: 0, Doubt: 1, Refusal: 2}

// Kind is a reason's stable code with the severity it always carries, so
// this one table says what every finding does to the verdict.
type Kind struct {
	Code     string
	Severity Severity
}

// The kinds of reason. Codes are stable: clients filter and branch on them,
// while the Russian text beside them may be reworded.
var (
	NoSerial                  = Kind{"no_serial", Doubt}
	SerialUnknown             = Kind{"serial_unknown", Doubt}
	ArticleMismatch           = Kind{"article_mismatch", Doubt}
	SaleBeforeProduction      = Kind{"sale_before_production", Doubt}
	SoldAfterProductionPeriod = Kind{"sold_after_production_period", Refusal}
	ProductionPeriodExpired   = Kind{"production_period_expired", Doubt}
	SaleDateMissing           = Kind{"sale_date_missing", Doubt}
	SalePeriodExpired         = Kind{"sale_period_expired", Refusal}
	RefusalWindowPassed       = Kind{"refusal_window_passed", Refusal}
	PreSaleNotCovered         = Kind{"pre_sale_not_covered", Refusal}
	PreSaleTooOld             = Kind{"pre_sale_too_old", Refusal}
	RepeatClaim               = Kind{"repeat_claim", Doubt}
	Excluded                  = Kind{"excluded", Doubt}
	WarrantyCardMissing       = Kind{"warranty_card_missing", Warning}
)

// Reason is one finding behind a verdict, with the concrete dates and figures
// in its Russian Message. A repeat claim names the earlier act in ActID and
// ActNumber, so clients can link to it.
type Reason struct {
	Code      string   `json:"code"`
	Severity  Severity `json:"severity"`
	Message   string   `json:"message"`
	ActID     string   `json:"actId,omitempty"`
	ActNumber string   `json:"actNumber,omitempty"`
}

// Result is a verdict and every reason for it, refusals first, then doubts,
// then warnings. An eligible act may still carry warnings.
type Result struct {
	Verdict Verdict  `json:"verdict"`
	Reasons []Reason `json:"reasons"`
}

// Facts are what a verdict needs from the act, copied from its fields by the
// caller so this package does not follow the act's storage shape.
type Facts struct {
	// ActID is the act judged; it is never its own repeat claim.
	ActID   string
	Article string
	// Serial is as acts store it (NormalizeSerial); NoSerial is set, or
	// Serial empty, when the product has none («Б/Н»).
	Serial   string
	NoSerial bool
	// PreSale is the appearance «предторг»: the product was never sold, so
	// SaleDate is the day it arrived at the seller and sale periods do not apply.
	PreSale  bool
	SaleDate Day
	// AcceptedDate is the day the centre accepted the product for repair: the
	// day the claim is judged on, however late a manager decides. When it is
	// not known the claim is judged on today.
	AcceptedDate Day
	WarrantyCard bool
	// Refusal is the refusal14 flag: the customer refuses repair soon after
	// the purchase.
	Refusal bool
	// Parts are the names of the requested parts; Diagnosis is the diagnosis
	// and conclusion text. Exclusions are looked for in both.
	Parts     []string
	Diagnosis string
}

// OtherAct is another act carrying the same serial.
type OtherAct struct {
	ID     string
	Number string
	// Status is the act's status code as the acts package spells it.
	Status string
	// AcceptedDate is that act's claim day; zero when unknown.
	AcceptedDate Day
}

// notClaims are the act statuses that do not claim the serial: a draft was
// never filed, a refused act was no warranty case, and a withdrawn one was
// taken back by the centre.
var notClaims = map[string]bool{"draft": true, "refused": true, "withdrawn": true}

// Evaluate judges an act by its effective policy p, the registry's record of
// its serial (nil when the registry does not know it) and the other acts with
// the same serial. The claim day is the act's AcceptedDate or, when that is
// missing, the day now falls on in loc (the business zone; nil means
// DefaultZone). Every period ends on its last day inclusive (Day.AddMonths).
func Evaluate(f Facts, p Policy, rec *SerialRecord, others []OtherAct, loc *time.Location, now time.Time) Result {
	claim := f.AcceptedDate
	if claim.IsZero() {
		claim = DayOf(now, loc)
	}
	var rs reasons
	hasSerial := !f.NoSerial && strings.TrimSpace(f.Serial) != ""
	switch {
	case !hasSerial:
		rs.add(NoSerial, "Серийный номер не указан (Б/Н): изделие нельзя проверить по реестру официальных поставок")
	case rec == nil:
		rs.add(SerialUnknown, fmt.Sprintf(
			"Серийный номер %s не найден в реестре изделий, официально поставленных оптовику", f.Serial))
	case nameKey(rec.Article) != "" && nameKey(f.Article) != nameKey(rec.Article):
		rs.add(ArticleMismatch, fmt.Sprintf(
			"Артикул в акте «%s» не совпадает с артикулом по реестру «%s»", strings.TrimSpace(f.Article), rec.Article))
	}
	if hasSerial && rec != nil && !rec.Produced.IsZero() {
		rs.production(f, p, rec.Produced, claim)
	}
	if f.PreSale {
		rs.preSale(f, p, rec, claim)
	} else {
		rs.sale(f, p, claim)
	}
	if hasSerial {
		rs.repeat(f, p, others, claim)
	}
	rs.exclusions(f, p)
	return rs.result()
}

type reasons []Reason

// result orders the reasons worst first and lets the worst decide.
func (rs reasons) result() Result {
	slices.SortStableFunc(rs, func(a, b Reason) int { return severityRank[b.Severity] - severityRank[a.Severity] })
	verdict := Eligible
	if len(rs) > 0 {
		verdict = map[Severity]Verdict{Warning: Eligible, Doubt: Doubtful, Refusal: NotEligible}[rs[0].Severity]
	}
	return Result{Verdict: verdict, Reasons: append([]Reason{}, rs...)}
}

func (rs *reasons) add(k Kind, ru string) {
	*rs = append(*rs, Reason{Code: k.Code, Severity: k.Severity, Message: ru})
}

// production checks the sale and the claim against the factory's period. A
// unit sold after that period ended was sold without the trade warranty; a
// claim after it, with the customer's period still running, is the seller's
// to answer (seed 002: «товар слишком долго не продавался»).
func (rs *reasons) production(f Facts, p Policy, produced, claim Day) {
	end := produced.AddMonths(p.ProductionMonths)
	period := fmt.Sprintf("произведено %s, %d мес.", produced, p.ProductionMonths)
	switch {
	case !f.SaleDate.IsZero() && f.SaleDate.Before(produced):
		rs.add(SaleBeforeProduction, fmt.Sprintf(
			"Дата продажи %s раньше даты производства %s по реестру", f.SaleDate, produced))
	case !f.PreSale && !f.SaleDate.IsZero() && f.SaleDate.After(end):
		rs.add(SoldAfterProductionPeriod, fmt.Sprintf(
			"Продано %s — после окончания гарантии от даты производства %s (%s)", f.SaleDate, end, period))
	case claim.After(end):
		rs.add(ProductionPeriodExpired, fmt.Sprintf(
			"Гарантия от даты производства истекла %s (%s): завод ремонт не возместит, отвечает продавец", end, period))
	}
}

// sale checks a sold product: the customer's period, the refusal window and
// the warranty card.
func (rs *reasons) sale(f Facts, p Policy, claim Day) {
	if f.SaleDate.IsZero() {
		rs.add(SaleDateMissing, "Дата продажи не указана: срок гарантии проверить нельзя")
	} else {
		if end := f.SaleDate.AddMonths(p.SaleMonths); claim.After(end) {
			rs.add(SalePeriodExpired, fmt.Sprintf(
				"Гарантия от даты продажи истекла %s (%d мес.), дата обращения %s", end, p.SaleMonths, claim))
		}
		if last := f.SaleDate.AddDays(p.RefusalDays); f.Refusal && claim.After(last) {
			rs.add(RefusalWindowPassed, fmt.Sprintf(
				"Отказ от ремонта принимается до %s (%d дн. со дня продажи), дата обращения %s", last, p.RefusalDays, claim))
		}
	}
	if !f.WarrantyCard {
		rs.add(WarrantyCardMissing,
			"Нет гарантийного талона — по закону это не основание для отказа; гарантию подтверждают чек и дата продажи")
	}
}

// preSale checks a product that broke before it was sold: whether the policy
// covers such products and how old one may be, counted from production or,
// when the registry does not know it, from its arrival at the seller.
func (rs *reasons) preSale(f Facts, p Policy, rec *SerialRecord, claim Day) {
	if !p.PreSale.Covered {
		rs.add(PreSaleNotCovered, "Предторговые изделия этой категории гарантией не покрываются")
		return
	}
	from, what := f.SaleDate, "поступило к продавцу"
	if rec != nil && !rec.Produced.IsZero() {
		from, what = rec.Produced, "произведено"
	}
	if p.PreSale.MaxMonths == 0 || from.IsZero() {
		return
	}
	if end := from.AddMonths(p.PreSale.MaxMonths); claim.After(end) {
		rs.add(PreSaleTooOld, fmt.Sprintf(
			"Предторговое изделие старше допустимого: %s %s, предел %d мес. истёк %s", what, from, p.PreSale.MaxMonths, end))
	}
}

// repeat flags the serial claimed in other acts near the claim day, naming
// the earliest of them so the manager can open it.
func (rs *reasons) repeat(f Facts, p Policy, others []OtherAct, claim Day) {
	var hits []OtherAct
	for _, o := range others {
		if o.ID == f.ActID || notClaims[o.Status] {
			continue
		}
		if p.RepeatClaimMonths > 0 && !o.AcceptedDate.IsZero() &&
			(o.AcceptedDate.Before(claim.AddMonths(-p.RepeatClaimMonths)) || o.AcceptedDate.After(claim.AddMonths(p.RepeatClaimMonths))) {
			continue
		}
		hits = append(hits, o)
	}
	if len(hits) == 0 {
		return
	}
	first := slices.MinFunc(hits, func(a, b OtherAct) int {
		return cmp.Or(a.AcceptedDate.t.Compare(b.AcceptedDate.t), cmp.Compare(a.Number, b.Number))
	})
	msg := "Серийный номер заявлен также в акте " + first.Number
	if !first.AcceptedDate.IsZero() {
		msg += " от " + first.AcceptedDate.String()
	}
	if len(hits) > 1 {
		msg += fmt.Sprintf("; всего других актов с этим номером: %d", len(hits))
	}
	*rs = append(*rs, Reason{Code: RepeatClaim.Code, Severity: RepeatClaim.Severity, Message: msg, ActID: first.ID, ActNumber: first.Number})
}

// exclusions adds one reason per exclusion whose words the parts or the
// diagnosis contain.
func (rs *reasons) exclusions(f Facts, p Policy) {
	diagnosis := fold(f.Diagnosis)
	for _, e := range p.Exclusions {
		var found []string
		var parts []string
		for _, part := range f.Parts {
			if containsAny(fold(part), e.Parts) {
				parts = append(parts, "«"+strings.TrimSpace(part)+"»")
			}
		}
		if len(parts) == 1 {
			found = append(found, "запчасть "+parts[0])
		} else if len(parts) > 1 {
			found = append(found, "запчасти "+strings.Join(parts, ", "))
		}
		var words []string
		for _, w := range e.Diagnosis {
			if w = strings.TrimSpace(w); w != "" && strings.Contains(diagnosis, fold(w)) {
				words = append(words, "«"+w+"»")
			}
		}
		if len(words) > 0 {
			found = append(found, "в диагностике "+strings.Join(words, ", "))
		}
		if len(found) > 0 {
			rs.add(Excluded, fmt.Sprintf("Исключение «%s»: %s", strings.TrimSpace(e.Name), strings.Join(found, "; ")))
		}
	}
}

// containsAny reports whether folded text s contains any of the non-blank words.
func containsAny(s string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool {
		w = strings.TrimSpace(w)
		return w != "" && strings.Contains(s, fold(w))
	})
}

// With returns r with one more reason of kind k, the reasons in severity
// order again and the verdict the worst of them decides: for findings made
// outside Evaluate (no policy for the category).
func (r Result) With(k Kind, ru string) Result {
	rs := append(reasons(append([]Reason{}, r.Reasons...)), Reason{Code: k.Code, Severity: k.Severity, Message: ru})
	return rs.result()
}
