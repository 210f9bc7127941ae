package desk

import (
	"context"
	"errors"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// MessageTemplates are the caller's centre's templates as the templates
// page shows them.
func (s *Service) MessageTemplates(ctx context.Context, c auth.Caller) (MessageSettingsView, error) {
	sc, err := centre(c)
	if err != nil {
		return MessageSettingsView{}, err
	}
	m, err := s.messenger()
	if err != nil {
		return MessageSettingsView{}, err
	}
	ms, err := m.Settings(ctx, sc)
	if err != nil {
		return MessageSettingsView{}, err
	}
	t, err := m.centre(ctx, sc)
	if err != nil {
		return MessageSettingsView{}, err
	}
	return m.view(ms, t), nil
}

// SaveMessageTemplates replaces the centre's templates (its admin only).
func (s *Service) SaveMessageTemplates(ctx context.Context, c auth.Caller, in MessageSettings) (MessageSettingsView, error) {
	sc, err := adminCentre(c)
	if err != nil {
		return MessageSettingsView{}, err
	}
	m, err := s.messenger()
	if err != nil {
		return MessageSettingsView{}, err
	}
	in, err = normalizeMessageSettings(in)
	if err != nil {
		return MessageSettingsView{}, err
	}
	before := in.Version
	in.Version++
	if err := saved(m.Store.PutMessageSettings(ctx, sc, before, in), errStaleTemplates, "save message templates"); err != nil {
		return MessageSettingsView{}, err
	}
	t, err := m.centre(ctx, sc)
	if err != nil {
		return MessageSettingsView{}, err
	}
	return m.view(in, t), nil
}

// RepairMessages are the messages of an order of the caller's centre,
// oldest first.
func (s *Service) RepairMessages(ctx context.Context, c auth.Caller, id string) ([]Message, error) {
	if _, _, _, err := s.repair(ctx, c, id); err != nil {
		return nil, err
	}
	m, err := s.messenger()
	if err != nil {
		return nil, err
	}
	msgs, err := m.Store.RepairMessages(ctx, id)
	if err != nil {
		return nil, apperr.Wrap(err, "read messages of order "+id)
	}
	if msgs == nil {
		msgs = []Message{}
	}
	sortMessages(msgs)
	return msgs, nil
}

func (s *Service) messenger() (*Messenger, error) {
	if s.msg == nil {
		return nil, errors.New("desk: no messenger configured")
	}
	return s.msg, nil
}

// PublicStatus is what the status link shows the customer: the order's
// status and dates, the device and how to reach the centre — nothing the
// customer did not tell the centre, no prices, no internal notes.
type PublicStatus struct {
	Number       string       `json:"number"`
	Status       Status       `json:"status"`
	StatusName   string       `json:"statusName"`
	StatusSince  time.Time    `json:"statusSince"`
	Device       string       `json:"device"`
	AcceptedAt   time.Time    `json:"acceptedAt"`
	ExpectedDate string       `json:"expectedDate,omitempty"`
	HandedOverAt *time.Time   `json:"handedOverAt,omitempty"`
	Centre       PublicCentre `json:"centre"`
}

// PublicCentre is how the customer reaches the centre.
type PublicCentre struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Address string `json:"address,omitempty"`
	Hours   string `json:"hours,omitempty"`
}

// Status link limits: a link stops working this long after hand-over;
// each token may be asked this often per window, and each source address
// may miss (ask for a token that does not exist) this often — guessing is
// what the source limit stops, so customers behind one address (a mobile
// carrier's NAT) looking at their own orders never use it up.
const (
	StatusLinkKept   = 30 * 24 * time.Hour
	RateWindow       = 10 * time.Minute
	RatePerToken     = 30
	MissesPerSource  = 20
	rateBucketSource = "status-miss/"
	rateBucketToken  = "status-token/"
)

var errLinkExpired = apperr.New(apperr.Gone, "Ссылка больше не действует: заказ выдан больше 30 дней назад. Позвоните в сервисный центр.",
	"The link has expired: the order was handed over more than 30 days ago")

var errTooMany = apperr.New(apperr.RateLimited, "Слишком много запросов: попробуйте через несколько минут",
	"Too many requests: try again in a few minutes")

// PublicStatus answers the status link token for a request from source
// (the caller's address). A source that missed too often in the window is
// refused before anything is read, so guessing tokens costs as much as the
// limit allows; an unknown token is NotFound, a link 30 days past
// hand-over Gone, a token asked too often RateLimited.
func (s *Service) PublicStatus(ctx context.Context, token, source string) (PublicStatus, error) {
	m, err := s.messenger()
	if err != nil {
		return PublicStatus{}, err
	}
	now := s.now()
	switch spent, err := m.Limiter.Spent(ctx, rateBucketSource+source, MissesPerSource, RateWindow, now); {
	case err != nil:
		return PublicStatus{}, apperr.Wrap(err, "read the misses of "+source)
	case spent:
		return PublicStatus{}, errTooMany
	}
	miss := func() (PublicStatus, error) {
		if err := m.limit(ctx, rateBucketSource+source, MissesPerSource, now); err != nil {
			return PublicStatus{}, err
		}
		return PublicStatus{}, auth.NotFound()
	}
	if len(token) != statusTokenLen || strings.Trim(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		return miss()
	}
	if err := m.limit(ctx, rateBucketToken+token, RatePerToken, now); err != nil {
		return PublicStatus{}, err
	}
	r, err := m.Store.RepairByToken(ctx, token)
	if errors.Is(err, auth.ErrNotFound) {
		return miss()
	}
	if err != nil {
		return PublicStatus{}, apperr.Wrap(err, "read order by status link")
	}
	if r.HandedOverAt != nil && now.Sub(*r.HandedOverAt) > StatusLinkKept {
		return PublicStatus{}, errLinkExpired
	}
	chain, err := s.settings(ctx, r.CentreID)
	if err != nil {
		return PublicStatus{}, err
	}
	ms, err := m.Settings(ctx, r.CentreID)
	if err != nil {
		return PublicStatus{}, err
	}
	t, err := m.centre(ctx, r.CentreID)
	if err != nil {
		return PublicStatus{}, err
	}
	out := PublicStatus{Number: r.Number, Status: r.Status, StatusSince: r.StatusSince, Device: r.DeviceTitle,
		AcceptedAt: r.CreatedAt, ExpectedDate: r.ExpectedDate, HandedOverAt: r.HandedOverAt,
		Centre: PublicCentre{Name: t.Name, Phone: ms.Phone(t.Phone), Address: ms.CentreAddress, Hours: ms.CentreHours}}
	if d, ok := chain.Def(r.Status); ok {
		out.StatusName = d.Name
	}
	return out, nil
}

func (m *Messenger) limit(ctx context.Context, bucket string, n int, now time.Time) error {
	ok, err := m.Limiter.Allow(ctx, bucket, n, RateWindow, now)
	if err != nil {
		return apperr.Wrap(err, "count requests of "+bucket)
	}
	if !ok {
		return errTooMany
	}
	return nil
}
