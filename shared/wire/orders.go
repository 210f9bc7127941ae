package wire

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/httpapi"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
	"aftersales/shared/ordersapi"
	"aftersales/shared/pagecursor"
	"aftersales/shared/shipments"
	"aftersales/shared/timers"
)

// ScheduledHandler is the signature of every scheduled function.
type ScheduledHandler = func(context.Context, events.EventBridgeEvent) error

// TimerPolicy is the act timers' periods: the defaults of
// orders-shipments.md unless the configuration overrides them.
func TimerPolicy(c config.Config) timers.Policy {
	p := timers.DefaultPolicy
	if c.SilentDelivery > 0 {
		p.SilentDelivery = c.SilentDelivery
	}
	if c.Reminder > 0 {
		p.Reminder = c.Reminder
	}
	return p
}

// Table is the configured table, indexing act timers by the configured
// policy: every function builds its store here. With TOKEN_SECRET (every
// API function has it) page cursors are signed with a key derived from it,
// so any instance accepts the cursors another issued; jobs without it page
// only through their own reads.
func Table(s *Setup) (*dynamo.Store, error) {
	if err := config.Require("TABLE_NAME", s.Config.TableName); err != nil {
		return nil, err
	}
	store := dynamo.New(s.Clients.DynamoDB, s.Config.TableName).WithTimers(TimerPolicy(s.Config))
	if s.Config.TokenSecret == "" {
		return store, nil
	}
	cursors, err := pagecursor.FromSecret(s.Config.TokenSecret)
	if err != nil {
		return nil, err
	}
	return store.WithCursors(cursors), nil
}

// requireAPI checks what every HTTP API function needs beyond its own
// settings: the secret its page cursors are signed with.
func requireAPI(s *Setup) error { return config.Require("TOKEN_SECRET", s.Config.TokenSecret) }

// Fulfilment is what the orders API and the scheduled jobs share: the
// store, the shipments service, and the post that sends their e-mails
// once each.
type Fulfilment struct {
	Store     *dynamo.Store
	Shipments *shipments.Service
	Post      notices.Post
	Once      mailer.Once
	Letters   notices.Letters
	Policy    timers.Policy
}

// NewFulfilment builds the shipments service and its mail on the configured
// table and sender, for the functions below and for tests that drive them
// with their own clock (Setup.Clock).
func NewFulfilment(s *Setup) (*Fulfilment, error) {
	store, err := Table(s)
	if err != nil {
		return nil, err
	}
	c := s.Config
	once := mailer.Once{Ledger: store.MailLedger(), Sender: mailer.SES{Client: s.Clients.SES, From: c.SenderEmail}, Now: s.Now}
	post := notices.Post{Once: once, Outbox: store.Outbox()}
	letters := notices.Letters{BaseURL: c.WebBaseURL, Location: c.Location}
	policy := TimerPolicy(c)
	svc, err := shipments.NewService(shipments.Config{Store: store.Shipments(), Directory: store, Post: post,
		Letters: letters, ClaimWindow: policy.SilentDelivery, Clock: s.Now, NewID: auth.NewULID, Location: c.Location})
	if err != nil {
		return nil, err
	}
	return &Fulfilment{Store: store, Shipments: svc, Post: post, Once: once, Letters: letters, Policy: policy}, nil
}

// OrdersAPI builds OrdersApiFunction: orders, shipments (urgent, dispatch,
// delivery) and the monthly compensation report.
func OrdersAPI(s *Setup) (*httpapi.Router, error) {
	if err := requireAPI(s); err != nil {
		return nil, err
	}
	f, err := NewFulfilment(s)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &ordersapi.API{Shipments: f.Shipments, Location: s.Config.Location}
	api.Routes(rt)
	return rt, nil
}

// WeeklyShipments builds WeeklyShipmentsFunction: one shipment per service
// centre for the ISO week of the schedule's time.
func WeeklyShipments(s *Setup) (ScheduledHandler, error) {
	f, err := NewFulfilment(s)
	if err != nil {
		return nil, err
	}
	return scheduled(s, "weekly shipments", f.Shipments.Batch), nil
}

// NewAutoClose builds the hourly job on the fulfilment's store and mail.
func NewAutoClose(f *Fulfilment) *timers.AutoClose {
	return &timers.AutoClose{Store: f.Store.Timers(), Directory: f.Store, Letters: f.Letters, Post: f.Post,
		Settler: f.Shipments, Policy: f.Policy, NewID: auth.NewULID}
}

// AutoClose builds AutoCloseFunction: reminders and automatic closes of
// acts whose timers are due, unfinished shipments and unsent e-mails.
func AutoClose(s *Setup) (ScheduledHandler, error) {
	f, err := NewFulfilment(s)
	if err != nil {
		return nil, err
	}
	job := NewAutoClose(f)
	if job.Loads, err = newSweeper(s); err != nil {
		return nil, err
	}
	return scheduled(s, "auto-close", job.Run), nil
}

// DailyDigest builds DailyDigestFunction: the managers' overdue acts and
// each centre's acts waiting for its reply.
func DailyDigest(s *Setup) (ScheduledHandler, error) {
	f, err := NewFulfilment(s)
	if err != nil {
		return nil, err
	}
	d := &timers.Digest{Store: f.Store.Timers(), Directory: f.Store, Letters: f.Letters, Mail: f.Once, Policy: f.Policy}
	return scheduled(s, "daily digest", d.Run), nil
}

// scheduled adapts a job to EventBridge: it runs at the event's time (the
// schedule's time, which a retry keeps, so a retried weekly run stays in
// its week) or, for an event without one, at the clock's; and it logs the
// job's report once, here at the edge.
func scheduled[R any](s *Setup, name string, run func(context.Context, time.Time) (R, error)) ScheduledHandler {
	return func(ctx context.Context, ev events.EventBridgeEvent) error {
		now := ev.Time
		if now.IsZero() {
			now = s.Now()
		}
		report, err := run(ctx, now)
		g, ok := any(report).(interface{ GaveUp() bool })
		if errors.Is(err, notices.ErrGaveUp) || ok && g.GaveUp() {
			// One line per run that abandoned work: the template's metric
			// filter counts {$.gaveUp IS TRUE} and alarms on it.
			slog.ErrorContext(ctx, name+" gave up on work", "gaveUp", true, "at", now, "report", report, "error", err)
		}
		if err != nil {
			slog.ErrorContext(ctx, name+" failed", "at", now, "report", report, "error", err)
			return err
		}
		slog.InfoContext(ctx, name, "at", now, "report", report)
		return nil
	}
}
