// Package imagecheck decodes the headers of a JPEG or PNG, the structural
// half of acts.DetectType for those two types. It lives apart because
// image/jpeg and image/png register their decoders when imported, which
// keeps them in every binary that links them: only the photo check, which
// inspects uploads, needs them, not every function that links the acts domain.
package imagecheck

import (
	"bytes"
	"image/jpeg"
	"image/png"
)

// Sound reports whether body is a contentType ("image/jpeg" or "image/png")
// whose headers decode to a picture of some size: a JPEG must reach its
// frame header through well-formed segments, a PNG's IHDR must pass its CRC.
// Data after the image, as phones append for motion photos, is allowed.
// Any other type is not sound.
func Sound(contentType string, body []byte) bool {
	var width, height int
	var err error
	switch contentType {
	case "image/jpeg":
		cfg, e := jpeg.DecodeConfig(bytes.NewReader(body))
		width, height, err = cfg.Width, cfg.Height, e
	case "image/png":
		cfg, e := png.DecodeConfig(bytes.NewReader(body))
		width, height, err = cfg.Width, cfg.Height, e
	default:
		return false
	}
	return err == nil && width > 0 && height > 0
}
