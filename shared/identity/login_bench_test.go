package identity

import (
	"context"
	"slices"
	"testing"
	"time"
)

// BenchmarkLoginUnknownVsWrong times a wrong password for a real account and
// a login nobody has, interleaved, with the production argon2id parameters,
// and reports both medians side by side. They should be within noise of each
// other: the password hash dominates and both paths run it once.
//
//	go test -run '^$' -bench LoginUnknownVsWrong -benchtime 40x ./shared/auth
func BenchmarkLoginUnknownVsWrong(b *testing.B) {
	w := newTestWorld(b, OWASP)
	ctx := context.Background()
	var wrong, unknown []time.Duration
	timed := func(login string) time.Duration {
		start := time.Now()
		if _, err := w.svc.Login(ctx, login, "wrong-password"); err != ErrBadCredentials {
			b.Fatalf("%s: %v, want bad credentials", login, err)
		}
		return time.Since(start)
	}
	for i := 0; b.Loop(); i++ {
		w.clock.Advance(25 * time.Hour) // a fresh streak each round: never locked
		if i%2 == 0 {
			wrong = append(wrong, timed("manager"))
			unknown = append(unknown, timed("nobody"))
		} else {
			unknown = append(unknown, timed("nobody"))
			wrong = append(wrong, timed("manager"))
		}
	}
	mw, mu := median(wrong), median(unknown)
	b.ReportMetric(float64(mw.Microseconds())/1000, "wrong-password-median-ms")
	b.ReportMetric(float64(mu.Microseconds())/1000, "unknown-login-median-ms")
	b.Logf("median over %d logins each: wrong password %v | unknown login %v | difference %.1f%%",
		len(wrong), mw.Round(10*time.Microsecond), mu.Round(10*time.Microsecond), 100*(float64(mu)-float64(mw))/float64(mw))
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
