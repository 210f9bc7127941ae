package identity

import (
	"time"

	"aftersales/shared/auth"
)

// Lockout is the rule of identity.md: MaxFailures wrong passwords in a row
// lock the key for LockFor from the last failed attempt. It is pure — the
// store reads a state, these methods compute the next one, the store writes
// it on condition that nobody wrote in between.
//
// Attempts refused during a lock do not check the password, so they are not
// "wrong passwords" and do not extend the lock. A streak older than Forget is
// forgotten (the stored item's TTL, so the rule does not depend on when
// DynamoDB sweeps expired items).
type Lockout struct {
	MaxFailures int
	LockFor     time.Duration
	Forget      time.Duration
}

// DefaultLockout is three failures, fifteen minutes.
var DefaultLockout = Lockout{MaxFailures: 3, LockFor: 15 * time.Minute, Forget: 24 * time.Hour}

// Current is s as it stands at now: an expired lock or a forgotten streak
// becomes a clean slate (keeping Version, which the next write conditions on).
func (l Lockout) Current(s auth.LockState, now time.Time) auth.LockState {
	expiredLock := !s.LockedUntil.IsZero() && !now.Before(s.LockedUntil)
	forgotten := !s.LastFailure.IsZero() && !now.Before(s.LastFailure.Add(l.Forget))
	if expiredLock || forgotten {
		return auth.LockState{Version: s.Version}
	}
	return s
}

// Locked reports whether s refuses every attempt at now, and until when.
func (l Lockout) Locked(s auth.LockState, now time.Time) (time.Time, bool) {
	if !s.LockedUntil.IsZero() && now.Before(s.LockedUntil) {
		return s.LockedUntil, true
	}
	return time.Time{}, false
}

// Fail is the state after a wrong password at now. s must not be locked.
func (l Lockout) Fail(s auth.LockState, now time.Time) auth.LockState {
	n := l.Current(s, now)
	n.Failures++
	n.LastFailure = now
	if n.Failures >= l.MaxFailures {
		n.LockedUntil = now.Add(l.LockFor)
	}
	return n
}

// ExpiresAt is when a stored state can be deleted without changing any answer.
func (l Lockout) ExpiresAt(s auth.LockState) time.Time {
	end := s.LastFailure.Add(l.Forget)
	if s.LockedUntil.After(end) {
		end = s.LockedUntil
	}
	return end
}
