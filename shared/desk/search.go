package desk

import (
	"strings"
	"unicode"
)

// Query is what a receptionist's typing asks the store for. Each non-empty
// part is one lookup; the store runs them together and reads the customers
// and devices found in one batch.
type Query struct {
	// PhoneSuffix are the last digits of a phone (the whole number's digits
	// when a complete number was typed), at least MinPhoneDigits.
	PhoneSuffix string
	// NameToken is the longest typed word, lower case: names are indexed
	// by each of their words, so «иван» finds «Петров Иван».
	NameToken string
	// NameWords are all typed words; a found customer must have a name
	// word starting with each.
	NameWords []string
	// SerialPrefix is the typed text as a serial's beginning.
	SerialPrefix string
}

// Search bounds: fewer typed characters would match half the centre.
const (
	MinPhoneDigits = 3
	MinNameRunes   = 2
	MinSerialRunes = 2
	// SearchLimit is how many customers and devices one search returns at most.
	SearchLimit = 20
)

// Empty reports whether the typed text asks for nothing yet.
func (q Query) Empty() bool { return q.PhoneSuffix == "" && q.NameToken == "" && q.SerialPrefix == "" }

// ParseQuery reads typed text. Text made of digits and a phone's
// separators is a phone — a complete number in any format is normalized
// first, so «8 (934) 734-12-34» finds +79347341234, and a shorter run of
// digits is the number's end — and also a serial's beginning, since
// serials can be all digits. Anything with letters is a name and a serial.
func ParseQuery(text, region string, phones Phones) Query {
	text = strings.TrimSpace(text)
	var q Query
	if isPhoneLike(text) {
		digits := onlyDigits(text)
		if e164, err := phones(text, region); err == nil {
			digits = phoneDigits(e164)
		}
		if len(digits) >= MinPhoneDigits {
			q.PhoneSuffix = digits
		}
	} else {
		q.NameWords = NameWords(text)
		for _, w := range q.NameWords {
			if len([]rune(w)) > len([]rune(q.NameToken)) {
				q.NameToken = w
			}
		}
		if len([]rune(q.NameToken)) < MinNameRunes {
			q.NameToken, q.NameWords = "", nil
		}
	}
	if s := NormalizeSerial(text); len([]rune(s)) >= MinSerialRunes {
		q.SerialPrefix = s
	}
	return q
}

// NameWords are a name's words as indexed and searched: lower case, ё as е,
// split at blanks, hyphens and dots.
func NameWords(name string) []string {
	name = strings.ReplaceAll(strings.ToLower(name), "ё", "е")
	return strings.FieldsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '.' || r == ','
	})
}

// MatchesName reports whether every typed word begins some word of name.
func (q Query) MatchesName(name string) bool {
	words := NameWords(name)
	for _, typed := range q.NameWords {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, typed) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// phoneDigits are the digits of an E.164 number, without the plus.
func phoneDigits(e164 string) string { return strings.TrimPrefix(e164, "+") }

func isPhoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ -().\u00a0", r):
		default:
			return false
		}
	}
	return digits > 0
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Found is what one search returns: customers (by phone or name) and
// devices (by serial), each at most SearchLimit, with each device's owner
// among Owners.
type Found struct {
	Customers []Customer
	Devices   []Device
	Owners    map[string]Customer
}
