package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"aftersales/shared/sheets/ziptest"
)

const sheetPart = "xl/worksheets/sheet1.xml"

// validBook is a valid .xlsx whose sheet holds «код» in A1.
func validBook(t testing.TB) []byte {
	t.Helper()
	return book(t, func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "A1", "код") })
}

// zipBomb is an .xlsx whose sheet inflates to size bytes of rows from a few
// dozen kilobytes.
func zipBomb(t testing.TB, size int) []byte {
	t.Helper()
	return ziptest.Bomb(t, validBook(t), sheetPart, size)
}

// lyingZip is an .xlsx whose sheet entry declares 10 bytes but inflates to
// far more, the trick that defeats size checks based on the zip directory.
func lyingZip(t testing.TB) []byte {
	t.Helper()
	return ziptest.Replace(t, validBook(t), sheetPart, func(zw *zip.Writer) error {
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
			return err
		}
		_, err = w.Write(packed.Bytes())
		return err
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
