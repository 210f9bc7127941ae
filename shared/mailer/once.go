package mailer

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sender is anything that delivers a message (SES, or a test double).
type Sender interface {
	Send(ctx context.Context, m Message) (string, error)
}

// Ledger records, per business event, that its e-mail was claimed and sent.
// Claim must be one conditional write: of two concurrent claims for an
// event, one wins.
type Ledger interface {
	// Claim marks the event's mail as being sent. It fails with ErrAlreadySent
	// when the mail was sent, or ErrInFlight when another sender claimed it
	// less than staleAfter ago.
	Claim(ctx context.Context, eventKey string, now time.Time, staleAfter time.Duration) error
	// Sent records success with the provider's message id.
	Sent(ctx context.Context, eventKey, messageID string, now time.Time) error
	// Failed records a failed attempt so it shows up and can be retried.
	Failed(ctx context.Context, eventKey, reason string, now time.Time) error
}

// ErrAlreadySent and ErrInFlight are Claim's two refusals.
var (
	ErrAlreadySent = errors.New("e-mail already sent for this event")
	ErrInFlight    = errors.New("e-mail for this event is being sent")
)

// staleClaim is how long a claim blocks others: a sender that died after
// claiming is replaced after this long.
const staleClaim = 5 * time.Minute

// OnceSender sends one event's message at most once: what Once does, for
// the jobs that send through it (and their tests' fakes).
type OnceSender interface {
	Send(ctx context.Context, eventKey string, m Message) error
}

// Once sends each event's e-mail at most once, however often a function retries.
type Once struct {
	Ledger Ledger
	Sender Sender
	Now    func() time.Time
}

// Send delivers m for eventKey unless it has already been sent (or is being
// sent). A failed send is recorded in the ledger and returned; callers commit
// their business change before calling Send, so a failure loses nothing.
func (o Once) Send(ctx context.Context, eventKey string, m Message) error {
	err := o.Ledger.Claim(ctx, eventKey, o.Now(), staleClaim)
	if errors.Is(err, ErrAlreadySent) || errors.Is(err, ErrInFlight) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("claim e-mail %s: %w", eventKey, err)
	}
	id, sendErr := o.Sender.Send(ctx, m)
	if sendErr != nil {
		if err := o.Ledger.Failed(ctx, eventKey, sendErr.Error(), o.Now()); err != nil {
			return errors.Join(sendErr, fmt.Errorf("record failed e-mail %s: %w", eventKey, err))
		}
		return sendErr
	}
	if err := o.Ledger.Sent(ctx, eventKey, id, o.Now()); err != nil {
		return fmt.Errorf("record sent e-mail %s: %w", eventKey, err)
	}
	return nil
}
