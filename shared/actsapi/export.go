package actsapi

import (
	"bytes"
	"cmp"
	"fmt"
	"iter"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/phone"
	"aftersales/shared/xlsxwrite"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportColumns are the export's columns, in the form's order, with the
// Russian headers users know from the act form.
var exportColumns = []struct {
	header string
	value  func(a acts.Act, loc *time.Location) any
}{
	{"Номер акта", func(a acts.Act, _ *time.Location) any { return a.Number }},
	{"Статус", func(a acts.Act, _ *time.Location) any { return a.Status.Label() }},
	{"Сервисный центр", func(a acts.Act, _ *time.Location) any { return cmp.Or(a.ServiceCenterName, a.ServiceCenterID) }},
	{"Создан", func(a acts.Act, loc *time.Location) any { return a.CreatedAt.In(loc) }},
	{"Отправлен на рассмотрение", func(a acts.Act, loc *time.Location) any { return timeIn(a.SubmittedAt, loc) }},
	{"Наименование", func(a acts.Act, _ *time.Location) any { return text(a.Category) }},
	{"Артикул", func(a acts.Act, _ *time.Location) any { return text(a.Article) }},
	{"Серийный номер", func(a acts.Act, _ *time.Location) any { return text(a.SerialNumber) }},
	{"Причина обращения", func(a acts.Act, _ *time.Location) any { return text(a.Complaint) }},
	{"Внешний вид", func(a acts.Act, _ *time.Location) any { return label(a.Appearance) }},
	{"Дата продажи", func(a acts.Act, _ *time.Location) any { return day(a.SaleDate) }},
	{"Принято в ремонт", func(a acts.Act, _ *time.Location) any { return day(a.AcceptedDate) }},
	{"Комплектация", func(a acts.Act, _ *time.Location) any { return label(a.Completeness) }},
	{"Гарантийный талон", func(a acts.Act, _ *time.Location) any { return yesNo(a.WarrantyCard) }},
	{"Внутренний номер акта", func(a acts.Act, _ *time.Location) any { return text(a.InternalNumber) }},
	{"Механик", func(a acts.Act, _ *time.Location) any { return text(a.Mechanic) }},
	{"Результаты диагностики", func(a acts.Act, _ *time.Location) any { return text(a.Diagnosis) }},
	{"Заключение СЦ", func(a acts.Act, _ *time.Location) any { return text(a.Conclusion) }},
	{"Гарантийный случай", func(a acts.Act, _ *time.Location) any { return yesNo(a.WarrantyCase) }},
	{"Запчасти", func(a acts.Act, _ *time.Location) any { return partsText(a.Parts) }},
	{"Стоимость запчастей", func(a acts.Act, _ *time.Location) any { return partsValue(a.Parts) }},
	{"Компенсация", func(a acts.Act, _ *time.Location) any { return amount(a.Compensation()) }},
	{"ФИО клиента", func(a acts.Act, _ *time.Location) any { return text(a.CustomerName) }},
	{"Телефон", func(a acts.Act, _ *time.Location) any { return nationalPhone(a.CustomerPhone) }},
	{"Организация-продавец", func(a acts.Act, _ *time.Location) any { return text(a.SellerOrganization) }},
	{"Сложность", func(a acts.Act, _ *time.Location) any { return number(a.Complexity) }},
	{"Состояние изделия", func(a acts.Act, _ *time.Location) any { return label(a.ProductState) }},
	{"Дата окончания ремонта", func(a acts.Act, _ *time.Location) any { return day(a.RepairEndDate) }},
	{"Отказ от ремонта в течение 14 дней", func(a acts.Act, _ *time.Location) any { return yesNo(a.Refusal14) }},
	{"Платный заказ", func(a acts.Act, _ *time.Location) any { return yesNo(a.PaidOrder) }},
}

// workbook writes the acts as one sheet. Every text goes through
// xlsxwrite.Write, which neutralises what a spreadsheet would run as a
// formula (= + - @).
func (a *API) workbook(list []acts.Act) ([]byte, error) {
	header := make([]string, len(exportColumns))
	for i, c := range exportColumns {
		header[i] = c.header
	}
	rows := func(yield func([]any, error) bool) {
		for _, act := range list {
			row := make([]any, len(exportColumns))
			for i, c := range exportColumns {
				row[i] = c.value(act, a.Location)
			}
			if !yield(row, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Акты", header, iter.Seq2[[]any, error](rows)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// label shows an enum choice in Russian, or nothing when it is not chosen.
func label[T interface{ Label() string }](v *T) string {
	if v == nil {
		return ""
	}
	return (*v).Label()
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "Да"
	}
	return "Нет"
}

func number(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// nationalPhone writes a phone as Russians dial it at home, 8 934 734-12-34:
// a cell starting with "+" would be neutralised as a possible formula.
// nationalPhone writes a stored +7 number as the seed's users type it,
// 89347341234: digits only, so a sheet's search and filter find it; it is a
// text cell, and starts with 8, never like a formula.
func nationalPhone(p *string) string {
	stored := text(p)
	if national, ok := strings.CutPrefix(stored, "+7"); ok && phone.Format(stored) != stored {
		return "8" + national
	}
	return stored
}

// partsValue is what the requested parts cost, price times quantity, as a
// money cell; nil when there are none.
func partsValue(parts []acts.Part) any {
	var total acts.Money
	for _, p := range parts {
		total += p.Price * acts.Money(p.Quantity)
	}
	return amount(total)
}

// amount is a sum as a money cell (a number shown in roubles), nil for none.
func amount(m acts.Money) any {
	if m == 0 {
		return nil
	}
	return xlsxwrite.Money(m)
}

// day is a form date as a spreadsheet date (midnight, shown DD.MM.YYYY).
// day is a date cell; a day before 1900, which a sheet cannot show as a
// date but an act may hold (the API takes any past day), is its text.
func day(d *acts.Date) any {
	if d == nil {
		return nil
	}
	t, _ := time.Parse(time.DateOnly, d.String())
	if t.Year() < 1900 {
		return t.Format("02.01.2006")
	}
	return t
}

func timeIn(t *time.Time, loc *time.Location) any {
	if t == nil {
		return nil
	}
	return t.In(loc)
}

// partsText is the parts request in one cell: «Коленвал ×1 (своя)»; the
// amounts are number cells of their own (partsValue, Компенсация).
func partsText(parts []acts.Part) string {
	rows := make([]string, len(parts))
	for i, p := range parts {
		rows[i] = fmt.Sprintf("%s ×%d", p.Name, p.Quantity)
		if p.OwnPart {
			rows[i] += " (своя)"
		}
	}
	return strings.Join(rows, "; ")
}
