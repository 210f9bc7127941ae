package sheets

import "testing"

func TestIsDateFormatCodeFollowsExcel(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"dd.mm.yyyy", true},
		{"DD.MM.YYYY HH:MM", true},
		{"[$-419]d mmmm yyyy", true},
		{"[h]:mm:ss", true},
		{"mm:ss.0", true},
		{"h:mm AM/PM", true},
		{"General", false},
		{"0.00", false},
		{"#,##0.00 [$₽-419]", false},
		{"[Red]0.00;[Blue]-0.00", false},
		{`0" шт."`, false},
		{`0" days"`, false},
		{`0\d`, false},
		{"0.00E+00", false},
		{"0%", false},
		{"@", false},
		{`0;"dd"`, false},
		{`"unterminated`, false},
		{"[unterminated", false},
	}
	for _, tt := range tests {
		if got := isDateFormatCode(tt.code); got != tt.want {
			t.Errorf("isDateFormatCode(%q): got %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestNumberCellShowsNumbersAsExcelDoes(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{7707083893, "7707083893"},
		{500100732259, "500100732259"},
		{12345, "12345"},
		{0.1 + 0.2, "0.3"},
		{-12.5, "-12.5"},
		{1e20, "100000000000000000000"},
		{1.5e-7, "0.00000015"},
	}
	for _, tt := range tests {
		if got := numberCell(tt.v).Text; got != tt.want {
			t.Errorf("numberCell(%v): got %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestTextCellRecognisesOnlyThePlainFormOfANumber(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"123", true},
		{"-1.5", true},
		{"00123", false},
		{"1,5", false},
		{"1.50", false},
		{" 12", false},
		{"1e5", false},
		{"NaN", false},
		{"+Inf", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := textCell(tt.s).IsNumber; got != tt.want {
			t.Errorf("textCell(%q).IsNumber: got %v, want %v", tt.s, got, tt.want)
		}
	}
}
