package eligibility

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"aftersales/shared/apperr"
)

func mowerBook() Book {
	return Book{
		Categories: []CategoryPolicy{
			{Category: "Бензиновая газонокосилка", Policy: Policy{Periods: Periods{SaleMonths: 12, ProductionMonths: 18}, RefusalDays: 14,
				RepeatClaimMonths: 6, Exclusions: []Exclusion{{Name: "Расходные материалы", Parts: []string{"нож"}}}}},
			{Category: "Пылесос", Policy: Policy{Periods: Periods{SaleMonths: 24, ProductionMonths: 30}, PreSale: PreSaleTerms{Covered: true}, RefusalDays: 14}},
		},
		Articles: []ArticleOverride{
			{Category: "Бензиновая газонокосилка", Article: "ЭГК-1500 Энергопром", Periods: &Periods{SaleMonths: 24, ProductionMonths: 30},
				Exclusions: []Exclusion{{Name: "Аккумулятор", Parts: []string{"аккумулятор"}}}},
			{Category: "Пылесос", Article: "ЭГК-1600", PreSale: &PreSaleTerms{}},
		},
	}
}

func TestForPicksTheCategoryPolicyIgnoringCaseAndSpacing(t *testing.T) {
	got, err := mowerBook().For("  бензиновая   ГАЗОНОКОСИЛКА ", "ЭГК-1600")
	if err != nil {
		t.Fatal(err)
	}
	want := mowerBook().Categories[0].Policy
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want the category's %+v (the ЭГК-1600 override belongs to another category)", got, want)
	}
}

func TestForAppliesTheArticleOverrideOverItsCategory(t *testing.T) {
	b := mowerBook()
	got, err := b.For("Бензиновая газонокосилка", "эгк-1500  энергопром")
	if err != nil {
		t.Fatal(err)
	}
	want := Policy{Periods: Periods{SaleMonths: 24, ProductionMonths: 30}, RefusalDays: 14, RepeatClaimMonths: 6, Exclusions: []Exclusion{
		{Name: "Расходные материалы", Parts: []string{"нож"}}, {Name: "Аккумулятор", Parts: []string{"аккумулятор"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if n := len(b.Categories[0].Exclusions); n != 1 {
		t.Errorf("applying the override changed the category's own exclusions: %d", n)
	}
	vacuum, err := b.For("Пылесос", "ЭГК-1600")
	if err != nil {
		t.Fatal(err)
	}
	if vacuum.PreSale.Covered || vacuum.SaleMonths != 24 {
		t.Errorf("a boolean override did not apply alone: %+v", vacuum)
	}
}

func TestForACategoryWithoutPolicyIsNotFoundInRussian(t *testing.T) {
	_, err := mowerBook().For(" Триммер ", "X")
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.NotFound || e.Message != "Для категории «Триммер» не задана гарантийная политика" {
		t.Errorf("got %v", err)
	}
}

func TestAValidBookPasses(t *testing.T) {
	if err := mowerBook().Validate(); err != nil {
		t.Errorf("valid book refused: %v", err)
	}
	if err := mowerBook().Categories[1].Validate(); err != nil {
		t.Errorf("valid policy refused: %v", err)
	}
}

func TestValidateListsEveryProblemInRussian(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(b *Book)
		want []apperr.FieldError
	}{
		{"a zero policy lacks both periods and the refusal window", func(b *Book) { b.Categories[1].Policy = Policy{} }, []apperr.FieldError{
			{Field: "categories[1].periods.saleMonths", Code: "out_of_range", Message: "Срок гарантии от даты продажи — от 1 до 120 мес."},
			{Field: "categories[1].periods.productionMonths", Code: "out_of_range", Message: "Срок гарантии от даты производства — от 1 до 180 мес."},
			{Field: "categories[1].refusalDays", Code: "out_of_range", Message: "Срок отказа от ремонта — от 1 до 90 дней"},
		}},
		{"the production period may not be shorter than the sale period", func(b *Book) { b.Categories[1].ProductionMonths = 12 }, []apperr.FieldError{
			{Field: "categories[1].periods.productionMonths", Code: "shorter_than_sale",
				Message: "Срок от даты производства (12 мес.) не может быть короче срока от даты продажи (24 мес.)"},
		}},
		{"a pre-sale age limit needs pre-sale coverage, and limits have ranges", func(b *Book) {
			b.Categories[0].PreSale.MaxMonths, b.Categories[0].RepeatClaimMonths = 6, 121
		}, []apperr.FieldError{
			{Field: "categories[0].preSale.maxMonths", Code: "pre_sale_not_covered",
				Message: "Возраст предторгового изделия задаётся, только если предторг покрывается гарантией"},
			{Field: "categories[0].repeatClaimMonths", Code: "out_of_range", Message: "Период повторного обращения — от 0 до 120 мес. (0 — без ограничения)"},
		}},
		{"exclusions need a unique name and real words", func(b *Book) {
			b.Categories[0].Exclusions = []Exclusion{
				{Name: "Расходники", Parts: []string{"нож"}},
				{Name: " расходники ", Diagnosis: []string{" "}},
				{Name: ""},
			}
		}, []apperr.FieldError{
			{Field: "categories[0].exclusions[1].name", Code: "duplicate", Message: "Исключение «расходники» уже есть"},
			{Field: "categories[0].exclusions[1].diagnosis[0]", Code: "required", Message: "Пустое слово совпало бы с чем угодно: удалите его"},
			{Field: "categories[0].exclusions[2].name", Code: "required", Message: "Укажите название исключения"},
			{Field: "categories[0].exclusions[2].parts", Code: "required", Message: "Укажите хотя бы одно слово для запчастей или для диагностики"},
		}},
		{"a category may have one policy", func(b *Book) { b.Categories[1].Category = "бензиновая газонокосилка" }, []apperr.FieldError{
			{Field: "categories[1].category", Code: "duplicate", Message: "Политика для категории «бензиновая газонокосилка» уже есть"},
			{Field: "articles[1].category", Code: "unknown_category", Message: "Для категории «Пылесос» нет политики: сначала задайте условия категории"},
		}},
		{"an override needs an article, a change, and no twin", func(b *Book) {
			b.Articles = append(b.Articles,
				ArticleOverride{Category: "Пылесос", Article: " эгк-1600", RefusalDays: new(7)},
				ArticleOverride{Category: "Пылесос", Article: ""})
		}, []apperr.FieldError{
			{Field: "articles[2].article", Code: "duplicate", Message: "Для артикула «эгк-1600» в этой категории уже есть свои условия"},
			{Field: "articles[3].article", Code: "required", Message: "Укажите артикул"},
			{Field: "articles[3].article", Code: "nothing_changed", Message: "Условия артикула ничего не меняют в политике категории"},
		}},
		{"an override is judged by the policy it leaves", func(b *Book) { b.Articles[0].Periods.ProductionMonths = 18 }, []apperr.FieldError{
			{Field: "articles[0].periods.productionMonths", Code: "shorter_than_sale",
				Message: "Срок от даты производства (18 мес.) не может быть короче срока от даты продажи (24 мес.)"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := mowerBook()
			c.edit(&b)
			err := b.Validate()
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid {
				t.Fatalf("got %v, want an Invalid *apperr.Error", err)
			}
			if !reflect.DeepEqual(e.Fields, c.want) {
				t.Errorf("fields\n got %#v\nwant %#v", e.Fields, c.want)
			}
		})
	}
}

func TestAPolicyTravelsAsJSONWithItsPairsNested(t *testing.T) {
	p := mowerBook().Categories[1].Policy
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"periods":{"saleMonths":24,"productionMonths":30},"preSale":{"covered":true,"maxMonths":0},"refusalDays":14,"repeatClaimMonths":0}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Policy
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("round trip gave %+v, %v", back, err)
	}
}
