package acts

import (
	"bytes"
	"slices"
)

// FileKind says what a photo or document shows; submission checks that the
// kinds the wholesaler needs are there.
type FileKind string

// The file kinds of acts.md.
const (
	FileNameplate         FileKind = "nameplate"                // шильдик
	FileWarrantyOrReceipt FileKind = "warranty_card_or_receipt" // гарантийный талон или чек
	FileDefect            FileKind = "defect"                   // поломка
	FilePart              FileKind = "part"                     // нужная запчасть
	FileFastening         FileKind = "fastening"                // крепёж
	FileCustomerStatement FileKind = "customer_statement"       // заявление клиента
	FileOther             FileKind = "other"
)

var fileLabels = map[FileKind]string{
	FileNameplate:         "фото шильдика изделия",
	FileWarrantyOrReceipt: "фото гарантийного талона или чека",
	FileDefect:            "фото поломки",
	FilePart:              "фото необходимой запчасти",
	FileFastening:         "фото крепежа запчасти",
	FileCustomerStatement: "фото заявления клиента об отказе от ремонта (с наименованием изделия, датой покупки и ценой)",
	FileOther:             "другой файл",
}

// Valid reports whether k is one of the kinds.
func (k FileKind) Valid() bool {
	_, ok := fileLabels[k]
	return ok
}

// Label is what the Russian request for a missing file calls it.
func (k FileKind) Label() string { return fileLabels[k] }

// Accepts reports whether a file of this kind may have the content type:
// every kind takes photos; receipts, statements and other documents also take
// PDF (acts.md: «PDF for receipts and statements»).
func (k FileKind) Accepts(contentType string) bool {
	switch contentType {
	case TypeJPEG, TypePNG, TypeWebP, TypeHEIC:
		return k.Valid()
	case TypePDF:
		return k == FileWarrantyOrReceipt || k == FileCustomerStatement || k == FileOther
	}
	return false
}

// FileKinds are the kinds of the files attached to an act, one entry per file.
type FileKinds []FileKind

// Has reports whether at least one file of kind k is attached.
func (ks FileKinds) Has(k FileKind) bool { return slices.Contains(ks, k) }

// The content types the system accepts, decided by SniffType from the bytes.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypeHEIC = "image/heic"
	TypePDF  = "application/pdf"
)

// Limits of acts.md: one file per upload of at most 8 MB (the seed's limit),
// at most 30 per act.
const (
	MaxFileBytes   = 8 << 20
	MaxFilesPerAct = 30
)

// SniffBytes is how much of a file's head SniffType needs; the upload checker
// reads only this range of the object.
const SniffBytes = 64

// heicBrands are the ISO-BMFF brands that mark an HEIF/HEIC image; any of
// them, major or compatible, makes the file HEIC unless it declares AVIF.
var heicBrands = []string{"heic", "heix", "mif1", "msf1", "hevc"}

// SniffType decides a file's real content type from its first bytes, ignoring
// its name and declared type, and reports false for anything not accepted.
func SniffType(head []byte) (contentType string, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, true
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return TypeWebP, true
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF, true
	case isHEIC(head):
		return TypeHEIC, true
	}
	return "", false
}

// isHEIC reads the leading ftyp box: size(4) "ftyp" major(4) minor(4) then
// compatible brands(4 each) up to the box size. AVIF shares the HEIF container
// (and the mif1 brand) but is not accepted.
func isHEIC(head []byte) bool {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return false
	}
	size := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	end := min(size, len(head))
	brands := []string{string(head[8:12])}
	for i := 16; i+4 <= end; i += 4 {
		brands = append(brands, string(head[i:i+4]))
	}
	heic := false
	for _, b := range brands {
		if b == "avif" || b == "avis" {
			return false
		}
		heic = heic || slices.Contains(heicBrands, b)
	}
	return heic
}
