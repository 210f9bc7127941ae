// Package money holds amounts of roubles as integer kopecks, so sums of part
// prices and compensation never suffer float rounding. It is a leaf package:
// acts (part prices) and orders (order and compensation lines) share it.
package money

import (
	"fmt"
	"strconv"
	"strings"

	"aftersales/shared/apperr"
)

// RUB is an amount of roubles held as integer kopecks. In JSON it is a plain
// number with at most two decimals (780, 780.5, 780.05).
type RUB int64

// MarshalJSON writes the amount as a JSON number with no superfluous zeros.
func (m RUB) MarshalJSON() ([]byte, error) {
	return []byte(strings.TrimSuffix(strings.TrimRight(m.String(), "0"), ".")), nil
}

// UnmarshalJSON reads a JSON number exactly, without passing through float64.
// More than two significant decimals and exponents are refused with an
// *apperr.Error rather than silently rounded.
func (m *RUB) UnmarshalJSON(b []byte) error {
	s := string(b)
	digits := strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(digits, ".")
	frac = strings.TrimRight(frac, "0")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return apperr.New(apperr.Invalid,
			fmt.Sprintf("Сумма «%s» должна быть числом, например 780 или 780.50", s),
			fmt.Sprintf("Amount %s must be a plain number such as 780 or 780.50", s))
	}
	if len(frac) > 2 {
		return apperr.New(apperr.Invalid,
			fmt.Sprintf("В сумме «%s» больше двух знаков после запятой", s),
			fmt.Sprintf("Amount %s has more than two decimals", s))
	}
	kopecks, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	if err != nil {
		return apperr.New(apperr.Invalid,
			fmt.Sprintf("Сумма «%s» слишком большая", s), fmt.Sprintf("Amount %s is too large", s))
	}
	if strings.HasPrefix(s, "-") {
		kopecks = -kopecks
	}
	*m = RUB(kopecks)
	return nil
}

// String shows the amount with both decimals, 780.00.
func (m RUB) String() string {
	u := uint64(m)
	sign := ""
	if m < 0 {
		u, sign = -u, "-"
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}
