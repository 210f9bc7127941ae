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
type memStore struct {
	mu   sync.Mutex
	recs map[string]IdempotencyRecord
}

func (m *memStore) Claim(_ context.Context, key, fp string, _ time.Time) (*IdempotencyRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if rec, ok := m.recs[key]; ok {
		return &rec, ErrIdempotencyTaken
	}
	m.recs[key] = IdempotencyRecord{Fingerprint: fp}
	return nil, nil
}

func (m *memStore) Complete(_ context.Context, key string, rec IdempotencyRecord, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recs[key] = rec
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
