package documents

import (
	"strconv"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/orders"
	"aftersales/shared/phone"
)

// Act is what the warranty act's document shows: the act with its files
// and history, its orders, and both organisations.
type Act struct {
	Wholesaler Org
	Centre     Org
	Record     acts.Record
	Orders     []orders.Order
	At         time.Time
	Location   *time.Location
}

// WarrantyAct is the warranty act for the wholesaler's archive and the
// factory: its four sections as filed, the photos, the decision with its
// reasons, the parts orders and the parcels' tracking.
func WarrantyAct(in Act) ([]byte, error) {
	a := in.Record.Act
	number := a.Number
	if number == "" {
		number = "(черновик)"
	}
	p, err := newPage("Гарантийный акт № "+number, in.At, in.Location)
	if err != nil {
		return nil, err
	}
	if err := p.header(in.Wholesaler, "", ""); err != nil {
		return nil, err
	}
	filed := a.CreatedAt
	if a.SubmittedAt != nil {
		filed = *a.SubmittedAt
	}
	p.title("ГАРАНТИЙНЫЙ АКТ № "+number, "от "+Date(filed, in.Location)+", статус: "+a.Status.Label())
	p.fields(field{"Сервисный центр", strings.TrimSpace(in.Centre.Name + "; " + in.Centre.line())})

	f := a.Fields
	p.section("1. Изделие")
	p.fields(
		field{"Наименование", str(f.Category)},
		field{"Артикул", str(f.Article)},
		field{"Серийный номер", str(f.SerialNumber)},
		field{"Неисправность", str(f.Complaint)},
		field{"Внешний вид", label(f.Appearance)},
		field{"Дата продажи", date(f.SaleDate)},
		field{"Дата приёма", date(f.AcceptedDate)},
		field{"Комплектность", label(f.Completeness)},
		field{"Гарантийный талон", flag(f.WarrantyCard)},
	)
	p.section("2. Диагностика")
	complexity := ""
	if f.Complexity != nil {
		complexity = strconv.Itoa(*f.Complexity)
	}
	p.fields(
		field{"Внутренний номер", str(f.InternalNumber)},
		field{"Механик", str(f.Mechanic)},
		field{"Диагностика", str(f.Diagnosis)},
		field{"Заключение", str(f.Conclusion)},
		field{"Гарантийный случай", flag(f.WarrantyCase)},
	)
	p.section("3. Запрос запасных частей")
	cols := []column{{"№", 9, "C"}, {"Запасная часть", 63, "L"}, {"№ по схеме", 24, "L"}, {"Кол-во", 19, "R"},
		{"Своя", 13, "C"}, {"Цена", 26, "R"}, {"Сумма", 26, "R"}}
	rows := [][]string{}
	var total money.RUB
	for i, part := range f.Parts {
		sum := part.Price * money.RUB(part.Quantity)
		total += sum
		rows = append(rows, []string{strconv.Itoa(i + 1), part.Name, part.SchemeNumber, strconv.Itoa(part.Quantity),
			yesNo(part.OwnPart), Money(part.Price), Money(sum)})
	}
	if len(rows) == 0 {
		rows = append(rows, []string{"", "нет", "", "", "", "", ""})
	}
	p.table(cols, rows)
	p.totals(field{"Итого по запросу:", Money(total)})
	p.section("4. Дополнительная информация")
	p.fields(
		field{"Покупатель", str(f.CustomerName)},
		field{"Телефон покупателя", phone.Format(str(f.CustomerPhone))},
		field{"Торгующая организация", str(f.SellerOrganization)},
		field{"Сложность ремонта", complexity},
		field{"Состояние изделия", label(f.ProductState)},
		field{"Дата окончания ремонта", date(f.RepairEndDate)},
		field{"Отказ в течение 14 дней", flag(f.Refusal14)},
		field{"Платный заказ", flag(f.PaidOrder)},
	)

	p.section("Фотографии и документы")
	var photos [][]string
	for _, file := range in.Record.Files {
		if file.Status != acts.FileAttached {
			continue
		}
		photos = append(photos, []string{strconv.Itoa(len(photos) + 1), file.Kind.Label(), file.Name,
			Date(file.CreatedAt, in.Location), strconv.FormatInt((file.Size+1023)/1024, 10) + " КБ"})
	}
	if len(photos) == 0 {
		photos = [][]string{{"", "нет", "", "", ""}}
	}
	p.table([]column{{"№", 9, "C"}, {"Вид", 55, "L"}, {"Файл", 66, "L"}, {"Загружен", 25, "C"}, {"Размер", 25, "R"}}, photos)

	p.section("Решение")
	verdict := ""
	if a.Eligibility != nil {
		var reasons []string
		for _, r := range a.Eligibility.Reasons {
			reasons = append(reasons, r.Message)
		}
		verdict = strings.Join(reasons, "; ")
		if verdict == "" {
			verdict = "замечаний нет"
		}
	}
	p.fields(decisions(in.Record.History, in.Location)...)
	p.fields(field{"Проверка гарантии", verdict})

	p.section("Заказы запасных частей")
	orderRows := [][]string{}
	for _, o := range in.Orders {
		orderRows = append(orderRows, []string{Date(o.CreatedAt, in.Location), o.Payer.Label(), o.Status.Label(),
			Money(orders.Sum(o.Lines)), Money(orders.Sum(o.Compensation))})
	}
	if len(orderRows) == 0 {
		orderRows = append(orderRows, []string{"", "нет", "", "", ""})
	}
	p.table([]column{{"Дата", 25, "C"}, {"Плательщик", 50, "L"}, {"Статус", 41, "L"}, {"Отгрузка", 32, "R"}, {"Компенсация", 32, "R"}}, orderRows)

	p.section("Отслеживание отправлений")
	parcels := [][]string{}
	for _, pc := range a.Parcels {
		parcels = append(parcels, []string{pc.Carrier, pc.TrackingNumber, pc.TrackingURL})
	}
	if len(parcels) == 0 {
		parcels = append(parcels, []string{"нет", "", ""})
	}
	p.table([]column{{"Перевозчик", 40, "L"}, {"Трек-номер", 45, "L"}, {"Страница отслеживания", 95, "L"}}, parcels)
	p.signatures(field{"Сервисный центр", str(f.Mechanic)}, field{"Менеджер оптовой компании", ""})
	return p.bytes()
}

// decisions are the act's status moves that carry a reason or reach a
// decision, oldest first.
func decisions(history []acts.Event, loc *time.Location) []field {
	var out []field
	for _, e := range history {
		if e.Type != acts.EventStatus {
			continue
		}
		text := e.From.Label() + " → " + e.To.Label()
		if e.Reason != "" {
			text += ": " + e.Reason
		}
		if e.ActorName != "" {
			text += " (" + e.ActorName + ")"
		}
		out = append(out, field{Date(e.At, loc), text})
	}
	if len(out) == 0 {
		out = append(out, field{"Решение", "ещё не принято"})
	}
	return out
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func flag(b *bool) string {
	if b == nil {
		return ""
	}
	return yesNo(*b)
}

func date(d *acts.Date) string {
	if d == nil {
		return ""
	}
	return Day(d.String())
}

func label[T interface{ Label() string }](v *T) string {
	if v == nil {
		return ""
	}
	return (*v).Label()
}

// Statement is a centre's month of compensation as its document shows it.
type Statement struct {
	Wholesaler Org
	Centre     Org
	Statement  ledger.Statement
	// ActNumbers names the acts of the entries (act id → number).
	ActNumbers map[string]string
	At         time.Time
	Location   *time.Location
}

var kindLabels = map[ledger.Kind]string{ledger.KindPartsShipped: "Запчасти отгружены", ledger.KindOwnPart: "Свои запчасти центра",
	ledger.KindShipping: "Доставка", ledger.KindCarrierClaim: "Утрата при перевозке"}

// CompensationStatement is the monthly statement of a centre: every entry
// of the month with its payer, what the wholesaler owes the centre for its
// own parts, what the centre owes for its paid orders, and the balance.
func CompensationStatement(in Statement) ([]byte, error) {
	st := in.Statement
	p, err := newPage("Сверка компенсаций "+st.Month, in.At, in.Location)
	if err != nil {
		return nil, err
	}
	if err := p.header(in.Wholesaler, "", ""); err != nil {
		return nil, err
	}
	p.title("АКТ СВЕРКИ КОМПЕНСАЦИЙ ЗА "+strings.ToUpper(Month(st.Month)), "составлен "+Date(in.At, in.Location))
	p.fields(field{"Сервисный центр", in.Centre.Name}, field{"Реквизиты", in.Centre.line()})
	p.section("Записи месяца")
	rows := [][]string{}
	for i, e := range st.Entries {
		act := in.ActNumbers[e.ActID]
		if act == "" {
			act = e.ActID
		}
		if act == "" {
			act = "отгрузка " + e.ShipmentID
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), Date(e.At, in.Location), act, kindLabels[e.Kind], e.Payer.Label(), Money(e.Amount)})
	}
	if len(rows) == 0 {
		rows = append(rows, []string{"", "", "записей нет", "", "", ""})
	}
	p.table([]column{{"№", 9, "C"}, {"Дата", 23, "C"}, {"Акт", 32, "L"}, {"Вид", 42, "L"}, {"Плательщик", 42, "L"}, {"Сумма", 32, "R"}}, rows)
	balanceLabel, balance := "К выплате сервисному центру:", st.Owed-st.Owes
	if balance < 0 {
		balanceLabel, balance = "К оплате сервисным центром:", -balance
	}
	p.totals(
		field{"Компенсация своих запчастей центра:", Money(st.Owed)},
		field{"Расходы за счёт центра:", Money(st.Owes)},
		field{balanceLabel, Money(balance)},
	)
	p.signatures(field{"Оптовая компания", in.Wholesaler.Name}, field{"Сервисный центр", in.Centre.Name})
	return p.bytes()
}
