package sheets

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"
)

// Kind is what a file really is, judged from its bytes, so that a load
// protocol can say «это изображение, а не таблица» or «файл .xls переименован
// в .xlsx» instead of a parser's error.
type Kind int

// The kinds Sniff tells apart. Only KindXLSX and KindXLS can be read.
const (
	KindUnknown Kind = iota
	KindEmpty
	KindXLSX
	KindXLS
	KindODS
	KindZip // a zip archive that is not a workbook (a .docx, a plain .zip)
	KindPDF
	KindPNG
	KindJPEG
)

// SniffLen is how many leading bytes Sniff needs to tell a workbook from
// another zip archive: enough to see the names of the first few zip entries.
const SniffLen = 4096

// Sniff tells the real type of a file from its first bytes (pass at least
// SniffLen of them when the file is that long). Seeing only the head, it
// takes a workbook whose first entries are unusually large for KindZip;
// Open settles that from the archive's directory.
func Sniff(head []byte) Kind {
	switch {
	case len(head) == 0:
		return KindEmpty
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(head)
	case bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return KindZip // an empty archive
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return KindXLS
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG
	}
	return KindUnknown
}

// sniffZip looks at the names of the zip entries whose local headers lie in
// head. Every entry of a workbook but the package metadata lives under xl/;
// an OpenDocument file starts with an uncompressed "mimetype" entry.
func sniffZip(head []byte) Kind {
	sig := []byte("PK\x03\x04")
	for i := bytes.Index(head, sig); i >= 0; {
		const fixed = 30 // local file header size before the name
		if i+fixed > len(head) {
			break
		}
		nameLen := int(binary.LittleEndian.Uint16(head[i+26:]))
		extraLen := int(binary.LittleEndian.Uint16(head[i+28:]))
		if i+fixed+nameLen > len(head) {
			break
		}
		name := string(head[i+fixed : i+fixed+nameLen])
		switch {
		case strings.HasPrefix(name, "xl/"):
			return KindXLSX
		case name == "mimetype":
			body := head[min(i+fixed+nameLen+extraLen, len(head)):]
			if bytes.HasPrefix(body, []byte("application/vnd.oasis.opendocument.spreadsheet")) {
				return KindODS
			}
		}
		next := bytes.Index(head[i+fixed:], sig)
		if next < 0 {
			break
		}
		i += fixed + next
	}
	return KindZip
}

// String names the kind in Russian, the way a load protocol speaks of it.
func (k Kind) String() string {
	switch k {
	case KindEmpty:
		return "пустой файл"
	case KindXLSX:
		return "книга Excel (.xlsx)"
	case KindXLS:
		return "книга Excel 97–2003 (.xls)"
	case KindODS:
		return "таблица OpenDocument (.ods)"
	case KindZip:
		return "zip-архив, а не книга Excel"
	case KindPDF:
		return "документ PDF"
	case KindPNG:
		return "изображение PNG"
	case KindJPEG:
		return "изображение JPEG"
	}
	return "файл неизвестного формата"
}

// NameMismatch says in Russian that a readable workbook was renamed, e.g.
// «файл .xls переименован в .xlsx», so the protocol can mention it even though
// the file loads. It returns "" when the name fits the kind or the kind is
// not a workbook (Open explains those).
func NameMismatch(fileName string, k Kind) string {
	var real string
	switch k {
	case KindXLSX:
		real = ".xlsx"
	case KindXLS:
		real = ".xls"
	default:
		return ""
	}
	ext := strings.ToLower(path.Ext(fileName))
	switch ext {
	case real:
		return ""
	case "":
		return "у файла нет расширения, по содержимому это " + k.String()
	}
	return "файл " + real + " переименован в " + ext
}
