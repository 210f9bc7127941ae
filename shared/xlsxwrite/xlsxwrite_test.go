package xlsxwrite

import "testing"

func TestSafeTextNeutralisesWhatCouldRunAsAFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+7 934 734-12-34", "'+7 934 734-12-34"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"Магазин «Ромашка»", "Магазин «Ромашка»"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SafeText(tt.in); got != tt.want {
			t.Errorf("SafeText(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
