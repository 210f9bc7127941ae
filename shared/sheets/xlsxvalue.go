package sheets

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file turns a stored .xlsx cell value into a Cell exactly as the
// excelize path did: excelize's Rows().Columns() (getValueFrom,
// getCellDefault, getCellDate, bstrUnmarshal) with every style's number
// format replaced by "unformatted", except date formats, which rendered the
// serial with `0.##########`. Each function names the excelize code it
// follows; FuzzFastReaderMatchesExcelize holds them to it.

// cellKind is a cell's t attribute as excelize's getValueFrom tells them
// apart.
type cellKind uint8

const (
	kindNumber  cellKind = iota // no t, "n", "e" or anything else: getCellDefault
	kindBool                    // "b"
	kindISODate                 // "d"
	kindShared                  // "s"
	kindFormula                 // "str": the value as stored
	kindInline                  // "inlineStr"
)

func cellKindOf(t []byte) cellKind {
	switch string(t) {
	case "b":
		return kindBool
	case "d":
		return kindISODate
	case "s":
		return kindShared
	case "str":
		return kindFormula
	case "inlineStr":
		return kindInline
	}
	return kindNumber
}

// numberValue is the cell made of a number cell's stored value v (excelize's
// getCellDefault: numbers as %f, or with 15 significant digits when longer),
// a date when its style shows one.
func numberValue(v []byte, date bool, date1904 bool) Cell {
	if f, ok := plainNumber(v); ok {
		if date {
			return dateValue(string(v), date1904)
		}
		return Cell{Text: string(v), Number: f, IsNumber: true}
	}
	s := excelNumber(string(v))
	if date && isNumeric(s) {
		return dateValue(s, date1904)
	}
	return textCell(s)
}

// plainNumber recognises the common stored number that excelize leaves as
// it is: digits with an optional sign and fraction, no leading or trailing
// zeros, fifteen characters at most. Such a string is the shortest form of
// its float64, so formatting the parsed value gives it back.
func plainNumber(v []byte) (float64, bool) {
	digits := v
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(v) > 15 || len(digits) == 0 || digits[0] == '0' && len(digits) > 1 && digits[1] != '.' {
		return 0, false
	}
	dot := -1
	for i, c := range digits {
		switch {
		case '0' <= c && c <= '9':
		case c == '.' && dot < 0 && i > 0:
			dot = i
		default:
			return 0, false
		}
	}
	if dot >= 0 && (dot == len(digits)-1 || digits[len(digits)-1] == '0') {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || f == 0 && v[0] == '-' {
		return 0, false
	}
	return f, true
}

// excelNumber is excelize's getCellDefault.
func excelNumber(v string) string {
	isNum, precision, decimal := numeric(v)
	if !isNum {
		return v
	}
	if precision > 15 && !isNumWithinPrecision(v) {
		return strconv.FormatFloat(decimal, 'G', 15, 64)
	}
	return strconv.FormatFloat(decimal, 'f', -1, 64)
}

// numeric is excelize's isNumeric: whether s parses as a float, and how
// many characters other than a point its %f form has.
func numeric(s string) (bool, int, float64) {
	if strings.Contains(s, "_") {
		return false, 0, 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false, 0, 0
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	return true, len(plain) - strings.Count(plain, "."), f
}

func isNumeric(s string) bool {
	ok, _, _ := numeric(s)
	return ok
}

// isNumWithinPrecision is excelize's: an integer zero-filled after Excel's
// fifteen significant digits.
func isNumWithinPrecision(s string) bool {
	if strings.ContainsAny(s, ".Ee") {
		return false
	}
	s = strings.TrimLeft(s, "+-0")
	return len(strings.TrimRight(s, "0")) <= 15
}

// dateValue is the cell of a date-formatted cell holding the numeric text
// v, dated from the serial the excelize path rendered for it.
func dateValue(v string, date1904 bool) Cell {
	serial := renderedSerial(v)
	if n, err := strconv.ParseFloat(serial, 64); err == nil {
		return dateCell(n, date1904)
	}
	return textCell(serial)
}

// renderedSerial is how excelize's number formatter renders the numeric
// text v with the format `0.##########` (numberHandler, then
// printNumberLiteral, which adds nothing else): the absolute value rounded
// to at most ten decimals, or cut there when it has more than fifteen
// digits in all; a sign when v is negative or NaN.
func renderedSerial(v string) string {
	number, _ := strconv.ParseFloat(v, 64)
	sign := ""
	if !(number >= 0) {
		sign = "-"
	}
	parts := strings.Split(strconv.FormatFloat(math.Abs(number), 'f', -1, 64), ".")
	intLen, fracLen := len(parts[0]), 0
	if len(parts) == 2 {
		fracLen = min(len(parts[1]), 10)
	}
	if intLen+fracLen > 15 {
		if _, precision, decimal := numeric(v); precision > 15 {
			return sign + bigNumber(decimal, fracLen)
		}
	}
	width := intLen + fracLen
	if fracLen > 0 {
		width++
	}
	ratio := math.Pow(10, float64(fracLen))
	return sign + fmt.Sprintf("%0*.*f", width, fracLen, math.Abs(math.Round(number*ratio)/ratio))
}

// bigNumber is excelize's printBigNumber for that format: the %f form cut
// to fracLen decimals.
func bigNumber(decimal float64, fracLen int) string {
	result := strings.TrimLeft(strconv.FormatFloat(decimal, 'f', -1, 64), "-")
	if fracLen > 0 {
		if parts := strings.Split(result, "."); len(parts) == 2 {
			if len(parts[1]) < fracLen {
				result += strings.Repeat("0", fracLen-len(parts[1]))
			}
			if len(parts[1]) > fracLen {
				result = parts[0] + "." + parts[1][:fracLen]
			}
		} else {
			result += "." + strings.Repeat("0", fracLen)
		}
	}
	return result
}

// isoDateValue is excelize's getCellDate: an ISO 8601 date cell becomes its
// serial with 15 significant digits, left as stored when it does not parse.
func isoDateValue(v string) string {
	layout := "20060102T150405.999"
	if strings.HasSuffix(v, "Z") {
		layout = "20060102T150405Z"
		if strings.Contains(v, "-") {
			layout = "2006-01-02T15:04:05Z"
		}
	} else if strings.Contains(v, "-") {
		layout = "2006-01-02 15:04:05Z"
	}
	if t, err := time.Parse(layout, strings.ReplaceAll(v, ",", ".")); err == nil {
		return strconv.FormatFloat(timeToExcelTime(t), 'G', 15, 64)
	}
	return v
}

// timeToExcelTime is excelize's, for the 1900 date system it always uses
// for ISO dates.
func timeToExcelTime(t time.Time) float64 {
	const (
		day         = 24 * time.Hour
		maxDuration = 290 * 364 * day
	)
	epoch := time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	if t.Before(epoch) {
		return 0
	}
	tt, diff, result := t, t.Sub(epoch), 0.0
	for diff >= maxDuration {
		result += float64(maxDuration / day)
		tt = tt.Add(-maxDuration)
		diff = tt.Sub(epoch)
	}
	rem := diff % day
	result += float64(diff-rem)/float64(day) + float64(rem)/float64(day)
	// Excel counts 29 February 1900, which never was.
	if t.After(time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)) {
		result++
	}
	return result
}

// bstrUnmarshal is excelize's: it decodes the _xHHHH_ escapes Office writes
// for characters XML cannot carry (_x005F_ is a literal underscore); an
// escape of a surrogate half decodes to nothing.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for i := 0; i+7 <= len(s); {
		if s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' || !isHex4(s[i+2:i+6]) {
			i++
			continue
		}
		b.WriteString(s[cursor:i])
		if r, _ := strconv.ParseUint(s[i+2:i+6], 16, 32); utf8.ValidRune(rune(r)) {
			b.WriteRune(rune(r))
		}
		i += 7
		cursor = i
	}
	b.WriteString(s[cursor:])
	return b.String()
}

func isHex4(s string) bool {
	for i := range 4 {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
