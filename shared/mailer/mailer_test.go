package mailer

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type memLedger struct {
	mu    sync.Mutex
	state map[string]string
}

func (l *memLedger) Claim(_ context.Context, key string, _ time.Time, _ time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch l.state[key] {
	case "sent":
		return ErrAlreadySent
	case "sending":
		return ErrInFlight
	}
	l.state[key] = "sending"
	return nil
}

func (l *memLedger) Sent(_ context.Context, key, _ string, _ time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state[key] = "sent"
	return nil
}

func (l *memLedger) Failed(_ context.Context, key, _ string, _ time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state[key] = "failed"
	return nil
}

type countingSender struct {
	mu   sync.Mutex
	sent int
	fail bool
}

func (s *countingSender) Send(context.Context, Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return "", errors.New("ses down")
	}
	s.sent++
	return "id", nil
}

func TestAnEventsMailIsSentOnceHoweverOftenItIsRetried(t *testing.T) {
	sender := &countingSender{}
	once := Once{Ledger: &memLedger{state: map[string]string{}}, Sender: sender, Now: time.Now}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := once.Send(context.Background(), "shipment-1", Message{To: []string{"a@b.c"}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if sender.sent != 1 {
		t.Errorf("sent %d times, want 1", sender.sent)
	}
}

func TestAFailedSendIsRecordedAndRetriedLater(t *testing.T) {
	sender := &countingSender{fail: true}
	ledger := &memLedger{state: map[string]string{}}
	once := Once{Ledger: ledger, Sender: sender, Now: time.Now}
	if err := once.Send(context.Background(), "e1", Message{To: []string{"a@b.c"}}); err == nil {
		t.Fatal("want the send error")
	}
	if ledger.state["e1"] != "failed" {
		t.Errorf("ledger state %q, want failed", ledger.state["e1"])
	}
	sender.fail = false
	if err := once.Send(context.Background(), "e1", Message{To: []string{"a@b.c"}}); err != nil || sender.sent != 1 {
		t.Errorf("retry: err %v, sent %d", err, sender.sent)
	}
}
