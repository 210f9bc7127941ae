package imagecheck

import (
	"bytes"
	"image"
	"image/color"
	"image/color/palette"
	"image/jpeg"
	"image/png"
	"testing"
)

// reference is Sound through the standard library's decoders, as it was
// before the header walk: the decoders stay here, in the tests, as its
// specification.
func reference(contentType string, body []byte) bool {
	var cfg image.Config
	var err error
	switch contentType {
	case "image/jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(body))
	case "image/png":
		cfg, err = png.DecodeConfig(bytes.NewReader(body))
	default:
		return false
	}
	return err == nil && cfg.Width > 0 && cfg.Height > 0
}

// corpus is pictures of each kind the decoders read (grey, colour, CMYK-less
// JPEGs with and without a JFIF or Exif header; grey, colour, 16-bit and
// paletted PNGs, with transparency and ancillary chunks), by content type.
func corpus(t testing.TB) map[string][][]byte {
	t.Helper()
	out := map[string][][]byte{}
	pictures := []image.Image{
		image.NewGray(image.Rect(0, 0, 1, 1)),
		image.NewRGBA(image.Rect(0, 0, 17, 9)),
		image.NewGray16(image.Rect(0, 0, 3, 5)),
		image.NewNRGBA(image.Rect(0, 0, 4, 4)),
		image.NewPaletted(image.Rect(0, 0, 5, 3), palette.Plan9[:16]),
		image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.NRGBA{1, 2, 3, 0}, color.Black}),
	}
	for _, p := range pictures {
		var j, q bytes.Buffer
		if err := jpeg.Encode(&j, p, &jpeg.Options{Quality: 50}); err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(&q, p); err != nil {
			t.Fatal(err)
		}
		plain := j.Bytes()
		jfif := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), plain[2:]...)
		exif := append([]byte("\xff\xd8\xff\xe1\x00\x0aExif\x00\x00MM\xff\xff\xff"), plain[2:]...)
		out["image/jpeg"] = append(out["image/jpeg"], plain, jfif, exif)
		// An ancillary chunk (gAMA) before the IHDR's successor.
		b := q.Bytes()
		gama := append(append(bytes.Clone(b[:33]), "\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f\x0b\xfc\x61\x05"...), b[33:]...)
		out["image/png"] = append(out["image/png"], b, gama)
	}
	return out
}

// TestSoundAgreesWithDecodeConfig holds the header walk to the decoders on
// every picture of the corpus, every prefix of it (a cut upload), and every
// byte of its headers flipped three ways, under both content types.
func TestSoundAgreesWithDecodeConfig(t *testing.T) {
	cases, sound := 0, 0
	check := func(ct string, body []byte) {
		t.Helper()
		cases++
		want := reference(ct, body)
		if want {
			sound++
		}
		if got := Sound(ct, body); got != want {
			t.Errorf("%s %q: Sound %v, DecodeConfig %v", ct, body, got, want)
		}
	}
	for ct, pictures := range corpus(t) {
		for _, p := range pictures {
			for _, ct := range []string{ct, "image/jpeg", "image/png", "image/webp"} {
				check(ct, p)
				for n := range min(len(p), 400) {
					check(ct, p[:n])
				}
			}
			for i := range min(len(p), 400) {
				for _, x := range []byte{0x01, 0x80, 0xff} {
					m := bytes.Clone(p)
					m[i] ^= x
					check(ct, m)
				}
			}
		}
	}
	// A page behind the markers, as in the upload that replaced a photo.
	check("image/jpeg", []byte("\xff\xd8\xff<html><body>not a photo</body></html>"))
	check("image/png", []byte("\x89PNG\r\n\x1a\n<html></html>"))
	if sound < 40 || sound == cases {
		t.Fatalf("%d of %d cases sound: the corpus does not tell sound from damaged", sound, cases)
	}
	t.Logf("%d cases, %d sound", cases, sound)
}

func FuzzSoundAgreesWithDecodeConfig(f *testing.F) {
	for _, pictures := range corpus(f) {
		for _, p := range pictures {
			f.Add(p)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, ct := range []string{"image/jpeg", "image/png"} {
			if got, want := Sound(ct, body), reference(ct, body); got != want {
				t.Fatalf("%s %q: Sound %v, DecodeConfig %v", ct, body, got, want)
			}
		}
	})
}
