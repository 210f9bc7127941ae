package sheets

import (
	"archive/zip"
	"bytes"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if n == "mimetype" {
			_, _ = w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniffTellsTheRealTypeFromTheBytes(t *testing.T) {
	xls, err := os.ReadFile("testdata/outlets.xls")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		head []byte
		want Kind
	}{
		{"an excelize workbook", book(t, func(*excelize.File) {}), KindXLSX},
		{"a workbook whose first entry is the content types", zipOf(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), KindXLSX},
		{"a Word document", zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), KindZip},
		{"an OpenDocument spreadsheet", zipOf(t, "mimetype", "content.xml"), KindODS},
		{"a plain zip", zipOf(t, "readme.txt"), KindZip},
		{"an empty zip", zipOf(t), KindZip},
		{"an Excel 97-2003 workbook", xls, KindXLS},
		{"a PDF", []byte("%PDF-1.4\n%âãÏÓ"), KindPDF},
		{"a PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), KindPNG},
		{"a JPEG", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, KindJPEG},
		{"nothing", nil, KindEmpty},
		{"text", []byte("Код ГО;Название"), KindUnknown},
		{"a zip signature cut short", []byte("PK\x03\x04\x14\x00"), KindZip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := tt.head[:min(len(tt.head), SniffLen)]
			if got := Sniff(head); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNameMismatchSaysWhenAWorkbookWasRenamed(t *testing.T) {
	tests := []struct {
		name, file string
		kind       Kind
		want       string
	}{
		{"an .xls renamed .xlsx", "Outlets.xlsx", KindXLS, "файл .xls переименован в .xlsx"},
		{"an .xlsx renamed .xls", "Outlets.XLS", KindXLSX, "файл .xlsx переименован в .xls"},
		{"a fitting name", "Outlets_май.XLSX", KindXLSX, ""},
		{"no extension", "Outlets", KindXLS, "у файла нет расширения, по содержимому это книга Excel 97–2003 (.xls)"},
		{"a picture, which Open explains instead", "Outlets.xlsx", KindPNG, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NameMismatch(tt.file, tt.kind); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
