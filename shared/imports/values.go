package imports

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Length limits of free-text fields. imports.md fixes the code and the name;
// the others only keep a stray paste of a whole document out of the directory.
const (
	maxCodeLen = 32
	maxNameLen = 200
	maxTextLen = 500
	maxIDLen   = 64 // route, territory and local codes
)

// checkCode reports what is wrong with an outlet code, or "".
func checkCode(s string) string {
	switch {
	case len(s) > maxCodeLen:
		return "код длиннее " + strconv.Itoa(maxCodeLen) + " символов"
	case strings.Trim(s, codeAlphabet) != "":
		return "в коде допустимы только латинские буквы, цифры, «_» и «-»"
	}
	return ""
}

// checkText reports a free-text value longer than max characters, or one
// holding control characters, or "".
func checkText(s string, max int) string {
	if n := utf8.RuneCountInString(s); n > max {
		return "длиннее " + strconv.Itoa(max) + " символов (" + strconv.Itoa(n) + ")"
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		return "содержит непечатаемые символы"
	}
	return ""
}

// parseDecimal reads a plain decimal with a point or a comma: "55.75",
// "55,75", "-0,5". No exponents, thousands separators, NaN or Inf.
func parseDecimal(s string) (float64, bool) {
	if s == "" || len(s) > 40 {
		return 0, false
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if body == "" || body == "." || strings.Trim(body, "0123456789.") != "" || strings.Count(body, ".") > 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// parseDate reads a calendar date written DD.MM.YYYY (D.M.YYYY too) or
// YYYY-MM-DD; the result is midnight UTC.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2.1.2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
