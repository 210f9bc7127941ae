// Package phone turns the many ways people write a phone number into one
// stored form, E.164 (+79347341234), so numbers can be searched and compared,
// and formats Russian ones back for people. Parse reads the numbers of the
// countries the centres' customers come from; Normalize, Russian numbers only.
package phone

import (
	"errors"
	"strings"
)

// ErrInvalid is returned for input that is not a phone number (for Normalize,
// not a Russian one); callers turn it into a field error for the user.
var ErrInvalid = errors.New("not a phone number")

// separators are the characters people put between digits; they carry no meaning.
const separators = " \u00a0-\u2013().\t"

// Normalize accepts a Russian number as people write it — `8 (934) 734-12-34`,
// `+7 934 7341234`, `89347341234`, `7 934 734 12 34`, `9347341234` — and returns
// it in E.164, `+79347341234`. What Parse rejects, and numbers of other
// countries (Kazakhstan's +7 6xx and +7 7xx included), are rejected with
// ErrInvalid: the acts are filed for Russian customers.
func Normalize(s string) (string, error) {
	e164, err := Parse(s, "RU")
	if err != nil {
		return "", err
	}
	// Russian geographic codes start with 3, 4 or 8 and mobile ones with 9.
	national, ok := strings.CutPrefix(e164, "+7")
	if !ok || !strings.ContainsRune("3489", rune(national[0])) {
		return "", ErrInvalid
	}
	return e164, nil
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
