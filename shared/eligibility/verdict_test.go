package eligibility

import (
	"reflect"
	"testing"
	"time"
)

// world is everything Evaluate is given; each case edits the base one.
type world struct {
	f      Facts
	p      Policy
	rec    *SerialRecord
	others []OtherAct
	loc    *time.Location
	now    time.Time
}

// baseWorld is a mower sold 14.03.2025 on a 12-month customer warranty and
// produced 01.02.2025 on an 18-month trade warranty, accepted for repair
// 01.06.2025 with its card: eligible with no reasons.
func baseWorld(t *testing.T) world {
	return world{
		f: Facts{
			ActID: "act-2", Article: "ЭГК-1500 Энергопром", Serial: "01.234.09274",
			SaleDate: NewDay(2025, 3, 14), AcceptedDate: NewDay(2025, 6, 1), WarrantyCard: true,
			Parts: []string{"Коленвал"}, Diagnosis: "Коленвал вышел из строя",
		},
		p: Policy{
			Periods: Periods{SaleMonths: 12, ProductionMonths: 18}, PreSale: PreSaleTerms{Covered: true, MaxMonths: 24},
			RefusalDays: 14, RepeatClaimMonths: 6,
			Exclusions: []Exclusion{
				{Name: "Расходные материалы", Parts: []string{"нож", "ремень", "свеч"}},
				{Name: "Нарушение правил эксплуатации", Diagnosis: []string{"гидроудар", "влаг"}},
			},
		},
		rec: &SerialRecord{Serial: "01.234.09274", Article: "ЭГК-1500 Энергопром",
			Produced: NewDay(2025, 2, 1), ShippedToWholesaler: NewDay(2025, 2, 20)},
		loc: mustMoscow(t),
		now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC),
	}
}

func reason(k Kind, msg string) Reason {
	return Reason{Code: k.Code, Severity: k.Severity, Message: msg}
}

// repeat is a repeat-claim reason linking to the act it names.
func repeat(msg, actID, actNumber string) Reason {
	r := reason(RepeatClaim, msg)
	r.ActID, r.ActNumber = actID, actNumber
	return r
}

// dates sets the act's sale and accepted days.
func dates(sale, accepted Day) func(w *world) {
	return func(w *world) { w.f.SaleDate, w.f.AcceptedDate = sale, accepted }
}

var (
	cardMissing = reason(WarrantyCardMissing,
		"Нет гарантийного талона — по закону это не основание для отказа; гарантию подтверждают чек и дата продажи")
	serialUnknown = reason(SerialUnknown,
		"Серийный номер 01.234.09274 не найден в реестре изделий, официально поставленных оптовику")
	saleExpired1503 = reason(SalePeriodExpired,
		"Гарантия от даты продажи истекла 14.03.2026 (12 мес.), дата обращения 15.03.2026")
)

func TestEvaluate(t *testing.T) {
	firstAct := OtherAct{ID: "act-1", Number: "2025-000101", Status: "approved", AcceptedDate: NewDay(2025, 5, 10)}
	for _, c := range []struct {
		name    string
		edit    func(w *world)
		want    Verdict
		reasons []Reason
	}{
		{"a clean act with a known serial is eligible with no reasons", func(w *world) {}, Eligible, nil},
		{"a missing warranty card is only a warning", func(w *world) { w.f.WarrantyCard = false }, Eligible,
			[]Reason{cardMissing}},
		{"a product without a serial is doubtful and is never a repeat claim", func(w *world) {
			w.f.Serial, w.f.NoSerial, w.rec = "Б/Н", true, nil
			w.others = []OtherAct{{ID: "act-1", Number: "2025-000101", Status: "approved", AcceptedDate: NewDay(2025, 5, 10)}}
		}, Doubtful, []Reason{reason(NoSerial,
			"Серийный номер не указан (Б/Н): изделие нельзя проверить по реестру официальных поставок")}},
		{"a serial the registry does not know is doubtful (a possible grey import)", func(w *world) { w.rec = nil }, Doubtful,
			[]Reason{serialUnknown}},
		{"an article other than the registry's is doubtful", func(w *world) { w.f.Article = " ЭГК-1600 " }, Doubtful,
			[]Reason{reason(ArticleMismatch,
				"Артикул в акте «ЭГК-1600» не совпадает с артикулом по реестру «ЭГК-1500 Энергопром»")}},
		{"an article differing from the registry's only in case and spacing is the same", func(w *world) {
			w.f.Article = "эгк-1500   ЭНЕРГОПРОМ"
		}, Eligible, nil},
		{"a sale before production is doubtful", func(w *world) { w.f.SaleDate = NewDay(2025, 1, 20) }, Doubtful,
			[]Reason{reason(SaleBeforeProduction, "Дата продажи 20.01.2025 раньше даты производства 01.02.2025 по реестру")}},
		{"a sale the day after the production period ended is not eligible", dates(NewDay(2026, 8, 2), NewDay(2026, 8, 10)), NotEligible, []Reason{reason(SoldAfterProductionPeriod,
			"Продано 02.08.2026 — после окончания гарантии от даты производства 01.08.2026 (произведено 01.02.2025, 18 мес.)")}},
		{"a sale and a claim on the production period's last day are covered", dates(NewDay(2026, 8, 1), NewDay(2026, 8, 1)), Eligible, nil},
		{"a claim the day after the production period, within the sale period, is the seller's: doubtful", dates(NewDay(2025, 12, 1), NewDay(2026, 8, 2)), Doubtful, []Reason{reason(ProductionPeriodExpired,
			"Гарантия от даты производства истекла 01.08.2026 (произведено 01.02.2025, 18 мес.): завод ремонт не возместит, отвечает продавец")}},
		{"a claim on the production period's last day is covered", dates(NewDay(2025, 12, 1), NewDay(2026, 8, 1)), Eligible, nil},
		{"the sale period's last day is covered", func(w *world) { w.f.AcceptedDate = NewDay(2026, 3, 14) }, Eligible, nil},
		{"the day after the sale period is not eligible", func(w *world) { w.f.AcceptedDate = NewDay(2026, 3, 15) }, NotEligible,
			[]Reason{saleExpired1503}},
		{"a sale on 29 February ends its 12 months on 28 February", func(w *world) {
			w.rec.Produced = NewDay(2024, 1, 1)
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2024, 2, 29), NewDay(2025, 3, 1)
		}, NotEligible, []Reason{reason(SalePeriodExpired,
			"Гарантия от даты продажи истекла 28.02.2025 (12 мес.), дата обращения 01.03.2025")}},
		{"28 February is still covered after a sale on 29 February", func(w *world) {
			w.rec.Produced = NewDay(2024, 1, 1)
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2024, 2, 29), NewDay(2025, 2, 28)
		}, Eligible, nil},
		{"one month from 31 January ends on 28 February", func(w *world) {
			w.p.SaleMonths = 1
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2026, 1, 31), NewDay(2026, 3, 1)
		}, NotEligible, []Reason{reason(SalePeriodExpired,
			"Гарантия от даты продажи истекла 28.02.2026 (1 мес.), дата обращения 01.03.2026")}},
		{"without an accepted date, 23:30 UTC is already the next day in Moscow", func(w *world) {
			w.f.AcceptedDate = Day{}
			w.now = time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC)
		}, NotEligible, []Reason{saleExpired1503}},
		{"without an accepted date, 23:59 in Moscow is still the last covered day", func(w *world) {
			w.f.AcceptedDate = Day{}
			w.now = time.Date(2026, 3, 14, 20, 59, 0, 0, time.UTC)
		}, Eligible, nil},
		{"the same instant in a UTC business zone is still the last covered day", func(w *world) {
			w.f.AcceptedDate, w.loc = Day{}, time.UTC
			w.now = time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC)
		}, Eligible, nil},
		{"no zone means Moscow", func(w *world) {
			w.f.AcceptedDate, w.loc = Day{}, nil
			w.now = time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC)
		}, NotEligible, []Reason{saleExpired1503}},
		{"a missing sale date is doubtful", func(w *world) { w.f.SaleDate = Day{} }, Doubtful,
			[]Reason{reason(SaleDateMissing, "Дата продажи не указана: срок гарантии проверить нельзя")}},
		{"a refusal on the window's last day is accepted", func(w *world) {
			w.f.Refusal, w.f.SaleDate, w.f.AcceptedDate = true, NewDay(2025, 6, 1), NewDay(2025, 6, 15)
		}, Eligible, nil},
		{"a refusal the day after the window is not eligible", func(w *world) {
			w.f.Refusal, w.f.SaleDate, w.f.AcceptedDate = true, NewDay(2025, 6, 1), NewDay(2025, 6, 16)
		}, NotEligible, []Reason{reason(RefusalWindowPassed,
			"Отказ от ремонта принимается до 15.06.2025 (14 дн. со дня продажи), дата обращения 16.06.2025")}},
		{"pre-sale products a policy does not cover are not eligible", func(w *world) {
			w.f.PreSale, w.p.PreSale = true, PreSaleTerms{}
		}, NotEligible, []Reason{reason(PreSaleNotCovered, "Предторговые изделия этой категории гарантией не покрываются")}},
		{"a pre-sale product older than the policy allows from production is not eligible, with no sale period or card checks", func(w *world) {
			w.p.ProductionMonths = 36
			w.f.PreSale, w.f.WarrantyCard = true, false
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2025, 3, 1), NewDay(2027, 2, 2)
		}, NotEligible, []Reason{reason(PreSaleTooOld,
			"Предторговое изделие старше допустимого: произведено 01.02.2025, предел 24 мес. истёк 01.02.2027")}},
		{"a pre-sale product on its last allowed day is eligible", func(w *world) {
			w.p.ProductionMonths = 36
			w.f.PreSale, w.f.WarrantyCard = true, false
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2025, 3, 1), NewDay(2027, 2, 1)
		}, Eligible, nil},
		{"a pre-sale product unknown to the registry is aged from its arrival at the seller", func(w *world) {
			w.rec, w.f.PreSale = nil, true
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2025, 3, 1), NewDay(2027, 3, 2)
		}, NotEligible, []Reason{
			reason(PreSaleTooOld, "Предторговое изделие старше допустимого: поступило к продавцу 01.03.2025, предел 24 мес. истёк 01.03.2027"),
			serialUnknown,
		}},
		{"the same serial in another act is doubtful and names it", func(w *world) { w.others = []OtherAct{firstAct} }, Doubtful,
			[]Reason{repeat("Серийный номер заявлен также в акте 2025-000101 от 10.05.2025", "act-1", "2025-000101")}},
		{"of several other acts the reason names the first and counts them", func(w *world) {
			w.others = []OtherAct{
				{ID: "act-3", Number: "2025-000140", Status: "repaired", AcceptedDate: NewDay(2025, 5, 20)},
				{ID: "act-2", Number: "2025-000150", Status: "submitted", AcceptedDate: NewDay(2025, 6, 1)},
				firstAct,
			}
		}, Doubtful, []Reason{repeat("Серийный номер заявлен также в акте 2025-000101 от 10.05.2025; всего других актов с этим номером: 2", "act-1", "2025-000101")}},
		{"drafts, refused and withdrawn acts and the act itself are no repeat claims", func(w *world) {
			w.others = []OtherAct{
				{ID: "act-4", Number: "", Status: "draft", AcceptedDate: NewDay(2025, 5, 1)},
				{ID: "act-5", Number: "2025-000090", Status: "refused", AcceptedDate: NewDay(2025, 5, 2)},
				{ID: "act-6", Number: "2025-000091", Status: "withdrawn", AcceptedDate: NewDay(2025, 5, 3)},
				{ID: "act-2", Number: "2025-000150", Status: "submitted", AcceptedDate: NewDay(2025, 6, 1)},
			}
		}, Eligible, nil},
		{"another act one day beyond the repeat window is no repeat claim", func(w *world) {
			w.others = []OtherAct{{ID: "act-1", Number: "2024-000900", Status: "repaired", AcceptedDate: NewDay(2024, 11, 30)}}
		}, Eligible, nil},
		{"another act exactly at the window's edge is a repeat claim", func(w *world) {
			w.others = []OtherAct{{ID: "act-1", Number: "2025-000900", Status: "repaired", AcceptedDate: NewDay(2025, 12, 1)}}
		}, Doubtful, []Reason{repeat("Серийный номер заявлен также в акте 2025-000900 от 01.12.2025", "act-1", "2025-000900")}},
		{"another act exactly six months before is a repeat claim", func(w *world) {
			w.others = []OtherAct{{ID: "act-1", Number: "2024-000800", Status: "approved", AcceptedDate: NewDay(2024, 12, 1)}}
		}, Doubtful, []Reason{repeat("Серийный номер заявлен также в акте 2024-000800 от 01.12.2024", "act-1", "2024-000800")}},
		{"another act one day beyond six months after is no repeat claim", func(w *world) {
			w.others = []OtherAct{{ID: "act-1", Number: "2025-000901", Status: "repaired", AcceptedDate: NewDay(2025, 12, 2)}}
		}, Eligible, nil},
		{"a repeat window of 0 months flags other acts at any distance", func(w *world) {
			w.p.RepeatClaimMonths = 0
			w.others = []OtherAct{{ID: "act-1", Number: "2022-000007", Status: "repaired", AcceptedDate: NewDay(2022, 6, 1)}}
		}, Doubtful, []Reason{repeat("Серийный номер заявлен также в акте 2022-000007 от 01.06.2022", "act-1", "2022-000007")}},
		{"excluded parts are doubtful and listed", func(w *world) {
			w.f.Parts = []string{"Нож верхний", "Коленвал", " Ремень привода "}
		},
			Doubtful, []Reason{reason(Excluded, "Исключение «Расходные материалы»: запчасти «Нож верхний», «Ремень привода»")}},
		{"exclusion words in the diagnosis are found whatever their case", func(w *world) {
			w.f.Diagnosis = "ГИДРОУДАР из-за попадания влаги"
		}, Doubtful, []Reason{reason(Excluded, "Исключение «Нарушение правил эксплуатации»: в диагностике «гидроудар», «влаг»")}},
		{"ё and е are the same letter for exclusions", func(w *world) {
			w.p.Exclusions = []Exclusion{{Name: "Износ", Parts: []string{"свеч"}, Diagnosis: []string{"стёрт"}}}
			w.f.Parts, w.f.Diagnosis = []string{"Свеча зажигания"}, "Шестерня СТЕРТА"
		}, Doubtful, []Reason{reason(Excluded, "Исключение «Износ»: запчасть «Свеча зажигания»; в диагностике «стёрт»")}},
		{"an expired sale period, an unknown serial and no card: refusal first, then doubt, then warning", func(w *world) {
			w.rec, w.f.WarrantyCard, w.f.AcceptedDate = nil, false, NewDay(2026, 3, 15)
		}, NotEligible, []Reason{saleExpired1503, serialUnknown, cardMissing}},
		{"a sale after the production period, a repeat claim and an excluded part together", func(w *world) {
			w.f.SaleDate, w.f.AcceptedDate = NewDay(2026, 8, 2), NewDay(2026, 8, 10)
			w.f.Parts = []string{"Ремень"}
			w.others = []OtherAct{{ID: "act-9", Number: "2026-000500", Status: "parts_shipped", AcceptedDate: NewDay(2026, 7, 1)}}
		}, NotEligible, []Reason{
			reason(SoldAfterProductionPeriod,
				"Продано 02.08.2026 — после окончания гарантии от даты производства 01.08.2026 (произведено 01.02.2025, 18 мес.)"),
			repeat("Серийный номер заявлен также в акте 2026-000500 от 01.07.2026", "act-9", "2026-000500"),
			reason(Excluded, "Исключение «Расходные материалы»: запчасть «Ремень»"),
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := baseWorld(t)
			c.edit(&w)
			got := Evaluate(w.f, w.p, w.rec, w.others, w.loc, w.now)
			if got.Verdict != c.want {
				t.Errorf("verdict %s, want %s", got.Verdict, c.want)
			}
			want := c.reasons
			if want == nil {
				want = []Reason{}
			}
			if !reflect.DeepEqual(got.Reasons, want) {
				t.Errorf("reasons\n got %#v\nwant %#v", got.Reasons, want)
			}
		})
	}
}
