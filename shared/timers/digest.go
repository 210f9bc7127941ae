package timers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
)

// DigestStore is what the morning digest reads.
type DigestStore interface {
	// Overdue lists the submitted acts that entered review before the
	// cutoff, pre-sale first, then the longest waiting.
	Overdue(ctx context.Context, submittedBefore time.Time) ([]acts.Act, error)
	// Timed lists every act with a running timer.
	Timed(ctx context.Context) ([]acts.Act, error)
}

// HeldMail is where the act events of users who chose the daily digest
// wait for it (the outbox).
type HeldMail interface {
	// Held returns a user's oldest held mails, as many as one digest takes.
	Held(ctx context.Context, user string) ([]notices.Mail, error)
	// Gather queues digest and drops the held mails it lists, atomically;
	// notices.ErrGathered when another run took them first.
	Gather(ctx context.Context, digest notices.Mail, held []notices.Mail) error
}

// QueuedSender sends a queued mail once (notices.Post); a failed send stays
// queued for the hourly job.
type QueuedSender interface {
	Send(ctx context.Context, m notices.Mail) error
}

// Digest is the morning job: each manager gets the acts over the review
// target; each service centre gets its acts waiting for its reply; each
// user who chose the digest gets the act events held for them.
type Digest struct {
	Store     DigestStore
	Directory notices.Directory
	Letters   notices.Letters
	// Mail sends each letter once (mailer.Once): a retried digest does not
	// mail anybody twice the same morning.
	Mail   mailer.OnceSender
	Policy Policy
	Held   HeldMail
	Post   QueuedSender
}

// DigestReport counts what one run sent, for the log line at the edge.
type DigestReport struct {
	Overdue, Waiting, Managers, Centres int
	// Events is how many held act events went out in users' digests.
	Events int
}

// Run sends the digests of the morning of now. A failed send does not stop
// the others; the failures are returned together so the function is
// retried, and the ledger keeps the sent ones from going twice.
func (d *Digest) Run(ctx context.Context, now time.Time) (DigestReport, error) {
	var r DigestReport
	people := notices.NewPeople(d.Directory)
	var errs []error
	overdue, err := d.overdue(ctx, people, now)
	if err != nil {
		return r, err
	}
	r.Overdue = len(overdue)
	if len(overdue) > 0 {
		managers, err := people.Managers(ctx)
		if err != nil {
			return r, err
		}
		for _, m := range managers {
			mail := d.Letters.ManagerDigest(overdue, m, acts.ReviewTarget, now)
			if err := d.Mail.Send(ctx, mail.Key, mail.Message); err != nil {
				errs = append(errs, fmt.Errorf("digest of manager %s: %w", m.ID, err))
				continue
			}
			r.Managers++
		}
	}
	waiting, err := d.waiting(ctx)
	if err != nil {
		return r, errors.Join(append(errs, err)...)
	}
	for _, centre := range sortedKeys(waiting) {
		list := waiting[centre]
		r.Waiting += len(list)
		c, err := people.Centre(ctx, centre)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(c.Emails) == 0 {
			continue
		}
		mail := d.Letters.CentreDigest(list, c, now)
		if err := d.Mail.Send(ctx, mail.Key, mail.Message); err != nil {
			errs = append(errs, fmt.Errorf("digest of centre %s: %w", centre, err))
			continue
		}
		r.Centres++
	}
	n, err := d.events(ctx, people, now)
	r.Events = n
	return r, errors.Join(append(errs, err)...)
}

// events mails each user the act events held for them, as many digests as
// their events fill. Every user is looked at, not only today's digest
// readers: one who went back to immediate mails still gets what was held
// before. A digest is queued with its events' release in one write, then
// sent; a failed send is left to the hourly job.
func (d *Digest) events(ctx context.Context, people *notices.People, now time.Time) (int, error) {
	users, err := people.Everyone(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, u := range users {
		for {
			held, err := d.Held.Held(ctx, u.ID)
			if err != nil {
				errs = append(errs, err)
				break
			}
			if len(held) == 0 {
				break
			}
			mail := d.Letters.EventDigest(u, held, now)
			if err := d.Held.Gather(ctx, mail, held); err != nil {
				if !errors.Is(err, notices.ErrGathered) {
					errs = append(errs, fmt.Errorf("events digest of %s: %w", u.ID, err))
				}
				break
			}
			n += len(held)
			if err := d.Post.Send(ctx, mail); err != nil {
				errs = append(errs, fmt.Errorf("send events digest of %s: %w", u.ID, err))
			}
		}
	}
	return n, errors.Join(errs...)
}

// overdue lists the acts over the review target with their centres' names.
func (d *Digest) overdue(ctx context.Context, people *notices.People, now time.Time) ([]notices.Overdue, error) {
	list, err := d.Store.Overdue(ctx, now.Add(-acts.ReviewTarget))
	if err != nil {
		return nil, fmt.Errorf("find overdue acts: %w", err)
	}
	out := make([]notices.Overdue, 0, len(list))
	for _, a := range list {
		days, late := acts.ReviewAge(a, now)
		if !late {
			continue
		}
		c, err := people.Centre(ctx, a.ServiceCenterID)
		if err != nil {
			return nil, err
		}
		out = append(out, notices.Overdue{Act: a, CentreName: c.Name, Days: days})
	}
	return out, nil
}

// waiting groups the acts waiting for their centres, soonest deadline first.
func (d *Digest) waiting(ctx context.Context) (map[string][]notices.Waiting, error) {
	list, err := d.Store.Timed(ctx)
	if err != nil {
		return nil, fmt.Errorf("find acts waiting for centres: %w", err)
	}
	out := map[string][]notices.Waiting{}
	for _, a := range list {
		if t, ok := d.Policy.TimerOf(a); ok {
			out[a.ServiceCenterID] = append(out[a.ServiceCenterID], notices.Waiting{Act: a, Deadline: t.Deadline})
		}
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b notices.Waiting) int {
			return cmp.Or(a.Deadline.Compare(b.Deadline), cmp.Compare(a.Act.Number, b.Act.Number))
		})
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
