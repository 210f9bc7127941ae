// Package russian holds the grammar the system's Russian texts need: the
// one pluralisation rule (1 день, 2 дня, 5 дней, 21 день, 11 дней) and
// periods said in the case their sentence asks for («у вас будет 3 дня»,
// «в течение 3 дней»), so no screen or mail says «3 дня» where «3 дней» is
// meant.
package russian

import (
	"fmt"
	"time"
)

// Plural picks the form for n: one (1, 21, 101), few (2–4, 22–24) or many
// (0, 5–20, 11–14, 25…).
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	n %= 100
	switch {
	case n >= 11 && n <= 14:
		return many
	case n%10 == 1:
		return one
	case n%10 >= 2 && n%10 <= 4:
		return few
	}
	return many
}

// Count says n with its noun: «1 акт», «3 акта», «5 актов».
func Count(n int, one, few, many string) string {
	return fmt.Sprintf("%d %s", n, Plural(n, one, few, many))
}

// Period says a duration in whole days («3 дня») or, when it is not whole
// days, in hours («36 часов»), in the nominative (and accusative): «у вас
// будет 3 дня», «за 3 дня».
func Period(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return Count(int(d/(24*time.Hour)), "день", "дня", "дней")
	}
	return Count(int(d.Round(time.Hour)/time.Hour), "час", "часа", "часов")
}

// PeriodGenitive is Period after «в течение», «дольше», «более»: «в течение
// 3 дней», «дольше 1 дня», «в течение 21 часа».
func PeriodGenitive(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return Count(int(d/(24*time.Hour)), "дня", "дней", "дней")
	}
	return Count(int(d.Round(time.Hour)/time.Hour), "часа", "часов", "часов")
}
