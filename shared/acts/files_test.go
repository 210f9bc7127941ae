package acts

import (
	"slices"
	"testing"

	"aftersales/shared/acts/imagecheck"
)

// ftyp builds the head of an ISO-BMFF file: its ftyp box with the given major
// and compatible brands.
func ftyp(major string, compatible ...string) []byte {
	size := 16 + 4*len(compatible)
	b := []byte{0, 0, 0, byte(size)}
	b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
	for _, c := range compatible {
		b = append(b, c...)
	}
	return append(b, "\x00\x00\x00\x08meta"...)
}

func TestSniffType(t *testing.T) {
	tests := []struct {
		name   string
		head   []byte
		want   string
		wantOK bool
	}{
		{"a JPEG is known by its SOI marker", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), TypeJPEG, true},
		{"a PNG is known by its signature", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), TypePNG, true},
		{"a WebP is a RIFF file of form WEBP", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), TypeWebP, true},
		{"a PDF starts with %PDF-", []byte("%PDF-1.7\n%\xe2\xe3"), TypePDF, true},
		{"an iPhone photo has major brand heic", ftyp("heic", "mif1", "heic"), TypeHEIC, true},
		{"a HEIF still image has major brand mif1", ftyp("mif1", "heic"), TypeHEIC, true},
		{"a HEIF sequence has major brand msf1", ftyp("msf1", "msf1", "hevc"), TypeHEIC, true},
		{"heix is HEIC too", ftyp("heix"), TypeHEIC, true},
		{"a HEIC brand listed only as compatible counts", ftyp("isom", "hevc"), TypeHEIC, true},
		{"an AVIF is refused although it lists mif1", ftyp("avif", "avif", "mif1", "miaf"), "", false},
		{"an MP4 video is refused", ftyp("isom", "isom", "iso2", "avc1", "mp41"), "", false},
		{"a RIFF that is a WAV is refused", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), "", false},
		{"an HTML page named photo.jpg is refused", []byte("<!DOCTYPE html><script>alert(1)</script>"), "", false},
		{"a Windows executable is refused", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", false},
		{"an empty head is refused", nil, "", false},
		{"a truncated ftyp box is refused", []byte("\x00\x00\x00\x18ftyphe"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SniffType(tt.head)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("SniffType = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestFileKindAccepts(t *testing.T) {
	tests := []struct {
		name        string
		kind        FileKind
		contentType string
		want        bool
	}{
		{"a nameplate may be a JPEG", FileNameplate, TypeJPEG, true},
		{"a defect may be a HEIC from a phone", FileDefect, TypeHEIC, true},
		{"a receipt may be a PDF", FileWarrantyOrReceipt, TypePDF, true},
		{"a customer statement may be a PDF", FileCustomerStatement, TypePDF, true},
		{"another document may be a PDF", FileOther, TypePDF, true},
		{"a nameplate may not be a PDF", FileNameplate, TypePDF, false},
		{"a part photo may not be a PDF", FilePart, TypePDF, false},
		{"no kind takes a GIF", FileOther, "image/gif", false},
		{"an unknown kind takes nothing", FileKind("selfie"), TypeJPEG, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.Accepts(tt.contentType); got != tt.want {
				t.Errorf("%q.Accepts(%q) = %v, want %v", tt.kind, tt.contentType, got, tt.want)
			}
		})
	}
}

// riff wraps a WebP chunk in its RIFF header, with the sizes as declared.
func riff(chunk string, payload []byte) []byte {
	le := func(n int) []byte { return []byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)} }
	b := append([]byte("WEBP"+chunk), le(len(payload))...)
	b = append(b, payload...)
	return append(append([]byte("RIFF"), le(len(b))...), b...)
}

// box is an ISO-BMFF box of the given type around payload.
func box(typ string, payload []byte) []byte {
	n := 8 + len(payload)
	return append(append([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, typ...), payload...)
}

func TestDetectTypeChecksTheStructureNotOnlyTheFirstBytes(t *testing.T) {
	heicHead := ftyp("heic", "mif1", "heic")
	heicHead = heicHead[:len(heicHead)-8] // ftyp alone; the boxes follow
	heic := append(append(slices.Clone(heicHead), box("meta", make([]byte, 24))...), box("mdat", make([]byte, 100))...)
	vp8 := append([]byte{0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 16, 0, 8, 0}, make([]byte, 20)...)
	pdf := []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	tests := []struct {
		name   string
		body   []byte
		want   string
		wantOK bool
	}{
		{"a real JPEG", jpegBytes, TypeJPEG, true},
		{"a real PNG", pngBytes, TypePNG, true},
		{"a JPEG marker followed by HTML", []byte("\xff\xd8\xff<html><script>alert(1)</script></html>"), "", false},
		{"a JPEG's first half", jpegBytes[:20], "", false},
		{"a PNG signature followed by HTML", append([]byte("\x89PNG\r\n\x1a\n"), "<html></html>"...), "", false},
		{"a PNG whose header fails its CRC", append(slices.Clone(pngBytes[:29]), 0, 0, 0, 0), "", false},
		{"a WebP key frame", riff("VP8 ", vp8), TypeWebP, true},
		{"a lossless WebP", riff("VP8L", append([]byte{0x2f}, make([]byte, 20)...)), TypeWebP, true},
		{"a WebP whose RIFF size is not the file's", append(riff("VP8 ", vp8), "<html>"...), "", false},
		{"a WebP frame without its start code", riff("VP8 ", make([]byte, 30)), "", false},
		{"a HEIC whose boxes tile the file", heic, TypeHEIC, true},
		{"a HEIC followed by stray bytes", append(slices.Clone(heic), "<html>"...), "", false},
		{"a HEIC without its meta box", append(slices.Clone(heicHead), box("mdat", make([]byte, 100))...), "", false},
		{"a PDF with objects and its end marker", pdf, TypePDF, true},
		{"a PDF header followed by HTML", []byte("%PDF-1.7\n<html><script>alert(1)</script></html>"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DetectType(tt.body, imagecheck.Sound)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("DetectType = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
