package timers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
	"aftersales/shared/timers"
)

// infoRequested is a submitted act the manager asked about, with the
// default reply deadline (5 days from the clock's time).
func infoRequested(e *fulfiltest.Env, centre auth.Caller) (acts.Act, time.Time) {
	e.T.Helper()
	a := e.Move(e.Manager, e.Submitted(centre), acts.Move{Action: acts.ActionRequestInfo, Reason: "Пришлите фото шильдика"})
	return a, *a.ReplyDeadline
}

// delivered is an approved act whose shipment left and arrived; its quiet
// window runs from the confirmation.
func delivered(e *fulfiltest.Env, centre auth.Caller) (acts.Act, time.Time) {
	e.T.Helper()
	a, _ := e.Approved(centre)
	_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	id := orders.WeeklyShipmentID(centre.Tenant, orders.WeekOf(e.Clock.Now(), e.Env.Config.Location))
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, id, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA7"})
	e.Must(err, "dispatch")
	_, err = e.F.Shipments.Deliver(e.Ctx, centre, id, nil)
	e.Must(err, "deliver")
	rec := e.Act(a.ID)
	return rec.Act, rec.Act.StatusChangedAt.Add(e.F.Policy.SilentDelivery)
}

// run is one hourly run at at.
func run(e *fulfiltest.Env, at time.Time) timers.Report {
	e.T.Helper()
	e.Clock.Set(at)
	r, err := e.F.AutoClose().Run(e.Ctx, at)
	e.Must(err, "run at %s", at)
	return r
}

// mailsAbout counts this test's e-mails whose subject names the act.
func mailsAbout(e *fulfiltest.Env, a acts.Act, subject string) int {
	n := 0
	for _, m := range e.Mails() {
		if strings.Contains(m.Subject, a.Number) && strings.Contains(m.Subject, subject) {
			n++
		}
	}
	return n
}

var rules = []struct {
	name       string
	make       func(*fulfiltest.Env, auth.Caller) (acts.Act, time.Time)
	closedAs   acts.Status
	reminder   string // in the reminder comment
	remindMail string // in the reminder's subject
	closing    string // in the closing comment
	closedMail string // in the closing e-mail's subject
}{
	{"no reply", infoRequested, acts.StatusRefused,
		"Напоминание: ответ на запрос информации", "ответьте до", "ОТКАЗ в ГО — нет ответа", "закрыт: ОТКАЗ в ГО"},
	{"quiet delivery", delivered, acts.StatusRepaired,
		"Напоминание: если до", "будет закрыт как", "Акт закрыт автоматически со статусом «Отремонтировано»", "закрыт: Отремонтировано"},
}

func TestEachTimerRemindsOnceADayAheadAndClosesAtItsDeadlineNotAMinuteEarlier(t *testing.T) {
	for _, rule := range rules {
		t.Run(rule.name, func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			a, deadline := rule.make(e, e.Centre("north"))
			check := func(when string, status acts.Status, reminders, closings int) {
				t.Helper()
				rec := e.Act(a.ID)
				if rec.Act.Status != status {
					t.Errorf("%s: act is %s, want %s", when, rec.Act.Status, status)
				}
				if got := e.CommentsWith(a.ID, rule.reminder); got != reminders {
					t.Errorf("%s: %d reminder comments, want %d", when, got, reminders)
				}
				if got := mailsAbout(e, a, rule.remindMail); got != reminders {
					t.Errorf("%s: %d reminder e-mails, want %d", when, got, reminders)
				}
				if got := e.CommentsWith(a.ID, rule.closing); got != closings {
					t.Errorf("%s: %d closing comments, want %d", when, got, closings)
				}
				if got := mailsAbout(e, a, rule.closedMail); got != closings {
					t.Errorf("%s: %d closing e-mails, want %d", when, got, closings)
				}
			}
			open := a.Status
			run(e, deadline.Add(-24*time.Hour-time.Minute))
			check("a day and a minute before", open, 0, 0)
			if r := run(e, deadline.Add(-24*time.Hour+time.Minute)); r.Reminded != 1 {
				t.Errorf("the reminder run: %+v", r)
			}
			check("a day less a minute before", open, 1, 0)
			for _, at := range []time.Duration{-23 * time.Hour, -time.Hour, -time.Minute} {
				if r := run(e, deadline.Add(at)); r.Reminded+r.Closed != 0 {
					t.Errorf("%s before the deadline: %+v", -at, r)
				}
			}
			check("a minute before", open, 1, 0)
			if r := run(e, deadline.Add(time.Minute)); r.Closed != 1 {
				t.Errorf("the closing run: %+v", r)
			}
			check("a minute after", rule.closedAs, 1, 1)
			run(e, deadline.Add(time.Minute))
			run(e, deadline.Add(2*time.Hour))
			check("after two more runs", rule.closedAs, 1, 1)
			rec := e.Act(a.ID)
			last := rec.History[len(rec.History)-2] // the move, then its comment
			if last.Type != acts.EventStatus || last.ActorRole != acts.ActorSystem || last.To != rule.closedAs {
				t.Errorf("the closing event: %+v", last)
			}
		})
	}
}

func TestAReopenedActIsNotClosedAgainByItsOldTimer(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	a, deadline := infoRequested(e, north)
	run(e, deadline.Add(time.Minute))
	refused := e.Act(a.ID).Act
	if refused.Status != acts.StatusRefused {
		t.Fatalf("act is %s", refused.Status)
	}
	reopened := e.Move(e.Manager, refused, acts.Move{Action: acts.ActionReopen})
	again := e.Move(e.Manager, reopened, acts.Move{Action: acts.ActionRequestInfo, Reason: "Ещё раз: фото шильдика"})
	newDeadline := *again.ReplyDeadline
	for _, at := range []time.Duration{2 * time.Hour, 25 * time.Hour} {
		if r := run(e, deadline.Add(at)); r.Closed != 0 {
			t.Errorf("%s after the old deadline: %+v", at, r)
		}
	}
	if st := e.Act(a.ID).Act.Status; st != acts.StatusInfoRequested {
		t.Errorf("the reopened act is %s", st)
	}
	run(e, newDeadline.Add(time.Minute))
	if st := e.Act(a.ID).Act.Status; st != acts.StatusRefused {
		t.Errorf("at its new deadline the act is %s, want refused", st)
	}
}

// racing is the job's store with a hook between reading an act and
// returning it: what a person does in that moment is what a stale timer
// must not overwrite.
type racing struct {
	timers.Store
	after func(acts.Act)
}

func (r racing) Act(ctx context.Context, id string) (acts.Act, error) {
	a, err := r.Store.Act(ctx, id)
	if err == nil {
		r.after(a)
	}
	return a, err
}

func TestAnActThatChangesAfterTheJobReadItIsNotClosed(t *testing.T) {
	for _, rule := range rules {
		t.Run(rule.name, func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			north := e.Centre("north")
			a, deadline := rule.make(e, north)
			job := e.F.AutoClose()
			job.Store = racing{Store: job.Store, after: func(read acts.Act) {
				// The centre answers just now: a reply, or a mismatch claim.
				if read.Status == acts.StatusInfoRequested {
					_, _, err := e.Acts.AddComment(e.Ctx, north, read.ID, acts.CommentInput{Text: "Фото приложили"})
					e.Must(err, "reply")
					return
				}
				e.Move(north, read, acts.Move{Action: acts.ActionClaimMismatch, Reason: "Не та запчасть"})
			}}
			e.Clock.Set(deadline.Add(time.Minute))
			r, err := job.Run(e.Ctx, deadline.Add(time.Minute))
			e.Must(err, "run")
			if r.Closed != 0 || r.Skipped != 1 {
				t.Errorf("run: %+v, want the act skipped", r)
			}
			rec := e.Act(a.ID)
			if rec.Act.Status == rule.closedAs || e.CommentsWith(a.ID, rule.closing) != 0 || mailsAbout(e, a, rule.closedMail) != 0 {
				t.Errorf("the answered act was closed: %s", rec.Act.Status)
			}
		})
	}
}

func TestAnEditAfterTheReminderDoesNotBringASecondOne(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	a, deadline := infoRequested(e, e.Centre("north"))
	run(e, deadline.Add(-20*time.Hour))
	edited, _, err := e.Acts.Update(e.Ctx, e.Manager, a.ID, e.Act(a.ID).Act.Version, acts.Fields{Article: new("ЭГК-2000 Энергопром")})
	e.Must(err, "edit")
	r := run(e, deadline.Add(-19*time.Hour))
	if r.Reminded != 0 || e.CommentsWith(a.ID, "Напоминание") != 1 || mailsAbout(e, a, "ответьте до") != 1 {
		t.Errorf("after an edit: %+v, %d reminders", r, e.CommentsWith(a.ID, "Напоминание"))
	}
	// The act is looked at again only at its deadline.
	if r := run(e, deadline.Add(-18*time.Hour)); r.Due != 0 {
		t.Errorf("an hour later: %+v, want nothing due", r)
	}
	run(e, deadline.Add(time.Minute))
	if got := e.Act(a.ID).Act; got.Status != acts.StatusRefused || got.Version != edited.Version+1 {
		t.Errorf("at the deadline the act is v%d %s, want v%d refused", got.Version, got.Status, edited.Version+1)
	}
}

func TestAnAutoCloseKilledHalfWayIsFinishedWithoutDuplicateCommentsOrEmails(t *testing.T) {
	for _, writes := range []int{0, 1, 2, 4, 5, 7} {
		t.Run(fmt.Sprintf("after %d writes", writes), func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			north, south := e.Centre("north"), e.Centre("south")
			var list []acts.Act
			var deadline time.Time
			for _, c := range []auth.Caller{north, south, north} {
				a, d := infoRequested(e, c)
				list, deadline = append(list, a), d
			}
			e.Clock.Set(deadline.Add(time.Minute))
			e.Faults.FailAfter(writes)
			if _, err := e.F.AutoClose().Run(e.Ctx, e.Clock.Now()); err == nil {
				t.Fatal("the killed run reported no error")
			}
			e.Faults.Heal()
			// The retry comes at once (within the ledger's stale-claim window).
			run(e, deadline.Add(2*time.Minute))
			run(e, deadline.Add(3*time.Minute))
			e.WantActs(list, acts.StatusRefused, "ОТКАЗ в ГО — нет ответа")
			for _, a := range list {
				if n := mailsAbout(e, a, "закрыт: ОТКАЗ в ГО"); n != 1 {
					t.Errorf("act %s: %d closing e-mails, want 1", a.Number, n)
				}
			}
		})
	}
}

func TestTheDigestTellsManagersWhatIsOverdueAndCentresWhatWaitsForThemOncePerMorning(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	old := e.Submitted(north)
	asked, deadline := infoRequested(e, south)
	e.Clock.Set(e.Clock.Now().Add(acts.ReviewTarget + time.Hour))
	fresh := e.Submitted(north)
	digest := e.F.Digest()
	for range 2 {
		r, err := digest.Run(e.Ctx, e.Clock.Now())
		e.Must(err, "digest")
		if r.Overdue != 1 || r.Waiting != 1 {
			t.Errorf("digest %+v", r)
		}
	}
	var manager, centre []string
	for _, m := range e.Mails() {
		switch {
		case strings.HasPrefix(m.Subject, "Акты ждут решения"):
			manager = append(manager, m.Text)
		case strings.HasPrefix(m.Subject, "Акты ждут вашего ответа"):
			centre = append(centre, m.To[0]+"\n"+m.Text)
		}
	}
	if len(manager) != 1 || !strings.Contains(manager[0], old.Number) || strings.Contains(manager[0], fresh.Number) {
		t.Errorf("the manager's digests: %q", manager)
	}
	if len(centre) != 1 || !strings.HasPrefix(centre[0], e.Address("south")) || !strings.Contains(centre[0], asked.Number) ||
		!strings.Contains(centre[0], deadline.In(e.Env.Config.Location).Format("02.01.2006 15:04")) {
		t.Errorf("the centres' digests: %q", centre)
	}
}
