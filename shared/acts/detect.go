package acts

import (
	"bytes"
	"encoding/binary"
)

// DetectType decides a whole file's content type: its first bytes name a
// type (SniffType) and its structure must then hold together as that type.
// Magic bytes alone let anything through that starts with them (FF D8 FF
// followed by an HTML page), so image decodes the headers of a JPEG or PNG
// (imagecheck.Sound, passed in so that only the photo check links its header
// walk), and the containers of WebP, HEIC and PDF are walked here.
func DetectType(body []byte, image ImageCheck) (contentType string, ok bool) {
	t, ok := SniffType(body)
	if !ok {
		return "", false
	}
	var sound bool
	switch t {
	case TypeJPEG, TypePNG:
		sound = image(t, body)
	case TypeWebP:
		sound = soundWebP(body)
	case TypeHEIC:
		sound = soundBMFF(body)
	case TypePDF:
		sound = soundPDF(body)
	}
	if !sound {
		return "", false
	}
	return t, true
}

// ImageCheck reports whether body's headers decode as a picture of
// contentType, TypeJPEG or TypePNG (imagecheck.Sound).
type ImageCheck func(contentType string, body []byte) bool

// soundWebP checks the RIFF header against the file's length and the first
// chunk: VP8 (a key frame's start code), VP8L (its signature) or VP8X, whose
// declared size must fit in the file.
func soundWebP(b []byte) bool {
	if len(b) < 30 {
		return false
	}
	riff := int64(binary.LittleEndian.Uint32(b[4:8]))
	if riff+8 != int64(len(b)) && riff+8 != int64(len(b))-1 { // a pad byte may follow
		return false
	}
	chunk, size := string(b[12:16]), int64(binary.LittleEndian.Uint32(b[16:20]))
	if 20+size > int64(len(b)) {
		return false
	}
	switch chunk {
	case "VP8 ":
		return bytes.Equal(b[23:26], []byte{0x9d, 0x01, 0x2a})
	case "VP8L":
		return b[20] == 0x2f
	case "VP8X":
		return size >= 10
	}
	return false
}

// soundBMFF walks the top-level boxes of an ISO-BMFF file (HEIC): each box's
// size must be at least its header and the boxes must tile the file exactly;
// a HEIF image needs its meta box.
func soundBMFF(b []byte) bool {
	meta := false
	for off := int64(0); off < int64(len(b)); {
		if int64(len(b))-off < 8 {
			return false
		}
		size, typ, header := int64(binary.BigEndian.Uint32(b[off:])), string(b[off+4:off+8]), int64(8)
		switch size {
		case 0: // the last box runs to the end of the file
			size = int64(len(b)) - off
		case 1: // a 64-bit size follows the type
			if int64(len(b))-off < 16 {
				return false
			}
			size, header = int64(binary.BigEndian.Uint64(b[off+8:])), 16
		}
		if size < header || size > int64(len(b))-off {
			return false
		}
		meta = meta || typ == "meta"
		off += size
	}
	return meta
}

// soundPDF wants a version in the header, at least one indirect object and
// the end-of-file marker near the end, as every PDF writer leaves it.
func soundPDF(b []byte) bool {
	if len(b) < 16 || b[5] < '1' || b[5] > '2' || b[6] != '.' || b[7] < '0' || b[7] > '9' {
		return false
	}
	tail := b[max(0, len(b)-1024):]
	return bytes.Contains(tail, []byte("%%EOF")) && bytes.Contains(b, []byte(" obj"))
}
