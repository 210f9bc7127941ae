package eligibility

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"aftersales/shared/apperr"
)

// Limits of a policy. They are generous bounds on what a wholesaler's
// warranty can be; anything outside them is a typing mistake.
const (
	MaxSaleMonths        = 120
	MaxProductionMonths  = 180
	MaxPreSaleMonths     = 120
	MaxRefusalDays       = 90
	MaxRepeatClaimMonths = 120
	MaxExclusions        = 50
	MaxExclusionWords    = 50
	MaxName              = 100 // an exclusion's name, a word, a category or an article
)

// Policy is the warranty policy that judges one product. Seed 002: there are
// two periods, one from the sale for the customer and a longer one from
// production for the trade, so ProductionMonths is never shorter than
// SaleMonths (Validate).
type Policy struct {
	Periods `json:"periods"`
	// PreSale is how products that broke before they were sold (предторг)
	// are treated; sale periods never apply to them.
	PreSale PreSaleTerms `json:"preSale"`
	// RefusalDays is the window after the sale in which a customer may refuse
	// repair (14 days by law and in seed 000).
	RefusalDays int `json:"refusalDays"`
	// RepeatClaimMonths is how near (before or after) another claim on the
	// same serial must be to flag a repeat claim; 0 means at any distance.
	RepeatClaimMonths int `json:"repeatClaimMonths"`
	// Exclusions are what the warranty does not cover.
	Exclusions []Exclusion `json:"exclusions,omitempty"`
}

// Periods are the two warranty periods. An article overrides them together,
// as they are set as a pair («3 года от продажи, 3,5 года от производства»).
type Periods struct {
	// SaleMonths is the customer's warranty from the sale.
	SaleMonths int `json:"saleMonths"`
	// ProductionMonths is the factory's warranty to the trade from production.
	ProductionMonths int `json:"productionMonths"`
}

// PreSaleTerms say whether pre-sale products are repaired under warranty at
// all and how old one may be at the claim, from production (or from its
// arrival at the seller when the registry does not know it). They are
// overridden together, as the age limit means nothing without coverage.
type PreSaleTerms struct {
	Covered bool `json:"covered"`
	// MaxMonths is the age limit; 0 means none.
	MaxMonths int `json:"maxMonths"`
}

// Exclusion is one thing the warranty does not cover, recognised by words:
// Parts are matched inside the names of requested parts (consumables: «нож»,
// «ремень»), Diagnosis inside the diagnosis and conclusion («гидроудар»).
// Matching ignores case and ё/е and finds stems («влаг» finds «влаги»); a
// match only makes the act doubtful, since words cannot prove misuse.
type Exclusion struct {
	Name      string   `json:"name"`
	Parts     []string `json:"parts,omitempty"`
	Diagnosis []string `json:"diagnosis,omitempty"`
}

// CategoryPolicy is the policy managers set for a category of the acts'
// category list; its name is matched ignoring case and spacing.
type CategoryPolicy struct {
	Category string `json:"category"`
	Policy
}

// ArticleOverride changes some terms of its category's policy for one
// article; nil fields keep the category's value, and Exclusions are added to
// the category's (an article may have extra exclusions, never fewer).
type ArticleOverride struct {
	Category          string        `json:"category"`
	Article           string        `json:"article"`
	Periods           *Periods      `json:"periods,omitempty"`
	PreSale           *PreSaleTerms `json:"preSale,omitempty"`
	RefusalDays       *int          `json:"refusalDays,omitempty"`
	RepeatClaimMonths *int          `json:"repeatClaimMonths,omitempty"`
	Exclusions        []Exclusion   `json:"exclusions,omitempty"`
}

// Book is every policy managers keep: one per category, and overrides per
// article within a category. For picks the policy of an act from it.
type Book struct {
	Categories []CategoryPolicy  `json:"categories"`
	Articles   []ArticleOverride `json:"articles"`
}

// For returns the effective policy of a product: its category's policy with
// the override of (category, article) applied when there is one. Names match
// ignoring case and spacing, as acts store what centres typed. A category
// without a policy is NotFound: no verdict can be computed for it.
func (b Book) For(category, article string) (Policy, error) {
	var (
		p     Policy
		found bool
	)
	for _, c := range b.Categories {
		if nameKey(c.Category) == nameKey(category) {
			p, found = c.Policy, true
			break
		}
	}
	if !found {
		return Policy{}, apperr.New(apperr.NotFound,
			fmt.Sprintf("Для категории «%s» не задана гарантийная политика", strings.TrimSpace(category)),
			fmt.Sprintf("No warranty policy for category %q", strings.TrimSpace(category)))
	}
	for _, o := range b.Articles {
		if nameKey(o.Category) == nameKey(category) && nameKey(o.Article) == nameKey(article) {
			return o.apply(p), nil
		}
	}
	return p, nil
}

// apply returns p with the terms o sets replaced and o's exclusions added.
func (o ArticleOverride) apply(p Policy) Policy {
	for _, f := range []struct {
		from *int
		to   *int
	}{
		{o.RefusalDays, &p.RefusalDays}, {o.RepeatClaimMonths, &p.RepeatClaimMonths},
	} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if o.Periods != nil {
		p.Periods = *o.Periods
	}
	if o.PreSale != nil {
		p.PreSale = *o.PreSale
	}
	p.Exclusions = append(append([]Exclusion(nil), p.Exclusions...), o.Exclusions...)
	return p
}

// empty reports whether o changes nothing.
func (o ArticleOverride) empty() bool {
	return o.Periods == nil && o.PreSale == nil &&
		o.RefusalDays == nil && o.RepeatClaimMonths == nil &&
		len(o.Exclusions) == 0
}

// Validate checks one policy, answering an Invalid *apperr.Error that lists
// every problem in Russian, or nil.
func (p Policy) Validate() error { return asError(p.problems("")) }

// Validate checks the whole book: every category policy, no category twice,
// every override naming a category that has a policy, changing something,
// not repeated, and leaving a valid policy once applied. It answers an
// Invalid *apperr.Error listing every problem, or nil.
func (b Book) Validate() error {
	var errs problems
	seen := map[string]bool{}
	valid := map[string]Policy{}
	for i, c := range b.Categories {
		prefix := fmt.Sprintf("categories[%d].", i)
		own := c.Policy.problems(prefix)
		errs = append(errs, own...)
		key := nameKey(c.Category)
		if errs.name(prefix+"category", c.Category, key, seen, "Укажите категорию",
			fmt.Sprintf("Политика для категории «%s» уже есть", strings.TrimSpace(c.Category))) && len(own) == 0 {
			valid[key] = c.Policy
		}
	}
	overridden := map[string]bool{}
	for i, o := range b.Articles {
		prefix := fmt.Sprintf("articles[%d].", i)
		category := nameKey(o.Category)
		errs.name(prefix+"article", o.Article, category+"\x00"+nameKey(o.Article), overridden, "Укажите артикул",
			fmt.Sprintf("Для артикула «%s» в этой категории уже есть свои условия", strings.TrimSpace(o.Article)))
		if !seen[category] {
			errs.add(prefix+"category", "unknown_category",
				fmt.Sprintf("Для категории «%s» нет политики: сначала задайте условия категории", strings.TrimSpace(o.Category)))
		}
		if o.empty() {
			errs.add(prefix+"article", "nothing_changed", "Условия артикула ничего не меняют в политике категории")
		}
		if base, ok := valid[category]; ok {
			errs = append(errs, o.apply(base).problems(prefix)...)
		}
	}
	return asError(errs)
}

// problems lists what is wrong with p, each field named with prefix.
func (p Policy) problems(prefix string) problems {
	var errs problems
	inRange := func(field string, v, lo, hi int, ru string) {
		if v < lo || v > hi {
			errs.add(prefix+field, "out_of_range", ru)
		}
	}
	inRange("periods.saleMonths", p.SaleMonths, 1, MaxSaleMonths,
		fmt.Sprintf("Срок гарантии от даты продажи — от 1 до %d мес.", MaxSaleMonths))
	inRange("periods.productionMonths", p.ProductionMonths, 1, MaxProductionMonths,
		fmt.Sprintf("Срок гарантии от даты производства — от 1 до %d мес.", MaxProductionMonths))
	if p.ProductionMonths > 0 && p.ProductionMonths < p.SaleMonths {
		errs.add(prefix+"periods.productionMonths", "shorter_than_sale", fmt.Sprintf(
			"Срок от даты производства (%d мес.) не может быть короче срока от даты продажи (%d мес.)",
			p.ProductionMonths, p.SaleMonths))
	}
	inRange("preSale.maxMonths", p.PreSale.MaxMonths, 0, MaxPreSaleMonths,
		fmt.Sprintf("Предельный возраст предторгового изделия — от 0 до %d мес. (0 — без ограничения)", MaxPreSaleMonths))
	if !p.PreSale.Covered && p.PreSale.MaxMonths > 0 {
		errs.add(prefix+"preSale.maxMonths", "pre_sale_not_covered",
			"Возраст предторгового изделия задаётся, только если предторг покрывается гарантией")
	}
	inRange("refusalDays", p.RefusalDays, 1, MaxRefusalDays,
		fmt.Sprintf("Срок отказа от ремонта — от 1 до %d дней", MaxRefusalDays))
	inRange("repeatClaimMonths", p.RepeatClaimMonths, 0, MaxRepeatClaimMonths,
		fmt.Sprintf("Период повторного обращения — от 0 до %d мес. (0 — без ограничения)", MaxRepeatClaimMonths))
	if len(p.Exclusions) > MaxExclusions {
		errs.add(prefix+"exclusions", "too_many", fmt.Sprintf("Не больше %d исключений", MaxExclusions))
	}
	names := map[string]bool{}
	for i, e := range p.Exclusions {
		at := fmt.Sprintf("%sexclusions[%d].", prefix, i)
		errs.name(at+"name", e.Name, nameKey(e.Name), names, "Укажите название исключения",
			fmt.Sprintf("Исключение «%s» уже есть", strings.TrimSpace(e.Name)))
		if len(e.Parts)+len(e.Diagnosis) == 0 {
			errs.add(at+"parts", "required", "Укажите хотя бы одно слово для запчастей или для диагностики")
		}
		errs.words(at+"parts", e.Parts)
		errs.words(at+"diagnosis", e.Diagnosis)
	}
	return errs
}

// problems collects every problem at once, so a manager fixes a policy in one go.
type problems []apperr.FieldError

func (e *problems) add(field, code, ru string) {
	*e = append(*e, apperr.FieldError{Field: field, Code: code, Message: ru})
}

// name checks a name that must be given, fit MaxName and be the only one
// with its key among seen; it answers whether the name was new and is noted.
func (e *problems) name(field, name, key string, seen map[string]bool, required, duplicate string) bool {
	switch {
	case nameKey(name) == "":
		e.add(field, "required", required)
	case utf8.RuneCountInString(strings.TrimSpace(name)) > MaxName:
		e.add(field, "too_long", fmt.Sprintf("Не длиннее %d символов", MaxName))
	case seen[key]:
		e.add(field, "duplicate", duplicate)
	default:
		seen[key] = true
		return true
	}
	return false
}

// words checks an exclusion's word list: a blank word would match everything.
func (e *problems) words(field string, words []string) {
	if len(words) > MaxExclusionWords {
		e.add(field, "too_many", fmt.Sprintf("Не больше %d слов", MaxExclusionWords))
	}
	for i, w := range words {
		at := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case strings.TrimSpace(w) == "":
			e.add(at, "required", "Пустое слово совпало бы с чем угодно: удалите его")
		case utf8.RuneCountInString(w) > MaxName:
			e.add(at, "too_long", fmt.Sprintf("Не длиннее %d символов", MaxName))
		}
	}
}

func asError(errs problems) error {
	if len(errs) == 0 {
		return nil
	}
	return apperr.WithFields(errs)
}

// nameKey is how category, article and exclusion names are compared: case,
// ё/е and spacing do not matter.
func nameKey(s string) string { return fold(strings.Join(strings.Fields(s), " ")) }

// fold lower-cases s and reads ё as е, as people type either.
func fold(s string) string { return strings.ReplaceAll(strings.ToLower(s), "ё", "е") }
