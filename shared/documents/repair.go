// Package documents renders the printed documents in Russian as PDF: the
// intake receipt and the completion certificate of a repair order, the
// warranty act and a centre's monthly compensation statement. It is plain
// Go (the PDF writer, the Go fonts, a QR encoder), with no AWS and no
// storage: callers read what a document shows and pass it in. Only the
// documents function links it.
package documents

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/desk"
	"aftersales/shared/money"
	"aftersales/shared/phone"
)

// Repair is what both documents of a repair order show.
type Repair struct {
	Centre   Org
	Order    desk.Repair
	Customer desk.Customer
	Device   desk.Device
	// AcceptedBy and ExecutorName name the staff (full name, else login).
	AcceptedBy   string
	ExecutorName string
	// StatusURL is the customer's status page; empty: no QR code.
	StatusURL string
	// WarrantyDays is the centre's warranty on its repair (the certificate).
	WarrantyDays int
	// At is when the document is made: the certificate's date until the
	// order is handed over.
	At       time.Time
	Location *time.Location
}

// DefaultRepairWarrantyDays is the repair's own warranty until a centre
// sets its own: the usual 30 days on the work and the parts fitted.
const DefaultRepairWarrantyDays = 30

func (r Repair) device() string {
	t := strings.TrimSpace(r.Device.Category + " " + r.Device.Maker + " " + r.Device.Model)
	if t == "" {
		return r.Order.DeviceTitle
	}
	return t
}

// phones are the customer's numbers as Russian users read them.
func (r Repair) phones() string {
	out := make([]string, len(r.Customer.Phones))
	for i, p := range r.Customer.Phones {
		out[i] = phone.Format(p)
	}
	return strings.Join(out, ", ")
}

func (r Repair) customerFields() []field {
	return []field{
		{"ФИО / организация", r.Customer.Name},
		{"Телефон", r.phones()},
		{"E-mail", r.Customer.Email},
		{"Адрес", r.Customer.Address},
	}
}

func (r Repair) serial() string {
	if r.Device.Serial == "" {
		return "Б/Н"
	}
	return r.Device.Serial
}

// Receipt is the intake receipt (квитанция о приёме): the customer, the
// device, the complaint, appearance and completeness as taken in, the terms
// and both signatures.
func Receipt(r Repair) ([]byte, error) {
	o := r.Order
	p, err := newPage("Квитанция о приёме № "+o.Number, o.CreatedAt, r.Location)
	if err != nil {
		return nil, err
	}
	if err := p.header(r.Centre, r.StatusURL, "статус заказа"); err != nil {
		return nil, err
	}
	p.title("КВИТАНЦИЯ О ПРИЁМЕ В РЕМОНТ № "+o.Number, "от "+Date(o.CreatedAt, r.Location))
	p.section("Заказчик")
	p.fields(r.customerFields()...)
	p.section("Изделие")
	sale := ""
	if r.Device.SaleDate != "" {
		sale = Day(r.Device.SaleDate)
	}
	p.fields(
		field{"Наименование", r.device()},
		field{"Серийный номер", r.serial()},
		field{"Дата продажи", sale},
		field{"Продавец", r.Device.Seller},
		field{"Гарантийный талон", yesNo(r.Device.WarrantyCard)},
	)
	p.section("Приём")
	expected := ""
	if o.ExpectedDate != "" {
		expected = Day(o.ExpectedDate)
	}
	urgent := "обычный"
	if o.Urgent {
		urgent = "срочный"
	}
	p.fields(
		field{"Неисправность со слов заказчика", o.Complaint},
		field{"Внешний вид", o.Appearance},
		field{"Комплектность", o.Completeness},
		field{"Срочность", urgent},
		field{"Предварительная стоимость", Money(o.EstimatedCost)},
		field{"Ориентировочная готовность", expected},
		field{"Принял", r.AcceptedBy},
		field{"Мастер", r.ExecutorName},
	)
	p.section("Условия")
	p.paragraph(8.5, "1. Изделие принято без разборки и проверки внутренних повреждений; внешний вид и комплектность записаны со слов сторон при приёме. "+
		"2. Предварительная стоимость и срок ориентировочные; работы сверх предварительной стоимости выполняются после согласования с заказчиком. "+
		"3. Изделие выдаётся по этой квитанции или по документу, удостоверяющему личность заказчика. "+
		"4. О готовности изделия заказчику сообщают по телефону или e-mail, указанным выше.")
	p.signatures(field{"Сдал (заказчик)", r.Customer.Name}, field{"Принял (сервисный центр)", r.AcceptedBy})
	return p.bytes()
}

// Completion is the completion certificate (акт выполненных работ): the
// works and parts with their sums, the totals, what was paid and the
// repair's own warranty.
func Completion(r Repair) ([]byte, error) {
	o := r.Order
	at := r.At
	if o.HandedOverAt != nil {
		at = *o.HandedOverAt
	}
	p, err := newPage("Акт выполненных работ № "+o.Number, at, r.Location)
	if err != nil {
		return nil, err
	}
	if err := p.header(r.Centre, r.StatusURL, "статус заказа"); err != nil {
		return nil, err
	}
	p.title("АКТ ВЫПОЛНЕННЫХ РАБОТ № "+o.Number, "от "+Date(at, r.Location)+" к заказу № "+o.Number+" от "+Date(o.CreatedAt, r.Location))
	p.fields(
		field{"Заказчик", r.Customer.Name},
		field{"Телефон", r.phones()},
		field{"Изделие", r.device()},
		field{"Серийный номер", r.serial()},
		field{"Неисправность", o.Complaint},
		field{"Мастер", r.ExecutorName},
	)
	p.section("Выполненные работы")
	p.table(lineColumns("Работа"), lineRows(o.Works))
	p.section("Запасные части и материалы")
	p.table(lineColumns("Запасная часть"), lineRows(o.Parts))
	works, parts := lineSum(o.Works), lineSum(o.Parts)
	p.totals(
		field{"Работы:", Money(works)},
		field{"Запасные части:", Money(parts)},
		field{"Итого:", Money(o.Total())},
		field{"Оплачено:", Money(o.Paid())},
		field{"К оплате:", Money(max(o.Balance(), 0))},
	)
	days := r.WarrantyDays
	if days <= 0 {
		days = DefaultRepairWarrantyDays
	}
	p.section("Гарантия на ремонт")
	p.paragraph(9.5, fmt.Sprintf("Гарантия на выполненные работы и установленные запасные части — %d дн. со дня выдачи изделия, до %s включительно. "+
		"Гарантия не распространяется на повреждения, возникшие после выдачи по вине владельца.",
		days, Date(at.In(r.Location).AddDate(0, 0, days), r.Location)))
	p.paragraph(9.5, "Работы выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам работ не имеет.")
	p.signatures(field{"Исполнитель (сервисный центр)", r.ExecutorName}, field{"Заказчик", r.Customer.Name})
	return p.bytes()
}

func lineColumns(name string) []column {
	return []column{{"№", 10, "C"}, {name, 95, "L"}, {"Кол-во", 17, "R"}, {"Цена", 29, "R"}, {"Сумма", 29, "R"}}
}

func lineRows(lines []desk.Line) [][]string {
	if len(lines) == 0 {
		return [][]string{{"", "нет", "", "", ""}}
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{strconv.Itoa(i + 1), l.Name, strconv.Itoa(l.Quantity), Money(l.Price), Money(l.Price * money.RUB(l.Quantity))}
	}
	return rows
}

func lineSum(lines []desk.Line) money.RUB {
	var t money.RUB
	for _, l := range lines {
		t += l.Price * money.RUB(l.Quantity)
	}
	return t
}
