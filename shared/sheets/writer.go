package sheets

import (
	"fmt"
	"io"
	"iter"
	"math"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// SafeText neutralises text that Excel, LibreOffice or a CSV import would
// take for a formula — anything starting with = + - @, a tab or a carriage
// return — by prefixing an apostrophe. Values in our reports come from
// uploaded files and users, so none of them may ever run.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// WriteXLSX writes one worksheet named sheet: a bold, frozen header row, then
// one row per value yielded by rows, streamed so that memory does not grow
// with the row count. Row values may be string (passed through SafeText),
// Cell (a date, a number, or else its text, so an uploaded row is written back
// as it was read), time.Time (shown as DD.MM.YYYY, with the time when it has one), bool,
// any Go number, or nil for an empty cell. An error yielded by rows stops the
// writing and is returned.
func WriteXLSX(w io.Writer, sheet string, header []string, rows iter.Seq2[[]any, error]) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("name sheet %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("start sheet %q: %w", sheet, err)
	}
	st, err := newWriterStyles(f)
	if err != nil {
		return err
	}
	for i, h := range header {
		width := float64(min(max(utf8.RuneCountInString(h)+4, 12), 60))
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("set column width: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze the header: %w", err)
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = excelize.Cell{StyleID: st.header, Value: SafeText(h)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("write the header: %w", err)
	}
	n := 1
	for values, err := range rows {
		if err != nil {
			return err
		}
		n++
		cells := make([]any, len(values))
		for i, v := range values {
			cells[i] = st.cell(v)
		}
		axis, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(axis, cells); err != nil {
			return fmt.Errorf("write row %d: %w", n, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("finish sheet %q: %w", sheet, err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write the workbook: %w", err)
	}
	return nil
}

// writerStyles are the style ids one workbook's cells use.
type writerStyles struct {
	header, date, dateTime int
}

func newWriterStyles(f *excelize.File) (writerStyles, error) {
	var st writerStyles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, fmt.Errorf("make the header style: %w", err)
	}
	date, dateTime := "dd.mm.yyyy", "dd.mm.yyyy hh:mm"
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &date}); err != nil {
		return st, fmt.Errorf("make the date style: %w", err)
	}
	if st.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateTime}); err != nil {
		return st, fmt.Errorf("make the date-time style: %w", err)
	}
	return st, nil
}

// cell turns one row value into what the stream writer stores.
func (st writerStyles) cell(v any) any {
	switch v := v.(type) {
	case string:
		return SafeText(v)
	case Cell:
		switch {
		case v.IsDate:
			return st.cell(v.Time)
		case v.IsNumber && math.Abs(v.Number) < 1e11:
			return v.Number
		}
		// Longer numbers (an INN, a long code) stay text: a General cell
		// would show them as 5.001E+11.
		return SafeText(v.Text)
	case time.Time:
		style := st.date
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 {
			style = st.dateTime
		}
		return excelize.Cell{StyleID: style, Value: v}
	}
	return v
}
