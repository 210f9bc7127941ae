package sheets

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/xlsxwrite"
)

// Cell is one cell's value (xlsxwrite.Cell, which the report writer writes
// back as it was read).
type Cell = xlsxwrite.Cell

// textCell makes a cell from a value that is already text, recognising the
// plain form of a number (see Cell.IsNumber).
func textCell(s string) Cell {
	c := Cell{Text: s}
	if s == "" || len(s) > 32 || !plainForm(s) {
		return c
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) &&
		strconv.FormatFloat(v, 'f', -1, 64) == s {
		c.Number, c.IsNumber = v, true
	}
	return c
}

// plainForm reports whether s has the shape of a float's %f form, digits
// with an optional minus and fraction: only such text can be a number's
// plain form, and ruling out the rest spares a failed parse per text cell.
func plainForm(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	dot := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
		case c == '.' && dot < 0 && i > 0:
			dot = i
		default:
			return false
		}
	}
	return len(s) > 0 && dot != len(s)-1
}

// numberCell makes a cell from a numeric value, as Excel shows it in a
// General cell: rounded to 15 significant digits, without an exponent.
func numberCell(v float64) Cell {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Cell{Text: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return Cell{Text: strconv.FormatFloat(r, 'f', -1, 64), Number: v, IsNumber: true}
}

// dateCell makes a cell from an Excel date serial in a date-formatted cell.
// Serials Excel cannot show as dates (negative ones) stay plain numbers.
func dateCell(serial float64, date1904 bool) Cell {
	t, err := excelDateToTime(serial, date1904)
	if err != nil || math.IsNaN(serial) || math.IsInf(serial, 0) {
		return numberCell(serial)
	}
	t = t.Round(time.Millisecond) // a serial's binary fraction is never an exact second
	c := numberCell(serial)
	c.Time, c.IsDate = t, true
	switch {
	case serial < 1:
		c.Text = t.Format("15:04:05")
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		c.Text = t.Format("02.01.2006")
	default:
		c.Text = t.Format("02.01.2006 15:04:05")
	}
	return c
}

// isBuiltInDateFormat reports whether a built-in number format id shows a
// date or time. Ids 27–36 and 50–58 are East Asian dates and 71–81 Thai ones;
// they are dates in every locale that defines them.
func isBuiltInDateFormat(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 ||
		id >= 50 && id <= 58 || id >= 71 && id <= 81
}

// isDateFormatCode reports whether a number format code shows a date or time,
// the way Excel decides it: a date or time token (y, m, d, h, s, or an elapsed
// [h], [mm], [ss]) in the first section, outside quoted text, escapes and
// other bracketed parts such as colours and locales.
func isDateFormatCode(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			end := strings.IndexByte(code[i+1:], '"')
			if end < 0 {
				return false
			}
			i += end + 1
		case '\\', '_', '*': // an escaped literal, or a padding character
			i++
		case ';':
			return false
		case '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				return false
			}
			if inner := strings.ToLower(code[i+1 : i+end]); inner != "" && strings.Trim(inner, "hms") == "" {
				return true
			}
			i += end
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}

// excelDateToTime is excelize's ExcelDateToTime, which the reader was
// first checked against and whose dates it keeps: the wall clock of a
// serial in the 1900 or 1904 date system, Julian before 1 March 1900 (with
// Excel's 29 February 1900), rounded to the second unless within half a
// millisecond of it. TestExcelDateToTimeMatchesExcelize holds the two equal.
func excelDateToTime(serial float64, date1904 bool) (time.Time, error) {
	if serial < 0 {
		return time.Time{}, fmt.Errorf("invalid date value %v, negative values are not supported", serial)
	}
	t := timeFromExcelTime(serial, date1904)
	if !date1904 && serial >= 1 && serial < 60 {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

var (
	excel1900Epoch = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	excel1904Epoch = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

func timeFromExcelTime(serial float64, date1904 bool) time.Time {
	whole := int(serial)
	if whole <= 61 {
		// Julian days: the modified Julian date's day 0, and the serial's
		// offset from it.
		const mjd0, offset1900, offset1904 = 2400000.5, 15018.0, 16480.0
		if date1904 {
			return julianToGregorian(mjd0, serial+offset1904)
		}
		return julianToGregorian(mjd0, serial+offset1900)
	}
	const roundEpsilon = 1e-9
	frac := serial - float64(whole) + roundEpsilon
	epoch := excel1900Epoch
	if date1904 {
		epoch = excel1904Epoch
	}
	t := epoch.AddDate(0, 0, whole).Add(time.Duration(float64(24*time.Hour) * frac))
	if t.Nanosecond()/1e6 > 500 {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}

func julianToGregorian(part1, part2 float64) time.Time {
	int1, frac1 := math.Modf(part1)
	int2, frac2 := math.Modf(part2)
	days, frac := int1+int2, frac1+frac2
	// Shift the Julian day, which starts at noon, to midnight.
	switch {
	case -0.5 < frac && frac < 0.5:
		frac += 0.5
	case frac >= 0.5:
		days++
		frac -= 0.5
	case frac <= -0.5:
		days--
		frac += 1.5
	}
	// Fliegel and Van Flandern's algorithm (CACM 11(10), 1968, p. 657).
	l := int(days) + 68569
	n := 4 * l / 146097
	l -= (146097*n + 3) / 4
	i := 4000 * (l + 1) / 1461001
	l = l - 1461*i/4 + 31
	j := 80 * l / 2447
	day := l - 2447*j/80
	l = j / 11
	month := j + 2 - 12*l
	year := 100*(n-49) + i + l
	// The fraction of the day to the microsecond, rounded.
	ns := int64(24*60*60*1e9*frac + 1e3/2)
	nanos := int((ns % 1e9) / 1e3 * 1e3)
	ns /= 1e9
	return time.Date(year, time.Month(month), day, int(ns/3600), int(ns/60%60), int(ns%60), nanos, time.UTC)
}
