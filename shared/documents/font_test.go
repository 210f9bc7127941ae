package documents

import (
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The rebuilt character map keeps every character of the font on its own
// glyph and adds only «₽», on the glyph of «Р».
func TestTheRoubleSignIsTheOnlyCharacterAdded(t *testing.T) {
	patched, err := withRouble(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	before, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	after, err := sfnt.Parse(patched)
	if err != nil {
		t.Fatalf("the patched font does not parse: %v", err)
	}
	var b sfnt.Buffer
	glyph := func(f *sfnt.Font, r rune) sfnt.GlyphIndex {
		g, err := f.GlyphIndex(&b, r)
		if err != nil {
			t.Fatalf("%q: %v", r, err)
		}
		return g
	}
	mapped := 0
	for r := rune(1); r < 0xFFFF; r++ {
		want := glyph(before, r)
		if r == rouble {
			if want != 0 || glyph(after, r) != glyph(before, er) {
				t.Fatalf("₽: before %d, after %d, Р is %d", want, glyph(after, r), glyph(before, er))
			}
			continue
		}
		if got := glyph(after, r); got != want {
			t.Fatalf("%q moved from glyph %d to %d", r, want, got)
		}
		if want != 0 {
			mapped++
		}
	}
	if mapped < 600 {
		t.Fatalf("only %d characters mapped: not the Go font", mapped)
	}
}
