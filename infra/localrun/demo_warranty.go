package localrun

import (
	"context"
	"fmt"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/fn/warrantyfn"
	"aftersales/shared/imports"
)

// demoPolicies is the policy book a manager of the wholesaler would set up
// first (eligibility-ledger.md, seed 002): two periods per category — from
// the sale for the customer, a longer one from production for the trade —
// pre-sale units covered up to an age, the 14-day refusal window, a repeat
// claim within half a year flagged, and what the warranty does not cover.
// One article carries its own, longer periods («3 года от продажи, 3,5 года
// от производства»). Categories without a policy stay «требует проверки».
func demoPolicies() eligibility.Book {
	wear := func(words ...string) eligibility.Exclusion {
		return eligibility.Exclusion{Name: "Расходные части", Parts: words}
	}
	// Words only make an act doubtful: a person reads the diagnosis.
	misuse := eligibility.Exclusion{Name: "Нарушение условий эксплуатации",
		Diagnosis: []string{"гидроудар", "масляное голодание", "попадание воды", "некачественное топливо"}}
	policy := func(sale, production, preSaleMonths int, exclusions ...eligibility.Exclusion) eligibility.Policy {
		return eligibility.Policy{Periods: eligibility.Periods{SaleMonths: sale, ProductionMonths: production},
			PreSale: eligibility.PreSaleTerms{Covered: true, MaxMonths: preSaleMonths}, RefusalDays: 14, RepeatClaimMonths: 6,
			Exclusions: append([]eligibility.Exclusion{misuse}, exclusions...)}
	}
	categories := []eligibility.CategoryPolicy{
		{Category: "Бензиновая газонокосилка", Policy: policy(24, 36, 12, wear("нож", "ремень", "трос"))},
		{Category: "Бензиновая газонокосилка на колесах", Policy: policy(24, 36, 12, wear("нож", "ремень", "трос"))},
		{Category: "Электрическая газонокосилка", Policy: policy(24, 36, 12, wear("нож", "щетк"))},
		{Category: "Триммер бензиновый", Policy: policy(12, 24, 12, wear("леск", "нож", "шпул"))},
		{Category: "Триммер электрический", Policy: policy(12, 24, 12, wear("леск", "шпул", "щетк"))},
		{Category: "Бензопила", Policy: policy(12, 24, 12, wear("цеп", "шина", "звездочк"))},
		{Category: "Генератор бензиновый", Policy: policy(12, 24, 12)},
		{Category: "Генератор дизельный", Policy: policy(12, 24, 12)},
		{Category: "Мотоблок", Policy: policy(24, 36, 12, wear("ремень", "фрез"))},
		{Category: "Культиватор", Policy: policy(24, 36, 12, wear("ремень", "фрез"))},
	}
	return eligibility.Book{Categories: categories, Articles: []eligibility.ArticleOverride{{
		Category: "Бензиновая газонокосилка на колесах", Article: "ЭГК-1500 Энергопром",
		Periods: &eligibility.Periods{SaleMonths: 36, ProductionMonths: 42},
	}}}
}

// seedPolicies sets the demo policy book as the demo manager, through the
// warranty service the policy API serves. A book already saved (version 1
// or later: the demo's or a manager's own edits) is left alone.
func seedPolicies(ctx context.Context, env *fn.Env, manager auth.Caller) error {
	store, err := tablefn.Store(env)
	if err != nil {
		return err
	}
	svc, err := warrantyfn.Service(env, store)
	if err != nil {
		return err
	}
	book, err := svc.Policies(ctx, manager)
	if err != nil {
		return fmt.Errorf("read the policy book: %w", err)
	}
	if book.Version > 0 {
		return nil
	}
	if _, err := svc.SetPolicies(ctx, manager, demoPolicies(), 0); err != nil {
		return fmt.Errorf("set the demo policy book: %w", err)
	}
	return nil
}

// demoUnit is one unit of the supplier's list of units officially
// delivered: its production and shipment days back from today.
type demoUnit struct {
	serial, article         string
	producedAgo, shippedAgo int
	dealer                  string
}

// demoUnits are the serial registry's rows of the demo: the units of the
// demo acts and of the front desk's devices, beside a few of their
// neighbours on the list. The ages are counted back from today, as the
// acts' dates are, so the verdicts are the same on any day the demo starts:
//   - ЭГК-1500 and БП-4518 are in warranty («гарантийный случай»);
//   - the pre-sale МБ-7 at СЦ «Юг» was made 15 months ago, past the
//     12 months the policy allows a pre-sale unit: «не гарантийный», reason
//     «Предторговое изделие старше допустимого»;
//   - БГ-3000 BG3000-25-0108 is missing on purpose: «требует проверки»,
//     «Серийный номер … не найден в реестре» — the manager's question about
//     its unreadable nameplate is why it went back to the centre.
var demoUnits = []demoUnit{
	{"01.234.10518", "ЭГК-1500 Энергопром", 210, 190, "ООО Планета радости"},
	{"01.234.10519", "ЭГК-1500 Энергопром", 210, 190, "ООО Планета радости"},
	{"BP4518-24-0917", "БП-4518 Энергопром", 250, 230, "ООО Планета радости"},
	{"BP4518-24-0918", "БП-4518 Энергопром", 250, 230, ""},
	{"MB7-2025-204", "МБ-7 Энергопром", 457, 420, "ООО «Агроснаб»"},
	{"TB43-2025-0311", "ТБ-43 Энергопром", 120, 100, "ООО Планета радости"},
	// The front desk's devices, under the article an act filed from their
	// order is given (the act form writes the maker, then the model), so
	// such an act finds its unit without an article mismatch.
	{"GK1500-0042", "Энергопром ГК-1500", 400, 380, ""},
	{"MB7-2025-118", "Энергопром МБ-7", 300, 280, ""},
	{"BG3000-7", "Энергопром БГ-3000", 500, 470, "ИП Громов А. В."},
}

// demoSerialsFile is the name of the demo's registry file; a succeeded load
// of it means the registry is seeded.
const demoSerialsFile = "Serials_Энергопром.xlsx"

// serialsLoad is the supplier's list as a manager loads it: the header of
// the registry's columns and one row per unit, dated back from today.
func serialsLoad(now time.Time, loc *time.Location) demoLoad {
	rows := make([][]any, len(demoUnits))
	for i, u := range demoUnits {
		var dealer any
		if u.dealer != "" {
			dealer = u.dealer
		}
		rows[i] = []any{u.serial, u.article, daysAgo(now, loc, u.producedAgo), daysAgo(now, loc, u.shippedAgo), dealer}
	}
	return demoLoad{procedure: imports.Serials, fileName: demoSerialsFile, sheet: "Реестр",
		header: []string{"Серийный номер", "Артикул", "Дата производства", "Дата отгрузки", "Дилер"}, rows: rows}
}

// daysAgo is the calendar day n days before now in loc, as an Excel date
// (midnight, the wall clock's day).
func daysAgo(now time.Time, loc *time.Location, n int) time.Time {
	y, m, d := now.In(loc).AddDate(0, 0, -n).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
