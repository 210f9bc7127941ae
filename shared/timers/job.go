package timers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/carriers"
	"aftersales/shared/notices"
)

// DueKind is what an entry of the due index stands for. Besides acts with a
// running timer, the index holds the other work the hourly job must not
// lose: shipments whose dispatch or delivery is not fully written yet, and
// e-mails queued but not yet sent.
type DueKind string

// The kinds of due work.
const (
	DueAct      DueKind = "act"
	DueShipment DueKind = "shipment"
	DueMail     DueKind = "mail"
)

// Due is one entry of the due index: a kind and the id (an e-mail's key).
type Due struct {
	Kind DueKind
	ID   string
}

// ErrReminded: the act's deadline already has its reminder.
var ErrReminded = errors.New("reminder already given")

// Reminder is everything one reminder writes: the comment and its event in
// the act's thread, and the e-mail, on condition that the act is still as
// read and has no reminder for Deadline yet.
type Reminder struct {
	Act      acts.Act
	Deadline time.Time
	Comment  acts.Comment
	Event    acts.Event
	Mail     notices.Mail
}

// Store is what the hourly job reads and writes.
type Store interface {
	// Due lists what is due at now. It reads the sparse due index, so it
	// costs about one item per due entry however many acts there are.
	Due(ctx context.Context, now time.Time) ([]Due, error)
	// Act reads an act, strongly consistent; auth.ErrNotFound.
	Act(ctx context.Context, id string) (acts.Act, error)
	// Remind writes r and moves the act's due time to the deadline;
	// ErrReminded, or acts.ErrStale when the act changed since it was read.
	Remind(ctx context.Context, r Reminder) error
	// Close writes an automatic move with its e-mail queued; acts.ErrStale
	// when the act changed since it was read.
	Close(ctx context.Context, w acts.Write, m notices.Mail) error
	// Postpone moves an act's due time to at, unless the act changed since
	// it was read (then the write that changed it decided the due time).
	Postpone(ctx context.Context, a acts.Act, at time.Time) error
}

// Settler finishes a shipment's dispatch or delivery that a request left
// half-written, and delivers a dispatched one that arrived by its carrier's
// tracking or transit days (shipments.Service).
type Settler interface {
	Settle(ctx context.Context, shipmentID string) error
}

// Sender sends e-mails once each (notices.Post).
type Sender interface {
	Send(ctx context.Context, m notices.Mail) error
	SendQueued(ctx context.Context, key string) error
}

// AutoClose is the hourly job: it reminds and closes acts whose timers are
// due, finishes interrupted shipments and sends queued e-mails. Every write
// is conditional on what was read, so a run repeated at once changes
// nothing, and a run that died half-way is finished by the next.
type AutoClose struct {
	Store     Store
	Directory notices.Directory
	Letters   notices.Letters
	Post      Sender
	Settler   Settler
	Policy    Policy
	NewID     auth.IDGen
	// Loads, when set, fails the outlet and route loads a crash left
	// processing (imports.Sweeper), so no load stays processing.
	Loads LoadSweeper
}

// LoadSweeper finishes stuck loads and says how many it failed.
type LoadSweeper interface {
	Sweep(ctx context.Context, now time.Time) (int, error)
}

// Report counts what one run did, for the log line at the function's edge.
type Report struct {
	Due, Reminded, Closed, Settled, Mailed, Skipped int
	// CarrierUnanswered counts parcels whose carrier's API failed; their
	// transit days decide instead, so a carrier's outage fails no run.
	CarrierUnanswered int
	// LoadsFailed counts stuck loads recorded as failed (each e-mailed).
	LoadsFailed int
}

// GaveUp reports whether the run recorded work as failed for good, which
// the function's log line flags for the "gave up" metric.
func (r Report) GaveUp() bool { return r.LoadsFailed > 0 }

// Run does the work due at now. One entry's failure does not stop the
// others; the failures are returned together so the function is retried.
func (j *AutoClose) Run(ctx context.Context, now time.Time) (Report, error) {
	due, err := j.Store.Due(ctx, now)
	if err != nil {
		return Report{}, fmt.Errorf("find due work: %w", err)
	}
	r := Report{Due: len(due)}
	people := notices.NewPeople(j.Directory)
	var errs []error
	for _, d := range due {
		switch d.Kind {
		case DueAct:
			err = j.act(ctx, people, d.ID, now, &r)
		case DueShipment:
			err = j.Settler.Settle(ctx, d.ID)
			switch {
			case err == nil:
				r.Settled++
			case errors.Is(err, carriers.ErrNoAnswer):
				r.CarrierUnanswered++
				err = nil
			}
		case DueMail:
			if err = j.Post.SendQueued(ctx, d.ID); err == nil {
				r.Mailed++
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", d.Kind, d.ID, err))
		}
	}
	if j.Loads != nil {
		n, err := j.Loads.Sweep(ctx, now)
		r.LoadsFailed = n
		if err != nil {
			errs = append(errs, fmt.Errorf("sweep stuck loads: %w", err))
		}
	}
	return r, errors.Join(errs...)
}

// act takes the step an act's timer calls for now. It decides from the act
// as read now, not from the index entry, which may be stale: a reopened or
// answered act has no timer (or a later one) and is left alone.
func (j *AutoClose) act(ctx context.Context, people *notices.People, id string, now time.Time, r *Report) error {
	a, err := j.Store.Act(ctx, id)
	if errors.Is(err, auth.ErrNotFound) {
		r.Skipped++
		return nil
	}
	if err != nil {
		return err
	}
	t, ok := j.Policy.TimerOf(a)
	step := StepWait
	if ok {
		step = j.Policy.StepAt(t, now)
	}
	if step == StepWait {
		r.Skipped++
		return nil
	}
	centre, err := people.Centre(ctx, a.ServiceCenterID)
	if err != nil {
		return err
	}
	done, write := &r.Reminded, j.remind
	if step == StepClose {
		done, write = &r.Closed, j.close
	}
	mail, err := write(ctx, a, t, centre, now)
	switch {
	case err == nil:
		*done++
		// The change is committed with the mail queued: a failed send is
		// recorded and retried, never undoing the change.
		return j.Post.Send(ctx, mail)
	case errors.Is(err, ErrReminded):
		// An edit since the reminder put the act back at its reminder
		// time: look at it again only at the deadline.
		r.Skipped++
		return j.Store.Postpone(ctx, a, t.Deadline)
	case errors.Is(err, acts.ErrStale):
		r.Skipped++
		return nil
	}
	return err
}

// close makes the rule's move with its comment and queues the e-mail.
func (j *AutoClose) close(ctx context.Context, a acts.Act, t Timer, centre notices.Centre, now time.Time) (notices.Mail, error) {
	text, mail := j.Letters.AutoRefused(a, t.Deadline, centre, now)
	if t.Rule == RuleSilentDelivery {
		text, mail = j.Letters.AutoRepaired(a, j.Policy.SilentDelivery, centre, now)
	}
	w, _, err := notices.Move(a, notices.System, t.Rule.Action(), text, now, j.NewID)
	if err != nil {
		return notices.Mail{}, err
	}
	return mail, j.Store.Close(ctx, w, mail)
}

// remind writes the reminder comment and queues its e-mail.
func (j *AutoClose) remind(ctx context.Context, a acts.Act, t Timer, centre notices.Centre, now time.Time) (notices.Mail, error) {
	text, mail := j.Letters.ReplyReminder(a, t.Deadline, centre, now)
	if t.Rule == RuleSilentDelivery {
		text, mail = j.Letters.DeliveryReminder(a, t.Deadline, centre, now)
	}
	cm, ev := notices.Comment(a.ID, text, now, j.NewID)
	return mail, j.Store.Remind(ctx, Reminder{Act: a, Deadline: t.Deadline, Comment: cm, Event: ev, Mail: mail})
}
