package documents

import (
	"strings"
	"time"

	"aftersales/shared/money"
)

// Date writes a day as Russian documents do: ДД.ММ.ГГГГ, in loc.
func Date(t time.Time, loc *time.Location) string { return t.In(loc).Format("02.01.2006") }

// Day writes a calendar day given as YYYY-MM-DD as ДД.ММ.ГГГГ; anything
// else is written as it is.
func Day(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("02.01.2006")
}

// Money writes an amount as Russian documents do: 1 120,00 ₽ (thousands
// apart by a space, a decimal comma, the rouble sign).
func Money(m money.RUB) string {
	whole, frac, _ := strings.Cut(m.String(), ".")
	sign := ""
	if rest, ok := strings.CutPrefix(whole, "-"); ok {
		sign, whole = "-", rest
	}
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(d)
	}
	return sign + b.String() + "," + frac + " " + string(rouble)
}

// yesNo says a flag in Russian.
func yesNo(b bool) string {
	if b {
		return "да"
	}
	return "нет"
}

var monthsNominative = [...]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль",
	"август", "сентябрь", "октябрь", "ноябрь", "декабрь"}

// Month writes YYYY-MM as «декабрь 2026»; anything else as it is.
func Month(ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return monthsNominative[t.Month()-1] + " " + t.Format("2006")
}
