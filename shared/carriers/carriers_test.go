package carriers_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"aftersales/shared/carriers"
)

func TestTheCarrierIsKnownHoweverTheManagerWritesItsName(t *testing.T) {
	for name, want := range map[string]carriers.Code{
		"СДЭК": carriers.CDEK, " сдэк ": carriers.CDEK, "CDEK": carriers.CDEK,
		"Почта России": carriers.RussianPost, "почта": carriers.RussianPost, "Russian Post": carriers.RussianPost,
		"Деловые линии": carriers.Other, "": carriers.Other,
	} {
		if got := carriers.Of(name); got != want {
			t.Errorf("Of(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestTheTrackingLinkIsTheCarriersPageOrNone(t *testing.T) {
	for _, tc := range []struct{ carrier, number, want string }{
		{"СДЭК", "1234567890", "https://www.cdek.ru/ru/tracking?order_id=1234567890"},
		{"Почта России", "RA123456789RU", "https://www.pochta.ru/tracking?barcode=RA123456789RU"},
		{"Деловые линии", "77-001", ""},
		{"СДЭК", "", ""},
	} {
		if got := carriers.TrackingURL(tc.carrier, tc.number); got != tc.want {
			t.Errorf("TrackingURL(%q, %q) = %q, want %q", tc.carrier, tc.number, got, tc.want)
		}
	}
}

func TestTransitDaysAreReadOverTheDefaultsAndNonsenseIsRefused(t *testing.T) {
	got, err := carriers.ParseTransit("cdek=5, other=3")
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	if got[carriers.CDEK] != 5*day || got[carriers.Other] != 3*day || got[carriers.RussianPost] != carriers.DefaultTransit[carriers.RussianPost] {
		t.Errorf("ParseTransit = %v", got)
	}
	for _, bad := range []string{"dhl=3", "cdek=0", "cdek=x", "cdek", "cdek=61"} {
		if _, err := carriers.ParseTransit(bad); err == nil {
			t.Errorf("ParseTransit(%q) accepted", bad)
		}
	}
}

// tracker answers from fields, for the Book's rules.
type tracker struct {
	at  time.Time
	ok  bool
	err error
}

func (t tracker) Delivered(context.Context, string) (time.Time, bool, error) {
	return t.at, t.ok, t.err
}

func TestArrivalIsTheCarriersDateElseDispatchPlusTransitDays(t *testing.T) {
	day := 24 * time.Hour
	sent := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	handed := sent.Add(2 * day)
	transit := carriers.Transit{carriers.CDEK: 5 * day, carriers.RussianPost: 9 * day, carriers.Other: 7 * day}
	for _, tc := range []struct {
		name    string
		carrier string
		tr      carriers.Tracker
		now     time.Time
		want    carriers.Arrival
		arrived bool
		failed  bool
	}{
		{"the carrier says delivered", "СДЭК", tracker{at: handed, ok: true}, sent.Add(3 * day), carriers.Arrival{handed, carriers.FromCarrier}, true, false},
		{"on its way, within transit", "СДЭК", tracker{}, sent.Add(3 * day), carriers.Arrival{}, false, false},
		{"on its way past transit", "СДЭК", tracker{}, sent.Add(5 * day), carriers.Arrival{sent.Add(5 * day), carriers.FromTransit}, true, false},
		{"carrier down past transit", "СДЭК", tracker{err: carriers.ErrNoAnswer}, sent.Add(6 * day), carriers.Arrival{sent.Add(5 * day), carriers.FromTransit}, true, true},
		{"carrier down within transit", "СДЭК", tracker{err: carriers.ErrNoAnswer}, sent.Add(day), carriers.Arrival{}, false, true},
		{"no adapter for the post", "Почта России", nil, sent.Add(9 * day), carriers.Arrival{sent.Add(9 * day), carriers.FromTransit}, true, false},
		{"an unknown carrier", "Байкал-Сервис", nil, sent.Add(7*day - time.Minute), carriers.Arrival{}, false, false},
		{"a date before the dispatch", "СДЭК", tracker{at: sent.Add(-day), ok: true}, sent.Add(day), carriers.Arrival{sent, carriers.FromCarrier}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &carriers.Book{Trackers: map[carriers.Code]carriers.Tracker{}, Transit: transit}
			if tc.tr != nil {
				b.Trackers[carriers.Of(tc.carrier)] = tc.tr
			}
			got, arrived, err := b.Arrived(context.Background(), tc.carrier, "N1", sent, tc.now)
			if got != tc.want || arrived != tc.arrived || (err != nil) != tc.failed {
				t.Errorf("Arrived = %+v, %v, %v; want %+v, %v, failed %v", got, arrived, err, tc.want, tc.arrived, tc.failed)
			}
			if tc.failed && !errors.Is(err, carriers.ErrNoAnswer) {
				t.Errorf("the failure %v does not wrap ErrNoAnswer", err)
			}
		})
	}
}

// counting fails every call and counts them.
type counting struct{ calls int }

func (c *counting) Delivered(context.Context, string) (time.Time, bool, error) {
	c.calls++
	return time.Time{}, false, carriers.ErrNoAnswer
}

func TestACarrierThatFailedIsNotAskedAgainForAWhile(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	down := &counting{}
	b := &carriers.Book{Trackers: map[carriers.Code]carriers.Tracker{carriers.CDEK: down}, Transit: carriers.DefaultTransit,
		Now: func() time.Time { return now }}
	ctx := context.Background()
	for i := range 5 {
		if _, _, err := b.Arrived(ctx, "СДЭК", fmt.Sprint("N", i), now, now); !errors.Is(err, carriers.ErrNoAnswer) {
			t.Errorf("parcel %d: %v", i, err)
		}
	}
	if down.calls != 1 {
		t.Errorf("%d calls to a carrier that is down, want 1 per pause", down.calls)
	}
	now = now.Add(carriers.Pause)
	b.Arrived(ctx, "СДЭК", "N9", now, now)
	if down.calls != 2 {
		t.Errorf("after the pause: %d calls, want 2", down.calls)
	}
}
