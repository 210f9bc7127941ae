package phone

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"a number with the trunk 8 and brackets is accepted", "8 (934) 734-12-34", "+79347341234"},
		{"an international number with spaces is accepted", "+7 934 7341234", "+79347341234"},
		{"eleven bare digits starting with 8 are accepted", "89347341234", "+79347341234"},
		{"eleven digits starting with 7 without a plus are accepted", "7 934 734 12 34", "+79347341234"},
		{"ten national digits are accepted", "9347341234", "+79347341234"},
		{"an E.164 number stays as it is", "+79347341234", "+79347341234"},
		{"a Moscow landline is accepted", "+7 (495) 380-00-14", "+74953800014"},
		{"surrounding spaces and a non-breaking space are ignored", "  8\u00a0934 734-12-34 ", "+79347341234"},
		{"dots between groups are ignored", "8.934.734.12.34", "+79347341234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Normalize(%q) = %q, %v; want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"an empty string is rejected", ""},
		{"words are rejected", "позвоните Ивану"},
		{"an extension is rejected", "8 934 734-12-34 доб. 5"},
		{"too few digits are rejected", "934 734-12"},
		{"too many digits are rejected", "8 934 734-12-345"},
		{"a plus with the trunk 8 is rejected", "+8 934 734-12-34"},
		{"a plus with only ten digits is rejected", "+9347341234"},
		{"a plus in the middle is rejected", "8 934+7341234"},
		{"a Kazakh number is rejected", "+7 701 234-56-78"},
		{"a foreign country code is rejected", "+380 44 123 4567"},
		{"an HTML payload is rejected", "<b>89347341234</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Normalize(%q) = %q, %v; want ErrInvalid", tt.in, got, err)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"a mobile number is grouped for reading", "+79347341234", "+7 934 734-12-34"},
		{"a landline is grouped the same way", "+74953800014", "+7 495 380-00-14"},
		{"a value that is not E.164 is shown unchanged", "89347341234", "89347341234"},
		{"a short number is shown unchanged", "+7934", "+7934"},
		{"an empty value stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.in); got != tt.want {
				t.Errorf("Format(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
