package sheets

import (
	"bytes"
	"io"
	"os"
	"testing"
)

func BenchmarkScanTokens(b *testing.B) {
	data, err := os.ReadFile("/tmp/bench/inline_sheet.xml")
	if err != nil {
		b.Skip()
	}
	b.SetBytes(int64(len(data)))
	for range b.N {
		sc := newXMLScanner(bytes.NewReader(data))
		n := 0
		for {
			_, err := sc.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
}

func BenchmarkRows(b *testing.B) {
	for _, name := range []string{"inline", "shared"} {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile("/tmp/bench/" + name + benchSuffix + ".xml")
			if err != nil {
				b.Skip()
			}
			table := &stringTable{}
			b.SetBytes(int64(len(data)))
			var cells []Cell
			for range b.N {
				r := &sheetRows{sc: newXMLScanner(bytes.NewReader(data)), prepare: func() error { return nil },
					strings: func() (*stringTable, error) { return table, nil }}
				for {
					ok, err := r.next()
					if err != nil {
						b.Fatal(err)
					}
					if !ok {
						break
					}
					if cells, err = r.columns(cells[:0]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

var benchSuffix = func() string {
	if s := os.Getenv("SHEET_SUFFIX"); s != "" {
		return s
	}
	return "_sheet"
}()
