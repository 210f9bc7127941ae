package imports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/sheets"
)

// Loader processes the files that arrive in the imports bucket: one
// protocol, one set of writes and one e-mail per object version, however
// often and however concurrently S3 delivers its event.
//
// Exactly-once rests on three things: the protocol's id is derived from the
// object's identity and claimed with one conditional write; the claimant
// holds a lease it renews while it works, and only a retry finding the lease
// run out takes over (a live holder is waited for, never raced); and every
// write a load makes is a whole-item put stamped with the load, so the
// takeover of a crashed load repeats its writes harmlessly and counts them
// right. The e-mail goes through a ledger keyed by the protocol.
type Loader struct {
	protocols ProtocolStore
	directory DirectoryStore
	files     LoadFiles
	people    People
	mail      Mailer
	limits    sheets.Limits
	now       auth.Clock
	newID     auth.IDGen
	loc       *time.Location
	webURL    string
	timing    Timing
}

// Timing are the loader's periods; tests shorten them.
type Timing struct {
	// Lease is how long a holder's claim lasts without renewal; a crashed
	// load is taken over by the next delivery after at most this long.
	Lease time.Duration
	// Renew is how often a holder renews its lease.
	Renew time.Duration
	// Poll is how often a duplicate delivery checks on the holder.
	Poll time.Duration
	// Margin is how long before the invocation's deadline a load stops, to
	// record its failure and send its e-mail while it still can (see run).
	Margin time.Duration
}

// DefaultTiming suits Lambda: S3 retries a failed invocation after about a
// minute and again two minutes later.
var DefaultTiming = Timing{Lease: 2 * time.Minute, Renew: 30 * time.Second, Poll: time.Second, Margin: 30 * time.Second}

// LoaderConfig holds the loader's dependencies. Clock, NewID and Timing
// default to the wall clock, ULIDs and DefaultTiming; zero Limits fields
// take sheets.DefaultLimits (20 MB, 200,000 rows).
type LoaderConfig struct {
	Protocols ProtocolStore
	Directory DirectoryStore
	Files     LoadFiles
	People    People
	Mail      Mailer
	Limits    sheets.Limits
	Clock     auth.Clock
	NewID     auth.IDGen
	Timing    Timing
	// Location is the business time zone of the times in e-mails.
	Location *time.Location
	// WebBaseURL links e-mails to the protocol in the web client.
	WebBaseURL string
}

// NewLoader checks the configuration and returns the loader.
func NewLoader(c LoaderConfig) (*Loader, error) {
	if c.Protocols == nil || c.Directory == nil || c.Files == nil || c.People == nil || c.Mail == nil || c.Location == nil {
		return nil, errors.New("imports: Protocols, Directory, Files, People, Mail and Location are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	if c.Timing == (Timing{}) {
		c.Timing = DefaultTiming
	}
	if c.Timing.Margin <= 0 {
		c.Timing.Margin = DefaultTiming.Margin
	}
	d := sheets.DefaultLimits()
	if c.Limits.MaxBytes <= 0 {
		c.Limits.MaxBytes = d.MaxBytes
	}
	if c.Limits.MaxRows <= 0 {
		c.Limits.MaxRows = d.MaxRows
	}
	if c.Limits.TempDir == "" {
		c.Limits.TempDir = d.TempDir
	}
	return &Loader{protocols: c.Protocols, directory: c.Directory, files: c.Files, people: c.People, mail: c.Mail,
		limits: c.Limits, now: c.Clock, newID: c.NewID, loc: c.Location, webURL: strings.TrimRight(c.WebBaseURL, "/"),
		timing: c.Timing}, nil
}

// maxAttempts is how many invocations may hold one protocol: the first and
// S3's two retries (template.yaml: MaximumRetryAttempts 2). The last one
// records a failure rather than leave the protocol processing for ever.
const maxAttempts = 3

// Process loads one object and returns its protocol. An error means the
// event should be delivered again (Lambda retries it): the protocol is then
// taken over by the retry. A file's own faults are never errors; they are
// in the protocol.
func (l *Loader) Process(ctx context.Context, obj Object) (Protocol, error) {
	if obj.VersionID == "" {
		v, err := l.files.CurrentVersion(ctx, obj)
		if errors.Is(err, ErrObjectGone) {
			return Protocol{}, nil // deleted before its unversioned event arrived: nothing to load
		}
		if err != nil {
			return Protocol{}, fmt.Errorf("find the version of %s: %w", obj.Key, err)
		}
		obj.VersionID = v
	}
	p, mine, err := l.claim(ctx, obj)
	if err != nil {
		return Protocol{}, err
	}
	if !mine {
		// Another delivery finished it; make sure its e-mail went out (the
		// ledger sends it at most once).
		return p, l.notify(ctx, p)
	}
	return l.run(ctx, p)
}

// claim returns the object's protocol: a new one or one taken over from a
// crashed holder (mine), or a final one (not mine). While another
// invocation holds it, claim waits for it to finish or to die, reading the
// protocol rather than trying to write it again.
func (l *Loader) claim(ctx context.Context, obj Object) (p Protocol, mine bool, err error) {
	fresh := l.newProtocol(obj)
	stored, won, err := l.protocols.ClaimProtocol(ctx, fresh)
	for {
		switch {
		case err != nil:
			return Protocol{}, false, fmt.Errorf("claim load %s: %w", fresh.ID, err)
		case won:
			return fresh, true, nil
		case stored.Status.Final():
			return stored, false, nil
		case !stored.Lease.Until.After(l.now()):
			next := stored
			next.Lease = Lease{Owner: fresh.Lease.Owner, Until: l.now().Add(l.timing.Lease)}
			next.Attempts++
			err := l.protocols.TakeOver(ctx, next, stored.Lease)
			if err == nil {
				return next, true, nil
			}
			if !errors.Is(err, ErrLeaseLost) {
				return Protocol{}, false, fmt.Errorf("take over load %s: %w", fresh.ID, err)
			}
		default:
			if err := l.wait(ctx); err != nil {
				return Protocol{}, false, fmt.Errorf("load %s is held by another invocation: %w", fresh.ID, err)
			}
		}
		stored, err = l.protocols.Protocol(ctx, fresh.ID)
	}
}

// errNoTimeToWait: the invocation would end before the holder does; the
// retried event will find the protocol final or the holder dead.
var errNoTimeToWait = errors.New("no time left to wait")

func (l *Loader) wait(ctx context.Context) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < 2*l.timing.Poll+time.Second {
		return errNoTimeToWait
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(l.timing.Poll):
		return nil
	}
}

// newProtocol is the protocol an object's first delivery claims. A key that
// does not name a procedure and a distributor makes a protocol that load
// rejects at once.
func (l *Loader) newProtocol(obj Object) Protocol {
	now := l.now()
	p := Protocol{ID: obj.ProtocolID(), Object: obj, Status: LoadProcessing, FileName: path.Base(obj.Key),
		CreatedAt: now, Attempts: 1, Lease: Lease{Owner: l.newID(), Until: now.Add(l.timing.Lease)}}
	proc, checkOnly, distributor, upload, name, err := ParseKey(obj.Key)
	if err != nil {
		p.Reason = errorMessage(err)
		return p
	}
	p.Procedure, p.CheckOnly, p.Distributor, p.UploadID, p.FileName = proc, checkOnly, distributor, upload, name
	return p
}

// run processes a protocol it holds, renewing the lease meanwhile, records
// the outcome and sends the e-mail.
func (l *Loader) run(ctx context.Context, p Protocol) (Protocol, error) {
	work, stop := l.hold(ctx, p)
	timed, cancelTimed := l.beforeDeadline(work)
	err := l.load(timed, &p)
	lost := errors.Is(context.Cause(work), ErrLeaseLost)
	outOfTime := err != nil && ctx.Err() == nil && errors.Is(context.Cause(timed), errOutOfTime)
	cancelTimed()
	stop()
	switch {
	case lost:
		return p, nil // the invocation that took over records the outcome
	case outOfTime:
		outOfTimeFailure(&p)
		err = fmt.Errorf("load %s ran out of time (attempt %d): %w (%w)", p.ID, p.Attempts, err, ErrRecorded)
	case err != nil && ctx.Err() != nil:
		// The invocation is ending (its deadline): nothing more can be
		// recorded; the retried event takes over once the lease runs out.
		return p, fmt.Errorf("load %s interrupted (attempt %d): %w", p.ID, p.Attempts, err)
	case err != nil && p.Attempts < maxAttempts:
		// Let the retried event take over at once.
		p.Lease.Until = l.now()
		if serr := l.protocols.SaveProtocol(ctx, p, p.Lease.Owner); serr != nil && !errors.Is(serr, ErrLeaseLost) {
			err = errors.Join(err, fmt.Errorf("release load %s: %w", p.ID, serr))
		}
		return p, fmt.Errorf("load %s (attempt %d): %w", p.ID, p.Attempts, err)
	case err != nil:
		p.Status = LoadFailed
		p.Reason = systemFailure
		err = fmt.Errorf("load %s failed for good after %d attempts: %w (%w)", p.ID, p.Attempts, err, ErrRecorded)
	}
	p.FinishedAt = l.now()
	p.Lease.Until = time.Time{}
	if serr := l.protocols.SaveProtocol(ctx, p, p.Lease.Owner); serr != nil {
		if errors.Is(serr, ErrLeaseLost) {
			return p, nil
		}
		return p, fmt.Errorf("record the outcome of load %s: %w", p.ID, serr)
	}
	if nerr := l.notify(ctx, p); nerr != nil {
		return p, nerr
	}
	return p, err
}

// systemFailure is the reason of a load the system failed for good.
const systemFailure = "Загрузка прервана из-за сбоя системы. Если процедура записывает данные, часть строк могла " +
	"быть записана; загрузите файл ещё раз. Если сбой повторится, обратитесь в поддержку"

// ErrRecorded marks a failure the loader has recorded in the protocol and
// e-mailed: log it, but do not have the event delivered again.
var ErrRecorded = errors.New("recorded in the protocol")

// hold renews p's lease until stop is called. The returned context ends
// with cause ErrLeaseLost if another invocation took the protocol over.
func (l *Loader) hold(ctx context.Context, p Protocol) (context.Context, func()) {
	work, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(l.timing.Renew)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				err := l.protocols.RenewLease(work, p.ID, Lease{Owner: p.Lease.Owner, Until: l.now().Add(l.timing.Lease)})
				if errors.Is(err, ErrLeaseLost) {
					cancel(ErrLeaseLost)
					return
				}
				// Any other failure is retried at the next tick; the lease
				// outlasts several.
			}
		}
	}()
	return work, func() {
		close(done)
		<-stopped
		cancel(nil)
	}
}

// save records progress (the number, the counts so far) and renews the lease.
func (l *Loader) save(ctx context.Context, p *Protocol) error {
	p.Lease.Until = l.now().Add(l.timing.Lease)
	if err := l.protocols.SaveProtocol(ctx, *p, p.Lease.Owner); err != nil {
		return fmt.Errorf("save load %s: %w", p.ID, err)
	}
	return nil
}

// tempFile creates a file in the loader's temporary folder and returns it
// with its remover.
func (l *Loader) tempFile(pattern string) (*os.File, func(), error) {
	f, err := os.CreateTemp(l.limits.TempDir, pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("create a temporary file: %w", err)
	}
	return f, func() { _ = f.Close(); _ = os.Remove(f.Name()) }, nil
}
