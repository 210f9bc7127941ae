package sheets

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzOpen feeds damaged workbooks to the reader: whatever the bytes, it
// must return rows or an *Error, never panic or hang. What a load protocol
// relies on is checked too: every failure is an *Error with a known code and
// a reason to show; rows come non-blank with increasing numbers; and the
// same bytes read twice give the same rows and the same verdict.
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
		first, err1 := fuzzRead(t, data)
		second, err2 := fuzzRead(t, data)
		if !reflect.DeepEqual(first, second) || (err1 == nil) != (err2 == nil) || codeOf(err1) != codeOf(err2) {
			t.Fatalf("two reads of the same bytes differ: %d rows (%v) and %d rows (%v)", len(first), err1, len(second), err2)
		}
		var e *Error
		if err1 != nil && (!errors.As(err1, &e) || !knownCodes[e.Code] || e.Reason == "") {
			t.Fatalf("a failure a protocol cannot record: %#v", err1)
		}
	})
}

// fuzzRow is a row as read, copied (the reader reuses its slice).
type fuzzRow struct {
	num   int
	cells []Cell
}

var knownCodes = map[Code]bool{CodeTooLarge: true, CodeTooManyRows: true, CodeUnzipLimit: true, CodeCorrupt: true,
	CodeNotSpreadsheet: true, CodeEncrypted: true}

// fuzzRead reads every row of data, checking each as it comes.
func fuzzRead(t *testing.T, data []byte) ([]fuzzRow, error) {
	r, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxUnzipped: 16 << 20, TempDir: t.TempDir()})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var rows []fuzzRow
	for r.Next() {
		if n := r.RowNumber(); n < 1 || len(rows) > 0 && n <= rows[len(rows)-1].num {
			t.Fatalf("row number %d after %v", n, rows)
		}
		if blankRow(r.Row()) {
			t.Fatalf("blank row %d returned", r.RowNumber())
		}
		rows = append(rows, fuzzRow{r.RowNumber(), slices.Clone(r.Row())})
	}
	return rows, r.Err()
}

func codeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
