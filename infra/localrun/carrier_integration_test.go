package localrun

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"aftersales/shared/carriers"
	"aftersales/shared/fn/carriersfn"
)

// Under `make run` the hourly job's carriers are the runner's fake, and a
// person hands a parcel over with POST /_local/carrier/delivered.
func TestTheRunnersFakeCarrierAnswersTheJobsAdaptersAfterAHandOver(t *testing.T) {
	srv, web := integration(t)
	book, err := carriersfn.Book(context.Background(), srv.Env())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []carriers.Code{carriers.CDEK, carriers.RussianPost} {
		if book.Trackers[c] == nil {
			t.Fatalf("the runner configures no %s adapter", c)
		}
	}
	number := "RA" + strings.ToUpper(randomHex(4)) + "RU"
	handed := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{"trackingNumber":"` + strings.ToLower(number) + `","deliveredAt":"` + handed.Format(time.RFC3339) + `"}`, http.StatusNoContent},
		{`{"deliveredAt":"2026-11-25T14:30:00Z"}`, http.StatusBadRequest},
	} {
		resp, err := http.Post(web.URL+"/_local/carrier/delivered", "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("POST %s: %d, want %d", tc.body, resp.StatusCode, tc.want)
		}
	}
	for c, tr := range book.Trackers {
		at, ok, err := tr.Delivered(context.Background(), number)
		if !ok || err != nil || !at.Equal(handed) {
			t.Errorf("%s after the hand-over: %s, %v, %v", c, at, ok, err)
		}
	}
}
