package fakecarrier_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"aftersales/infra/localaws/fakecarrier"
	"aftersales/shared/carriers"
	"aftersales/shared/carriers/cdek"
	"aftersales/shared/carriers/russianpost"
)

// The adapters are tested over real HTTP against the fake, which speaks
// each carrier's documented wire format.
func adapters(url string) map[string]carriers.Tracker {
	return map[string]carriers.Tracker{
		"СДЭК": &cdek.Client{BaseURL: url + fakecarrier.CDEKPath, ClientID: fakecarrier.CDEKClientID, ClientSecret: fakecarrier.CDEKClientSecret},
		"Почта России": &russianpost.Client{URL: url + fakecarrier.RussianPostPath,
			Login: fakecarrier.RussianPostLogin, Password: fakecarrier.RussianPostPassword},
	}
}

func TestEachAdapterReadsTheHandOverTimeAndNothingBeforeIt(t *testing.T) {
	fake := fakecarrier.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	ctx := context.Background()
	handed := time.Date(2026, 11, 25, 14, 30, 0, 0, time.FixedZone("MSK", 3*3600))
	for name, tr := range adapters(srv.URL) {
		t.Run(name, func(t *testing.T) {
			number := "RA" + name
			if _, ok, err := tr.Delivered(ctx, number); ok || err != nil {
				t.Errorf("before the hand-over: %v, %v", ok, err)
			}
			fake.Deliver(number, handed)
			at, ok, err := tr.Delivered(ctx, number)
			if !ok || err != nil || !at.Equal(handed) {
				t.Errorf("after: %s, %v, %v; want %s", at, ok, err, handed)
			}
			fake.Down(true)
			defer fake.Down(false)
			if _, ok, err := tr.Delivered(ctx, number); ok || !errors.Is(err, carriers.ErrNoAnswer) {
				t.Errorf("carrier down: %v, %v; want ErrNoAnswer", ok, err)
			}
		})
	}
}

func TestWrongCredentialsAreNoAnswerNotADelivery(t *testing.T) {
	srv := httptest.NewServer(fakecarrier.New())
	defer srv.Close()
	ctx := context.Background()
	for name, tr := range map[string]carriers.Tracker{
		"СДЭК":         &cdek.Client{BaseURL: srv.URL + fakecarrier.CDEKPath, ClientID: "x", ClientSecret: "y"},
		"Почта России": &russianpost.Client{URL: srv.URL + fakecarrier.RussianPostPath, Login: "x", Password: "y"},
	} {
		if _, ok, err := tr.Delivered(ctx, "RA100"); ok || !errors.Is(err, carriers.ErrNoAnswer) {
			t.Errorf("%s with wrong credentials: %v, %v", name, ok, err)
		}
	}
}
