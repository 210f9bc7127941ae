package sheets_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"aftersales/shared/sheets"
	"aftersales/shared/xlsxwrite"
)

// openpyxlDump prints, as JSON, what openpyxl reads of the workbook named
// by its argument: the sheets' titles, the frozen cell, the column widths,
// and every cell of the first sheet with its type, value (dates in ISO
// form), number format and boldness.
const openpyxlDump = `
import json, sys, datetime
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
def value(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    return v
rows = [[{"t": c.data_type, "v": value(c.value), "f": c.number_format, "b": bool(c.font.b)} for c in row] for row in ws.iter_rows()]
widths = {k: d.width for k, d in ws.column_dimensions.items()}
json.dump({"titles": wb.sheetnames, "freeze": ws.freeze_panes, "widths": widths, "rows": rows}, sys.stdout)
`

type openpyxlCell struct {
	Type   string `json:"t"`
	Value  any    `json:"v"`
	Format string `json:"f"`
	Bold   bool   `json:"b"`
}

// python is the venv the emulator script (infra/stack/stack.sh) installs
// moto and openpyxl into.
func python(t *testing.T) string {
	t.Helper()
	cache := os.Getenv("AFTERSALES_CACHE")
	if cache == "" {
		_, file, _, _ := runtime.Caller(0)
		cache = filepath.Join(filepath.Dir(file), "..", "..", ".local")
	}
	return filepath.Join(cache, "venv", "bin", "python")
}

// TestWriteXLSXReadsBackInOpenpyxl reads a written workbook with a second
// reader that shares no code with excelize or ours. It runs with the
// integration tests (make test installs openpyxl with the emulators) and
// fails there when openpyxl cannot be run.
func TestWriteXLSXReadsBackInOpenpyxl(t *testing.T) {
	if os.Getenv("AFTERSALES_INTEGRATION") != "1" {
		t.Skip("needs openpyxl: set AFTERSALES_INTEGRATION=1 after bash infra/stack/stack.sh install, or run make test")
	}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Отчёт", writtenHeader, rowsOf(writtenRows())); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python(t), "-c", openpyxlDump, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl could not read the workbook (%v): %s", err, stderr.String())
	}
	var got struct {
		Titles []string           `json:"titles"`
		Freeze string             `json:"freeze"`
		Widths map[string]float64 `json:"widths"`
		Rows   [][]openpyxlCell   `json:"rows"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("read openpyxl's answer: %v\n%s", err, out)
	}
	if len(got.Titles) != 1 || got.Titles[0] != "Отчёт" || got.Freeze != "A2" {
		t.Errorf("got sheets %q frozen at %q, want one sheet «Отчёт» frozen at A2", got.Titles, got.Freeze)
	}
	if w := got.Widths["A"]; w < 12 {
		t.Errorf("got column A %v wide, want room for its header", w)
	}
	want := writtenRows()
	if len(got.Rows) != len(want)+1 {
		t.Fatalf("got %d rows, want %d", len(got.Rows), len(want)+1)
	}
	for i, h := range writtenHeader {
		if c := cellAt(got.Rows[0], i); !c.Bold || c.Value != xlsxwrite.SafeText(h) {
			t.Errorf("header %d: got %+v, want bold %q", i+1, c, xlsxwrite.SafeText(h))
		}
	}
	for r, values := range want {
		for i, v := range values {
			if msg := openpyxlMismatch(cellAt(got.Rows[r+1], i), v); msg != "" {
				t.Errorf("row %d, column %d: %s", r+2, i+1, msg)
			}
		}
	}
}

func cellAt(row []openpyxlCell, i int) openpyxlCell {
	if i < len(row) {
		return row[i]
	}
	return openpyxlCell{Type: "n"}
}

// openpyxlMismatch says how a cell openpyxl read differs from the value it
// was written from, "" when it does not.
func openpyxlMismatch(c openpyxlCell, v any) string {
	if c.Bold {
		return fmt.Sprintf("got a bold cell %+v", c)
	}
	switch v := v.(type) {
	case nil:
		return expect(c, c.Value == nil, "no value")
	case string:
		if s := xlsxwrite.SafeText(v); s != "" {
			text, _ := c.Value.(string)
			return expect(c, c.Type == "s" && officeUnescape(text) == s && c.Format == "General", fmt.Sprintf("the text %q", s))
		}
		return expect(c, c.Value == nil, "no value")
	case sheets.Cell:
		switch {
		case v.IsDate:
			return openpyxlMismatch(c, v.Time)
		case v.IsNumber && math.Abs(v.Number) < 1e11:
			return openpyxlMismatch(c, v.Number)
		}
		return openpyxlMismatch(c, v.Text)
	case time.Time:
		format, iso := "dd.mm.yyyy", v.Format("2006-01-02T15:04:05")
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 {
			format = "dd.mm.yyyy hh:mm"
		}
		if v.Year() == 9999 { // openpyxl rounds the serial's last microseconds
			iso = iso[:16]
			s, ok := c.Value.(string)
			return expect(c, c.Type == "d" && ok && len(s) >= 16 && s[:16] == iso && c.Format == format, "the date "+iso)
		}
		return expect(c, c.Type == "d" && c.Value == iso && c.Format == format, "the date "+iso)
	case xlsxwrite.Money:
		return expect(c, c.Type == "n" && c.Value == float64(v)/100 && c.Format == `#,##0.00\ [$₽-419];\-#,##0.00\ [$₽-419]`,
			fmt.Sprintf("%v roubles", float64(v)/100))
	case bool:
		return expect(c, c.Type == "b" && c.Value == v, fmt.Sprint(v))
	case int:
		return openpyxlMismatch(c, float64(v))
	case int64:
		return openpyxlMismatch(c, float64(v))
	case float64:
		return expect(c, c.Type == "n" && c.Value == v && c.Format == "General", fmt.Sprint("the number ", v))
	}
	return fmt.Sprintf("the test does not know a %T", v)
}

// officeUnescape decodes Office's _xHHHH_ escapes, which openpyxl 3.1
// leaves in inline strings as stored (it decodes them only in shared
// strings); Excel, LibreOffice and excelize decode them in both.
func officeUnescape(s string) string {
	return officeEscape.ReplaceAllStringFunc(s, func(m string) string {
		r, _ := strconv.ParseUint(m[2:6], 16, 32)
		return string(rune(r))
	})
}

var officeEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func expect(c openpyxlCell, ok bool, want string) string {
	if ok {
		return ""
	}
	return fmt.Sprintf("got %+v, want %s", c, want)
}
