package sheets

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// charsetReader decodes an XML part that declares an encoding other than
// UTF-8 (encoding/xml's CharsetReader). It knows the labels and encodings
// of the WHATWG Encoding Standard as golang.org/x/net/html/charset does,
// which excelize uses, but for the Chinese, Japanese and Korean multi-byte
// encodings: their tables, with the language matcher that package brings,
// would add about 0.8 MB to every function that links this package, for
// files no spreadsheet program writes (Excel and LibreOffice write UTF-8).
// A part in one of them is refused as damaged.
// TestCharsetReaderDecodesAsHTMLCharset holds the two equal on the rest.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	id, ok := charsetLabels[strings.ToLower(strings.TrimSpace(label))]
	if !ok {
		return nil, fmt.Errorf("unsupported charset: %q", label)
	}
	return charsetOf(id).NewDecoder().Reader(input), nil
}

// charsetOf is the encoding of an id of charsetLabels. A switch rather
// than a table, so that a binary that never decodes a part (one that only
// writes workbooks) links none of the tables.
func charsetOf(id uint8) encoding.Encoding {
	switch id {
	case 0:
		return unicode.UTF8
	case 1:
		return charmap.CodePage866
	case 2:
		return charmap.ISO8859_2
	case 3:
		return charmap.ISO8859_3
	case 4:
		return charmap.ISO8859_4
	case 5:
		return charmap.ISO8859_5
	case 6:
		return charmap.ISO8859_6
	case 7:
		return charmap.ISO8859_7
	case 8:
		return charmap.ISO8859_8
	case 9:
		return charmap.ISO8859_8I
	case 10:
		return charmap.ISO8859_10
	case 11:
		return charmap.ISO8859_13
	case 12:
		return charmap.ISO8859_14
	case 13:
		return charmap.ISO8859_15
	case 14:
		return charmap.ISO8859_16
	case 15:
		return charmap.KOI8R
	case 16:
		return charmap.KOI8U
	case 17:
		return charmap.Macintosh
	case 18:
		return charmap.Windows874
	case 19:
		return charmap.Windows1250
	case 20:
		return charmap.Windows1251
	case 21:
		return charmap.Windows1252
	case 22:
		return charmap.Windows1253
	case 23:
		return charmap.Windows1254
	case 24:
		return charmap.Windows1255
	case 25:
		return charmap.Windows1256
	case 26:
		return charmap.Windows1257
	case 27:
		return charmap.Windows1258
	case 28:
		return charmap.MacintoshCyrillic
	case 29:
		return encoding.Replacement
	case 30:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case 31:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case 32:
		return charmap.XUserDefined
	}
	panic(fmt.Sprintf("no charset %d", id))
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
