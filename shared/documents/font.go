package documents

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The Go fonts cover Cyrillic (WGL4) but have no rouble sign (U+20BD, newer
// than WGL4). withRouble gives the sign the glyph of the Cyrillic «Р» in the
// font's character map, so the PDF's text layer says «₽» (pdftotext, search,
// copy and paste read it), and the writer strokes the sign's bar over it
// (page.rouble). This beats drawing «руб.» where the issue asks for «₽».

// rouble is the sign money is written with; er is the letter lending it a glyph.
const (
	rouble = '₽'
	er     = 'Р'
)

// fonts are the regular and bold Go fonts with the rouble sign, patched once.
type fonts struct{ regular, bold []byte }

func loadFonts() (fonts, error) {
	regular, err := withRouble(goregular.TTF)
	if err != nil {
		return fonts{}, fmt.Errorf("go regular font: %w", err)
	}
	bold, err := withRouble(gobold.TTF)
	if err != nil {
		return fonts{}, fmt.Errorf("go bold font: %w", err)
	}
	return fonts{regular, bold}, nil
}

// withRouble returns ttf with a new character map (one Windows Unicode BMP
// subtable, format 4: the one the PDF writer reads) holding every character
// the font maps plus rouble → the glyph of er.
func withRouble(ttf []byte) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	glyphs := map[rune]uint16{}
	for r := rune(1); r < 0xFFFF; r++ {
		if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
			glyphs[r] = uint16(g)
		}
	}
	g, ok := glyphs[er]
	if !ok {
		return nil, errors.New("no glyph for Р")
	}
	glyphs[rouble] = g
	return replaceTable(ttf, "cmap", cmapFormat4(glyphs))
}

// cmapFormat4 builds a cmap table: one segment per run of consecutive
// characters, each glyph listed in glyphIdArray (idRangeOffset), then the
// closing 0xFFFF segment the format requires.
func cmapFormat4(glyphs map[rune]uint16) []byte {
	runes := make([]rune, 0, len(glyphs))
	for r := range glyphs {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	type segment struct{ start, end rune }
	var segs []segment
	for _, r := range runes {
		if n := len(segs); n > 0 && segs[n-1].end == r-1 {
			segs[n-1].end = r
			continue
		}
		segs = append(segs, segment{r, r})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF})
	n := len(segs)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange, entrySelector = searchRange*2, entrySelector+1
	}
	searchRange *= 2
	u16 := func(b []byte, v int) []byte { return binary.BigEndian.AppendUint16(b, uint16(v)) }

	var ends, starts, deltas, offsets, ids []byte
	for i, s := range segs {
		ends, starts = u16(ends, int(s.end)), u16(starts, int(s.start))
		if s.start == 0xFFFF {
			deltas, offsets = u16(deltas, 1), u16(offsets, 0)
			continue
		}
		deltas = u16(deltas, 0)
		// idRangeOffset counts bytes from this entry to the segment's first id.
		offsets = u16(offsets, 2*(n-i)+len(ids))
		for r := s.start; r <= s.end; r++ {
			ids = u16(ids, int(glyphs[r]))
		}
	}
	sub := u16(nil, 4)
	sub = u16(sub, 0) // length, set below
	sub = u16(sub, 0) // language
	sub = u16(sub, 2*n)
	sub = u16(sub, searchRange)
	sub = u16(sub, entrySelector)
	sub = u16(sub, 2*n-searchRange)
	sub = append(sub, ends...)
	sub = u16(sub, 0) // reservedPad
	sub = append(sub, starts...)
	sub = append(sub, deltas...)
	sub = append(sub, offsets...)
	sub = append(sub, ids...)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))

	table := u16(nil, 0)  // version
	table = u16(table, 1) // one subtable
	table = u16(table, 3) // Windows
	table = u16(table, 1) // Unicode BMP
	table = binary.BigEndian.AppendUint32(table, 12)
	return append(table, sub...)
}

// replaceTable writes the font again with the table tag's bytes replaced,
// every table 4-byte aligned with its checksum.
func replaceTable(ttf []byte, tag string, data []byte) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("font too short")
	}
	num := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*num {
		return nil, errors.New("font table directory cut short")
	}
	type table struct {
		tag  string
		data []byte
	}
	tables := make([]table, num)
	found := false
	for i := range tables {
		rec := ttf[12+16*i:]
		t, off, length := string(rec[:4]), binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(ttf)) {
			return nil, fmt.Errorf("font table %s outside the file", t)
		}
		tables[i] = table{t, ttf[off : off+length]}
		if t == tag {
			tables[i].data, found = data, true
		}
	}
	if !found {
		return nil, fmt.Errorf("font has no %s table", tag)
	}
	out := append([]byte(nil), ttf[:12]...)
	offset := 12 + 16*num
	var body []byte
	for _, t := range tables {
		out = append(out, t.tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t.data))
		out = binary.BigEndian.AppendUint32(out, uint32(offset+len(body)))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t.data)))
		body = append(body, t.data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	return append(out, body...), nil
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
