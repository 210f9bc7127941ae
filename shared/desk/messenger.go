package desk

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/mailer"
)

// MessageStore keeps the centres' templates, the orders' messages (each
// also an outbox entry while unsent) and the status links.
type MessageStore interface {
	// MessageSettings: auth.ErrNotFound until the centre saves its own.
	MessageSettings(ctx context.Context, centre string) (MessageSettings, error)
	// PutMessageSettings writes s on condition the stored version is before (0: none).
	PutMessageSettings(ctx context.Context, centre string, before int, s MessageSettings) error
	// QueueMessages writes msgs on their own, each on condition its key is
	// new: ErrAlreadyQueued when the event was queued before (a retried run).
	QueueMessages(ctx context.Context, msgs []Message) error
	// RepairMessages are an order's messages in any order.
	RepairMessages(ctx context.Context, repairID string) ([]Message, error)
	// MessageSent records m as sent, on condition the ledger records its
	// key as sent (a sender that found it in flight elsewhere changes nothing).
	MessageSent(ctx context.Context, m Message, now time.Time) error
	// MessageFailed counts a failed attempt and records reason; after the
	// last attempt the message stops being retried (MessageGaveUp) and
	// gaveUp is true.
	MessageFailed(ctx context.Context, m Message, reason string, now time.Time) (gaveUp bool, err error)
	// PendingMessages are the queued or failed messages queued before t,
	// oldest first.
	PendingMessages(ctx context.Context, before time.Time, limit int) ([]Message, error)
	// RepairByToken is the order whose status link is token; auth.ErrNotFound.
	RepairByToken(ctx context.Context, token string) (Repair, error)
}

// ErrAlreadyQueued: the event's messages were queued before.
var ErrAlreadyQueued = errors.New("messages already queued for this event")

// Limiter counts requests per bucket in fixed windows.
type Limiter interface {
	// Allow counts one request: false once the bucket's limit is spent in
	// the window holding now (the refused request is not counted).
	Allow(ctx context.Context, bucket string, limit int, window time.Duration, now time.Time) (bool, error)
	// Spent tells, without counting, whether the limit is spent.
	Spent(ctx context.Context, bucket string, limit int, window time.Duration, now time.Time) (bool, error)
}

// Centres reads a centre's directory entry (its name and phone).
type Centres interface {
	Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)
}

// CustomerReader reads a customer (Store).
type CustomerReader interface {
	Customer(ctx context.Context, id string) (Customer, error)
}

// Courier sends queued messages at most once each: e-mail and SMS each
// through mailer.Once, whose ledger (MAIL#<key>) keeps a retry, a second
// request or the daily job from sending a message twice.
type Courier struct {
	Store MessageStore
	Email mailer.Once
	SMS   mailer.Once
	Now   func() time.Time
}

// Deliver sends every queued or failed message of msgs. Call it after the
// write that queued them committed: a failed send is recorded on the
// message and retried by the daily job; the change it reports stands.
// gaveUp counts the messages whose last attempt this was.
func (c *Courier) Deliver(ctx context.Context, msgs []Message) (gaveUp int, err error) {
	var errs []error
	for _, m := range Queued(msgs) {
		once := c.Email
		if m.Channel == ChannelSMS {
			once = c.SMS
		}
		err := once.Send(ctx, m.Key, mailer.Message{To: []string{m.To}, Subject: m.Subject, Text: m.Text})
		if err != nil {
			errs = append(errs, fmt.Errorf("send %s: %w", m.Key, err))
			last, ferr := c.Store.MessageFailed(ctx, m, err.Error(), c.Now())
			if ferr != nil {
				errs = append(errs, ferr)
			}
			if last {
				gaveUp++
			}
			continue
		}
		if err := c.Store.MessageSent(ctx, m, c.Now()); err != nil {
			errs = append(errs, fmt.Errorf("record sent %s: %w", m.Key, err))
		}
	}
	return gaveUp, errors.Join(errs...)
}

// resendAfter leaves a message queued this recently to the request that
// queued it, which sends it right after its commit.
const resendAfter = 5 * time.Minute

// Resent counts what one resend did.
type Resent struct {
	// Pending messages were tried again; GaveUp of them failed their last
	// attempt and will not be tried again.
	Pending, GaveUp int
}

// Resend sends what is still pending at now (the daily job): messages
// whose send failed, or whose sender died between commit and send.
func (c *Courier) Resend(ctx context.Context, now time.Time) (Resent, error) {
	pending, err := c.Store.PendingMessages(ctx, now.Add(-resendAfter), 500)
	if err != nil {
		return Resent{}, fmt.Errorf("read pending messages: %w", err)
	}
	gaveUp, err := c.Deliver(ctx, pending)
	return Resent{Pending: len(pending), GaveUp: gaveUp}, err
}

// Messenger tells customers about their orders: it composes the messages
// of an event from the centre's templates, keeps the status links, serves
// the public status page and reminds of uncollected devices. Another
// feature (a visit's reminder) queues its own with Queue.
type Messenger struct {
	Store     MessageStore
	Repairs   RepairStore
	Customers CustomerReader
	Centres   Centres
	// Courier sends right after the commit; nil: messages stay queued for
	// the daily job (tests of other rules).
	Courier *Courier
	Limiter Limiter
	// BaseURL is the web client's address: links are BaseURL/s/<token>.
	BaseURL  string
	Clock    auth.Clock
	NewToken func() string
}

// NewStatusToken is an unguessable status link token: 160 random bits,
// URL-safe (27 characters).
func NewStatusToken() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// statusTokenLen is NewStatusToken's length: anything else is no token.
const statusTokenLen = 27

// Link is the status page of the order with token.
func (m *Messenger) Link(token string) string { return StatusLink(m.BaseURL, token) }

// StatusLink is the customer's status page of the order with token under
// the site's address base; empty for an order without a token (older
// than status links), so nothing points to a page that does not exist.
func StatusLink(base, token string) string {
	if token == "" {
		return ""
	}
	return base + "/s/" + token
}

func (m *Messenger) token() string {
	if m.NewToken != nil {
		return m.NewToken()
	}
	return NewStatusToken()
}

func (m *Messenger) now() time.Time {
	if m.Clock != nil {
		return m.Clock()
	}
	return time.Now()
}

// Settings are a centre's message settings, the defaults until it saves.
func (m *Messenger) Settings(ctx context.Context, centre string) (MessageSettings, error) {
	st, err := m.Store.MessageSettings(ctx, centre)
	if errors.Is(err, auth.ErrNotFound) {
		return DefaultMessageSettings(), nil
	}
	if err != nil {
		return MessageSettings{}, apperr.Wrap(err, "read message templates of "+centre)
	}
	return st, nil
}

// teller composes the messages of an order's events for one customer of
// one centre, after reading what they need once.
type teller func(o Occasion, chain Settings) []Message

// teller reads the centre's templates and entry for cu's orders.
func (m *Messenger) teller(ctx context.Context, cu Customer) (teller, error) {
	ms, err := m.Settings(ctx, cu.CentreID)
	if err != nil {
		return nil, err
	}
	to := Addressee{Customer: cu, CentreName: cu.CentreID}
	t, err := m.Centres.Tenant(ctx, auth.KindServiceCenter, cu.CentreID)
	switch {
	case errors.Is(err, auth.ErrNotFound):
	case err != nil:
		return nil, apperr.Wrap(err, "read service centre "+cu.CentreID)
	default:
		to.CentreName, to.CentrePhone = t.Name, t.Phone
	}
	return func(o Occasion, chain Settings) []Message {
		to := to
		to.Link = m.Link(o.Repair.StatusToken)
		if d, ok := chain.Def(o.Repair.Status); ok {
			to.StatusName = d.Name
		}
		return ms.Compose(o, to)
	}, nil
}

// Queue composes o's messages for the order's customer, queues them on
// their own (ErrAlreadyQueued for an event queued before) and sends them.
// It is how a job or another feature tells a customer something that is
// not a write of the order itself.
func (m *Messenger) Queue(ctx context.Context, o Occasion, chain Settings) ([]Message, error) {
	cu, err := m.Customers.Customer(ctx, o.Repair.CustomerID)
	if err != nil {
		return nil, fmt.Errorf("read customer %s of order %s: %w", o.Repair.CustomerID, o.Repair.ID, err)
	}
	tell, err := m.teller(ctx, cu)
	if err != nil {
		return nil, err
	}
	msgs := tell(o, chain)
	if len(msgs) == 0 {
		return nil, nil
	}
	if err := m.Store.QueueMessages(ctx, msgs); err != nil {
		return nil, err
	}
	m.deliver(ctx, msgs)
	return msgs, nil
}

// deliver sends msgs after their commit; a failure is recorded on each
// message and retried by the daily job, so it fails nothing here. A nil
// messenger sends nothing.
func (m *Messenger) deliver(ctx context.Context, msgs []Message) {
	if m != nil && m.Courier != nil && len(msgs) > 0 {
		_, _ = m.Courier.Deliver(ctx, msgs)
	}
}

// Resend sends the messages still pending at now (Courier.Resend).
func (m *Messenger) Resend(ctx context.Context, now time.Time) (Resent, error) {
	if m.Courier == nil {
		return Resent{}, nil
	}
	return m.Courier.Resend(ctx, now)
}

// RemindUncollected queues the reminder for each of a centre's orders
// ready for the centre's ReminderDays at now and not collected: once per
// stay in «Готов», however often the job runs. It returns how many orders
// were reminded by this run.
func (m *Messenger) RemindUncollected(ctx context.Context, centre string, now time.Time) (int, error) {
	ms, err := m.Settings(ctx, centre)
	if err != nil || ms.ReminderDays == 0 {
		return 0, err
	}
	chain, err := settingsOf(ctx, m.Repairs, centre)
	if err != nil {
		return 0, err
	}
	cutoff := now.Add(-time.Duration(ms.ReminderDays) * 24 * time.Hour)
	n, cursor := 0, ""
	var errs []error
	for {
		// Oldest in the status first: the page ends the walk at the cutoff.
		page, err := m.Repairs.Repairs(ctx, centre, RepairFilter{Status: StatusReady, Limit: 100, Cursor: cursor})
		if err != nil {
			return n, errors.Join(append(errs, fmt.Errorf("ready orders of %s: %w", centre, err))...)
		}
		for _, r := range page.Items {
			if r.StatusSince.After(cutoff) {
				return n, errors.Join(errs...)
			}
			switch _, err := m.Queue(ctx, UncollectedOccasion(r, now), chain); {
			case err == nil:
				n++
			case !errors.Is(err, ErrAlreadyQueued):
				errs = append(errs, fmt.Errorf("remind of order %s: %w", r.ID, err))
			}
		}
		if page.Next == "" {
			return n, errors.Join(errs...)
		}
		cursor = page.Next
	}
}

// MessageSettingsView is the templates page: the settings, what each
// placeholder means and each template rendered for a sample order, with
// an SMS's length.
type MessageSettingsView struct {
	MessageSettings
	Placeholders []Placeholder `json:"placeholders"`
	Previews     []Preview     `json:"previews"`
}

// Preview is a template rendered for a sample order (same index as the
// template); SMS is set for SMS templates.
type Preview struct {
	Subject string     `json:"subject,omitempty"`
	Text    string     `json:"text"`
	SMS     *SMSLength `json:"sms,omitempty"`
}

func (m *Messenger) view(ms MessageSettings, centre auth.Tenant) MessageSettingsView {
	sample := Repair{Number: RepairNumber(DefaultPrefix, 2026, 123), DeviceTitle: "Газонокосилка ГК-1500 Patriot",
		Works: []Line{{Quantity: 1, Price: 1500_00}}, Intake: Intake{ExpectedDate: "2026-12-10"}}
	to := Addressee{Customer: Customer{Name: "Иван Петров"}, CentreName: centre.Name, CentrePhone: centre.Phone,
		Link: m.Link(NewStatusToken()), StatusName: "Готов (можно забирать)"}
	values := ms.values(sample, to)
	v := MessageSettingsView{MessageSettings: ms, Placeholders: Placeholders, Previews: make([]Preview, len(ms.Templates))}
	for i, t := range ms.Templates {
		p := Preview{Text: Render(t.Text, values)}
		if t.Channel == ChannelEmail {
			p.Subject = Render(t.Subject, values)
		} else {
			l := MeasureSMS(p.Text)
			p.SMS = &l
		}
		v.Previews[i] = p
	}
	return v
}

func (m *Messenger) centre(ctx context.Context, id string) (auth.Tenant, error) {
	t, err := m.Centres.Tenant(ctx, auth.KindServiceCenter, id)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.Tenant{ID: id, Name: id}, nil
	}
	if err != nil {
		return auth.Tenant{}, apperr.Wrap(err, "read service centre "+id)
	}
	return t, nil
}

func channelOrder(c Channel) int {
	if c == ChannelSMS {
		return 0
	}
	return 1
}

// sortMessages puts an order's messages oldest first, SMS before e-mail.
func sortMessages(msgs []Message) {
	slices.SortFunc(msgs, func(a, b Message) int {
		if c := a.QueuedAt.Compare(b.QueuedAt); c != 0 {
			return c
		}
		if c := cmp.Compare(strings.TrimSuffix(a.Key, string(a.Channel)), strings.TrimSuffix(b.Key, string(b.Channel))); c != 0 {
			return c
		}
		return cmp.Compare(channelOrder(a.Channel), channelOrder(b.Channel))
	})
}
