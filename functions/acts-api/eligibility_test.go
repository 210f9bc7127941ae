package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/eligibility"
	"aftersales/shared/imports"
)

// TestASecondActOnTheSameSerialIsFlaggedWithALinkToTheFirst sets the seed
// category's policy through the API, puts the seed product's serial into
// the registry as the serials load writes it, files the seed's act twice
// with that serial and checks the verdicts: the first eligible, the second
// doubtful with a repeat claim naming the first; the queue filters by
// verdict, and the centre sees its verdict after submission.
func TestASecondActOnTheSameSerialIsFlaggedWithALinkToTheFirst(t *testing.T) {
	needStack(t)
	centre, manager := h.centre, h.manager
	var book struct{ Version int }
	manager.call(t, "GET", "/api/policies", nil).decode(t, &book)
	seedCategory := "Бензиновая газонокосилка на колесах"
	a := manager.call(t, "PUT", "/api/policies", map[string]any{"version": book.Version, "articles": []any{},
		"categories": []any{map[string]any{"category": seedCategory, "periods": map[string]any{"saleMonths": 12, "productionMonths": 24},
			"preSale": map[string]any{"covered": false, "maxMonths": 0}, "refusalDays": 14, "repeatClaimMonths": 0}}})
	if a.status != http.StatusOK {
		t.Fatalf("put the policies: %d %s", a.status, a.raw)
	}
	if got := centre.call(t, "GET", "/api/policies", nil); got.status != http.StatusForbidden {
		t.Errorf("a centre read the policies: %d", got.status)
	}

	serial := "E2E-" + strings.ToUpper(randomHex(4))
	env := h.Srv.Env()
	loads := importstore.New(dynamo.New(dynamodb.NewFromConfig(env.AWS), env.Config.TableName))
	w := loads.NewWriter(context.Background())
	if err := w.PutSerial(imports.StoredSerial{SerialRecord: eligibility.SerialRecord{Serial: serial, Article: "ЭГК-1500 Энергопром",
		Produced: eligibility.NewDay(2023, 1, 10)}, Changed: imports.Stamp{LoadID: "e2e", LoadSeq: 1, At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	file := func() acts.Act {
		t.Helper()
		act := centre.fileAct(t)
		a := centre.call(t, "PATCH", "/api/acts/"+act.ID, map[string]any{"serialNumber": strings.ToLower(serial)}, "If-Match", `"1"`)
		if a.status != http.StatusOK {
			t.Fatalf("set the serial: %d %s", a.status, a.raw)
		}
		for _, kind := range []acts.FileKind{acts.FileNameplate, acts.FileWarrantyOrReceipt, acts.FileDefect, acts.FilePart} {
			f := centre.uploadFile(t, act.ID, kind, acts.TypeJPEG, string(kind)+".jpg", int64(len(jpegBytes)), jpegBytes)
			if got := centre.checkedFile(t, act.ID, f.ID); got.Status != acts.FileAttached {
				t.Fatalf("%s: %s", kind, got.Status)
			}
		}
		a = centre.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "submit"}, "If-Match", a.etag())
		if a.status != http.StatusOK {
			t.Fatalf("submit: %d %s", a.status, a.raw)
		}
		var got acts.Act
		a.decode(t, &got)
		return got
	}
	first := file()
	if first.Status != acts.StatusSubmitted || first.Eligibility == nil || first.Eligibility.Verdict != eligibility.Eligible {
		t.Fatalf("the first act: %s %+v", first.Status, first.Eligibility)
	}
	second := file()
	e := second.Eligibility
	if e == nil || e.Verdict != eligibility.Doubtful || len(e.Reasons) != 1 || e.Reasons[0].Code != "repeat_claim" ||
		e.Reasons[0].ActID != first.ID || e.Reasons[0].ActNumber != first.Number || !strings.Contains(e.Reasons[0].Message, first.Number) {
		t.Fatalf("the second act's verdict %+v", e)
	}
	if seen := centre.read(t, second.ID); seen.Eligibility == nil || seen.Eligibility.Verdict != eligibility.Doubtful {
		t.Errorf("the centre sees %+v", seen.Eligibility)
	}
	var queue struct{ Items []acts.Act }
	for _, c := range []struct {
		verdict string
		want    string
		not     string
	}{{"doubtful", second.ID, first.ID}, {"eligible", first.ID, second.ID}} {
		a := manager.call(t, "GET", "/api/acts?view=queue&limit=200&verdict="+c.verdict, nil)
		if a.status != http.StatusOK {
			t.Fatalf("queue: %d %s", a.status, a.raw)
		}
		a.decode(t, &queue)
		ids := map[string]bool{}
		for _, it := range queue.Items {
			ids[it.ID] = true
			if it.Eligibility == nil || string(it.Eligibility.Verdict) != c.verdict {
				t.Errorf("the %s queue holds %s with %+v", c.verdict, it.ID, it.Eligibility)
			}
		}
		if !ids[c.want] || ids[c.not] {
			t.Errorf("the %s queue: has %s %v, has %s %v", c.verdict, c.want, ids[c.want], c.not, ids[c.not])
		}
	}
}

func TestAPolicyBookWithoutItsListsIsRefusedAndOptionalTermsDefault(t *testing.T) {
	needStack(t)
	manager := h.manager
	a := manager.call(t, "PUT", "/api/policies", map[string]any{"version": 0})
	if a.status != http.StatusBadRequest || !slices.Contains(a.fields(), "categories:required") || !slices.Contains(a.fields(), "articles:required") {
		t.Errorf("a book without its lists: %d %v", a.status, a.fields())
	}
	a = manager.call(t, "PUT", "/api/policies", map[string]any{"version": 0, "articles": []any{}, "categories": []any{
		map[string]any{"category": "Триммеры", "periods": map[string]any{"saleMonths": 12, "productionMonths": 12}, "refusalDays": 14}}})
	if a.status != http.StatusOK && a.status != http.StatusConflict { // another test may have saved a book first
		t.Errorf("a category without pre-sale terms: %d %s", a.status, a.raw)
	}
}
