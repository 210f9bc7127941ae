package sheets

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScanner reads XML one token at a time exactly as encoding/xml's Decoder
// does with the settings excelize gives it (Strict, the five predefined
// entities, the charset readers of charsetReader): the same elements,
// attributes and decoded text, and an error wherever Decoder would return
// one. It is what lets the fast reader see a worksheet as excelize sees it
// at a fraction of the cost: tokens are cut straight out of a buffer that
// holds at least one whole token, and nothing is allocated for them.
//
// Comments, processing instructions and directives are checked and skipped;
// an <?xml encoding="…"?> declaration switches the charset as Decoder does.
// The name, attrs and text of a token are valid until the next call to next.
type xmlScanner struct {
	src io.Reader
	buf []byte
	pos int // the first byte not yet scanned
	end int // the end of the bytes read into buf
	eof bool

	name  []byte // a start or end tag's qualified name, as written
	colon int    // the index of the colon in name, -1 for none
	local []byte // its local part
	attrs []xmlAttr
	text  []byte // a text token's decoded characters

	scratch    []byte // decoded text and attribute values of the current token
	closeDue   bool   // the last start tag was self-closing: its end comes next
	open       []byte // the qualified names of the open elements, one after another
	openEnds   []int  // where each open element's name ends in open
	openColons []int  // where each one's colon is, -1 for none
	ns         []nsBinding
	err        error
}

type tokenKind uint8

const (
	tokStart tokenKind = iota + 1
	tokEnd
	tokText
)

// xmlAttr is one attribute: its qualified name, local part and decoded value.
type xmlAttr struct {
	name, local, value []byte
}

// nsBinding is an xmlns or xmlns:prefix attribute in force below the open
// element at depth.
type nsBinding struct {
	depth  int
	prefix string
	url    string
}

// inputError is a failure to read the input, as opposed to XML that
// encoding/xml would refuse.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// errShort asks for more input: the token does not end within the buffer.
var errShort = errors.New("xml token continues past the buffer")

const scanBufSize = 64 << 10

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{src: r, buf: make([]byte, scanBufSize)}
}

// depth is the number of open elements.
func (s *xmlScanner) depth() int { return len(s.openEnds) }

// next reads the next start tag, end tag or piece of text. A self-closing
// tag comes as a start and then an end, as from Decoder. At the end of a
// well-formed document it returns io.EOF; any other error is the reason
// Decoder would refuse the input, and every later call returns it too.
func (s *xmlScanner) next() (tokenKind, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.closeDue {
		s.closeDue = false // s.name and s.local still hold the start tag's name
		s.pop()
		return tokEnd, nil
	}
	for {
		kind, err := s.scan()
		if err == errShort {
			if err = s.fill(); err == nil {
				continue
			}
		}
		if err != nil {
			s.err = err
			return 0, err
		}
		if kind != 0 {
			return kind, nil
		}
	}
}

// fill reads more input behind the unscanned bytes, growing the buffer when
// a single token fills it.
func (s *xmlScanner) fill() error {
	if s.eof {
		return syntaxError("unexpected EOF")
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for s.end < len(s.buf) {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return nil
		}
		if err != nil {
			return &inputError{err}
		}
		if n == 0 {
			continue
		}
		if s.end-s.pos >= len(s.buf)/2 {
			return nil
		}
	}
	return nil
}

// scan reads one token starting at s.pos. It returns errShort, without
// having changed any state, when the token may continue past s.end; and kind
// 0 for a token that is checked and skipped.
func (s *xmlScanner) scan() (tokenKind, error) {
	s.scratch = s.scratch[:0]
	p, b := s.pos, s.buf[s.pos:s.end]
	if len(b) == 0 {
		if !s.eof {
			return 0, errShort
		}
		if s.depth() > 0 {
			return 0, syntaxError("unexpected EOF")
		}
		return 0, io.EOF
	}
	if b[0] != '<' {
		return s.scanText(p)
	}
	if len(b) < 2 {
		return 0, s.short()
	}
	switch b[1] {
	case '/':
		return s.scanEnd(p + 2)
	case '?':
		return 0, s.scanProcInst(p + 2)
	case '!':
		return s.scanBang(p + 2)
	}
	return s.scanStart(p + 1)
}

// short is what running out of bytes mid-token means: wait for more, or,
// at the end of the input, Decoder's "unexpected EOF".
func (s *xmlScanner) short() error {
	if s.eof {
		return syntaxError("unexpected EOF")
	}
	return errShort
}

func (s *xmlScanner) scanText(p int) (tokenKind, error) {
	raw := s.buf[p:s.end]
	if i := bytes.IndexByte(raw, '<'); i >= 0 {
		raw = raw[:i]
	} else if !s.eof {
		return 0, errShort
	}
	if bytes.IndexByte(raw, ']') >= 0 && bytes.Contains(raw, []byte("]]>")) {
		return 0, syntaxError("unescaped ]]> not in CDATA section")
	}
	text, err := s.decode(raw)
	if err != nil {
		return 0, err
	}
	s.text = text
	s.pos = p + len(raw)
	return tokText, nil
}

func (s *xmlScanner) scanStart(p int) (tokenKind, error) {
	name, colon, p, err := s.scanName(p)
	if err != nil {
		return 0, err
	}
	if name == nil {
		return 0, syntaxError("expected element name after <")
	}
	s.attrs = s.attrs[:0]
	selfClosing := false
	buf := s.buf[:s.end]
	for {
		if p < len(buf) && buf[p] == '>' {
			p++
			break
		}
		if p, err = s.skipSpace(p); err != nil {
			return 0, err
		}
		if c := buf[p]; c == '/' {
			if p+1 >= len(buf) {
				return 0, s.short()
			}
			if buf[p+1] != '>' {
				return 0, syntaxError("expected /> in element")
			}
			selfClosing = true
			p += 2
			break
		} else if c == '>' {
			p++
			break
		}
		var a xmlAttr
		var acolon int
		if a.name, acolon, p, err = s.scanName(p); err != nil {
			return 0, err
		}
		if a.name == nil {
			return 0, syntaxError("expected attribute name in element")
		}
		a.local = localName(a.name, acolon)
		if p < len(buf) && buf[p] != '=' {
			if p, err = s.skipSpace(p); err != nil {
				return 0, err
			}
		}
		if p >= len(buf) {
			return 0, s.short()
		}
		if buf[p] != '=' {
			return 0, syntaxError("attribute name without = in element")
		}
		if p, err = s.skipSpace(p + 1); err != nil {
			return 0, err
		}
		quote := buf[p]
		if quote != '"' && quote != '\'' {
			return 0, syntaxError("unquoted or missing attribute value in element")
		}
		p++
		n := bytes.IndexByte(buf[p:], quote)
		if n < 0 {
			return 0, s.short()
		}
		raw := buf[p : p+n]
		if plainValue(raw) {
			a.value = raw
		} else if bytes.IndexByte(raw, '<') >= 0 {
			return 0, syntaxError("unescaped < inside quoted string")
		} else if a.value, err = s.decode(raw); err != nil {
			return 0, err
		}
		s.attrs = append(s.attrs, a)
		p += n + 1
	}
	s.name, s.colon, s.local = name, colon, localName(name, colon)
	s.pos = p
	s.push()
	s.closeDue = selfClosing
	return tokStart, nil
}

func (s *xmlScanner) scanEnd(p int) (tokenKind, error) {
	// Most end tags are </name> for the open element, a name already read.
	if n := s.depth(); n > 0 {
		open := s.openName(n - 1)
		if end := p + len(open); end < s.end && s.buf[end] == '>' && bytes.Equal(s.buf[p:end], open) {
			s.name, s.colon, s.local = s.buf[p:end], s.openColons[n-1], localName(s.buf[p:end], s.openColons[n-1])
			s.pos = end + 1
			s.pop()
			return tokEnd, nil
		}
	}
	name, colon, p, err := s.scanName(p)
	if err != nil {
		return 0, err
	}
	if name == nil {
		return 0, syntaxError("expected element name after </")
	}
	if p, err = s.skipSpace(p); err != nil {
		return 0, err
	}
	if s.buf[p] != '>' {
		return 0, syntaxError("invalid characters between </" + string(localName(name, colon)) + " and >")
	}
	n := s.depth()
	if n == 0 {
		return 0, syntaxError("unexpected end element </" + string(localName(name, colon)) + ">")
	}
	if open := s.openName(n - 1); !bytes.Equal(open, name) {
		return 0, syntaxError("element <" + string(open) + "> closed by </" + string(name) + ">")
	}
	s.name, s.colon, s.local = name, colon, localName(name, colon)
	s.pos = p + 1
	s.pop()
	return tokEnd, nil
}

// scanProcInst checks and skips <?target …?>, switching the charset as
// Decoder does when the target is xml.
func (s *xmlScanner) scanProcInst(p int) error {
	target, _, _, p, err := s.scanPlainName(p)
	if err != nil {
		return err
	}
	if target == nil {
		return syntaxError("expected target name after <?")
	}
	if p, err = s.skipSpace(p); err != nil {
		return err
	}
	n := bytes.Index(s.buf[p:s.end], []byte("?>"))
	if n < 0 {
		return s.short()
	}
	body := string(s.buf[p : p+n])
	s.pos = p + n + 2
	if string(target) != "xml" {
		return nil
	}
	if ver := procInst("version", body); ver != "" && ver != "1.0" {
		return fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
	}
	if enc := procInst("encoding", body); enc != "" && !strings.EqualFold(enc, "utf-8") {
		rest := bytes.Clone(s.buf[s.pos:s.end])
		r, err := charsetReader(enc, io.MultiReader(bytes.NewReader(rest), s.src))
		if err != nil {
			return fmt.Errorf("xml: opening charset %q: %w", enc, err)
		}
		s.src, s.end, s.eof = r, s.pos, false
	}
	return nil
}

// scanBang reads what follows <!: a comment, a CDATA section (returned as
// text) or a directive such as <!DOCTYPE …>.
func (s *xmlScanner) scanBang(p int) (tokenKind, error) {
	if p >= s.end {
		return 0, s.short()
	}
	switch s.buf[p] {
	case '-':
		if p+1 >= s.end {
			return 0, s.short()
		}
		if s.buf[p+1] != '-' {
			return 0, syntaxError("invalid sequence <!- not part of <!--")
		}
		p += 2
		n := bytes.Index(s.buf[p:s.end], []byte("--"))
		if n < 0 || p+n+2 >= s.end {
			return 0, s.short()
		}
		if s.buf[p+n+2] != '>' {
			return 0, syntaxError(`invalid sequence "--" not allowed in comments`)
		}
		s.pos = p + n + 3
		return 0, nil
	case '[':
		p++
		for i := range len("CDATA[") {
			if p+i >= s.end {
				return 0, s.short()
			}
			if s.buf[p+i] != "CDATA["[i] {
				return 0, syntaxError("invalid <![ sequence")
			}
		}
		p += len("CDATA[")
		n := bytes.Index(s.buf[p:s.end], []byte("]]>"))
		if n < 0 {
			if s.eof {
				return 0, syntaxError("unexpected EOF in CDATA section")
			}
			return 0, errShort
		}
		text, err := s.decodeCDATA(s.buf[p : p+n])
		if err != nil {
			return 0, err
		}
		s.text = text
		s.pos = p + n + 3
		return tokText, nil
	}
	return 0, s.scanDirective(p)
}

// scanDirective skips a directive the way Decoder reads one: quoted text
// hides > and <, nested <…> pairs count, and a comment inside is skipped.
func (s *xmlScanner) scanDirective(p int) error {
	p++ // Decoder keeps the first byte without looking at it
	var inquote byte
	depth := 0
	get := func() (byte, error) {
		if p >= s.end {
			return 0, s.short()
		}
		p++
		return s.buf[p-1], nil
	}
	for {
		b, err := get()
		if err != nil {
			return err
		}
		if inquote == 0 && b == '>' && depth == 0 {
			s.pos = p
			return nil
		}
	handle:
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			for i := range len("!--") {
				if b, err = get(); err != nil {
					return err
				}
				if b != "!--"[i] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if b, err = get(); err != nil {
					return err
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
		}
	}
}

// scanName reads a qualified name at p, returning it, the index of its
// colon (-1 for none) and where it ends. A nil name means none starts at p,
// or it has two colons; the caller reports that in its own words. A name
// Decoder would reject outright (a bad first character) is an error.
func (s *xmlScanner) scanName(p int) (name []byte, colon, end int, err error) {
	name, colon, colons, end, err := s.scanPlainName(p)
	if colons > 1 {
		return nil, 0, 0, err
	}
	return name, colon, end, err
}

// scanPlainName reads a name at p, colons allowed anywhere.
func (s *xmlScanner) scanPlainName(p int) (name []byte, colon, colons, end int, err error) {
	buf := s.buf[:s.end]
	if p >= len(buf) {
		return nil, 0, 0, 0, s.short()
	}
	if c := buf[p]; c < utf8.RuneSelf && !isNameByte[c] {
		return nil, 0, 0, 0, nil
	}
	start, ascii := p, true
	colon = -1
	for ; p < len(buf); p++ {
		c := buf[p]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		if !isNameByte[c] {
			break
		}
		if c == ':' {
			colons++
			colon = p - start
		}
	}
	if p == len(buf) {
		return nil, 0, 0, 0, s.short()
	}
	name = buf[start:p]
	if ascii && !isNameStartByte[name[0]] || !ascii && !isXMLName(name) {
		return nil, 0, 0, 0, syntaxError("invalid XML name: " + string(name))
	}
	return name, colon, colons, p, nil
}

// localName is the part of a qualified name after its colon, as Decoder
// splits it: a name with the colon first or last has no prefix.
func localName(name []byte, colon int) []byte {
	if colon <= 0 || colon == len(name)-1 {
		return name
	}
	return name[colon+1:]
}

func (s *xmlScanner) skipSpace(p int) (int, error) {
	buf := s.buf[:s.end]
	for ; p < len(buf); p++ {
		switch buf[p] {
		case ' ', '\r', '\n', '\t':
		default:
			return p, nil
		}
	}
	return 0, s.short()
}

// push opens the element just scanned and records its namespace bindings.
func (s *xmlScanner) push() {
	s.open = append(s.open, s.name...)
	s.openEnds = append(s.openEnds, len(s.open))
	s.openColons = append(s.openColons, s.colon)
	for i := range s.attrs {
		a := &s.attrs[i]
		if len(a.name) < 5 || a.name[0] != 'x' {
			continue
		}
		switch {
		case bytes.HasPrefix(a.name, []byte("xmlns:")) && len(a.local) < len(a.name):
			s.ns = append(s.ns, nsBinding{depth: s.depth(), prefix: string(a.local), url: string(a.value)})
		case string(a.name) == "xmlns":
			s.ns = append(s.ns, nsBinding{depth: s.depth(), url: string(a.value)})
		}
	}
}

func (s *xmlScanner) pop() {
	n := s.depth()
	for len(s.ns) > 0 && s.ns[len(s.ns)-1].depth == n {
		s.ns = s.ns[:len(s.ns)-1]
	}
	s.openEnds = s.openEnds[:n-1]
	s.openColons = s.openColons[:n-1]
	if n > 1 {
		s.open = s.open[:s.openEnds[n-2]]
	} else {
		s.open = s.open[:0]
	}
}

func (s *xmlScanner) openName(i int) []byte {
	start := 0
	if i > 0 {
		start = s.openEnds[i-1]
	}
	return s.open[start:s.openEnds[i]]
}

// space is the namespace of an element name as Decoder translates it: the
// URL bound to its prefix where one is, else the prefix itself.
func (s *xmlScanner) space(name []byte, colon int) string {
	return s.spaceAt(name, colon, s.depth())
}

// spaceAt is space with only the bindings of the open elements up to depth.
func (s *xmlScanner) spaceAt(name []byte, colon int, depth int) string {
	prefix := ""
	if colon > 0 && colon < len(name)-1 {
		prefix = string(name[:colon])
	}
	switch prefix {
	case "xmlns":
		return prefix
	case "xml":
		return "http://www.w3.org/XML/1998/namespace"
	case "":
		if string(name) == "xmlns" {
			return ""
		}
	}
	for i := len(s.ns) - 1; i >= 0; i-- {
		if s.ns[i].depth <= depth && s.ns[i].prefix == prefix {
			return s.ns[i].url
		}
	}
	return prefix
}

// plainValue reports whether a short attribute value is printable ASCII
// other than < and &, which needs neither decoding nor further checks.
func plainValue(raw []byte) bool {
	if len(raw) > 16 {
		return false
	}
	for _, c := range raw {
		if c < 0x20 || c >= utf8.RuneSelf || c == '<' || c == '&' {
			return false
		}
	}
	return true
}

// textThenEnd reads, just after a start tag, an element's content when it
// is nothing but text up to the element's own end tag, and the end tag: the
// common <v>12</v> and <t>Москва</t> in one step instead of three. The text
// is decoded and checked as scanText would. ok is false, and nothing read,
// when the content is anything else or not yet in the buffer.
func (s *xmlScanner) textThenEnd() (text []byte, ok bool, err error) {
	if s.closeDue {
		_, err := s.next()
		return nil, true, err
	}
	b := s.buf[s.pos:s.end]
	i := bytes.IndexByte(b, '<')
	name := s.openName(s.depth() - 1)
	if i < 0 || i+3+len(name) > len(b) || b[i+1] != '/' || b[i+2+len(name)] != '>' || !bytes.Equal(b[i+2:i+2+len(name)], name) {
		return nil, false, nil
	}
	s.scratch = s.scratch[:0]
	if raw := b[:i]; bytes.IndexByte(raw, ']') >= 0 && bytes.Contains(raw, []byte("]]>")) {
		err = syntaxError("unescaped ]]> not in CDATA section")
	} else {
		text, err = s.decode(raw)
	}
	if err != nil {
		s.err = err
		return nil, true, err
	}
	s.pos += i + 3 + len(name)
	s.pop()
	return text, true, nil
}

// decode turns raw text or an attribute value into characters as Decoder's
// text does: entities replaced, \r and \r\n made \n, every character checked.
// Raw bytes that need none of it are returned as they are.
func (s *xmlScanner) decode(raw []byte) ([]byte, error) { return s.characters(raw, true) }

// decodeCDATA normalises line ends in a CDATA section and checks it; an &
// there is itself.
func (s *xmlScanner) decodeCDATA(raw []byte) ([]byte, error) { return s.characters(raw, false) }

// characters is decode and decodeCDATA: entities says whether & starts a
// character reference.
func (s *xmlScanner) characters(raw []byte, entities bool) ([]byte, error) {
	if (!entities || bytes.IndexByte(raw, '&') < 0) && bytes.IndexByte(raw, '\r') < 0 {
		if !validChars(raw) {
			return nil, invalidChars(raw)
		}
		return raw, nil
	}
	start := len(s.scratch)
	out := s.scratch
	var prev byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '&' && entities:
			r, n, ok := entity(raw[i+1:])
			if !ok {
				return nil, syntaxError("invalid character entity " + string(raw[i:i+1+n]))
			}
			out = utf8.AppendRune(out, r)
			i += n
			prev = 0
			continue
		case c == '\r':
			out = append(out, '\n')
		case c == '\n' && prev == '\r':
		default:
			out = append(out, c)
		}
		prev = c
	}
	s.scratch = out
	text := out[start:]
	if !validChars(text) {
		return nil, invalidChars(text)
	}
	return text, nil
}

// entity decodes the character reference after an & as Decoder does: the
// five predefined entities and decimal or hexadecimal code points, up to
// the semicolon. n is how many bytes it took, the semicolon included.
// Decoder turns a surrogate code point into U+FFFD; so does this.
func entity(b []byte) (r rune, n int, ok bool) {
	end := bytes.IndexByte(b, ';')
	if end < 0 {
		return 0, len(b), false
	}
	ref := b[:end]
	if len(ref) > 0 && ref[0] == '#' {
		digits, base := ref[1:], 10
		if len(digits) > 0 && digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		for _, c := range digits {
			if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
				return 0, end, false
			}
		}
		v, err := strconv.ParseUint(string(digits), base, 64)
		if err != nil || v > utf8.MaxRune {
			return 0, end + 1, false
		}
		if !utf8.ValidRune(rune(v)) {
			return utf8.RuneError, end + 1, true
		}
		return rune(v), end + 1, true
	}
	switch string(ref) {
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "amp":
		return '&', end + 1, true
	case "apos":
		return '\'', end + 1, true
	case "quot":
		return '"', end + 1, true
	}
	return 0, end + 1, false
}

// validChars reports whether b is UTF-8 made only of characters XML 1.0
// allows, the check Decoder makes on all text: no control character but
// tab, line feed and carriage return, no U+FFFE or U+FFFF. (UTF-8 cannot
// encode the surrogates at all.)
func validChars(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	i := 0
	for ; i+8 <= len(b); i += 8 {
		// Whether any of the eight bytes is below 0x20 (Bit Twiddling
		// Hacks' hasless); only then look at them one by one.
		if w := binary.LittleEndian.Uint64(b[i:]); (w-0x2020202020202020)&^w&0x8080808080808080 != 0 {
			if !validControls(b[i : i+8]) {
				return false
			}
		}
	}
	return validControls(b[i:]) && !hasNonCharacter(b)
}

// hasNonCharacter reports whether UTF-8 text holds U+FFFE or U+FFFF.
func hasNonCharacter(b []byte) bool {
	for j := bytes.IndexByte(b, 0xEF); j >= 0; {
		if j+2 < len(b) && b[j+1] == 0xBF && (b[j+2] == 0xBE || b[j+2] == 0xBF) {
			return true
		}
		k := bytes.IndexByte(b[j+1:], 0xEF)
		if k < 0 {
			break
		}
		j += 1 + k
	}
	return false
}

func validControls(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

func invalidChars(b []byte) error {
	return syntaxError(fmt.Sprintf("illegal character in %q", b))
}

// isXMLName asks encoding/xml whether a name with non-ASCII characters is
// one: its tables of name characters are not exported.
func isXMLName(name []byte) bool {
	d := xml.NewDecoder(io.MultiReader(strings.NewReader("<?"), bytes.NewReader(name), strings.NewReader("?>")))
	_, err := d.RawToken()
	return err == nil
}

var isNameByte, isNameStartByte [utf8.RuneSelf]bool

func init() {
	for c := range utf8.RuneSelf {
		start := 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
		isNameStartByte[c] = start
		isNameByte[c] = start || '0' <= c && c <= '9' || c == '.' || c == '-'
	}
}

func syntaxError(msg string) error { return &xml.SyntaxError{Msg: msg} }

// procInst finds param="…" or param='…' in a processing instruction's body
// as encoding/xml does, "" when it is not there.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}
