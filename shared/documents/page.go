package documents

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// Org is an organisation's requisites as a document's header shows them:
// the service centre's or the wholesaler's.
type Org struct {
	Name string `json:"name"`
	// LegalName is the organisation behind a trade name (ООО …, ИП …);
	// empty when Name is the legal name already.
	LegalName string `json:"legalName,omitempty"`
	INN       string `json:"inn,omitempty"`
	Address   string `json:"address,omitempty"`
	City      string `json:"city,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	// Hours are when a centre takes and gives out devices.
	Hours string `json:"hours,omitempty"`
}

// lines are the requisites after the name: who the organisation is (legal
// name, INN), where and how to reach it, and when it is open, each a line
// when there is something to say; hoursLabel introduces the hours.
func (o Org) lines(hoursLabel string) []string {
	city := o.City
	// An address typed in full names its city already.
	if city != "" && strings.Contains(strings.ToLower(o.Address), strings.ToLower(city)) {
		city = ""
	}
	inn := ""
	if o.INN != "" {
		inn = "ИНН " + o.INN
	}
	phone := ""
	if o.Phone != "" {
		phone = "тел. " + o.Phone
	}
	hours := ""
	if o.Hours != "" {
		hours = hoursLabel + o.Hours
	}
	var out []string
	for _, parts := range [][]string{{o.LegalName, inn}, {o.Address, city, phone, o.Email}, {hours}} {
		if l := joinNonEmpty(parts); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// line is the requisites after the name, in one line.
func (o Org) line() string { return strings.Join(o.lines("часы работы: "), "; ") }

func joinNonEmpty(parts []string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ", ")
}

// Layout of an A4 page in millimetres.
const (
	margin     = 15.0
	pageWidth  = 210.0 - 2*margin
	lineHeight = 5.0
	labelWidth = 55.0
	qrSize     = 28.0
	family     = "go"
	pagesAlias = "{nb}"
)

var loadedFonts = sync.OnceValues(loadFonts)

// page is one document being written.
type page struct {
	pdf *fpdf.Fpdf
	loc *time.Location
}

// newPage starts a document: the Go fonts embedded (subset to the
// characters used), «Страница N из M» at the foot of every page, and fixed
// metadata dates so the same input renders the same bytes.
func newPage(title string, at time.Time, loc *time.Location) (*page, error) {
	f, err := loadedFonts()
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.AddUTF8FontFromBytes(family, "", f.regular)
	pdf.AddUTF8FontFromBytes(family, "B", f.bold)
	pdf.SetTitle(title, true)
	pdf.SetCreator("aftersales", true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.AliasNbPages(pagesAlias)
	p := &page{pdf: pdf, loc: loc}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin - 2)
		p.font("", 8)
		pdf.CellFormat(pageWidth, 4, fmt.Sprintf("Страница %d из %s", pdf.PageNo(), pagesAlias), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	return p, nil
}

func (p *page) font(style string, size float64) { p.pdf.SetFont(family, style, size) }

// cell writes one line of text at the current position and moves right
// (ln 0) or to the next line (ln 1); a rouble sign gets its bar.
func (p *page) cell(w, h float64, text, align string, ln int) {
	text = printable(text)
	x, y := p.pdf.GetX(), p.pdf.GetY()
	if w == 0 {
		w = margin + pageWidth - x
	}
	p.pdf.CellFormat(w, h, text, "", ln, align, false, 0, "")
	if !strings.ContainsRune(text, rouble) {
		return
	}
	if y2 := p.pdf.GetY(); ln == 0 && y2 != y || ln == 1 && y2 != y+h {
		y = y2 - h*float64(ln) // a page break moved the cell to the next page
	}
	cm := p.pdf.GetCellMargin()
	start := x + cm
	switch align {
	case "R":
		start = x + w - cm - p.pdf.GetStringWidth(text)
	case "C":
		start = x + (w-p.pdf.GetStringWidth(text))/2
	}
	_, size := p.pdf.GetFontSize()
	baseline := y + h/2 + 0.3*size
	for i, r := range text {
		if r != rouble {
			continue
		}
		gx := start + p.pdf.GetStringWidth(text[:i])
		glyph := p.pdf.GetStringWidth(string(er))
		// The bar of «₽» crosses the stem of «Р» below its bowl.
		lw := p.pdf.GetLineWidth()
		p.pdf.SetLineWidth(size * 0.07)
		bar := baseline - size*0.2
		p.pdf.Line(gx, bar, gx+glyph*0.72, bar)
		p.pdf.SetLineWidth(lw)
	}
}

// paragraph writes wrapped text the width of the page.
func (p *page) paragraph(size float64, text string) {
	text = printable(text)
	p.font("", size)
	p.pdf.SetX(margin)
	p.pdf.MultiCell(pageWidth, size*0.45, text, "", "L", false)
}

// header writes the organisation's requisites at the top, with the status
// link's QR code at the right when there is one.
func (p *page) header(org Org, qrURL, qrCaption string) error {
	org.Name = printable(org.Name)
	w := pageWidth
	if qrURL != "" {
		w -= qrSize + 4
		png, err := qrcode.Encode(qrURL, qrcode.Medium, 256)
		if err != nil {
			return fmt.Errorf("QR code of %s: %w", qrURL, err)
		}
		p.pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		p.pdf.ImageOptions("qr", margin+pageWidth-qrSize, margin, qrSize, qrSize, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		p.pdf.SetXY(margin+pageWidth-qrSize-2, margin+qrSize)
		p.font("", 7)
		p.pdf.CellFormat(qrSize+4, 3, qrCaption, "", 0, "C", false, 0, "")
		p.pdf.SetXY(margin, margin)
	}
	p.font("B", 12)
	p.pdf.MultiCell(w, 6, org.Name, "", "L", false)
	p.font("", 9)
	for _, l := range org.lines("Часы работы: ") {
		p.pdf.MultiCell(w, 4.5, printable(l), "", "L", false)
	}
	if qrURL != "" && p.pdf.GetY() < margin+qrSize+4 {
		p.pdf.SetY(margin + qrSize + 4)
	}
	y := p.pdf.GetY() + 1
	p.pdf.Line(margin, y, margin+pageWidth, y)
	p.pdf.SetY(y + 4)
	return nil
}

// title writes the document's name and its number and date under it.
func (p *page) title(name, sub string) {
	p.font("B", 14)
	p.pdf.SetX(margin)
	p.cell(pageWidth, 7, name, "C", 1)
	if sub != "" {
		p.font("", 10)
		p.cell(pageWidth, 5, sub, "C", 1)
	}
	p.pdf.Ln(3)
}

// section starts a titled part of the document.
func (p *page) section(name string) {
	name = printable(name)
	p.pdf.Ln(1.5)
	if p.pdf.GetY() > 297-margin-35 {
		p.pdf.AddPage()
	}
	p.font("B", 11)
	p.pdf.SetFillColor(235, 235, 235)
	p.pdf.SetX(margin)
	p.pdf.CellFormat(pageWidth, 6.5, name, "", 1, "L", true, 0, "")
	p.pdf.Ln(1)
}

// field is one label and its value; an empty value is written as a dash.
type field struct{ label, value string }

// fields writes labels and values, the values wrapped.
func (p *page) fields(fs ...field) {
	for _, f := range fs {
		v := printable(f.value)
		if strings.TrimSpace(v) == "" {
			v = "—"
		}
		p.font("", 9.5)
		p.pdf.SetTextColor(90, 90, 90)
		p.pdf.SetX(margin)
		lines := p.pdf.SplitText(v, pageWidth-labelWidth-2)
		if p.pdf.GetY()+float64(len(lines))*lineHeight > 297-margin-5 {
			p.pdf.AddPage()
		}
		p.cell(labelWidth, lineHeight, f.label, "L", 0)
		p.pdf.SetTextColor(0, 0, 0)
		p.font("", 10)
		for i, l := range lines {
			if i > 0 {
				p.pdf.SetX(margin + labelWidth)
			}
			p.cell(0, lineHeight, l, "L", 1)
		}
	}
}

// column of a table: its heading, width and alignment.
type column struct {
	head  string
	width float64
	align string
}

// table writes a bordered table; a cell's text wraps within its column and
// a row that does not fit starts a new page with the headings again.
func (p *page) table(cols []column, rows [][]string) {
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	p.font("B", 9)
	p.pdf.SetFillColor(235, 235, 235)
	p.row(cols, heads, true)
	p.font("", 9)
	for _, r := range rows {
		if p.rowHeight(cols, r)+p.pdf.GetY() > 297-margin-5 {
			p.pdf.AddPage()
			p.font("B", 9)
			p.row(cols, heads, true)
			p.font("", 9)
		}
		p.row(cols, r, false)
	}
}

const tableLine = 4.5

func (p *page) rowHeight(cols []column, cells []string) float64 {
	cells = printables(cells)
	n := 1
	for i, c := range cols {
		n = max(n, len(p.pdf.SplitText(cells[i], c.width-2)))
	}
	return float64(n)*tableLine + 1
}

func (p *page) row(cols []column, cells []string, fill bool) {
	cells = printables(cells)
	h := p.rowHeight(cols, cells)
	x, y := margin, p.pdf.GetY()
	for i, c := range cols {
		style := "D"
		if fill {
			style = "FD"
		}
		p.pdf.Rect(x, y, c.width, h, style)
		for j, l := range p.pdf.SplitText(cells[i], c.width-2) {
			p.pdf.SetXY(x, y+0.5+float64(j)*tableLine)
			p.cell(c.width, tableLine, l, c.align, 0)
		}
		x += c.width
	}
	p.pdf.SetXY(margin, y+h)
}

// totals writes labelled sums right-aligned under a table; the last is bold.
func (p *page) totals(fs ...field) {
	p.pdf.Ln(1)
	for i, f := range fs {
		style := ""
		if i == len(fs)-1 {
			style = "B"
		}
		p.font(style, 10)
		p.pdf.SetX(margin)
		p.cell(pageWidth-40, lineHeight+0.5, f.label, "R", 0)
		p.cell(40, lineHeight+0.5, f.value, "R", 1)
	}
}

// signatures writes signature lines side by side: a role and the name.
func (p *page) signatures(sigs ...field) {
	p.pdf.Ln(6)
	if p.pdf.GetY() > 297-margin-25 {
		p.pdf.AddPage()
	}
	w := pageWidth / float64(len(sigs))
	y := p.pdf.GetY()
	for i, s := range sigs {
		x := margin + float64(i)*w
		p.pdf.SetXY(x, y)
		p.font("", 9.5)
		p.cell(w-6, lineHeight, s.label, "L", 0)
		p.pdf.Line(x, y+14, x+w-8, y+14)
		p.pdf.SetXY(x, y+15)
		p.font("", 8)
		under := "подпись"
		if s.value != "" {
			under += " / " + s.value
		}
		p.cell(w-6, 4, under, "L", 0)
	}
	p.pdf.SetXY(margin, y+22)
}

// bytes finishes the document.
func (p *page) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := p.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	return b.Bytes(), nil
}

// printable keeps what the PDF's fonts can address: fpdf's UTF-8 fonts map
// only the Basic Multilingual Plane (a rune above U+FFFF, an emoji typed
// into an act, panics in its font map), so those and broken UTF-8 become «?».
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF || r == utf8.RuneError }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || r == utf8.RuneError {
			return '?'
		}
		return r
	}, s)
}

func printables(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = printable(c)
	}
	return out
}
