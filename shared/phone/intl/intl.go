// Package intl reads phone numbers of any country, as people write them,
// into E.164 with github.com/nyaruka/phonenumbers, which keeps every
// country's numbering plan. The front desk serves Russian, Ukrainian,
// Belarusian and Kazakh customers; shared/phone's hand-written parser knows
// Russian numbers only and stays with the acts. It lives apart so that only
// the functions that read typed numbers link the library and its tables.
package intl

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalid is returned for text that is not a number that can exist.
var ErrInvalid = errors.New("not a phone number")

// maxTyped bounds what is worth parsing.
const maxTyped = 40

// Normalize parses a number as people write it — `8 (934) 734-12-34`,
// `+7 934 7341234`, `+375 29 123-45-67` — into E.164; region (ISO 3166,
// "RU") decides numbers written without a country code.
func Normalize(s, region string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxTyped {
		return "", ErrInvalid
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}
