package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const sheetPart = "xl/worksheets/sheet1.xml"

// rezip copies a valid .xlsx, letting replace write the first sheet's part.
func rezip(t testing.TB, replace func(zw *zip.Writer)) []byte {
	t.Helper()
	valid := book(t, func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "A1", "код") })
	zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == sheetPart {
			replace(zw)
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// zipBomb is an .xlsx whose sheet inflates to size bytes of rows from a few
// dozen kilobytes.
func zipBomb(t testing.TB, size int) []byte {
	return rezip(t, func(zw *zip.Writer) {
		w, err := zw.Create(sheetPart)
		if err != nil {
			t.Fatal(err)
		}
		row := `<row><c t="inlineStr"><is><t>x</t></is></c></row>`
		_, _ = io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		chunk := strings.Repeat(row, 1<<14)
		for n := 0; n < size; n += len(chunk) {
			_, _ = io.WriteString(w, chunk)
		}
		_, _ = io.WriteString(w, `</sheetData></worksheet>`)
	})
}

// lyingZip is an .xlsx whose sheet entry declares 10 bytes but inflates to
// far more, the trick that defeats size checks based on the zip directory.
func lyingZip(t testing.TB) []byte {
	return rezip(t, func(zw *zip.Writer) {
		body := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 100000) + `</sheetData></worksheet>`)
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestCompression)
		_, _ = fw.Write(body)
		_ = fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: sheetPart, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(body),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: 10,
		})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(packed.Bytes())
	})
}

// damagedXLS is the .xls fixture cut short.
func damagedXLS(t testing.TB) []byte {
	data, err := os.ReadFile("testdata/outlets.xls")
	if err != nil {
		t.Fatal(err)
	}
	return data[:1536]
}
