package intl

import "testing"

func TestNumbersOfTheCentresCountriesInAnyFormatBecomeE164(t *testing.T) {
	for in, want := range map[string]string{
		"8 (934) 734-12-34": "+79347341234",
		"+7 934 7341234":    "+79347341234",
		"9347341234":        "+79347341234",
		"+375 29 123-45-67": "+375291234567", // Belarus
		"+380 67 123 4567":  "+380671234567", // Ukraine
		"+7 701 123 4567":   "+77011234567",  // Kazakhstan shares +7
	} {
		got, err := Normalize(in, "RU")
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "12", "телефон", "+7 000 000 00 00", "8 934 734 12 34 56 78"} {
		if got, err := Normalize(bad, "RU"); err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", bad, got)
		}
	}
}
