package sheets

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/net/html/charset"
)

// TestCharsetReaderDecodesAsHTMLCharset holds charsetReader to the charset
// readers excelize uses: every label it knows decodes every byte, and
// sequences of UTF-8 and UTF-16, as they do; the Chinese, Japanese and
// Korean labels it leaves out are refused.
func TestCharsetReaderDecodesAsHTMLCharset(t *testing.T) {
	var every bytes.Buffer
	for b := range 256 {
		every.WriteByte(byte(b))
	}
	every.WriteString("Код ГО \xff\xfeA\x00\x04\x04\xd8\x3d\xde\x00 \xed\xa0\x80")
	// Byte order marks first, surrogates unpaired or cut short at the end,
	// an odd last byte, nothing at all.
	inputs := []string{every.String(), "\xfe\xff\x00A\xd8\x3d", "\xff\xfeA\x00\x3d\xd8\x00", "\xdc\x00\xd8\x00\xd8", "\xdc\x00\xdc\x01", "\xd8", ""}
	for label := range charsetLabels {
		for _, l := range []string{label, " " + strings.ToUpper(label) + "\t"} {
			for _, input := range inputs {
				got, gotErr := decodeWith(charsetReader, l, []byte(input))
				want, wantErr := decodeWith(charset.NewReaderLabel, l, []byte(input))
				if gotErr != nil || wantErr != nil || got != want {
					t.Errorf("%q, %q: got %q, %v; want %q, %v", l, input, got, gotErr, want, wantErr)
				}
			}
		}
	}
	for _, label := range []string{"gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "sjis", "euc-kr", "windows-949", "no-such-charset", ""} {
		if _, err := charsetReader(label, bytes.NewReader(nil)); err == nil {
			t.Errorf("%q: got a reader, want it refused", label)
		}
	}
	if len(charsetLabels) < 190 {
		t.Errorf("got %d labels, want the WHATWG labels of every single-byte encoding, UTF-8 and UTF-16", len(charsetLabels))
	}
}

func decodeWith(open func(string, io.Reader) (io.Reader, error), label string, input []byte) (string, error) {
	r, err := open(label, bytes.NewReader(input))
	if err != nil {
		return "", err
	}
	// Read a byte at a time, so that characters straddle the reads.
	out, err := io.ReadAll(iotest.OneByteReader(r))
	return string(out), err
}

// TestReaderRefusesAPartInACJKEncoding pins where the reader departs from
// excelize: a worksheet in an encoding charsetReader leaves out is refused
// as damaged, where excelize reads it.
func TestReaderRefusesAPartInACJKEncoding(t *testing.T) {
	part := []byte(`<?xml version="1.0" encoding="gbk"?><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>` + "\xb4\xfa\xc2\xeb" +
		`</t></is></c></row></sheetData></worksheet>`)
	data := withParts(t, fixtureBook(t, false), map[string][]byte{sheetPart: part})
	if want, err := readWith(openReference, data, Limits{}); err != nil || len(want) != 1 || want[0].cells[0].Text != "代码" {
		t.Fatalf("the reference read %v, %v; want the row", want, err)
	}
	_, err := readWith(openFast, data, Limits{})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeCorrupt {
		t.Fatalf("got %v, want a damaged file", err)
	}
}
