package localrun

import (
	"bytes"
	"os"
	"testing"

	"aftersales/shared/sheets"
)

// TestRunnerReadsLegacyXLS: the runner's import-load reads an .xls upload,
// which it can only with the reader registered (xls.go).
func TestRunnerReadsLegacyXLS(t *testing.T) {
	data, err := os.ReadFile("../../shared/sheets/testdata/outlets.xls")
	if err != nil {
		t.Fatal(err)
	}
	r, err := sheets.Open(bytes.NewReader(data), int64(len(data)), sheets.Limits{TempDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open the .xls fixture: %v", err)
	}
	defer r.Close()
	if !r.Next() || r.Kind() != sheets.KindXLS {
		t.Fatalf("got kind %v, err %v; want the fixture's first row from the .xls reader", r.Kind(), r.Err())
	}
}
