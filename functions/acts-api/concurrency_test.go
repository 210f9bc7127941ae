package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"aftersales/shared/acts"
)

// TestTwentyClicksOnCreateWithOneKeyMakeOneAct is the seed's user pressing
// «Создать» again and again: every retry carries the same Idempotency-Key.
func TestTwentyClicksOnCreateWithOneKeyMakeOneAct(t *testing.T) {
	needStack(t)
	centre := newCentre(t)
	body := seedJSON(t)
	answers := make([]answer, 20)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() { answers[i] = centre.call(t, "POST", "/api/acts", body, "Idempotency-Key", "create-once") })
	}
	wg.Wait()
	ids := map[string]bool{}
	for _, a := range answers {
		switch a.status {
		case http.StatusCreated:
			var act acts.Act
			a.decode(t, &act)
			ids[act.ID] = true
		case http.StatusConflict: // the first was still running: retry later
			if a.code() != "conflict" {
				t.Errorf("409 with code %q", a.code())
			}
		default:
			t.Errorf("answer %d %s, want 201 or 409", a.status, a.raw)
		}
	}
	var list struct{ Items []acts.Listed }
	centre.call(t, "GET", "/api/acts", nil).decode(t, &list)
	if len(ids) != 1 || len(list.Items) != 1 {
		t.Errorf("%d act ids answered, %d acts stored; want 1 and 1", len(ids), len(list.Items))
	}
	again := centre.call(t, "POST", "/api/acts", body, "Idempotency-Key", "create-once")
	var replayed acts.Act
	again.decode(t, &replayed)
	if again.status != http.StatusCreated || !ids[replayed.ID] || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("a later retry: %d %s, want the first act replayed", again.status, again.raw)
	}
	other := centre.call(t, "POST", "/api/acts", map[string]any{"article": "другое"}, "Idempotency-Key", "create-once")
	if other.status != http.StatusUnprocessableEntity {
		t.Errorf("the key with another body: %d, want 422", other.status)
	}
}

// TestOfTwentyEditsOnOneVersionOneWinsAndNineteenAreToldItChanged: no
// update is lost; the losers are told the act changed (412) and nothing of
// theirs is written.
func TestOfTwentyEditsOnOneVersionOneWinsAndNineteenAreToldItChanged(t *testing.T) {
	needStack(t)
	act := h.centre.fileAct(t)
	answers := make([]answer, 20)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			answers[i] = h.centre.call(t, "PATCH", "/api/acts/"+act.ID, map[string]any{"mechanic": "Механик " + strconv.Itoa(i)}, "If-Match", `"1"`)
		})
	}
	wg.Wait()
	won, stale := 0, 0
	for _, a := range answers {
		switch {
		case a.status == http.StatusOK:
			won++
		case a.status == http.StatusPreconditionFailed && a.code() == "precondition":
			stale++
		default:
			t.Errorf("answer %d %s", a.status, a.raw)
		}
	}
	got := h.centre.read(t, act.ID)
	if won != 1 || stale != 19 || got.Version != 2 || !strings.HasPrefix(*got.Mechanic, "Механик ") {
		t.Errorf("%d won, %d stale, act v%d by %q; want 1, 19, v2", won, stale, got.Version, *got.Mechanic)
	}
}

// TestTwoHundredConcurrentSubmissionsGetTwoHundredConsecutiveNumbers: a
// draft has no number; the year's counter moves in the transaction of the
// first submission. 20 centres' users submit at once, 200 acts in all. No
// other test of this package submits at the same time, so the numbers taken
// meanwhile are exactly these.
func TestTwoHundredConcurrentSubmissionsGetTwoHundredConsecutiveNumbers(t *testing.T) {
	needStack(t)
	centre := newCentre(t)
	seed := seedJSON(t)
	delete(seed, "internalNumber")
	numbers := make([]int, 200)
	var wg sync.WaitGroup
	slots := make(chan struct{}, 20)
	for i := range numbers {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			a := centre.call(t, "POST", "/api/acts", seed)
			var act acts.Act
			if a.status != http.StatusCreated || json.Unmarshal(a.raw, &act) != nil || act.Number != "" {
				t.Errorf("create: %d %s, want an unnumbered draft", a.status, a.raw)
				return
			}
			a = centre.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "submit", "version": act.Version})
			if a.status != http.StatusOK || json.Unmarshal(a.raw, &act) != nil {
				t.Errorf("submit: %d %s", a.status, a.raw)
				return
			}
			numbers[i], _ = strconv.Atoi(act.Number[strings.Index(act.Number, "-")+1:])
		})
	}
	wg.Wait()
	slices.Sort(numbers)
	for i := 1; i < len(numbers); i++ {
		if numbers[i] != numbers[i-1]+1 {
			t.Fatalf("numbers are not consecutive at %d: %d then %d", i, numbers[i-1], numbers[i])
		}
	}
}
