package phone

import (
	"errors"
	"strings"
	"testing"
)

func TestNumbersOfTheCentresCountriesInAnyFormatBecomeE164(t *testing.T) {
	for in, want := range map[string]string{
		"8 (934) 734-12-34":   "+79347341234",
		"+7 934 7341234":      "+79347341234",
		"9347341234":          "+79347341234",
		"7 934 734 12 34":     "+79347341234",
		"+7 (495) 380-00-14":  "+74953800014",
		"+375 29 123-45-67":   "+375291234567",  // Belarus
		"+380 67 123 4567":    "+380671234567",  // Ukraine
		"+7 701 123 4567":     "+77011234567",   // Kazakhstan shares +7
		"8 701 123 45 67":     "+77011234567",   // a Kazakh mobile dialled in Russia
		"+998 90 123-45-67":   "+998901234567",  // Uzbekistan
		"+374 91 123456":      "+37491123456",   // Armenia
		"+996 555 123 456":    "+996555123456",  // Kyrgyzstan
		"+351 912 345 678":    "+351912345678",  // Portugal
		"+55 (11) 98765-4321": "+5511987654321", // Brazil, a mobile
		"+55 11 3456-7890":    "+551134567890",  // Brazil, a landline
		"00 380 67 123 4567":  "+380671234567",  // the international prefix
		"8 10 375 29 1234567": "+375291234567",  // the Russian international prefix
		"+44 20 7946 0958":    "+442079460958",  // a country not in the table stays as typed
		"+1 (212) 555-0100":   "+12125550100",
	} {
		got, err := Parse(in, "RU")
		if err != nil || got != want {
			t.Errorf("Parse(%q, RU) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "12", "телефон", "+7 000 000 00 00", "8 934 734 12 34 56 78"} {
		if got, err := Parse(bad, "RU"); err == nil {
			t.Errorf("Parse(%q, RU) = %q, want an error", bad, got)
		}
	}
}

func TestNumbersTypedWithoutACountryCodeBelongToTheRegion(t *testing.T) {
	cases := []struct{ in, region, want string }{
		{"029 123-45-67", "BY", "+375291234567"},
		{"8 029 123-45-67", "BY", "+375291234567"},
		{"067 123 4567", "UA", "+380671234567"},
		{"380 67 123 4567", "UA", "+380671234567"},
		{"8 701 123 45 67", "KZ", "+77011234567"},
		{"912 345 678", "PT", "+351912345678"},
		{"(11) 98765-4321", "BR", "+5511987654321"},
		{"091 123456", "AM", "+37491123456"},
	}
	for _, c := range cases {
		if got, err := Parse(c.in, c.region); err != nil || got != c.want {
			t.Errorf("Parse(%q, %s) = %q, %v; want %q", c.in, c.region, got, err, c.want)
		}
	}
	// A Ukrainian national number is no Russian one.
	if got, err := Parse("067 123 4567", "RU"); err == nil {
		t.Errorf("Parse(067 123 4567, RU) = %q, want an error", got)
	}
	// Without a known region only complete international numbers are read.
	if got, err := Parse("9347341234", ""); err == nil {
		t.Errorf("Parse(9347341234, \"\") = %q, want an error", got)
	}
	if got, err := Parse("+7 934 734-12-34", ""); err != nil || got != "+79347341234" {
		t.Errorf("Parse(+7 934 734-12-34, \"\") = %q, %v; want +79347341234", got, err)
	}
}

func TestParseRejectsWhatIsNotACompleteNumber(t *testing.T) {
	for name, in := range map[string]string{
		"too short for Russia":                  "8 934 734-1",
		"too long for Russia":                   "8 934 734-12-345",
		"nine national digits":                  "934 734 123",
		"too short for Belarus":                 "+375 29 123-45-6",
		"too long for Belarus":                  "+375 29 123-45-678",
		"too short for Ukraine":                 "+380 67 123 456",
		"too short for Armenia":                 "+374 91 12345",
		"too long for Brazil":                   "+55 11 98765-43210",
		"an unknown country with seven digits":  "+44 12345",
		"an unknown country with sixteen":       "+44 1234 5678 9012 34",
		"a country code beginning with 0":       "+0 123 456 789",
		"the trunk 8 after a plus":              "+8 934 734-12-34",
		"a national number beginning with 0":    "+375 09 123 45 67",
		"a Russian code that does not exist":    "+7 234 567-89-01",
		"letters among the digits":              "8 93four 734-12-34",
		"latin letters":                         "eight 934 7341234",
		"an extension in Russian":               "8 934 734-12-34 доб. 5",
		"an extension in English":               "+7 934 734-12-34 ext 5",
		"an extension after a comma":            "+7 934 734-12-34, 12",
		"an extension after a hash":             "+7 934 734-12-34 #12",
		"a plus in the middle":                  "8 934+7341234",
		"two pluses":                            "++79347341234",
		"separators only":                       " - ( ) ",
		"a plus alone":                          "+",
		"an HTML payload":                       "<b>89347341234</b>",
		"far more than anyone types":            "+7 934" + strings.Repeat(" ", 30) + "734-12-34",
		"digits padded past the bound":          "8" + strings.Repeat("-", 40) + "9347341234",
		"the international prefix and nothing":  "00",
		"the international prefix, a bad tail":  "00 375 29 12",
		"a national number after the trunk 0":   "0 934 734 12 34",
		"a country code without digits after":   "+380",
		"a Ukrainian number too short with 0":   "067 123 456",
		"only the trunk prefix":                 "8",
		"a non-digit number in another script":  "٨٩٣٤٧٣٤١٢٣٤",
		"a fullwidth number":                    "８９３４７３４１２３４",
		"the digits of a number and a slash":    "8/934/734/12/34",
		"an underscore between groups":          "8_934_734_12_34",
		"a number ending in a stray letter":     "89347341234a",
		"a Portuguese number typed as Russian":  "912 345 678",
		"a Brazilian national number in Russia": "0 11 98765-4321",
		"a number with a newline inside":        "8 934\n734-12-34",
		"an empty plus followed by separators":  "+ ()",
		"a Kyrgyz number one digit short":       "+996 555 123 45",
		"an Uzbek number one digit long":        "+998 90 123-45-678",
		"a Portuguese number one digit short":   "+351 912 345 67",
		"a Brazilian number with nine digits":   "+55 11 3456-789",
		"a number with a leading minus only":    "-",
		"an unknown country with a leading 0":   "+00 44 20 7946 0958",
		"an international prefix, then letters": "00 44 twenty",
	} {
		region := "RU"
		if got, err := Parse(in, region); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Parse(%q, %s) = %q, %v; want ErrInvalid", name, in, region, got, err)
		}
	}
}

// FuzzParse: whatever is typed, an accepted number is E.164 — a plus and 8
// to 15 digits — and reading it again, in any region, gives it back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"8 (934) 734-12-34", "+375 29 123-45-67", "00 380 67 123 4567", "8 10 44 20 7946 0958", "+", "810", "７"} {
		f.Add(s, "RU")
	}
	f.Add("029 123-45-67", "BY")
	f.Fuzz(func(t *testing.T, typed, region string) {
		got, err := Parse(typed, region)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q, %q): %v, want ErrInvalid", typed, region, err)
			}
			return
		}
		digits, ok := strings.CutPrefix(got, "+")
		if !ok || len(digits) < 8 || len(digits) > 15 || strings.Trim(digits, "0123456789") != "" {
			t.Fatalf("Parse(%q, %q) = %q, not E.164", typed, region, got)
		}
		for _, r := range []string{"", "RU", "BY", "BR"} {
			if again, err := Parse(got, r); err != nil || again != got {
				t.Fatalf("Parse(%q, %q) = %q, %v; want it back", got, r, again, err)
			}
		}
	})
}
