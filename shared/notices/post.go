package notices

import (
	"context"
	"errors"
	"fmt"
	"time"

	"aftersales/shared/mailer"
)

// Mail is one e-mail for one event. Key names the event ("act/<id>/…",
// "shipment/<id>/…"): the ledger sends each key at most once. It is
// mailer.Queued, so the acts domain can carry mails in its writes.
type Mail = mailer.Queued

// Outbox is where mails wait between the commit that queued them and
// their send.
type Outbox interface {
	// Queued returns the mail queued under key; ErrNotQueued when there is none.
	Queued(ctx context.Context, key string) (Mail, error)
	// Done takes the mail off the queue if the ledger records it as sent.
	Done(ctx context.Context, key string, now time.Time) error
	// Failed counts a failed attempt; after a few the mail stops being
	// retried, and Failed says so with an error wrapping ErrGaveUp.
	Failed(ctx context.Context, key string) error
}

// ErrNotQueued: no e-mail is queued under the key (a stale index entry).
var ErrNotQueued = errors.New("no e-mail queued")

// ErrGathered: another run gathered these held mails into a digest first.
var ErrGathered = errors.New("held e-mails already gathered")

// ErrGaveUp marks an e-mail abandoned after its last attempt: nobody will
// send it now, so the function's edge logs it as an error flagged for the
// "gave up" metric and alarm.
var ErrGaveUp error = gaveUp{}

// gaveUp says so to the functions' edge (shared/fn), which logs every
// gave-up error for the alarm without knowing this package.
type gaveUp struct{}

func (gaveUp) Error() string { return "gave up" }

// GaveUp marks the error as abandoned work.
func (gaveUp) GaveUp() bool { return true }

// Post sends queued e-mails once each.
type Post struct {
	Once   mailer.Once
	Outbox Outbox
}

// Send sends m unless its event's mail was already sent. Call it after the
// write that queued m has committed: when the send fails, the ledger
// records the failure, the mail stays queued for the hourly job, and the
// change it reports stands. A mail held for a digest is not sent here: the
// morning's digest gathers it.
func (p Post) Send(ctx context.Context, m Mail) error {
	if len(m.Message.To) == 0 || m.Digest != "" {
		return nil
	}
	if err := p.Once.Send(ctx, m.Key, m.Message); err != nil {
		if ferr := p.Outbox.Failed(ctx, m.Key); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	return p.Outbox.Done(ctx, m.Key, p.Once.Now())
}

// SendQueued sends the mail queued under key, if it still needs sending.
func (p Post) SendQueued(ctx context.Context, key string) error {
	m, err := p.Outbox.Queued(ctx, key)
	if errors.Is(err, ErrNotQueued) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read queued e-mail %s: %w", key, err)
	}
	return p.Send(ctx, m)
}
