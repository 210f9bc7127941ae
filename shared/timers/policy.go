// Package timers is the scheduled automation of acts (orders-shipments.md,
// «Timers»): which acts have a timer running and when it is due, the hourly
// job that reminds the centre once and then closes the act, and the morning
// digest. The rules are plain Go; the job reaches storage, the directory and
// e-mail through the small ports declared beside it.
package timers

import (
	"time"

	"aftersales/shared/acts"
)

// Rule is one of the timers an act can have running.
type Rule string

// The two rules that close acts on their own.
const (
	// RuleNoReply: an information request got no answer by its deadline;
	// the act is refused («ОТКАЗ в ГО», reason: no reply).
	RuleNoReply Rule = "no_reply"
	// RuleSilentDelivery: delivered parts drew no mismatch claim and no
	// status change for Policy.SilentDelivery; the act is repaired.
	RuleSilentDelivery Rule = "silent_delivery"
)

// Action is the move the rule makes when its deadline passes.
func (r Rule) Action() acts.Action {
	if r == RuleNoReply {
		return acts.ActionAutoRefuse
	}
	return acts.ActionAutoRepair
}

// Policy holds the periods of the rules. The reply deadline itself is set
// per act by the manager who asks (3–5 days), so it is not here.
type Policy struct {
	// SilentDelivery is how long a parts_delivered act may stay quiet
	// before it is closed as repaired (the seed's contractual 3 days).
	SilentDelivery time.Duration
	// Reminder is how long before either deadline the centre is warned,
	// once.
	Reminder time.Duration
}

// DefaultPolicy is orders-shipments.md's table.
var DefaultPolicy = Policy{SilentDelivery: 72 * time.Hour, Reminder: 24 * time.Hour}

// Timer is an act's running timer: what happens, and when.
type Timer struct {
	Rule     Rule
	Deadline time.Time
}

// TimerOf returns the timer a in its current state has running, if any.
// Only info_requested (with a deadline) and parts_delivered acts have one;
// every other status stops it, which is how a reply, a claim, a manager's
// decision or a reopen cancel a pending close.
func (p Policy) TimerOf(a acts.Act) (Timer, bool) {
	switch {
	case a.Status == acts.StatusInfoRequested && a.ReplyDeadline != nil:
		return Timer{RuleNoReply, *a.ReplyDeadline}, true
	case a.Status == acts.StatusPartsDelivered:
		return Timer{RuleSilentDelivery, a.StatusChangedAt.Add(p.SilentDelivery)}, true
	}
	return Timer{}, false
}

// RemindAt is when the centre is warned about t.
func (p Policy) RemindAt(t Timer) time.Time { return t.Deadline.Add(-p.Reminder) }

// DueAt is when the hourly job must next look at a: the reminder time of
// its running timer; false when none runs. Stores index acts by it (the
// sparse due index), so the job finds exactly these acts.
func (p Policy) DueAt(a acts.Act) (time.Time, bool) {
	t, ok := p.TimerOf(a)
	if !ok {
		return time.Time{}, false
	}
	return p.RemindAt(t), true
}

// Step is what the job does for a timer at a given moment.
type Step int

// The steps, in the order a timer goes through them.
const (
	StepWait   Step = iota // nothing yet
	StepRemind             // warn the centre (once: the store refuses a second reminder)
	StepClose              // the deadline has passed: make the rule's move
)

// StepAt is what t calls for at now. The reminder window and the close are
// decided here and nowhere else, so the job, its tests and the index agree.
func (p Policy) StepAt(t Timer, now time.Time) Step {
	switch {
	case !now.Before(t.Deadline):
		return StepClose
	case !now.Before(p.RemindAt(t)):
		return StepRemind
	}
	return StepWait
}
