package imports

import (
	"strings"
	"testing"
	"time"

	"aftersales/shared/eligibility"
	"aftersales/shared/sheets/sheetstest"
)

var serialTemplate = []any{"Серийный номер", "Артикул", "Дата производства", "Дата отгрузки", "Дилер"}

// serialsFile is a Serials file of the template with the given rows.
func serialsFile(t *testing.T, rows ...[]any) []byte {
	return sheetstest.Workbook(t, append([][]any{serialTemplate}, rows...)...)
}

func TestASerialLoadByAManagerCreatesRecordsAndMailsTheManager(t *testing.T) {
	w := newWorld(t)
	produced := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC) // a real Excel date
	o := w.put("serials/hq/up1/Serials_завод.xlsx", "v1", serialsFile(t,
		[]any{" sn-001 ", "ЭГК-1500", produced, "01.04.2025", "ООО Планета"},
		[]any{"SN-002", "ЭГК-1500", "15.03.2025", "", ""}), "u-mgr")
	p := w.process(t, o)
	if p.Status != LoadSucceeded || p.Distributor != HQ || p.Seq != 1 || p.Counts != (Counts{Total: 2, Created: 2}) {
		t.Fatalf("got %s %s seq %d %+v (%s)", p.Status, p.Distributor, p.Seq, p.Counts, p.Reason)
	}
	got := w.directory.serials["SN-001"]
	want := eligibility.SerialRecord{Serial: "SN-001", Article: "ЭГК-1500", Produced: eligibility.NewDay(2025, 3, 14),
		ShippedToWholesaler: eligibility.NewDay(2025, 4, 1), Dealer: "ООО Планета"}
	if got.SerialRecord != want || got.Changed != p.Stamp() {
		t.Errorf("stored %+v, want %+v stamped %+v", got, want, p.Stamp())
	}
	m := w.mail.only(t)
	if m.To[0] != "mgr@hq.example" || len(m.To) != 1 || !strings.Contains(m.Text, "Создано: 2") ||
		!strings.Contains(m.Text, "Менеджер Сервиса") || strings.Contains(m.Text, "Дистрибьютор") {
		t.Errorf("mail %+v", m)
	}
}

func TestASerialFileLoadedAgainCountsUnchangedAndChangedAndWritesOnlyTheChanged(t *testing.T) {
	w := newWorld(t)
	w.process(t, w.put("serials/hq/u1/Serials.xlsx", "v1", serialsFile(t,
		[]any{"A1", "M-1", "01.01.2025", "", ""}, []any{"A2", "M-1", "01.01.2025", "", ""}), "u-mgr"))
	puts := w.directory.puts
	p := w.process(t, w.put("serials/hq/u2/Serials.xlsx", "v1", serialsFile(t,
		[]any{"A1", "M-1", "01.01.2025", "", ""}, []any{"A2", "M-2", "01.01.2025", "", ""}, []any{"A3", "M-1", "02.01.2025", "", ""}), "u-mgr"))
	if p.Status != LoadSucceeded || p.Counts != (Counts{Total: 3, Created: 1, Updated: 1, Unchanged: 1}) {
		t.Fatalf("got %s %+v (%s)", p.Status, p.Counts, p.Reason)
	}
	if w.directory.puts != puts+2 || w.directory.serials["A2"].Article != "M-2" {
		t.Errorf("wrote %d records (want 2); A2 is %+v", w.directory.puts-puts, w.directory.serials["A2"])
	}
}

func TestASerialFileWithRowErrorsWritesNothingAndReportsEachInRussian(t *testing.T) {
	w := newWorld(t)
	future := time.Now().AddDate(0, 1, 0).Format("02.01.2006")
	p := w.process(t, w.put("serials/hq/u1/Serials.xlsx", "v1", serialsFile(t,
		[]any{"A1", "M-1", "01.01.2025", "", ""},
		[]any{"a1", "M-1", "01.01.2025", "", ""},           // the same serial, other case
		[]any{"Б/Н", "M-1", "01.01.2025", "", ""},          // no serial
		[]any{"A4", "", "31.02.2025", "", ""},              // no article, no such day
		[]any{"A5", "M-1", future, "", ""},                 // produced in the future
		[]any{"A6", "M-1", "10.01.2025", "09.01.2025", ""}, // shipped before production
	), "u-mgr"))
	if p.Status != LoadFailedValidation || p.Counts.WithErrors != 5 || p.Counts.Errors != 6 {
		t.Fatalf("got %s %+v (%s) %v", p.Status, p.Counts, p.Reason, p.FirstErrors)
	}
	if len(w.directory.serials) != 0 {
		t.Errorf("wrote %d records from a failed file", len(w.directory.serials))
	}
	want := map[int]string{3: "уже есть в файле (строка 2)", 4: "«Б/Н» — не серийный номер", 6: "ещё не наступила",
		7: "раньше даты производства"}
	for row, reason := range want {
		found := false
		for _, e := range p.FirstErrors {
			found = found || e.Row == row && strings.Contains(e.Reason, reason)
		}
		if !found {
			t.Errorf("row %d: no error %q in %v", row, reason, p.FirstErrors)
		}
	}
	if p.ReportKey == "" || w.mail.only(t).Attachment == nil {
		t.Error("no error report attached")
	}
}

func TestACheckOnlySerialRunCountsAndWritesNothing(t *testing.T) {
	w := newWorld(t)
	p := w.process(t, w.put("serials-check/hq/u1/Serials.xls.xlsx", "v1", serialsFile(t,
		[]any{"A1", "M-1", "01.01.2025", "", ""}), "u-mgr"))
	if p.Status != LoadSucceeded || !p.CheckOnly || p.Counts != (Counts{Total: 1, Created: 1}) || w.directory.puts != 0 {
		t.Fatalf("got %s %+v, %d puts", p.Status, p.Counts, w.directory.puts)
	}
}

func TestADroppedSerialFileMailsEveryManagerAndAKeyUserIsNotItsUploader(t *testing.T) {
	w := newWorld(t)
	p := w.process(t, w.put("serials/hq/u1/Serials.xlsx", "v1", serialsFile(t,
		[]any{"A1", "M-1", "01.01.2025", "", ""}), "u-ku"))
	if p.UploaderID != "" || strings.Join(p.Recipients, ",") != "mgr@hq.example,mgr2@hq.example" {
		t.Errorf("uploader %q, recipients %v", p.UploaderID, p.Recipients)
	}
}

func TestASerialFileUnderADistributorOrWithAnotherNameIsRejected(t *testing.T) {
	w := newWorld(t)
	for _, key := range []string{"serials/D1/u1/Serials.xlsx", "serials/hq/u2/Outlets.xlsx"} {
		p := w.process(t, w.put(key, "v1", serialsFile(t, []any{"A1", "M-1", "01.01.2025", "", ""}), "u-mgr"))
		if p.Status != LoadRejected || len(w.directory.serials) != 0 {
			t.Errorf("%s: got %s (%s)", key, p.Status, p.Reason)
		}
	}
}

func TestSerialHeadersAreMatchedInRussianOrEnglish(t *testing.T) {
	cols, warnings, err := MatchHeaders(Serials, []string{"S/N", "Model", "Production date", "Комментарий"})
	if err != nil || len(warnings) != 1 || !cols.Has(FieldSerial) || !cols.Has(FieldProduced) || cols.Has(FieldShipped) {
		t.Fatalf("got %v %v %v", cols, warnings, err)
	}
	if _, _, err := MatchHeaders(Serials, []string{"Серийный номер", "Дилер"}); err == nil ||
		!strings.Contains(errorMessage(err), "Артикул") {
		t.Errorf("missing columns: %v", err)
	}
}

func TestASerialFileMayHaveFiveTimesTheRowsOfAnOutletFile(t *testing.T) {
	w := newWorld(t)
	w.loader.limits.MaxRows = 2
	rows := [][]any{{"A1", "M-1", "01.01.2025", "", ""}, {"A2", "M-1", "01.01.2025", "", ""}, {"A3", "M-1", "01.01.2025", "", ""}}
	if p := w.process(t, w.put("serials/hq/u1/Serials.xlsx", "v1", serialsFile(t, rows...), "u-mgr")); p.Status != LoadSucceeded {
		t.Errorf("3 serial rows under a 2-row limit: %s (%s)", p.Status, p.Reason)
	}
	rows = append(rows, rows...)
	rows = append(rows, rows...) // 12 rows
	if p := w.process(t, w.put("serials/hq/u2/Serials.xlsx", "v1", serialsFile(t, rows...), "u-mgr")); p.Status != LoadRejected {
		t.Errorf("12 serial rows under a 2-row limit: %s", p.Status)
	}
	if p := w.process(t, w.put("outlets-first-load/D1/u3/Outlets.xlsx", "v1", outletsFile(t,
		outletLine("A-1", "Р", "М", "ТТ"), outletLine("A-2", "Р", "М", "ТТ"), outletLine("A-3", "Р", "М", "ТТ")), "u-ku")); p.Status != LoadRejected {
		t.Errorf("3 outlet rows under a 2-row limit: %s", p.Status)
	}
}
