package desk

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the country of numbers written without a country code.
// Centres serve Russian numbers mostly, but also Ukrainian, Belarusian and
// Kazakh ones, written with their country code.
const DefaultRegion = "RU"

var errNotPhone = errors.New("not a phone number")

// NormalizePhone parses a number as people write it — `8 (934) 734-12-34`,
// `+7 934 7341234`, `+375 29 123-45-67` — into E.164. The library keeps
// every country's numbering plan, so a number that cannot exist is refused
// rather than stored.
func NormalizePhone(s, region string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return "", errNotPhone
	}
	n, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", errNotPhone
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// FormatPhone shows a stored E.164 number the international way people
// read it (`+7 934 734-12-34`); anything unparsable is shown as it is.
func FormatPhone(e164 string) string {
	n, err := phonenumbers.Parse(e164, DefaultRegion)
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// phoneDigits are the digits of an E.164 number, without the plus.
func phoneDigits(e164 string) string { return strings.TrimPrefix(e164, "+") }
