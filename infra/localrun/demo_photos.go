package localrun

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"mime/multipart"
	"net/http"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"aftersales/shared/acts"
)

// demoPhotoCards say what each demo photo stands for: its file name, its
// card's colour and its caption's first line.
var demoPhotoCards = map[acts.FileKind]struct {
	name  string
	tint  color.RGBA
	title string
}{
	acts.FileNameplate:         {"шильдик.jpg", color.RGBA{0xd9, 0xe4, 0xf0, 0xff}, "Шильдик изделия"},
	acts.FileWarrantyOrReceipt: {"гарантийный-талон.jpg", color.RGBA{0xf3, 0xec, 0xd2, 0xff}, "Гарантийный талон"},
	acts.FileDefect:            {"поломка.jpg", color.RGBA{0xf2, 0xd7, 0xd5, 0xff}, "Поломка"},
	acts.FilePart:              {"запчасть.jpg", color.RGBA{0xd8, 0xee, 0xd9, 0xff}, "Нужная запчасть"},
}

// demoPhoto draws the demo's photo of kind for an act with fields f: a
// small real JPEG, a card with a caption (Go Regular has the Cyrillic), so
// the act page shows something that reads as the photo it stands for.
func demoPhoto(kind acts.FileKind, f acts.Fields) (string, []byte, error) {
	card, ok := demoPhotoCards[kind]
	if !ok {
		return "", nil, fmt.Errorf("the demo has no photo of kind %s", kind)
	}
	lines := []string{card.title, deref(f.Article)}
	switch kind {
	case acts.FileNameplate:
		lines = append(lines, "S/N "+deref(f.SerialNumber))
	case acts.FileWarrantyOrReceipt:
		if f.SaleDate != nil {
			lines = append(lines, "Дата продажи "+f.SaleDate.String())
		}
	case acts.FileDefect:
		lines = append(lines, deref(f.Complaint))
	case acts.FilePart:
		for _, p := range f.Parts {
			if !p.OwnPart {
				lines = append(lines, fmt.Sprintf("%s — %d шт.", p.Name, p.Quantity))
			}
		}
	}
	face, err := demoFace()
	if err != nil {
		return "", nil, err
	}
	m := image.NewRGBA(image.Rect(0, 0, 480, 320))
	draw.Draw(m, m.Bounds(), image.NewUniform(card.tint), image.Point{}, draw.Src)
	frame := image.Rect(12, 12, 468, 308)
	for _, edge := range []image.Rectangle{{frame.Min, image.Pt(frame.Max.X, frame.Min.Y+3)}, {image.Pt(frame.Min.X, frame.Max.Y-3), frame.Max},
		{frame.Min, image.Pt(frame.Min.X+3, frame.Max.Y)}, {image.Pt(frame.Max.X-3, frame.Min.Y), frame.Max}} {
		draw.Draw(m, edge, image.NewUniform(color.RGBA{0x55, 0x5f, 0x6d, 0xff}), image.Point{}, draw.Src)
	}
	d := font.Drawer{Dst: m, Src: image.NewUniform(color.RGBA{0x1f, 0x29, 0x37, 0xff}), Face: face}
	for i, line := range lines {
		d.Dot = fixed.P(32, 64+i*36)
		d.DrawString(line)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85}); err != nil {
		return "", nil, fmt.Errorf("encode the demo photo %s: %w", card.name, err)
	}
	return card.name, b.Bytes(), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// demoFace is Go Regular at the captions' size.
func demoFace() (font.Face, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("read the Go font: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: 20, DPI: 72, Hinting: font.HintingFull})
}

// postUpload posts a presigned upload form as a browser does: the form's
// fields first, the file last.
func postUpload(ctx context.Context, form acts.UploadForm, name string, body []byte) error {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range form.Fields {
		if err := w.WriteField(k, v); err != nil {
			return err
		}
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		return err
	}
	if _, err := fw.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, form.URL, &buf)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("post %s to storage: %w", name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("post %s to storage: %s", name, resp.Status)
	}
	return nil
}
