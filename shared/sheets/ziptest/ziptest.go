// Package ziptest rewrites the zip archive an .xlsx is, for the readers'
// tests of damaged and hostile files: parts replaced, added or dropped, a
// zip bomb. It imports nothing of the project, so the sheets package's own
// tests use it as well as the loads' end-to-end ones.
package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// Rewrite copies the entries of the archive data, in order, through edit
// and returns the new archive. edit writes entry f to zw: zw.Copy(f) keeps
// it as it is, writing nothing drops it, anything else takes its place.
// add, when not nil, appends entries after the last.
func Rewrite(t testing.TB, data []byte, edit func(zw *zip.Writer, f *zip.File) error, add func(zw *zip.Writer) error) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := edit(zw, f); err != nil {
			t.Fatalf("rewrite %s: %v", f.Name, err)
		}
	}
	if add != nil {
		if err := add(zw); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Replace is data with the entry named part written by write, in its
// place, instead of its own content.
func Replace(t testing.TB, data []byte, part string, write func(zw *zip.Writer) error) []byte {
	t.Helper()
	return Rewrite(t, data, func(zw *zip.Writer, f *zip.File) error {
		if f.Name == part {
			return write(zw)
		}
		return zw.Copy(f)
	}, nil)
}

// Prepend is data with a stored (uncompressed) entry name holding body
// before its own entries: what a reader reads first is then not the
// workbook's parts.
func Prepend(t testing.TB, data []byte, name string, body []byte) []byte {
	t.Helper()
	first := true
	return Rewrite(t, data, func(zw *zip.Writer, f *zip.File) error {
		if first {
			first = false
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			if err != nil {
				return err
			}
			if _, err := w.Write(body); err != nil {
				return err
			}
		}
		return zw.Copy(f)
	}, nil)
}

// Bomb is data with its sheet part (e.g. "xl/worksheets/sheet1.xml")
// replaced by rows of inline text that inflate to size bytes from a small
// fraction of that (450 MB pack into about 1.5 MB).
func Bomb(t testing.TB, data []byte, part string, size int) []byte {
	t.Helper()
	return Replace(t, data, part, func(zw *zip.Writer) error {
		w, err := zw.Create(part)
		if err != nil {
			return err
		}
		_, _ = io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		chunk := strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 1<<14)
		for n := 0; n < size; n += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return err
			}
		}
		_, err = io.WriteString(w, `</sheetData></worksheet>`)
		return err
	})
}
