package sheets

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// stringItem is what excelize's xlsxSI.String() reads of a string item (a
// shared string <si> or an inline string <is>): the text of its t element
// and of its rich-text runs.
type stringItem struct {
	t       []byte // the last <t>'s text
	runs    []byte // the runs' texts, one after another
	scratch []byte // where a <t> is read before it replaces t
}

// String is xlsxSI.String(): the texts with _xHHHH_ escapes decoded.
func (it *stringItem) String() string {
	if len(it.runs) == 0 {
		return bstrUnmarshal(string(it.t))
	}
	return bstrUnmarshal(string(it.t) + string(it.runs))
}

func (it *stringItem) reset() { it.t, it.runs = it.t[:0], it.runs[:0] }

// readStringItem decodes a string item's children, the scanner standing
// just after its start tag, as encoding/xml decodes excelize's xlsxSI: the
// last <t> wins, each <r> adds a run, <rPh> and <phoneticPr> are checked but
// add nothing, other elements are skipped. A child whose attributes do not
// decode (a font size that is not a number) is an error that leaves the
// scanner inside it, as it leaves excelize's decoder.
func readStringItem(sc *xmlScanner, it *stringItem) error {
	for {
		kind, err := sc.next()
		if err != nil {
			return err
		}
		switch {
		case kind == tokEnd:
			return nil
		case kind != tokStart:
		case string(sc.local) == "t":
			// encoding/xml sets the text once the element has been read.
			t, err := readText(sc, it.scratch[:0])
			if err != nil {
				return err
			}
			it.t, it.scratch = append(it.t[:0], t...), t
		case string(sc.local) == "r":
			var run richTextRun
			if err := decodeElement(sc, &run); err != nil {
				return err
			}
			if run.T != nil {
				it.runs = append(it.runs, run.T.Val...)
			}
		case string(sc.local) == "rPh":
			if err := decodeElement(sc, &phoneticRun{}); err != nil {
				return err
			}
		case string(sc.local) == "phoneticPr":
			if err := decodeElement(sc, &phoneticProperties{}); err != nil {
				return err
			}
		default:
			if err := skipElement(sc); err != nil {
				return err
			}
		}
	}
}

// readText appends an element's own text to dst, skipping nested elements,
// as encoding/xml fills a string or a ",chardata" field.
func readText(sc *xmlScanner, dst []byte) ([]byte, error) {
	if text, ok, err := sc.textThenEnd(); ok || err != nil {
		return append(dst, text...), err
	}
	depth := 0
	for {
		kind, err := sc.next()
		if err != nil {
			return dst, err
		}
		switch kind {
		case tokText:
			if depth == 0 {
				dst = append(dst, sc.text...)
			}
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return dst, nil
			}
			depth--
		}
	}
}

// skipElement reads up to the end of the element just started.
func skipElement(sc *xmlScanner) error {
	for depth := 0; ; {
		kind, err := sc.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// decodeElement decodes the element just started into v with encoding/xml,
// fed from the scanner, for the rare parts whose typed attributes only
// encoding/xml's reflection decodes exactly as it decodes them for
// excelize.
func decodeElement(sc *xmlScanner, v any) error {
	d := xml.NewTokenDecoder(&scannerTokens{sc: sc, start: sc.startElement()})
	tok, err := d.Token()
	if err != nil {
		return err
	}
	start := tok.(xml.StartElement)
	return d.DecodeElement(v, &start)
}

// scannerTokens hands a scanner's tokens to an encoding/xml Decoder,
// beginning with the start tag already read.
type scannerTokens struct {
	sc    *xmlScanner
	start xml.Token
}

func (t *scannerTokens) Token() (xml.Token, error) {
	if tok := t.start; tok != nil {
		t.start = nil
		return tok, nil
	}
	kind, err := t.sc.next()
	if err != nil {
		return nil, err
	}
	switch kind {
	case tokStart:
		return t.sc.startElement(), nil
	case tokEnd:
		return xml.EndElement{Name: qualifiedName(t.sc.name)}, nil
	}
	return xml.CharData(t.sc.text), nil
}

// startElement is the current start tag as encoding/xml returns it before
// translating name spaces.
func (s *xmlScanner) startElement() xml.StartElement {
	e := xml.StartElement{Name: qualifiedName(s.name), Attr: make([]xml.Attr, len(s.attrs))}
	for i, a := range s.attrs {
		e.Attr[i] = xml.Attr{Name: qualifiedName(a.name), Value: string(a.value)}
	}
	return e
}

func qualifiedName(name []byte) xml.Name {
	space, local, ok := bytes.Cut(name, []byte(":"))
	if !ok || len(space) == 0 || len(local) == 0 {
		return xml.Name{Local: string(name)}
	}
	return xml.Name{Space: string(space), Local: string(local)}
}

// The parts of excelize's xlsxSI that can fail to decode, with excelize's
// field types and tags (xmlSharedStrings.go, xmlStyles.go, xmlChart.go,
// xmlComments.go, xmlWorksheet.go): a rich-text run and its properties, a
// phonetic run and the phonetic properties.
type (
	richTextRun struct {
		XMLName xml.Name  `xml:"r"`
		RPr     *runProps `xml:"rPr"`
		T       *runText  `xml:"t"`
	}
	runText struct {
		XMLName xml.Name `xml:"t"`
		Space   xml.Attr `xml:"space,attr,omitempty"`
		Val     string   `xml:",chardata"`
	}
	runProps struct {
		RFont     *valString `xml:"rFont"`
		Charset   *valInt    `xml:"charset"`
		Family    *valInt    `xml:"family"`
		B         *valBool   `xml:"b"`
		I         *valBool   `xml:"i"`
		Strike    *valBool   `xml:"strike"`
		Outline   *valBool   `xml:"outline"`
		Shadow    *valBool   `xml:"shadow"`
		Condense  *valBool   `xml:"condense"`
		Extend    *valBool   `xml:"extend"`
		Color     *runColor  `xml:"color"`
		Sz        *valFloat  `xml:"sz"`
		U         *valString `xml:"u"`
		VertAlign *valString `xml:"vertAlign"`
		Scheme    *valString `xml:"scheme"`
	}
	runColor struct {
		Auto    bool    `xml:"auto,attr,omitempty"`
		RGB     string  `xml:"rgb,attr,omitempty"`
		Indexed int     `xml:"indexed,attr,omitempty"`
		Theme   *int    `xml:"theme,attr"`
		Tint    float64 `xml:"tint,attr,omitempty"`
	}
	valString struct {
		Val *string `xml:"val,attr"`
	}
	valInt struct {
		Val *int `xml:"val,attr"`
	}
	valBool struct {
		Val *bool `xml:"val,attr"`
	}
	valFloat struct {
		Val *float64 `xml:"val,attr"`
	}
	phoneticRun struct {
		Sb uint32 `xml:"sb,attr"`
		Eb uint32 `xml:"eb,attr"`
		T  string `xml:"t"`
	}
	phoneticProperties struct {
		XMLName   xml.Name `xml:"phoneticPr"`
		Alignment string   `xml:"alignment,attr,omitempty"`
		FontID    *int     `xml:"fontId,attr"`
		Type      string   `xml:"type,attr,omitempty"`
	}
)

// stringTable is a workbook's shared strings, decoded, looked up by index.
// A table whose text and index fit in Limits.MaxXMLInMemory is one string
// (cells share it, nothing is copied); a larger one is written to a
// temporary file and read back through a small page cache.
type stringTable struct {
	n    int
	text string
	ends []uint32 // where each string ends in text

	file  *os.File
	marks []int64 // the file offset of every stringsPerMark-th string
	cache pageCache
}

const stringsPerMark = 64

// at is the i-th string, "" when the table has none, which excelize takes
// for an empty cell. Its error is one reading the temporary file back.
func (t *stringTable) at(i int) (string, error) {
	if i < 0 || i >= t.n {
		return "", nil
	}
	if t.file == nil {
		start := uint32(0)
		if i > 0 {
			start = t.ends[i-1]
		}
		return t.text[start:t.ends[i]], nil
	}
	off := t.marks[i/stringsPerMark]
	for range i % stringsPerMark {
		n, size, err := t.cache.uvarint(off)
		if err != nil {
			return "", err
		}
		off += int64(size) + int64(n)
	}
	n, size, err := t.cache.uvarint(off)
	if err != nil {
		return "", err
	}
	b, err := t.cache.read(off+int64(size), int(n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func (t *stringTable) close() error {
	if t == nil || t.file == nil {
		return nil
	}
	err := t.file.Close()
	if rerr := os.Remove(t.file.Name()); err == nil {
		err = rerr
	}
	t.file = nil
	return err
}

// tableBuilder collects the strings of a table, moving them to a temporary
// file once they outgrow the memory allowed.
type tableBuilder struct {
	limit int64
	dir   string
	text  strings.Builder
	ends  []uint32

	file  *os.File
	w     *bufio.Writer
	off   int64
	marks []int64
	n     int
}

func (b *tableBuilder) add(s string) error {
	if b.file == nil && int64(b.text.Len()+len(s))+4*int64(len(b.ends)+1) <= b.limit {
		b.text.WriteString(s)
		b.ends = append(b.ends, uint32(b.text.Len()))
		b.n++
		return nil
	}
	if b.file == nil {
		if err := b.spill(); err != nil {
			return err
		}
	}
	return b.write(s)
}

// addItem adds a string item's text, without making a string of it first
// when it has nothing to decode.
func (b *tableBuilder) addItem(it *stringItem) error {
	if len(it.runs) > 0 || bytes.Contains(it.t, []byte("_x")) || b.file != nil ||
		int64(b.text.Len()+len(it.t))+4*int64(len(b.ends)+1) > b.limit {
		return b.add(it.String())
	}
	b.text.Write(it.t)
	b.ends = append(b.ends, uint32(b.text.Len()))
	b.n++
	return nil
}

// expect makes room for a table read from a part of size bytes: its text
// is shorter than its XML.
func (b *tableBuilder) expect(size int64) {
	size = min(size, b.limit)
	b.text.Grow(int(size))
	b.ends = make([]uint32, 0, size/32)
}

// spill moves the strings so far to a temporary file.
func (b *tableBuilder) spill() error {
	f, err := os.CreateTemp(b.dir, "sheets-strings-")
	if err != nil {
		return &systemError{fmt.Errorf("create a file for shared strings: %w", err)}
	}
	b.file, b.w = f, bufio.NewWriterSize(f, 64<<10)
	text, ends, n := b.text.String(), b.ends, b.n
	b.text, b.ends, b.n = strings.Builder{}, nil, 0
	start := uint32(0)
	for _, end := range ends[:n] {
		if err := b.write(text[start:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

func (b *tableBuilder) write(s string) error {
	if b.n%stringsPerMark == 0 {
		b.marks = append(b.marks, b.off)
	}
	var head [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(head[:], uint64(len(s)))
	if _, err := b.w.Write(head[:h]); err != nil {
		return &systemError{fmt.Errorf("write shared strings: %w", err)}
	}
	if _, err := b.w.WriteString(s); err != nil {
		return &systemError{fmt.Errorf("write shared strings: %w", err)}
	}
	b.off += int64(h + len(s))
	b.n++
	return nil
}

// table finishes the table; on an error it removes any temporary file.
func (b *tableBuilder) table(err error) (*stringTable, error) {
	t := &stringTable{n: b.n}
	if b.file == nil {
		t.text, t.ends = b.text.String(), b.ends
		return t, err
	}
	t.file, t.marks, t.cache = b.file, b.marks, pageCache{f: b.file, size: b.off}
	if err == nil {
		if err = b.w.Flush(); err != nil {
			err = &systemError{fmt.Errorf("write shared strings: %w", err)}
		}
	}
	if err != nil {
		_ = t.close()
		return nil, err
	}
	return t, nil
}

// pageCache reads a file through a few recently used pages. Shared strings
// are mostly looked up near the ones looked up last, so a handful of pages
// serves nearly every cell.
type pageCache struct {
	f     *os.File
	size  int64
	pages [8]cachedPage
	clock int
}

type cachedPage struct {
	start int64
	data  []byte
	used  int
}

const pageSize = 64 << 10

func (c *pageCache) page(off int64) ([]byte, error) {
	start := off - off%pageSize
	c.clock++
	oldest := 0
	for i := range c.pages {
		p := &c.pages[i]
		if p.data != nil && p.start == start {
			p.used = c.clock
			return p.data[off-start:], nil
		}
		if p.used < c.pages[oldest].used {
			oldest = i
		}
	}
	p := &c.pages[oldest]
	if p.data == nil {
		p.data = make([]byte, pageSize)
	}
	n, err := c.f.ReadAt(p.data[:min(pageSize, c.size-start)], start)
	if err != nil && err != io.EOF {
		p.data = nil
		return nil, &systemError{fmt.Errorf("read shared strings back: %w", err)}
	}
	p.data, p.start, p.used = p.data[:n], start, c.clock
	if off-start >= int64(n) {
		return nil, io.ErrUnexpectedEOF
	}
	return p.data[off-start:], nil
}

func (c *pageCache) uvarint(off int64) (uint64, int, error) {
	var head [binary.MaxVarintLen64]byte
	b, err := c.read(off, min(len(head), int(c.size-off)))
	if err != nil {
		return 0, 0, err
	}
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, errors.New("damaged shared strings file")
	}
	return v, n, nil
}

func (c *pageCache) read(off int64, n int) ([]byte, error) {
	if n < 0 || off+int64(n) > c.size {
		return nil, io.ErrUnexpectedEOF
	}
	p, err := c.page(off)
	if err != nil {
		return nil, err
	}
	if len(p) >= n {
		return p[:n], nil
	}
	out := make([]byte, 0, n)
	for len(out) < n {
		if p, err = c.page(off + int64(len(out))); err != nil {
			return nil, err
		}
		out = append(out, p[:min(len(p), n-len(out))]...)
	}
	return out, nil
}

const mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

// readSharedStrings decodes the shared-string part f (nil when the workbook
// has none) the way excelize reads it. A part within MaxXMLInMemory is
// decoded like excelize's in-memory table: strict name spaces translated,
// the root must be <sst> in the spreadsheet name space, only its <si>
// children count, and any error fails the table. A larger part is read like
// excelize's temporary-file table: every <si> anywhere counts, and an item
// whose attributes do not decode keeps what was decoded before the error.
func readSharedStrings(f *zip.File, l Limits) (*stringTable, error) {
	// The index is 32-bit: a larger table goes to the file, whatever the limit.
	b := &tableBuilder{limit: min(l.MaxXMLInMemory, math.MaxUint32), dir: l.TempDir}
	if f == nil {
		return b.table(nil)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	b.expect(int64(f.UncompressedSize64))
	if int64(f.UncompressedSize64) > l.MaxXMLInMemory {
		in := newInflater(rc) // rows wait for the table: inflate it beside scanning it
		defer in.Close()
		return b.table(readLargeStrings(newXMLScanner(in), b))
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	return b.table(readStrings(newXMLScanner(bytes.NewReader(strictToTransitional(data))), b))
}

func readStrings(sc *xmlScanner, b *tableBuilder) error {
	var kind tokenKind
	var err error
	for kind != tokStart {
		if kind, err = sc.next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
	if string(sc.local) != "sst" {
		return fmt.Errorf("expected element type <sst> but have <%s>", sc.local)
	}
	if space := sc.space(sc.name, sc.colon); space != mainNamespace {
		return fmt.Errorf("expected element <sst> in name space %s but have %q", mainNamespace, space)
	}
	for _, a := range sc.attrs {
		if local := string(a.local); local == "count" || local == "uniqueCount" {
			if err := decodeInt(a.value); err != nil {
				return err
			}
		}
	}
	var it stringItem
	for {
		if fastStringItem(sc, &it) {
			if err := b.addItem(&it); err != nil {
				return err
			}
			continue
		}
		kind, err := sc.next()
		if err != nil {
			return err
		}
		switch {
		case kind == tokEnd:
			return nil
		case kind != tokStart:
		case string(sc.local) == "si":
			it.reset()
			if err := readStringItem(sc, &it); err != nil {
				return err
			}
			if err := b.addItem(&it); err != nil {
				return err
			}
		default:
			if err := skipElement(sc); err != nil {
				return err
			}
		}
	}
}

func readLargeStrings(sc *xmlScanner, b *tableBuilder) error {
	var it stringItem
	for {
		if fastStringItem(sc, &it) {
			if err := b.addItem(&it); err != nil {
				return err
			}
			continue
		}
		kind, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if kind != tokStart || string(sc.local) != "si" {
			continue
		}
		it.reset()
		if _ = readStringItem(sc, &it); sc.err != nil {
			return sc.err // unreadable XML; other errors are the item's own
		}
		if err := b.addItem(&it); err != nil {
			return err
		}
	}
}

// decodeInt fails where encoding/xml fails to decode an int attribute.
func decodeInt(v []byte) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
	return err
}

// decodeBool fails where encoding/xml fails to decode a bool attribute.
func decodeBool(v []byte) error {
	if len(v) == 0 {
		return nil
	}
	_, err := strconv.ParseBool(strings.TrimSpace(string(v)))
	return err
}

// strictNameSpaces are the Strict Open XML name spaces excelize translates,
// each beside the usual one, in the order it replaces them (the last is a
// prefix of others).
var strictNameSpaces = [][2]string{
	{"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"},
	{"http://purl.oclc.org/ooxml/drawingml/main", "http://schemas.openxmlformats.org/drawingml/2006/main"},
	{"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"},
	{"http://purl.oclc.org/ooxml/spreadsheetml/main", mainNamespace},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/chart", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/comments", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/image", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument", officeDocumentRelationship},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships", relationshipsNamespace},
}

// strictToTransitional is excelize's namespaceStrictToTransitional: Strict
// Open XML name spaces replaced with the usual ones, wherever they appear.
func strictToTransitional(data []byte) []byte {
	if !bytes.Contains(data, []byte("purl.oclc.org")) {
		return data
	}
	for _, r := range strictNameSpaces {
		data = bytes.ReplaceAll(data, []byte(r[0]), []byte(r[1]))
	}
	return data
}
