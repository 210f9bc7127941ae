// Package phone turns the many ways people write a Russian phone number into
// one stored form, E.164 (+79347341234), so numbers can be searched and
// compared, and formats it back for people.
package phone

import (
	"errors"
	"strings"
)

// ErrInvalid is returned for input that is not a Russian phone number; callers
// turn it into a field error for the user.
var ErrInvalid = errors.New("not a Russian phone number")

// separators are the characters people put between digits; they carry no meaning.
const separators = " \u00a0-\u2013().\t"

// Normalize accepts a Russian number as people write it — `8 (934) 734-12-34`,
// `+7 934 7341234`, `89347341234`, `7 934 734 12 34`, `9347341234` — and returns
// it in E.164, `+79347341234`. Letters, extensions, a misplaced plus, the wrong
// number of digits or a national number that cannot start a Russian code are
// rejected with ErrInvalid.
func Normalize(s string) (string, error) {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	var digits []byte
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case strings.ContainsRune(separators, r):
		default:
			return "", ErrInvalid
		}
	}
	switch {
	case len(digits) == 11 && digits[0] == '7':
		digits = digits[1:]
	case len(digits) == 11 && digits[0] == '8' && !plus: // the domestic trunk prefix
		digits = digits[1:]
	case len(digits) == 10 && !plus:
	default:
		return "", ErrInvalid
	}
	// Russian geographic codes start with 3, 4 or 8 and mobile ones with 9;
	// +7 6xx and +7 7xx belong to Kazakhstan.
	if !strings.ContainsRune("3489", rune(digits[0])) {
		return "", ErrInvalid
	}
	return "+7" + string(digits), nil
}

// Format shows a stored E.164 number the way Russian users read it,
// `+7 934 734-12-34`. Anything that is not a +7 number is returned unchanged,
// so showing a value never fails.
func Format(e164 string) string {
	national, ok := strings.CutPrefix(e164, "+7")
	if !ok || len(national) != 10 || strings.Trim(national, "0123456789") != "" {
		return e164
	}
	return "+7 " + national[:3] + " " + national[3:6] + "-" + national[6:8] + "-" + national[8:]
}
