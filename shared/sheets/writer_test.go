package sheets

import (
	"bytes"
	"errors"
	"iter"
	"testing"
	"time"

	"aftersales/shared/xlsxwrite"
)

func rowsOf(rows ...[]any) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func TestWriteXLSXWritesValuesThatReadBackSafely(t *testing.T) {
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	err := xlsxwrite.Write(&buf, "Ошибки", []string{"Код ГО", "Дата", "Число", "Ошибка"}, rowsOf(
		[]any{"=1+1", day, 55.75, "Неверный ИНН"},
		[]any{Cell{Text: "7707083893", Number: 7707083893, IsNumber: true}, Cell{Text: "15.01.2024", Time: day, IsDate: true}, Cell{Text: "-5", Number: -5, IsNumber: true}, nil},
		[]any{"@x", day.Add(90 * time.Minute), 3, true},
	))
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	got, err := readAll(t, buf.Bytes(), Limits{})
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	sameRows(t, got, []readRow{
		{1, []Cell{text("Код ГО"), text("Дата"), text("Число"), text("Ошибка")}},
		{2, []Cell{text("'=1+1"), date("15.01.2024", 45306, day), num("55.75", 55.75), text("Неверный ИНН")}},
		{3, []Cell{num("7707083893", 7707083893), date("15.01.2024", 45306, day), num("-5", -5)}},
		{4, []Cell{text("'@x"), date("15.01.2024 01:30:00", 45306.0625, day.Add(90*time.Minute)), num("3", 3), text("TRUE")}},
	})
}

func TestWriteXLSXStopsOnTheRowsError(t *testing.T) {
	boom := errors.New("query failed")
	rows := func(yield func([]any, error) bool) {
		if yield([]any{"a"}, nil) {
			yield(nil, boom)
		}
	}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Экспорт", []string{"Код"}, rows); !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
}
