package agenda

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// Feed is a technician's iCalendar subscription. Only the token's hash is
// stored: the link is shown once, when it is made, and a leaked table
// reveals no working link. A technician has at most one feed; making a new
// one revokes the old.
type Feed struct {
	Hash         string    `json:"-"`
	CentreID     string    `json:"-"`
	TechnicianID string    `json:"technicianId"`
	CreatedBy    string    `json:"createdBy"`
	CreatedAt    time.Time `json:"createdAt"`
}

// Feeds keeps the feeds.
type Feeds interface {
	// PutFeed makes f its technician's one feed, deleting the one before.
	PutFeed(ctx context.Context, f Feed) error
	// TechnicianFeed is a technician's feed; auth.ErrNotFound when none.
	TechnicianFeed(ctx context.Context, technician string) (Feed, error)
	// FeedByHash finds a feed by its token's hash; auth.ErrNotFound when none.
	FeedByHash(ctx context.Context, hash string) (Feed, error)
	// DeleteFeed revokes a technician's feed (none: nothing to do).
	DeleteFeed(ctx context.Context, technician string) error
}

// NewFeedToken is 256 random bits, URL-safe.
func NewFeedToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how a token is stored and looked up.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// minTokenLen refuses, before any read, what no NewFeedToken made.
const minTokenLen = 22 // 128 bits in base64

// mayManageFeed lets a technician manage their own feed and the centre's
// admin anyone's; reception does not hand out calendars.
func mayManageFeed(c auth.Caller, technician string) error {
	if c.InCentre() == auth.CentreAdmin || c.UserID == technician {
		return nil
	}
	return apperr.New(apperr.Forbidden, "Ссылку на календарь создаёт и отзывает сам мастер или администратор центра",
		"Only the technician or the centre's admin manages the calendar link")
}

// feedOwner checks the caller may manage technician's feed and that the
// technician is the centre's staff.
func (s *Service) feedOwner(ctx context.Context, c auth.Caller, technician string) error {
	sc, err := centre(c)
	if err != nil {
		return err
	}
	if technician == "" || len(technician) > MaxID {
		return auth.NotFound()
	}
	if err := mayManageFeed(c, technician); err != nil {
		return err
	}
	u, err := s.staff.User(ctx, technician)
	if errors.Is(err, auth.ErrNotFound) || err == nil && !staffOf(u, sc) {
		return auth.NotFound()
	}
	if err != nil {
		return apperr.Wrap(err, "read technician "+technician)
	}
	return nil
}

// FeedOf is a technician's feed, if any (the link itself is not kept).
func (s *Service) FeedOf(ctx context.Context, c auth.Caller, technician string) (*Feed, error) {
	if err := s.feedOwner(ctx, c, technician); err != nil {
		return nil, err
	}
	f, err := s.feeds.TechnicianFeed(ctx, technician)
	if errors.Is(err, auth.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read feed of "+technician)
	}
	return &f, nil
}

// CreateFeed makes a new link for technician (revoking the old one) and
// returns its token: the only time anybody sees it.
func (s *Service) CreateFeed(ctx context.Context, c auth.Caller, technician string) (string, Feed, error) {
	if err := s.feedOwner(ctx, c, technician); err != nil {
		return "", Feed{}, err
	}
	token := s.token()
	f := Feed{Hash: HashToken(token), CentreID: c.Tenant, TechnicianID: technician, CreatedBy: c.UserID, CreatedAt: s.now().UTC()}
	if err := s.feeds.PutFeed(ctx, f); err != nil {
		return "", Feed{}, apperr.Wrap(err, "create feed of "+technician)
	}
	return token, f, nil
}

// RevokeFeed deletes technician's link: its calendar answers 404 from now on.
func (s *Service) RevokeFeed(ctx context.Context, c auth.Caller, technician string) error {
	if err := s.feedOwner(ctx, c, technician); err != nil {
		return err
	}
	if err := s.feeds.DeleteFeed(ctx, technician); err != nil {
		return apperr.Wrap(err, "revoke feed of "+technician)
	}
	return nil
}

// Feed window: what a calendar app shows of the past and the future.
const (
	FeedPast   = 30 * 24 * time.Hour
	FeedFuture = 180 * 24 * time.Hour
)

// Calendar is what one feed shows.
type Calendar struct {
	Technician auth.User
	Visits     []Visit
	At         time.Time
}

// Calendar reads the feed of a token, without a caller: the token is the
// credential. An unknown or revoked token, and a technician who left the
// centre or was disabled, are NotFound alike. Cancelled visits are left
// out; the rest of the technician's visits in the window are in.
func (s *Service) Calendar(ctx context.Context, token string) (Calendar, error) {
	if len(token) < minTokenLen || len(token) > 200 {
		return Calendar{}, auth.NotFound()
	}
	f, err := s.feeds.FeedByHash(ctx, HashToken(token))
	if errors.Is(err, auth.ErrNotFound) {
		return Calendar{}, auth.NotFound()
	}
	if err != nil {
		return Calendar{}, apperr.Wrap(err, "read feed")
	}
	u, err := s.staff.User(ctx, f.TechnicianID)
	if errors.Is(err, auth.ErrNotFound) || err == nil && !staffOf(u, f.CentreID) {
		return Calendar{}, auth.NotFound()
	}
	if err != nil {
		return Calendar{}, apperr.Wrap(err, "read technician of feed")
	}
	now := s.now().UTC()
	vs, err := s.overlapping(ctx, f.CentreID, f.TechnicianID, now.Add(-FeedPast), now.Add(FeedFuture))
	if err != nil {
		return Calendar{}, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if v.Status != StatusCancelled {
			kept = append(kept, v)
		}
	}
	return Calendar{Technician: u, Visits: kept, At: now}, nil
}
