package identity

import (
	"testing"
	"time"

	"aftersales/shared/auth"
)

func TestLockoutRule(t *testing.T) {
	l := DefaultLockout
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	s := auth.LockState{}
	for i := 1; i <= 2; i++ {
		s = l.Fail(s, t0)
		if _, locked := l.Locked(s, t0); locked || s.Failures != i {
			t.Fatalf("after %d failures: %+v locked=%v", i, s, locked)
		}
	}
	last := t0.Add(3 * time.Minute)
	s = l.Fail(s, last)
	until, locked := l.Locked(s, last)
	if !locked || !until.Equal(last.Add(15*time.Minute)) {
		t.Fatalf("third failure: until %v locked %v, want until %v", until, locked, last.Add(15*time.Minute))
	}
	if _, locked := l.Locked(l.Current(s, until.Add(-time.Nanosecond)), until.Add(-time.Nanosecond)); !locked {
		t.Error("unlocked before the 15 minutes ran out")
	}
	if c := l.Current(s, until); c.Failures != 0 || !c.LockedUntil.IsZero() || c.Version != s.Version {
		t.Errorf("at the end of the lock the slate is not clean: %+v", c)
	}
	old := auth.LockState{Failures: 2, LastFailure: t0, Version: 7}
	if c := l.Current(old, t0.Add(l.Forget)); c.Failures != 0 || c.Version != 7 {
		t.Errorf("a streak older than %s is remembered: %+v", l.Forget, c)
	}
	if got := l.ExpiresAt(s); !got.Equal(last.Add(l.Forget)) {
		t.Errorf("ExpiresAt = %v", got)
	}
}
