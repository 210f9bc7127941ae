package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"aftersales/shared/apperr"
)

// IdempotencyTTL is how long a key's first result is kept and replayed.
const IdempotencyTTL = 24 * time.Hour

// A claim of a request still running lives only as long as the request can:
// until the invocation's deadline (the function's timeout) plus
// ClaimMargin, or DefaultClaimTTL where the context has no deadline (the
// local runner, tests). A request that timed out or whose result could not
// be stored then frees its key within a minute, not a day.
const (
	ClaimMargin     = 30 * time.Second
	DefaultClaimTTL = time.Minute + ClaimMargin
)

// IdempotencyRecord is what is kept for one Idempotency-Key: the first
// result, with its headers (ETag, Location) so a replay is the same answer.
type IdempotencyRecord struct {
	Fingerprint string
	Done        bool
	Status      int
	Body        json.RawMessage
	Headers     map[string]string
}

// ErrIdempotencyTaken is returned by Claim when the key already has a record.
var ErrIdempotencyTaken = errors.New("idempotency key already claimed")

// IdempotencyStore keeps records keyed by the caller, route and client key.
// Claim must be a single conditional write, so that of two concurrent
// requests with one key exactly one runs.
type IdempotencyStore interface {
	// Claim records a running request unless the key has a live record; then
	// it returns that record and ErrIdempotencyTaken.
	Claim(ctx context.Context, key, fingerprint string, expires time.Time) (*IdempotencyRecord, error)
	// Complete stores the first result for replays.
	Complete(ctx context.Context, key string, rec IdempotencyRecord, expires time.Time) error
	// Release forgets a claim whose request failed, so it may be retried.
	Release(ctx context.Context, key string) error
}

// Idempotent makes a handler honour the Idempotency-Key header: a retried
// request returns the first result, the same key with a different body is
// refused (422), and a retry while the first is still running gets 409.
// Requests without the header run as usual.
func Idempotent(store IdempotencyStore, now func() time.Time, h HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		clientKey, given := r.Event.Headers["idempotency-key"]
		if !given {
			return h(ctx, r)
		}
		if clientKey == "" || len(clientKey) > 200 {
			return nil, apperr.New(apperr.Invalid, "Idempotency-Key — от 1 до 200 символов", "Idempotency-Key is 1 to 200 characters")
		}
		body, err := r.Body()
		if err != nil {
			return nil, err
		}
		key := scopedKey(r.Caller.UserID, r.Event.RouteKey, r.Event.RawPath, clientKey)
		fp := sha256.Sum256(body)
		fingerprint := hex.EncodeToString(fp[:])
		prior, err := store.Claim(ctx, key, fingerprint, now().Add(claimTTL(ctx)))
		switch {
		case errors.Is(err, ErrIdempotencyTaken):
			return replay(prior, fingerprint)
		case err != nil:
			return nil, apperr.Wrap(err, "claim idempotency key")
		}
		resp, err := h(ctx, r)
		if err != nil || resp.Status >= 300 {
			if relErr := store.Release(ctx, key); relErr != nil && err == nil {
				err = apperr.Wrap(relErr, "release idempotency key")
			}
			return resp, err
		}
		b, err := json.Marshal(resp.Body)
		if err != nil {
			return nil, apperr.Wrap(err, "encode response for idempotency")
		}
		done := IdempotencyRecord{Fingerprint: fingerprint, Done: true, Status: resp.Status, Body: b, Headers: resp.Headers}
		if err := store.Complete(ctx, key, done, now().Add(IdempotencyTTL)); err != nil {
			return nil, apperr.Wrap(err, "store idempotent response")
		}
		return resp, nil
	}
}

func replay(prior *IdempotencyRecord, fingerprint string) (*Response, error) {
	switch {
	case prior == nil:
		return nil, apperr.New(apperr.Conflict, "Запрос с этим ключом ещё выполняется, повторите позже", "A request with this key is still running; retry later")
	case prior.Fingerprint != fingerprint:
		return nil, apperr.New(apperr.Unprocessable,
			"Этот Idempotency-Key уже использован для другого запроса",
			"This Idempotency-Key was used for a different request")
	case !prior.Done:
		return nil, apperr.New(apperr.Conflict, "Запрос с этим ключом ещё выполняется, повторите позже", "A request with this key is still running; retry later")
	}
	headers := map[string]string{"idempotent-replayed": "true"}
	for k, v := range prior.Headers {
		headers[k] = v
	}
	return &Response{Status: prior.Status, Body: prior.Body, Headers: headers}, nil
}

// claimTTL is how long a claim may stand for a request still running.
func claimTTL(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return max(time.Until(deadline), 0) + ClaimMargin
	}
	return DefaultClaimTTL
}

// scopedKey binds a client's key to the caller and the route it was used on.
func scopedKey(userID, routeKey, path, clientKey string) string {
	sum := sha256.Sum256([]byte(userID + "\x00" + routeKey + "\x00" + path + "\x00" + clientKey))
	return hex.EncodeToString(sum[:])
}
