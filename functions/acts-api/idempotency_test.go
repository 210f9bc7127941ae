package main

import (
	"net/http"
	"testing"
)

// TestAReplayedCreateCarriesTheOriginalETagAndLocation: a client that lost
// the first answer and retries must be able to follow Location and send
// If-Match from the replay exactly as from the original.
func TestAReplayedCreateCarriesTheOriginalETagAndLocation(t *testing.T) {
	needStack(t)
	centre := newCentre(t)
	body := seedJSON(t)
	first := centre.call(t, "POST", "/api/acts", body, "Idempotency-Key", "replay-headers")
	again := centre.call(t, "POST", "/api/acts", body, "Idempotency-Key", "replay-headers")
	if first.status != http.StatusCreated || again.status != http.StatusCreated || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("answers %d and %d (replayed %q), want 201 twice, the second replayed", first.status, again.status, again.header.Get("Idempotent-Replayed"))
	}
	for _, h := range []string{"ETag", "Location"} {
		if got, want := again.header.Get(h), first.header.Get(h); got != want || want == "" {
			t.Errorf("replayed %s = %q, want %q", h, got, want)
		}
	}
}
