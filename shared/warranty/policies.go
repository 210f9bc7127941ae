// Package warranty is the service side of eligibility: the policy book
// managers keep (read and replaced as a whole, on condition of its version)
// and the verdict of an act, computed from the book, the serial registry and
// the other acts with the same serial. The rules themselves are the pure
// shared/eligibility package's; this one fetches what they need through
// small ports and answers in the API's terms. It holds no AWS types.
package warranty

import (
	"context"
	"errors"
	"fmt"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
)

// Policies is the stored policy book with its version, which a replacement
// must name (optimistic concurrency: two managers editing at once cannot
// silently overwrite each other).
type Policies struct {
	eligibility.Book
	// Version is 0 before the first save, then 1, 2, …
	Version   int
	UpdatedAt time.Time
	UpdatedBy string
}

// ErrVersionChanged is a BookStore's answer when the stored version is not
// the one a replacement was based on.
var ErrVersionChanged = errors.New("warranty: the policy book changed meanwhile")

// BookStore keeps the policy book as one item.
type BookStore interface {
	// Book reads the book; a zero Policies (version 0) when none was saved.
	Book(ctx context.Context) (Policies, error)
	// PutBook stores p (p.Version the new version) on condition the stored
	// version is p.Version-1; ErrVersionChanged otherwise.
	PutBook(ctx context.Context, p Policies) error
}

// Service manages the policy book and judges acts.
type Service struct {
	books    BookStore
	registry SerialRegistry
	claims   SerialClaims
	now      auth.Clock
	loc      *time.Location
}

// Config holds the service's dependencies; Clock defaults to the wall clock,
// Location to eligibility.DefaultZone.
type Config struct {
	Books    BookStore
	Registry SerialRegistry
	Claims   SerialClaims
	Clock    auth.Clock
	Location *time.Location
}

// New checks the configuration and returns the service.
func New(c Config) (*Service, error) {
	if c.Books == nil || c.Registry == nil || c.Claims == nil {
		return nil, errors.New("warranty: Books, Registry and Claims are required")
	}
	c.Clock = c.Clock.OrNow()
	if c.Location == nil {
		c.Location = eligibility.DefaultZone
	}
	return &Service{books: c.Books, registry: c.Registry, claims: c.Claims, now: c.Clock, loc: c.Location}, nil
}

var errStaffOnly = apperr.New(apperr.Forbidden,
	"Гарантийные политики ведут менеджеры сервисной службы", "Warranty policies are kept by managers")

// Policies returns the book (managers and admins).
func (s *Service) Policies(ctx context.Context, c auth.Caller) (Policies, error) {
	if !c.Role.Staff() {
		return Policies{}, errStaffOnly
	}
	p, err := s.books.Book(ctx)
	if err != nil {
		return Policies{}, apperr.Wrap(err, "read the policy book")
	}
	return p, nil
}

// SetPolicies replaces the whole book with b, which must be valid
// (eligibility.Book.Validate lists every problem in Russian), on condition
// the stored book is still at version: a stale version is a Conflict.
func (s *Service) SetPolicies(ctx context.Context, c auth.Caller, b eligibility.Book, version int) (Policies, error) {
	if !c.Role.Staff() {
		return Policies{}, errStaffOnly
	}
	if err := b.Validate(); err != nil {
		return Policies{}, err
	}
	if b.Categories == nil {
		b.Categories = []eligibility.CategoryPolicy{}
	}
	if b.Articles == nil {
		b.Articles = []eligibility.ArticleOverride{}
	}
	p := Policies{Book: b, Version: version + 1, UpdatedAt: s.now().UTC(), UpdatedBy: c.UserID}
	err := s.books.PutBook(ctx, p)
	if errors.Is(err, ErrVersionChanged) {
		return Policies{}, apperr.New(apperr.Conflict,
			"Политики уже изменил другой пользователь: обновите страницу и внесите изменения ещё раз",
			fmt.Sprintf("The policy book is no longer at version %d", version))
	}
	if err != nil {
		return Policies{}, apperr.Wrap(err, "save the policy book")
	}
	return p, nil
}
