package sheets

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// The shapes nearly every cell and shared string takes, read in one pass
// over the scanner's buffer instead of token by token:
//
//	<c r="B2" s="1" t="s"><v>12</v></c>
//	<c r="B2" t="inlineStr"><is><t>Москва</t></is></c>
//	<c r="B2"/>
//	<si><t>Москва</t></si>
//
// Attributes are ASCII letters with plain values (see plainValue), the text
// anything but a tag, a t element may say xml:space="preserve". Each
// matcher either reads such an element whole, leaving the scanner exactly
// where the token-by-token reading would, with the same results, or reads
// nothing and leaves it to that reading — for any other shape, an element
// cut by the end of the buffer, or text the scanner would refuse.

// fastCell reads a cell of the common shapes into r.cell and r.item, as
// readCellParts would; ok is false when it read nothing. The value and the
// text are left in the scanner's buffer, valid until it reads on.
func (r *sheetRows) fastCell() (ok bool) {
	sc := r.sc
	if sc.closeDue {
		return false
	}
	b := sc.buf[sc.pos:sc.end]
	if len(b) < 4 || b[0] != '<' || b[1] != 'c' || b[2] != ' ' && b[2] != '>' && b[2] != '/' {
		return false
	}
	c := &r.cell
	*c = cellParts{}
	r.item.t, r.item.runs = nil, r.item.runs[:0]
	p, ok := cellAttrs(b, 2, c)
	if !ok {
		return false
	}
	if b[p-2] != '/' {
		if p, ok = r.cellContent(b, p); !ok {
			return false
		}
	}
	sc.pos += p
	return true
}

// cellAttrs reads a cell's attributes from b[p:] up to and including the
// end of its start tag; p is then just past the > (a self-closing tag ends
// in />).
func cellAttrs(b []byte, p int, c *cellParts) (int, bool) {
	for p < len(b) {
		switch b[p] {
		case '>':
			return p + 1, true
		case '/':
			if p+1 < len(b) && b[p+1] == '>' {
				return p + 2, true
			}
			return 0, false
		case ' ':
			name, value, next, ok := plainAttr(b, p+1)
			if !ok {
				return 0, false
			}
			switch string(name) {
			case "r":
				c.hasRef = len(value) > 0
				c.col, c.refErr = column(value)
			case "s":
				// A style that is not a plain number takes the long way,
				// which knows what excelize makes of it.
				n, ok := digits(value)
				if !ok {
					return 0, false
				}
				c.style = n
			case "t":
				c.kind = cellKindOf(value)
			case "xmlns":
				return 0, false
			}
			p = next
		default:
			return 0, false
		}
	}
	return 0, false
}

// cellContent reads what follows a cell's start tag, from b[p:]: a value,
// an inline string or nothing, then the cell's end tag.
func (r *sheetRows) cellContent(b []byte, p int) (int, bool) {
	c := &r.cell
	var text []byte
	var ok bool
	rest := b[p:]
	switch {
	case bytes.HasPrefix(rest, []byte("</c>")):
		return p + 4, true
	case bytes.HasPrefix(rest, []byte("<v>")):
		if text, p, ok = plainText(r.sc, b, p+3, "</v></c>"); !ok {
			return 0, false
		}
		c.v = text
	case bytes.HasPrefix(rest, []byte("<is><t>")):
		if text, p, ok = plainText(r.sc, b, p+7, "</t></is></c>"); !ok {
			return 0, false
		}
		c.inline, r.item.t = true, text
	case bytes.HasPrefix(rest, []byte(`<is><t xml:space="preserve">`)):
		if text, p, ok = plainText(r.sc, b, p+28, "</t></is></c>"); !ok {
			return 0, false
		}
		c.inline, r.item.t = true, text
	default:
		return 0, false
	}
	return p, true
}

// plainText reads text from b[p:] up to the first tag, which must be end;
// it returns the decoded text and where end ends.
func plainText(sc *xmlScanner, b []byte, p int, end string) ([]byte, int, bool) {
	if p > len(b) {
		return nil, 0, false
	}
	n, special := textExtent(b[p:])
	if n < 0 || !bytes.HasPrefix(b[p+n:], []byte(end)) {
		return nil, 0, false
	}
	text := b[p : p+n]
	if special {
		// Entities, carriage returns, ] or characters to refuse: the
		// scanner's own decoding says what they come to.
		if bytes.IndexByte(text, ']') >= 0 && bytes.Contains(text, []byte("]]>")) {
			return nil, 0, false
		}
		sc.scratch = sc.scratch[:0]
		var err error
		if text, err = sc.decode(text); err != nil {
			return nil, 0, false
		}
	}
	return text, p + n + len(end), true
}

// textExtent finds where text at the start of b ends, at the first <, in
// one pass that also checks its characters: special is false when the text
// is valid XML character data needing no decoding (no &, \r or ], no
// character XML forbids), so that it can be taken as it is. n is -1 when
// no < follows in b.
func textExtent(b []byte) (n int, special bool) {
	var high uint64 // the high bits of every byte seen: non-ASCII text
	i := 0
	for ; i+8 <= len(b); i += 8 {
		// Eight bytes at once, when none is a control character, <, & or ]
		// (Bit Twiddling Hacks' hasless and hasvalue; bytes of multi-byte
		// characters never match).
		w := binary.LittleEndian.Uint64(b[i:])
		high |= w
		if (w-loBits*0x20)&^w&hiBits != 0 || hasByte(w, '<') || hasByte(w, '&') || hasByte(w, ']') {
			break
		}
	}
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '<':
			// Control characters are ruled out; multi-byte ones remain.
			if text := b[:i]; !special && high&hiBits != 0 && (!utf8.Valid(text) || hasNonCharacter(text)) {
				special = true
			}
			return i, special
		case c >= utf8.RuneSelf:
			high |= hiBits
		case c < 0x20 && c != '\t' && c != '\n', c == '&', c == ']':
			special = true
		}
	}
	return -1, special
}

const (
	loBits = 0x0101010101010101
	hiBits = 0x8080808080808080
)

func hasByte(w uint64, c byte) bool {
	x := w ^ (loBits * uint64(c))
	return (x-loBits)&^x&hiBits != 0
}

// plainAttr reads name="value" at b[p:], the name ASCII letters and the
// value plain; next is just past the closing quote.
func plainAttr(b []byte, p int) (name, value []byte, next int, ok bool) {
	start := p
	if p+2 < len(b) && b[p+1] == '=' && isLetter(b[p]) {
		p++ // the usual one-letter name: r, s or t
	} else {
		for p < len(b) && isLetter(b[p]) {
			p++
		}
	}
	if p == start || p+1 >= len(b) || b[p] != '=' || b[p+1] != '"' {
		return nil, nil, 0, false
	}
	name, p = b[start:p], p+2
	for q := p; q < len(b) && q-p <= 16; q++ {
		switch c := b[q]; {
		case c == '"':
			return name, b[p:q], q + 1, true
		case c < 0x20 || c >= utf8.RuneSelf || c == '<' || c == '&':
			return nil, nil, 0, false
		}
	}
	return nil, nil, 0, false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// digits parses a short run of decimal digits.
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// fastStringItem reads <si><t>…</t></si> into it; ok is false when it read
// nothing.
func fastStringItem(sc *xmlScanner, it *stringItem) bool {
	if sc.closeDue {
		return false
	}
	b := sc.buf[sc.pos:sc.end]
	var p int
	switch {
	case bytes.HasPrefix(b, []byte("<si><t>")):
		p = 7
	case bytes.HasPrefix(b, []byte(`<si><t xml:space="preserve">`)):
		p = 28
	default:
		return false
	}
	text, p, ok := plainText(sc, b, p, "</t></si>")
	if !ok {
		return false
	}
	it.t = append(it.t[:0], text...)
	it.runs = it.runs[:0]
	sc.pos += p
	return true
}
