package phone

import "strings"

// country is what the normaliser knows of one numbering plan the centres
// meet: enough to tell a complete number from a typing slip, not every
// operator's ranges. A small table keeps this in plain Go; a full library's
// every-country metadata cost the front desk's binary 9 MB.
type country struct {
	code    string // the country calling code, without the plus
	regions string // the ISO 3166 regions that dial it, space-separated
	lengths []int  // the national significant number's possible lengths
	// first are the digits a national number may begin with; "" is any
	// but 0 (no plan here starts a national number with 0).
	first string
	// trunks are the domestic prefixes typed before a national number
	// (8 in Russia, 0 in Ukraine), longest first.
	trunks []string
}

// countries are the plans of the customers the centres serve: Russia and
// Kazakhstan (sharing +7; Russian codes start with 3, 4, 8 or 9, Kazakh ones
// with 6 or 7), the neighbours whose numbers front desks meet, and Portugal
// and Brazil, whose centres use the product too.
var countries = []country{
	{code: "7", regions: "RU KZ", lengths: []int{10}, first: "346789", trunks: []string{"8"}},
	{code: "375", regions: "BY", lengths: []int{9}, trunks: []string{"80", "8", "0"}},
	{code: "380", regions: "UA", lengths: []int{9}, trunks: []string{"0"}},
	{code: "998", regions: "UZ", lengths: []int{9}, trunks: []string{"8"}},
	{code: "374", regions: "AM", lengths: []int{8}, trunks: []string{"0"}},
	{code: "996", regions: "KG", lengths: []int{9}, trunks: []string{"0"}},
	{code: "351", regions: "PT", lengths: []int{9}},
	{code: "55", regions: "BR", lengths: []int{10, 11}, trunks: []string{"0"}},
}

// Bounds of a number of a country not in the table (E.164 allows 15 digits
// with the country code), and of what is worth reading at all. No country
// code begins with 0, nor with 89 (a spare range), which is what the
// Russian «+8 9xx» slip would make.
const (
	minOther = 8
	maxOther = 15
	maxTyped = 40
)

// Parse reads a phone number as people type it — `8 (934) 734-12-34`,
// `+7 934 7341234`, `9347341234`, `+375 29 123-45-67`, `00 380 67 123 4567` —
// into E.164. region (ISO 3166, "RU") is the country of a number typed
// without a country code. A number with a plus whose country is not in the
// table is kept as written if it has 8 to 15 digits. Letters (extensions
// included), a misplaced plus and digits that make no number of the country
// are rejected with ErrInvalid.
func Parse(typed, region string) (string, error) {
	s := strings.TrimSpace(typed)
	if len(s) > maxTyped {
		return "", ErrInvalid
	}
	plus := strings.HasPrefix(s, "+")
	digits, ok := onlyDigits(strings.TrimPrefix(s, "+"))
	if !ok || digits == "" {
		return "", ErrInvalid
	}
	if plus {
		return international(digits)
	}
	home, known := homeCountry(region)
	if known {
		if e164, ok := home.national(digits); ok {
			return e164, nil
		}
		// The country code typed without its plus: «7 934 734 12 34».
		if rest, ok := strings.CutPrefix(digits, home.code); ok && home.valid(rest) {
			return "+" + digits, nil
		}
	}
	// The international call prefixes: 00 nearly everywhere, 8 10 from
	// Russian and Kazakh phones.
	if rest, ok := strings.CutPrefix(digits, "00"); ok {
		return international(rest)
	}
	if rest, ok := strings.CutPrefix(digits, "810"); ok && home.code == "7" {
		return international(rest)
	}
	return "", ErrInvalid
}

// onlyDigits drops the separators people type between digits; false when
// anything else is there.
func onlyDigits(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(separators, r):
		default:
			return "", false
		}
	}
	return b.String(), true
}

// international reads the digits after a plus: country code, then the
// national number.
func international(digits string) (string, error) {
	for _, c := range countries {
		if rest, ok := strings.CutPrefix(digits, c.code); ok {
			if !c.valid(rest) {
				return "", ErrInvalid
			}
			return "+" + digits, nil
		}
	}
	if len(digits) < minOther || len(digits) > maxOther || digits[0] == '0' || strings.HasPrefix(digits, "89") {
		return "", ErrInvalid
	}
	return "+" + digits, nil
}

func homeCountry(region string) (country, bool) {
	for _, c := range countries {
		if region != "" && strings.Contains(" "+c.regions+" ", " "+region+" ") {
			return c, true
		}
	}
	return country{}, false
}

// national reads a number typed as at home: the national number, or a trunk
// prefix and the national number.
func (c country) national(digits string) (string, bool) {
	if c.valid(digits) {
		return "+" + c.code + digits, true
	}
	for _, t := range c.trunks {
		if rest, ok := strings.CutPrefix(digits, t); ok && c.valid(rest) {
			return "+" + c.code + rest, true
		}
	}
	return "", false
}

// valid reports whether digits can be a national significant number here.
func (c country) valid(digits string) bool {
	if digits == "" || digits[0] == '0' || (c.first != "" && !strings.ContainsRune(c.first, rune(digits[0]))) {
		return false
	}
	for _, n := range c.lengths {
		if len(digits) == n {
			return true
		}
	}
	return false
}
