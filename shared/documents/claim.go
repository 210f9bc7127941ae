package documents

import (
	"strconv"
	"strings"
	"time"

	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// Claim is a payer's (a factory's, a carrier's) month of entries as the
// claim document shows them: the same rows as the .xlsx on orders-api.
type Claim struct {
	Wholesaler Org
	Statement  ledger.PayerStatement
	// Centres names the entries' service centres (id → name).
	Centres  map[string]string
	At       time.Time
	Location *time.Location
}

// ClaimDocument is the wholesaler's claim to a payer for a month: one row
// per part of every entry, the total claimed, what is recovered, written
// off and still outstanding.
func ClaimDocument(in Claim) ([]byte, error) {
	st := in.Statement
	p, err := newPage("Претензия "+st.Month, in.At, in.Location)
	if err != nil {
		return nil, err
	}
	if err := p.header(in.Wholesaler, "", ""); err != nil {
		return nil, err
	}
	p.title("ПРЕТЕНЗИЯ ЗА "+strings.ToUpper(Month(st.Month)), "составлена "+Date(in.At, in.Location))
	to := st.Payer.Label()
	if st.Party != "" {
		to = st.Party
	}
	p.fields(field{"Кому", to})
	p.section("Гарантийные расходы")
	rows := [][]string{}
	for _, e := range st.Entries {
		lines := e.Lines
		if len(lines) == 0 {
			// A cost without parts (carriage, a carrier's loss) is one line.
			lines = []orders.Line{{Name: strings.TrimSpace(kindLabels[e.Kind] + " " + e.Note), Quantity: 1, Price: e.Amount}}
		}
		for _, l := range lines {
			part := l.Name
			if l.SchemeNumber != "" {
				part += " (поз. " + l.SchemeNumber + ")"
			}
			// A portrait page has no room for a column each: the act and its
			// day share one, the serial and the article another.
			rows = append(rows, []string{strconv.Itoa(len(rows) + 1), e.ActNumber + "\n" + Date(e.At, in.Location), in.Centres[e.ServiceCenterID],
				strings.TrimSpace(e.Serial + "\n" + e.Article), part, strconv.Itoa(l.Quantity), Money(l.Price), Money(l.Price * money.RUB(l.Quantity))})
		}
	}
	if len(rows) == 0 {
		rows = append(rows, []string{"", "", "записей нет", "", "", "", "", ""})
	}
	p.table([]column{{"№", 7, "C"}, {"Акт, дата", 24, "L"}, {"Сервисный центр", 32, "L"}, {"Серийный номер, артикул", 26, "L"},
		{"Запчасть", 35, "L"}, {"Кол.", 12, "R"}, {"Цена", 22, "R"}, {"Сумма", 22, "R"}}, rows)
	p.totals(
		field{"Итого по претензии:", Money(st.Total)},
		field{"Возмещено:", Money(st.Recovered)},
		field{"Списано:", Money(st.WrittenOff)},
		field{"К возмещению:", Money(st.Outstanding)},
	)
	p.signatures(field{"Оптовая компания", in.Wholesaler.Name}, field{"Получатель", to})
	return p.bytes()
}
