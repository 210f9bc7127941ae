package sheets

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

//go:generate go run gen_codepages.go

// charsetReader decodes an XML part that declares an encoding other than
// UTF-8 (encoding/xml's CharsetReader). It knows the labels and encodings
// of the WHATWG Encoding Standard as golang.org/x/net/html/charset does,
// which excelize uses, but for the Chinese, Japanese and Korean multi-byte
// encodings: their tables, with the language matcher that package brings,
// would add about 0.8 MB to every function that links this package, for
// files no spreadsheet program writes (Excel and LibreOffice write UTF-8).
// A part in one of them is refused as damaged.
// TestCharsetReaderDecodesAsHTMLCharset holds the two equal on the rest.
//
// The decoders are our own rather than golang.org/x/text/encoding/charmap:
// that package initialises a list of all its 40-odd code pages, so the
// linker keeps every table (about 90 KB of data) however few we name, in
// every function that links this package, even one that never reads a file
// (the imports API: 0.19 MB). Ours are the 27 upper halves in codepages.go.
// import-load still links charmap, for xlsReader (sheets/biff).
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	id, ok := charsetLabels[strings.ToLower(strings.TrimSpace(label))]
	if !ok {
		return nil, fmt.Errorf("unsupported charset: %q", label)
	}
	return &decoder{src: bufio.NewReader(input), next: decoderOf(id)}, nil
}

// decoder is a reader of UTF-8 decoded from src one character at a time.
type decoder struct {
	src     *bufio.Reader
	next    func(*bufio.Reader) (rune, error)
	pending []byte // the encoded character that did not fit the last Read
	err     error
}

func (d *decoder) Read(p []byte) (int, error) {
	n := copy(p, d.pending)
	d.pending = d.pending[n:]
	for n < len(p) && d.err == nil {
		var r rune
		if r, d.err = d.next(d.src); d.err != nil {
			break
		}
		if n+utf8.RuneLen(r) > len(p) {
			d.pending = utf8.AppendRune(nil, r)
			break
		}
		n += utf8.EncodeRune(p[n:], r)
	}
	if n == 0 && len(d.pending) == 0 {
		return 0, d.err
	}
	return n, nil
}

// decoderOf is the decoder of an id of charsetLabels.
func decoderOf(id uint8) func(*bufio.Reader) (rune, error) {
	switch id {
	case 0:
		return decodeUTF8
	case 29:
		return decodeReplacement()
	case 30:
		return decodeUTF16(binary.BigEndian)
	case 31:
		return decodeUTF16(binary.LittleEndian)
	case 32:
		return decodeSingleByte(func(b byte) rune { return 0xF780 + rune(b) - 0x80 })
	}
	upper := []rune(codePages[id-1])
	return decodeSingleByte(func(b byte) rune { return upper[b-0x80] })
}

// codePages are the single-byte code pages by id of charsetLabels, from 1.
var codePages = [...]string{cp866, iso8859_2, iso8859_3, iso8859_4, iso8859_5, iso8859_6, iso8859_7,
	iso8859_8, iso8859_8, iso8859_10, iso8859_13, iso8859_14, iso8859_15, iso8859_16, koi8r, koi8u,
	macintosh, windows874, windows1250, windows1251, windows1252, windows1253, windows1254, windows1255,
	windows1256, windows1257, windows1258, macCyrillic}

// decodeSingleByte reads ASCII as itself and the upper half through upper.
func decodeSingleByte(upper func(byte) rune) func(*bufio.Reader) (rune, error) {
	return func(src *bufio.Reader) (rune, error) {
		b, err := src.ReadByte()
		if err != nil || b < 0x80 {
			return rune(b), err
		}
		return upper(b), nil
	}
}

// decodeUTF8 reads each byte of an invalid sequence as U+FFFD, as
// bufio's ReadRune does.
func decodeUTF8(src *bufio.Reader) (rune, error) {
	r, _, err := src.ReadRune()
	return r, err
}

// decodeUTF16 reads UTF-16 in the byte order given, a byte order mark
// included as a character; an unpaired surrogate, or an odd last byte, is
// U+FFFD.
func decodeUTF16(order binary.ByteOrder) func(*bufio.Reader) (rune, error) {
	unit := func(src *bufio.Reader) (rune, bool, error) {
		b, err := src.Peek(2)
		if len(b) == 1 {
			_, _ = src.Discard(1)
			return utf8.RuneError, false, nil
		}
		if len(b) < 2 {
			return 0, false, err
		}
		_, _ = src.Discard(2)
		return rune(order.Uint16(b)), true, nil
	}
	return func(src *bufio.Reader) (rune, error) {
		r, whole, err := unit(src)
		if err != nil || !whole || !utf16.IsSurrogate(r) {
			return r, err
		}
		// A trailing surrogate after any surrogate is taken with it, as
		// x/text takes it: a pair of two trailing ones is one U+FFFD.
		if b, _ := src.Peek(2); len(b) == 2 {
			if low := rune(order.Uint16(b)); low >= 0xDC00 && low < 0xE000 {
				_, _ = src.Discard(2)
				return utf16.DecodeRune(r, low), nil
			}
		}
		return utf8.RuneError, nil
	}
}

// decodeReplacement reads any input, even none, as one U+FFFD (as
// x/text does): the WHATWG "replacement" encoding, which stands for
// encodings that are unsafe to decode.
func decodeReplacement() func(*bufio.Reader) (rune, error) {
	done := false
	return func(*bufio.Reader) (rune, error) {
		if done {
			return 0, io.EOF
		}
		done = true
		return utf8.RuneError, nil
	}
}

// charsetLabels are the WHATWG labels of the encodings charsetOf knows.
var charsetLabels = map[string]uint8{
	"unicode-1-1-utf-8":  0,
	"unicode11utf8":      0,
	"unicode20utf8":      0,
	"utf-8":              0,
	"utf8":               0,
	"x-unicode20utf8":    0,
	"866":                1,
	"cp866":              1,
	"csibm866":           1,
	"ibm866":             1,
	"csisolatin2":        2,
	"iso-8859-2":         2,
	"iso-ir-101":         2,
	"iso8859-2":          2,
	"iso88592":           2,
	"iso_8859-2":         2,
	"iso_8859-2:1987":    2,
	"l2":                 2,
	"latin2":             2,
	"csisolatin3":        3,
	"iso-8859-3":         3,
	"iso-ir-109":         3,
	"iso8859-3":          3,
	"iso88593":           3,
	"iso_8859-3":         3,
	"iso_8859-3:1988":    3,
	"l3":                 3,
	"latin3":             3,
	"csisolatin4":        4,
	"iso-8859-4":         4,
	"iso-ir-110":         4,
	"iso8859-4":          4,
	"iso88594":           4,
	"iso_8859-4":         4,
	"iso_8859-4:1988":    4,
	"l4":                 4,
	"latin4":             4,
	"csisolatincyrillic": 5,
	"cyrillic":           5,
	"iso-8859-5":         5,
	"iso-ir-144":         5,
	"iso8859-5":          5,
	"iso88595":           5,
	"iso_8859-5":         5,
	"iso_8859-5:1988":    5,
	"arabic":             6,
	"asmo-708":           6,
	"csiso88596e":        6,
	"csiso88596i":        6,
	"csisolatinarabic":   6,
	"ecma-114":           6,
	"iso-8859-6":         6,
	"iso-8859-6-e":       6,
	"iso-8859-6-i":       6,
	"iso-ir-127":         6,
	"iso8859-6":          6,
	"iso88596":           6,
	"iso_8859-6":         6,
	"iso_8859-6:1987":    6,
	"csisolatingreek":    7,
	"ecma-118":           7,
	"elot_928":           7,
	"greek":              7,
	"greek8":             7,
	"iso-8859-7":         7,
	"iso-ir-126":         7,
	"iso8859-7":          7,
	"iso88597":           7,
	"iso_8859-7":         7,
	"iso_8859-7:1987":    7,
	"sun_eu_greek":       7,
	"csiso88598e":        8,
	"csisolatinhebrew":   8,
	"hebrew":             8,
	"iso-8859-8":         8,
	"iso-8859-8-e":       8,
	"iso-ir-138":         8,
	"iso8859-8":          8,
	"iso88598":           8,
	"iso_8859-8":         8,
	"iso_8859-8:1988":    8,
	"visual":             8,
	"csiso88598i":        9,
	"iso-8859-8-i":       9,
	"logical":            9,
	"csisolatin6":        10,
	"iso-8859-10":        10,
	"iso-ir-157":         10,
	"iso8859-10":         10,
	"iso885910":          10,
	"l6":                 10,
	"latin6":             10,
	"iso-8859-13":        11,
	"iso8859-13":         11,
	"iso885913":          11,
	"iso-8859-14":        12,
	"iso8859-14":         12,
	"iso885914":          12,
	"csisolatin9":        13,
	"iso-8859-15":        13,
	"iso8859-15":         13,
	"iso885915":          13,
	"iso_8859-15":        13,
	"l9":                 13,
	"iso-8859-16":        14,
	"cskoi8r":            15,
	"koi":                15,
	"koi8":               15,
	"koi8-r":             15,
	"koi8_r":             15,
	"koi8-ru":            16,
	"koi8-u":             16,
	"csmacintosh":        17,
	"mac":                17,
	"macintosh":          17,
	"x-mac-roman":        17,
	"dos-874":            18,
	"iso-8859-11":        18,
	"iso8859-11":         18,
	"iso885911":          18,
	"tis-620":            18,
	"windows-874":        18,
	"cp1250":             19,
	"windows-1250":       19,
	"x-cp1250":           19,
	"cp1251":             20,
	"windows-1251":       20,
	"x-cp1251":           20,
	"ansi_x3.4-1968":     21,
	"ascii":              21,
	"cp1252":             21,
	"cp819":              21,
	"csisolatin1":        21,
	"ibm819":             21,
	"iso-8859-1":         21,
	"iso-ir-100":         21,
	"iso8859-1":          21,
	"iso88591":           21,
	"iso_8859-1":         21,
	"iso_8859-1:1987":    21,
	"l1":                 21,
	"latin1":             21,
	"us-ascii":           21,
	"windows-1252":       21,
	"x-cp1252":           21,
	"cp1253":             22,
	"windows-1253":       22,
	"x-cp1253":           22,
	"cp1254":             23,
	"csisolatin5":        23,
	"iso-8859-9":         23,
	"iso-ir-148":         23,
	"iso8859-9":          23,
	"iso88599":           23,
	"iso_8859-9":         23,
	"iso_8859-9:1989":    23,
	"l5":                 23,
	"latin5":             23,
	"windows-1254":       23,
	"x-cp1254":           23,
	"cp1255":             24,
	"windows-1255":       24,
	"x-cp1255":           24,
	"cp1256":             25,
	"windows-1256":       25,
	"x-cp1256":           25,
	"cp1257":             26,
	"windows-1257":       26,
	"x-cp1257":           26,
	"cp1258":             27,
	"windows-1258":       27,
	"x-cp1258":           27,
	"x-mac-cyrillic":     28,
	"x-mac-ukrainian":    28,
	"csiso2022kr":        29,
	"hz-gb-2312":         29,
	"iso-2022-cn":        29,
	"iso-2022-cn-ext":    29,
	"iso-2022-kr":        29,
	"replacement":        29,
	"unicodefffe":        30,
	"utf-16be":           30,
	"csunicode":          31,
	"iso-10646-ucs-2":    31,
	"ucs-2":              31,
	"unicode":            31,
	"unicodefeff":        31,
	"utf-16":             31,
	"utf-16le":           31,
	"x-user-defined":     32,
}
