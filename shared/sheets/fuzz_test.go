package sheets

import (
	"bytes"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzOpen feeds damaged workbooks to the reader: whatever the bytes, it
// must return rows or an *Error, never panic or hang.
func FuzzOpen(f *testing.F) {
	xls, err := os.ReadFile("testdata/outlets.xls")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(xls)
	f.Add(book(f, func(b *excelize.File) {
		_ = b.SetSheetRow("Sheet1", "A1", &[]any{"Код ГО", 12345, 0.5})
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxUnzipped: 16 << 20, TempDir: t.TempDir()})
		if err != nil {
			return
		}
		defer r.Close()
		for r.Next() {
			if r.RowNumber() < 1 {
				t.Fatalf("got row number %d", r.RowNumber())
			}
		}
	})
}
