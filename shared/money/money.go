// Package money holds amounts of roubles as integer kopecks, so sums of part
// prices and compensation never suffer float rounding. It is a leaf package:
// acts (part prices) and orders (order and compensation lines) share it.
package money

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// RUB is an amount of roubles held as integer kopecks. In JSON it is a plain
// number with at most two decimals (780, 780.5, 780.05).
type RUB int64

// MarshalJSON writes the amount as a JSON number with no superfluous zeros.
func (m RUB) MarshalJSON() ([]byte, error) {
	return []byte(strings.TrimSuffix(strings.TrimRight(m.String(), "0"), ".")), nil
}

// UnmarshalJSON reads a JSON number exactly, without passing through float64.
// More than two significant decimals and exponents are refused rather than
// silently rounded, with a *json.UnmarshalTypeError: the decoder fills in
// the field's path, and JSONFormat says what the value must look like.
func (m *RUB) UnmarshalJSON(b []byte) error {
	kopecks, ok := parse(string(b))
	if !ok {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[RUB]()}
	}
	*m = kopecks
	return nil
}

// JSONFormat says, in Russian and English, what an amount looks like.
func (RUB) JSONFormat() (ru, en string) {
	return "сумма в рублях числом, не больше двух знаков после запятой (780 или 780.50)",
		"an amount of roubles as a number with at most two decimals (780 or 780.50)"
}

// parse reads an amount written as a plain decimal number (780, 780.5,
// -780.05); more than two significant decimals, exponents and amounts too
// large for kopecks in an int64 are not amounts.
func parse(s string) (RUB, bool) {
	digits := strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(digits, ".")
	frac = strings.TrimRight(frac, "0")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	if len(frac) > 2 {
		return 0, false
	}
	kopecks, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	if err != nil {
		return 0, false
	}
	if strings.HasPrefix(s, "-") {
		kopecks = -kopecks
	}
	return RUB(kopecks), true
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
