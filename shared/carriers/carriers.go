// Package carriers is the port to the parcel carriers (orders-shipments.md,
// «Delivery nobody confirms»): which carrier a dispatch names, the
// carrier's tracking page for a number, and when a parcel arrived — from
// the carrier's tracking answer, or, without one, at dispatch plus the
// carrier's configured transit days, so no act waits in parts_shipped for
// ever. The adapters that speak each carrier's HTTP API live in
// subpackages (cdek, russianpost) and only the hourly job links them.
package carriers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Code names a carrier the system knows.
type Code string

// The carriers with a tracking adapter. Any other name a manager types is
// Other: it has no tracking, only the transit-days fallback.
const (
	CDEK        Code = "cdek"
	RussianPost Code = "russian_post"
	Other       Code = "other"
)

// aliases are the ways managers write the known carriers' names, lower
// case with spaces, dots and dashes dropped.
var aliases = map[string]Code{
	"сдэк": CDEK, "cdek": CDEK, "sdek": CDEK,
	"почтароссии": RussianPost, "почта": RussianPost, "russianpost": RussianPost, "pochta": RussianPost,
	"pochtarossii": RussianPost,
}

// Of tells which carrier a dispatch's free-text carrier name is.
func Of(name string) Code {
	key := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '«', '»', '"', '_':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(name)))
	if c, ok := aliases[key]; ok {
		return c
	}
	return Other
}

// TrackingURL is the carrier's public tracking page for number, or "" for
// a carrier without one (the number is then shown as text).
func TrackingURL(carrierName, number string) string {
	if number == "" {
		return ""
	}
	switch Of(carrierName) {
	case CDEK:
		return "https://www.cdek.ru/ru/tracking?order_id=" + url.QueryEscape(number)
	case RussianPost:
		return "https://www.pochta.ru/tracking?barcode=" + url.QueryEscape(number)
	}
	return ""
}

// Tracker is one carrier's tracking API: when the parcel with the tracking
// number was handed to the recipient. ok is false while it is on its way
// (or the carrier does not know the number).
type Tracker interface {
	Delivered(ctx context.Context, number string) (at time.Time, ok bool, err error)
}

// ErrNoAnswer wraps every failure of a carrier's API (down, refused the
// credentials, answered nonsense): the caller then falls back on the
// transit days instead of failing.
var ErrNoAnswer = errors.New("carrier gave no answer")

// Transit is how long each carrier's parcels take at most, for parcels
// whose carrier gives no answer.
type Transit map[Code]time.Duration

// DefaultTransit is used for carriers the configuration does not name.
var DefaultTransit = Transit{CDEK: 7 * 24 * time.Hour, RussianPost: 14 * 24 * time.Hour, Other: 10 * 24 * time.Hour}

// ParseTransit reads CARRIER_TRANSIT_DAYS, e.g. "cdek=5,russian_post=10,
// other=7", over DefaultTransit. An empty setting keeps the defaults.
func ParseTransit(s string) (Transit, error) {
	t := Transit{}
	for c, d := range DefaultTransit {
		t[c] = d
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, days, ok := strings.Cut(part, "=")
		c := Code(strings.TrimSpace(name))
		if _, known := DefaultTransit[c]; !ok || !known {
			return nil, fmt.Errorf("CARRIER_TRANSIT_DAYS: %q is not <carrier>=<days> with carrier cdek, russian_post or other", part)
		}
		n, err := strconv.Atoi(strings.TrimSpace(days))
		if err != nil || n < 1 || n > 60 {
			return nil, fmt.Errorf("CARRIER_TRANSIT_DAYS: %q: days must be 1..60", part)
		}
		t[c] = time.Duration(n) * 24 * time.Hour
	}
	return t, nil
}

// Source of an arrival: the carrier said so, or the transit days ran out.
type Source string

// The sources of an arrival.
const (
	FromCarrier Source = "carrier"
	FromTransit Source = "transit"
)

// Arrival is when a parcel arrived and how that is known.
type Arrival struct {
	At     time.Time
	Source Source
}

// Book answers when parcels arrived: it asks the carrier's tracker when
// there is one, and otherwise (or when the carrier has no answer) assumes
// arrival at dispatch plus the carrier's transit days. Use it by pointer:
// it remembers carriers that just failed.
type Book struct {
	// Trackers are the carriers whose API is configured; a carrier without
	// credentials is simply absent (its adapter is off).
	Trackers map[Code]Tracker
	Transit  Transit
	// Now is the clock the pause after a failure is measured on.
	Now func() time.Time

	mu     sync.Mutex
	failed map[Code]time.Time
}

// Pause is how long a carrier that failed is not asked again, so one run
// with many parcels in transit does not wait for a carrier that is down
// once per parcel.
const Pause = 15 * time.Minute

// Arrived reports whether the parcel dispatched at dispatched with carrier
// and number has arrived by now, and when. A carrier's failure is not an
// error here: the transit days decide instead, and the failure (wrapping
// ErrNoAnswer) is returned beside the answer for the job's report.
func (b *Book) Arrived(ctx context.Context, carrierName, number string, dispatched, now time.Time) (Arrival, bool, error) {
	code := Of(carrierName)
	var failure error
	if tr, ok := b.Trackers[code]; ok {
		if failure = b.resting(code); failure == nil {
			at, delivered, err := tr.Delivered(ctx, number)
			switch {
			case err != nil:
				b.fail(code)
				failure = fmt.Errorf("track %s %s: %w", code, number, err)
			case delivered:
				// A carrier's clock or a late dispatch entry may put the
				// hand-over before the dispatch or after now; the parcel
				// arrived in between.
				return Arrival{At: clamp(at, dispatched, now), Source: FromCarrier}, true, nil
			}
		}
	}
	transit, ok := b.Transit[code]
	if !ok {
		transit = DefaultTransit[code]
	}
	if due := dispatched.Add(transit); !now.Before(due) {
		return Arrival{At: due, Source: FromTransit}, true, failure
	}
	return Arrival{}, false, failure
}

// resting is ErrNoAnswer while code failed less than Pause ago.
func (b *Book) resting(code Code) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if at, ok := b.failed[code]; ok && b.now().Sub(at) < Pause {
		return fmt.Errorf("%w: %s failed at %s, not asked again before %s", ErrNoAnswer, code, at.Format(time.RFC3339), Pause)
	}
	return nil
}

func (b *Book) fail(code Code) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failed == nil {
		b.failed = map[Code]time.Time{}
	}
	b.failed[code] = b.now()
}

func (b *Book) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func clamp(t, lo, hi time.Time) time.Time {
	switch {
	case t.Before(lo):
		return lo
	case t.After(hi):
		return hi
	}
	return t
}
