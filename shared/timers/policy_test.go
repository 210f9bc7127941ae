package timers

import (
	"testing"
	"time"

	"aftersales/shared/acts"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func TestOnlyInfoRequestedAndDeliveredActsHaveATimer(t *testing.T) {
	deadline := t0.Add(5 * 24 * time.Hour)
	for _, s := range acts.Statuses {
		a := acts.Act{Status: s, StatusChangedAt: t0}
		if s == acts.StatusInfoRequested {
			a.ReplyDeadline = &deadline
		}
		timer, ok := DefaultPolicy.TimerOf(a)
		switch s {
		case acts.StatusInfoRequested:
			if !ok || timer.Rule != RuleNoReply || !timer.Deadline.Equal(deadline) {
				t.Errorf("%s: %+v, %v", s, timer, ok)
			}
		case acts.StatusPartsDelivered:
			if !ok || timer.Rule != RuleSilentDelivery || !timer.Deadline.Equal(t0.Add(72*time.Hour)) {
				t.Errorf("%s: %+v, %v", s, timer, ok)
			}
		default:
			if ok {
				t.Errorf("%s has a timer: %+v", s, timer)
			}
		}
	}
}

func TestATimerRemindsADayBeforeAndClosesAtTheDeadlineNotAMinuteEarlier(t *testing.T) {
	timer := Timer{RuleNoReply, t0}
	tests := []struct {
		at   time.Duration
		want Step
	}{
		{-24*time.Hour - time.Minute, StepWait},
		{-24 * time.Hour, StepRemind},
		{-time.Minute, StepRemind},
		{0, StepClose},
		{time.Minute, StepClose},
	}
	for _, tt := range tests {
		if got := DefaultPolicy.StepAt(timer, t0.Add(tt.at)); got != tt.want {
			t.Errorf("deadline %+v: step %d, want %d", tt.at, got, tt.want)
		}
	}
}

func TestEachRuleMakesTheMoveTheStatusMachineAllowsTheSystem(t *testing.T) {
	for rule, from := range map[Rule]acts.Status{RuleNoReply: acts.StatusInfoRequested, RuleSilentDelivery: acts.StatusPartsDelivered} {
		to, err := acts.Transition(from, rule.Action(), acts.ActorSystem)
		if err != nil {
			t.Errorf("%s from %s: %v", rule, from, err)
		}
		if want := map[Rule]acts.Status{RuleNoReply: acts.StatusRefused, RuleSilentDelivery: acts.StatusRepaired}[rule]; to != want {
			t.Errorf("%s: → %s, want %s", rule, to, want)
		}
	}
}
