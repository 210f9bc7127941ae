package identity

import (
	"errors"
	"fmt"
	"time"

	"aftersales/shared/auth"

	"github.com/golang-jwt/jwt/v5"
)

// MaxTokenTTL is identity.md's limit on a token's life.
const MaxTokenTTL = 12 * time.Hour

// tokenIssuer is the iss claim; a token from any other issuer is refused.
const tokenIssuer = "aftersales"

// maxTokenLen bounds what the authorizer parses; ours are about 400 bytes.
const maxTokenLen = 4096

// ErrBadToken covers every reason a token is refused (malformed, wrong
// signature or algorithm, expired, revoked). Callers answer 401 for all of
// them and need not know which.
var ErrBadToken = errors.New("invalid token")

// Tokens signs and checks session tokens: HS256 JWTs carrying the caller
// (sub, role, tenant) and the session id (sid) that logout revokes.
type Tokens struct {
	secret []byte
	now    auth.Clock
}

// NewTokens makes a signer from the configured secret (TOKEN_SECRET: from
// Secrets Manager in AWS, from a local file when run locally — never from
// the repository). A short secret is refused rather than used.
func NewTokens(secret string, now auth.Clock) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("token secret must be at least 32 characters")
	}
	return &Tokens{secret: []byte(secret), now: now}, nil
}

type tokenClaims struct {
	Role      string `json:"role"`
	Tenant    string `json:"tenant,omitempty"`
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Issue signs a token for a session.
func (t *Tokens) Issue(s auth.Session) (string, error) {
	if s.ExpiresAt.Sub(s.CreatedAt) > MaxTokenTTL {
		return "", fmt.Errorf("token lifetime %s over the %s limit", s.ExpiresAt.Sub(s.CreatedAt), MaxTokenTTL)
	}
	c := tokenClaims{
		Role: string(s.Role), Tenant: s.Tenant, SessionID: s.ID,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			Subject:   s.UserID,
			IssuedAt:  jwt.NewNumericDate(s.CreatedAt),
			NotBefore: jwt.NewNumericDate(s.CreatedAt),
			ExpiresAt: jwt.NewNumericDate(s.ExpiresAt),
		},
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return signed, nil
}

// Parse checks a token's signature (HS256 only: "none" and every other
// algorithm are refused), issuer and times, and returns the caller it names.
// The session it names must still be checked against the store.
func (t *Tokens) Parse(token string) (auth.Caller, error) {
	if token == "" || len(token) > maxTokenLen {
		return auth.Caller{}, ErrBadToken
	}
	var c tokenClaims
	_, err := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(30*time.Second),
	).ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil })
	if err != nil {
		return auth.Caller{}, ErrBadToken
	}
	caller := auth.Caller{UserID: c.Subject, Role: auth.Role(c.Role), Tenant: c.Tenant, SessionID: c.SessionID}
	if caller.UserID == "" || caller.SessionID == "" || !caller.Role.Valid() {
		return auth.Caller{}, ErrBadToken
	}
	if c.ExpiresAt.Sub(c.IssuedAt.Time) > MaxTokenTTL {
		return auth.Caller{}, ErrBadToken
	}
	return caller, nil
}
