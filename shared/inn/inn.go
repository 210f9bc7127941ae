// Package inn checks Russian taxpayer numbers (ИНН): the outlets a
// distributor loads carry them, and so do a service centre's requisites on
// its documents. One check, so both refuse the same numbers with the same
// words.
package inn

import "strings"

// Check reports what is wrong with s as a Russian INN, in Russian, or "":
// 10 digits for an organisation, 12 for a person (an individual
// entrepreneur too), a real region and valid check digits.
func Check(s string) string {
	if (len(s) != 10 && len(s) != 12) || strings.Trim(s, "0123456789") != "" {
		return "ИНН должен состоять из 10 или 12 цифр"
	}
	if s[:2] == "00" {
		return "ИНН не может начинаться с 00"
	}
	d := make([]int, len(s))
	for i := range s {
		d[i] = int(s[i] - '0')
	}
	check := func(weights ...int) int {
		sum := 0
		for i, w := range weights {
			sum += w * d[i]
		}
		return sum % 11 % 10
	}
	ok := false
	if len(s) == 10 {
		ok = check(2, 4, 10, 3, 5, 9, 4, 6, 8) == d[9]
	} else {
		ok = check(7, 2, 4, 10, 3, 5, 9, 4, 6, 8) == d[10] && check(3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8) == d[11]
	}
	if !ok {
		return "неверная контрольная сумма ИНН"
	}
	return ""
}
