package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// memStore is an in-memory IdempotencyStore with the same claim semantics.
// expires records the lifetime each write asked for.
type memStore struct {
	mu      sync.Mutex
	recs    map[string]IdempotencyRecord
	expires []time.Time
}

func (m *memStore) Claim(_ context.Context, key, fp string, expires time.Time) (*IdempotencyRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if rec, ok := m.recs[key]; ok {
		return &rec, ErrIdempotencyTaken
	}
	m.recs[key] = IdempotencyRecord{Fingerprint: fp}
	m.expires = append(m.expires, expires)
	return nil, nil
}

func (m *memStore) Complete(_ context.Context, key string, rec IdempotencyRecord, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recs[key] = rec
	m.expires = append(m.expires, expires)
	return nil
}

func (m *memStore) Release(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.recs, key)
	return nil
}

func idemRequest(user, key, body string) *Request {
	return &Request{
		Event: events.APIGatewayV2HTTPRequest{
			RouteKey: "POST /api/acts", RawPath: "/api/acts", Body: body,
			Headers: map[string]string{"idempotency-key": key},
		},
		Caller: auth.Caller{UserID: user, Role: auth.RoleServiceCenter, Tenant: "sc1"},
	}
}

func TestARetriedRequestReturnsTheFirstResultWithoutRunningAgain(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	runs := 0
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) {
		runs++
		return JSON(201, map[string]any{"id": "act-1", "run": runs}), nil
	})
	first, err := h(context.Background(), idemRequest("u1", "k1", `{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	second, err := h(context.Background(), idemRequest("u1", "k1", `{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := json.Marshal(first.Body)
	b2, _ := json.Marshal(second.Body)
	if runs != 1 || second.Status != 201 || string(b1) != string(b2) || second.Headers["idempotent-replayed"] != "true" {
		t.Errorf("runs=%d, replay %d %s (first %s)", runs, second.Status, b2, b1)
	}
}

func TestTheSameKeyWithAnotherBodyIsRefused(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) { return JSON(201, "ok"), nil })
	if _, err := h(context.Background(), idemRequest("u1", "k1", `{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	_, err := h(context.Background(), idemRequest("u1", "k1", `{"a":2}`))
	if apperr.CodeOf(err) != apperr.Unprocessable {
		t.Errorf("got %v, want unprocessable (422)", err)
	}
}

func TestARetryWhileTheFirstRunsGetsAConflict(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	release := make(chan struct{})
	started := make(chan struct{})
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) {
		close(started)
		<-release
		return JSON(201, "ok"), nil
	})
	done := make(chan error)
	go func() { _, err := h(context.Background(), idemRequest("u1", "k1", `{}`)); done <- err }()
	<-started
	_, err := h(context.Background(), idemRequest("u1", "k1", `{}`))
	close(release)
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("got %v, want conflict (409)", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestKeysAreScopedToTheCallerAndAFailedRunCanBeRetried(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	fail := true
	runs := 0
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) {
		runs++
		if fail {
			return nil, errors.New("boom")
		}
		return JSON(201, "ok"), nil
	})
	if _, err := h(context.Background(), idemRequest("u1", "k1", `{}`)); err == nil {
		t.Fatal("want the first run's error")
	}
	fail = false
	if _, err := h(context.Background(), idemRequest("u1", "k1", `{}`)); err != nil {
		t.Fatalf("retry after a failure: %v", err)
	}
	if _, err := h(context.Background(), idemRequest("u2", "k1", `{}`)); err != nil {
		t.Fatalf("another caller's same key: %v", err)
	}
	if runs != 3 {
		t.Errorf("runs = %d, want 3 (failed, retried, other caller)", runs)
	}
}

// TestAClaimLivesAsLongAsItsRequestCanAndAResultADay: a request that timed
// out (or whose result could not be stored) must not block its key, and the
// web form that reuses it, for a day.
func TestAClaimLivesAsLongAsItsRequestCanAndAResultADay(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		timeout time.Duration // 0: no deadline
		want    time.Duration
	}{
		{"in Lambda: the invocation's deadline plus a margin", 29 * time.Second, 29*time.Second + ClaimMargin},
		{"without a deadline: the default", 0, DefaultClaimTTL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := &memStore{recs: map[string]IdempotencyRecord{}}
			h := Idempotent(store, func() time.Time { return now }, func(context.Context, *Request) (*Response, error) {
				return JSON(201, "ok"), nil
			})
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			if _, err := h(ctx, idemRequest("u1", "k1", `{}`)); err != nil {
				t.Fatal(err)
			}
			if len(store.expires) != 2 {
				t.Fatalf("%d writes, want a claim and a result", len(store.expires))
			}
			if claim := store.expires[0].Sub(now); claim > tt.want || claim < tt.want-2*time.Second {
				t.Errorf("the claim lives %s, want %s", claim, tt.want)
			}
			if done := store.expires[1].Sub(now); done != IdempotencyTTL {
				t.Errorf("the result lives %s, want %s", done, IdempotencyTTL)
			}
		})
	}
}

func TestAReplayCarriesTheFirstAnswersHeaders(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) {
		resp := JSON(201, map[string]any{"id": "act-1"})
		resp.Headers = map[string]string{"etag": `"1"`, "location": "/api/acts/act-1"}
		return resp, nil
	})
	if _, err := h(context.Background(), idemRequest("u1", "k1", `{}`)); err != nil {
		t.Fatal(err)
	}
	again, err := h(context.Background(), idemRequest("u1", "k1", `{}`))
	if err != nil {
		t.Fatal(err)
	}
	if again.Headers["etag"] != `"1"` || again.Headers["location"] != "/api/acts/act-1" || again.Headers["idempotent-replayed"] != "true" {
		t.Errorf("replay headers = %v", again.Headers)
	}
}

// TestAKeyIsBoundToTheRouteAndPathItWasUsedOn: one client key sent with the
// same body to two acts' comments, or to another route, is two requests.
func TestAKeyIsBoundToTheRouteAndPathItWasUsedOn(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	var ran []string
	h := Idempotent(store, time.Now, func(_ context.Context, r *Request) (*Response, error) {
		ran = append(ran, r.Event.RouteKey+" "+r.Event.RawPath)
		return JSON(201, r.Event.RawPath), nil
	})
	calls := []struct{ route, path string }{
		{"POST /api/acts/{id}/comments", "/api/acts/a1/comments"},
		{"POST /api/acts/{id}/comments", "/api/acts/a2/comments"},
		{"POST /api/acts/{id}/files", "/api/acts/a1/comments"},
		{"POST /api/acts/{id}/comments", "/api/acts/a1/comments"}, // a retry of the first
	}
	for _, c := range calls {
		r := idemRequest("u1", "k1", `{"text":"x"}`)
		r.Event.RouteKey, r.Event.RawPath = c.route, c.path
		resp, err := h(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(resp.Body); string(b) != `"`+c.path+`"` {
			t.Errorf("%s %s answered %s", c.route, c.path, b)
		}
	}
	if len(ran) != 3 {
		t.Errorf("ran %q, want each of the three route and path pairs once", ran)
	}
}

// TestAnAnswerThatIsNotASuccessIsNotReplayed: a handler may answer a refusal
// as a response rather than an error; the key is then released, so the
// corrected retry runs instead of replaying the refusal for a day.
func TestAnAnswerThatIsNotASuccessIsNotReplayed(t *testing.T) {
	store := &memStore{recs: map[string]IdempotencyRecord{}}
	status := 409
	runs := 0
	h := Idempotent(store, time.Now, func(context.Context, *Request) (*Response, error) {
		runs++
		return JSON(status, "answer"), nil
	})
	if resp, err := h(context.Background(), idemRequest("u1", "k1", `{}`)); err != nil || resp.Status != 409 {
		t.Fatalf("first: %v %v", resp, err)
	}
	status = 201
	resp, err := h(context.Background(), idemRequest("u1", "k1", `{}`))
	if err != nil || resp.Status != 201 || runs != 2 {
		t.Errorf("the retry: %v %v after %d runs; want it run again and answer 201", resp, err, runs)
	}
}
