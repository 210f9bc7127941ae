// Package imagecheck checks the headers of a JPEG or PNG, the structural
// half of acts.DetectType for those two types.
//
// It walks the headers itself, as image/jpeg's and image/png's DecodeConfig
// do, rather than calling them: those packages register their whole
// decoders when imported, which keeps them (0.125 MB) in the photo check's
// binary though it never decodes a picture. TestSoundAgreesWithDecodeConfig
// and FuzzSoundAgreesWithDecodeConfig hold the two equal.
package imagecheck

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Sound reports whether body is a contentType ("image/jpeg" or "image/png")
// whose headers decode to a picture of some size: a JPEG must reach its
// frame header through well-formed segments, a PNG's IHDR must pass its CRC.
// Data after the image, as phones append for motion photos, is allowed.
// Any other type is not sound.
func Sound(contentType string, body []byte) bool {
	switch contentType {
	case "image/jpeg":
		return soundJPEG(body)
	case "image/png":
		return soundPNG(body)
	}
	return false
}

// The JPEG markers the header walk tells apart (ITU T.81, table B.1).
const (
	sof0  = 0xc0 // baseline frame
	sof2  = 0xc2 // progressive frame
	dht   = 0xc4
	rst0  = 0xd0
	rst7  = 0xd7
	soi   = 0xd8
	eoi   = 0xd9
	sos   = 0xda
	dqt   = 0xdb
	dri   = 0xdd
	app0  = 0xe0
	app14 = 0xee
	app15 = 0xef
	com   = 0xfe
)

// soundJPEG walks the segments as jpeg.DecodeConfig does: to the frame
// header in a JFIF file, else to the start of the scan, refusing what it
// refuses (frames of other than 8-bit precision or 1, 3 or 4 components,
// subsampling it cannot decode, unknown markers, a short read).
func soundJPEG(b []byte) bool {
	if len(b) < 2 || b[0] != 0xff || b[1] != soi {
		return false
	}
	var frame jpegFrame
	jfif := false
	i := 2
	for {
		if i+2 > len(b) {
			return false
		}
		// Bytes before a marker are extraneous data, skipped.
		t0, t1 := b[i], b[i+1]
		i += 2
		for t0 != 0xff {
			if i >= len(b) {
				return false
			}
			t0, t1 = t1, b[i]
			i++
		}
		marker := t1
		if marker == 0 {
			continue // "\xff\x00": extraneous data too
		}
		for marker == 0xff { // fill bytes
			if i >= len(b) {
				return false
			}
			marker = b[i]
			i++
		}
		if marker == eoi {
			return false // the image ended before its scan
		}
		if rst0 <= marker && marker <= rst7 {
			continue
		}
		if i+2 > len(b) {
			return false
		}
		n := int(b[i])<<8 + int(b[i+1]) - 2
		i += 2
		if n < 0 {
			return false
		}
		if marker == sos { // the scan's header is not read
			return frame.components != 0 && frame.width > 0 && frame.height > 0
		}
		if i+n > len(b) {
			return false
		}
		seg := b[i : i+n]
		i += n
		switch {
		case sof0 <= marker && marker <= sof2:
			if !frame.read(seg) {
				return false
			}
			if jfif {
				return frame.width > 0 && frame.height > 0
			}
		case marker == app0:
			if n >= 5 {
				jfif = string(seg[:5]) == "JFIF\x00"
			}
		case marker == dht, marker == dqt, marker == dri, app0 < marker && marker <= app15, marker == com:
			// skipped, as DecodeConfig skips them
		default:
			return false
		}
	}
}

// jpegFrame is what soundJPEG keeps of the frame header.
type jpegFrame struct {
	components    int
	width, height int
}

// read checks a frame header's segment as jpeg's processSOF does.
func (f *jpegFrame) read(seg []byte) bool {
	if f.components != 0 {
		return false // a second frame header
	}
	switch len(seg) {
	case 6 + 3*1, 6 + 3*3, 6 + 3*4:
	default:
		return false
	}
	n := (len(seg) - 6) / 3
	if seg[0] != 8 || int(seg[5]) != n {
		return false
	}
	var h, v [4]int
	for i := range n {
		c := seg[6+3*i : 9+3*i]
		for j := range i {
			if seg[6+3*j] == c[0] {
				return false // a repeated component identifier
			}
		}
		if c[2] > 3 { // quantisation table
			return false
		}
		hv := c[1]
		h[i], v[i] = int(hv>>4), int(hv&0x0f)
		if h[i] < 1 || h[i] > 4 || v[i] < 1 || v[i] > 4 || h[i] == 3 || v[i] == 3 {
			return false
		}
		// The subsampling ratios the decoder supports.
		switch {
		case n == 1:
			h[i], v[i] = 1, 1
		case n == 3 && i == 0 && v[i] == 4,
			n == 3 && i == 1 && (h[0]%h[i] != 0 || v[0]%v[i] != 0),
			n == 3 && i == 2 && (h[1] != h[i] || v[1] != v[i]),
			n == 4 && i == 0 && hv != 0x11 && hv != 0x22,
			n == 4 && (i == 1 || i == 2) && hv != 0x11,
			n == 4 && i == 3 && (h[0] != h[i] || v[0] != v[i]):
			return false
		}
	}
	f.components = n
	f.height = int(seg[1])<<8 + int(seg[2])
	f.width = int(seg[3])<<8 + int(seg[4])
	return true
}

// soundPNG reads the chunks as png.DecodeConfig does: to the IHDR, or for
// a paletted image on to its PLTE and the chunk after it, each chunk's CRC
// checked, refusing what it refuses (chunks out of order, a bad IHDR or
// PLTE, a colour type and bit depth it cannot decode, a short read).
func soundPNG(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		return false
	}
	const (
		start = iota
		seenIHDR
		seenPLTE
	)
	stage, depth, paletted := start, 0, false
	for i := 8; ; {
		if i+8 > len(b) {
			return false
		}
		length := binary.BigEndian.Uint32(b[i:])
		kind := string(b[i+4 : i+8])
		switch kind { // read no further than their type
		case "IDAT":
			return stage == seenPLTE
		case "IEND":
			return false
		}
		if length > 0x7fffffff || uint64(i)+12+uint64(length) > uint64(len(b)) {
			return false
		}
		data := b[i+8 : i+8+int(length)]
		if binary.BigEndian.Uint32(b[i+8+int(length):]) != crc32.ChecksumIEEE(b[i+4:i+8+int(length)]) {
			return false
		}
		i += 12 + int(length)
		switch kind {
		case "IHDR":
			if stage != start || length != 13 {
				return false
			}
			stage = seenIHDR
			var ok bool
			if depth, paletted, ok = readIHDR(data); !ok {
				return false
			}
			if !paletted {
				return true
			}
		case "PLTE":
			// Only a paletted image reads on past its IHDR.
			if n := length / 3; stage != seenIHDR || length%3 != 0 || n == 0 || n > 256 || n > 1<<depth {
				return false
			}
			stage = seenPLTE
		case "tRNS":
			return stage == seenPLTE && length <= 256
		}
	}
}

// readIHDR checks an IHDR's 13 bytes as png's parseIHDR does and returns
// the bit depth and whether the image is paletted.
func readIHDR(d []byte) (depth int, paletted, ok bool) {
	if d[10] != 0 || d[11] != 0 || d[12] > 1 { // compression, filter, interlace
		return 0, false, false
	}
	w, h := int32(binary.BigEndian.Uint32(d[0:])), int32(binary.BigEndian.Uint32(d[4:]))
	if w <= 0 || h <= 0 || int64(w)*int64(h) >= 1<<60 { // up to 8 bytes a pixel must not overflow
		return 0, false, false
	}
	depth, colour := int(d[8]), d[9]
	switch colour {
	case 0: // grey
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
	case 3: // paletted
		ok, paletted = depth == 1 || depth == 2 || depth == 4 || depth == 8, true
	case 2, 4, 6: // true colour, grey with alpha, true colour with alpha
		ok = depth == 8 || depth == 16
	}
	return depth, paletted, ok
}
