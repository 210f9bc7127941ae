package actsfn_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/fn/actsfn"
)

// numbersEnv is the acts service as the functions build it, on a fresh table
// of DynamoDB Local.
func numbersEnv(t *testing.T, at time.Time) *acts.Service {
	t.Helper()
	env := fulfiltest.FnEnv(t, config.Config{Stage: "test", PhotosBucket: "numbers-photos", Location: fulfiltest.Moscow(t), S3PathStyle: true},
		func() time.Time { return at })
	svc, _, err := actsfn.Service(env)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func seedFields(t *testing.T) acts.Fields {
	t.Helper()
	b, err := os.ReadFile("../../acts/testdata/seed_act.json")
	if err != nil {
		t.Fatal(err)
	}
	var f acts.Fields
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	f.InternalNumber = nil
	return f
}

// TestNumbersAreTakenAtSubmissionWithNoGapsWhateverIsRefused: 200 drafts are
// submitted by 8 workers at once, each submission raced by a second one of
// the same version (one of the two is refused as stale inside the numbering
// transaction), and 50 incomplete drafts are refused in between. The 200
// acts that went through hold exactly the numbers 1..200 of the year; no
// draft and no refused submission holds a number.
func TestNumbersAreTakenAtSubmissionWithNoGapsWhateverIsRefused(t *testing.T) {
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	svc := numbersEnv(t, at)
	ctx := context.Background()
	manager := auth.Caller{UserID: "m1", Role: auth.RoleManager}
	centre := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1"}
	complete := seedFields(t)
	if _, err := svc.CreateCategory(ctx, manager, *complete.Category); err != nil {
		t.Fatal(err)
	}
	const good, refused, workers = 200, 50, 8
	jobs := make(chan int)
	var mu sync.Mutex
	var numbers []string
	var stale, refusedSeen int
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if err := submitOne(ctx, svc, centre, complete, i%5 == 4, &mu, &numbers, &stale, &refusedSeen); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for i := range good + refused {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if refusedSeen != refused || stale != good {
		t.Errorf("%d refused and %d stale submissions, want %d and %d", refusedSeen, stale, refused, good)
	}
	slices.Sort(numbers)
	want := make([]string, good)
	for i := range want {
		want[i] = acts.FormatNumber(2026, i+1)
	}
	if !slices.Equal(numbers, want) {
		t.Errorf("numbers = %v…, want 2026-000001…2026-000200 with no gaps and no repeats (%d numbers)", numbers[:min(5, len(numbers))], len(numbers))
	}
	drafts, cursor := 0, ""
	for {
		page, next, err := svc.List(ctx, centre, acts.ListRequest{Statuses: []acts.Status{acts.StatusDraft}, Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			if drafts++; a.Number != "" {
				t.Errorf("draft %s holds number %s", a.ID, a.Number)
			}
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if drafts != refused {
		t.Errorf("%d drafts left, want the %d refused ones", drafts, refused)
	}
}

// submitOne files a draft and submits it: an incomplete one once (refused),
// a complete one twice at once with the same version (one wins).
func submitOne(ctx context.Context, svc *acts.Service, c auth.Caller, f acts.Fields, incomplete bool,
	mu *sync.Mutex, numbers *[]string, stale, refused *int) error {
	if incomplete {
		f = acts.Fields{Article: f.Article}
	}
	draft, _, err := svc.Create(ctx, c, f)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if draft.Number != "" {
		return fmt.Errorf("draft %s numbered %s at creation", draft.ID, draft.Number)
	}
	var wg sync.WaitGroup
	results := make([]error, 2)
	got := make([]acts.Act, 2)
	tries := 2
	if incomplete {
		tries = 1
	}
	for i := range tries {
		wg.Go(func() {
			got[i], results[i] = svc.Do(ctx, c, draft.ID, acts.Move{Action: acts.ActionSubmit, Version: draft.Version})
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i := range tries {
		switch err := results[i]; {
		case err == nil && !incomplete:
			*numbers = append(*numbers, got[i].Number)
		case incomplete && apperr.CodeOf(err) == apperr.Invalid:
			*refused++
		case !incomplete && isStale(err):
			*stale++
		default:
			return fmt.Errorf("submit %s (incomplete %v): %v", draft.ID, incomplete, err)
		}
	}
	return nil
}

func isStale(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && (e.Code == apperr.Precondition || e.Code == apperr.Conflict)
}
