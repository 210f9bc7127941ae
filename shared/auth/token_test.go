package auth

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestTokensOnlyPassWithTheRightSignatureAlgorithmAndTime(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens, err := NewTokens(testSecret, clock)
	if err != nil {
		t.Fatal(err)
	}
	sess := Session{ID: "s1", UserID: "u1", Role: RoleServiceCenter, Tenant: "sc1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	good, err := tokens.Issue(sess)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tokens.Parse(good)
	if err != nil || c != (Caller{UserID: "u1", Role: RoleServiceCenter, Tenant: "sc1", SessionID: "s1"}) {
		t.Fatalf("good token: %+v %v", c, err)
	}

	claims := func(mut func(*tokenClaims)) *tokenClaims {
		c := &tokenClaims{Role: "admin", SessionID: "s1", RegisteredClaims: jwt.RegisteredClaims{
			Issuer: tokenIssuer, Subject: "u1", IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}}
		if mut != nil {
			mut(c)
		}
		return c
	}
	sign := func(m jwt.SigningMethod, key any, c *tokenClaims) string {
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	parts := strings.Split(good, ".")
	otherTenant := base64.RawURLEncoding.EncodeToString([]byte(`{"role":"admin","sid":"s1","iss":"aftersales","sub":"u1"}`))

	bad := map[string]string{
		"missing":              "",
		"garbage":              "not-a-token",
		"three garbage parts":  "a.b.c",
		"wrong signature":      sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-!!!"), claims(nil)),
		"alg none":             sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(nil)),
		"HS512 with our key":   sign(jwt.SigningMethodHS512, []byte(testSecret), claims(nil)),
		"expired":              sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) })),
		"no expiry":            sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.ExpiresAt = nil })),
		"issued in the future": sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) })),
		"lives over 12 hours":  sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(13 * time.Hour)) })),
		"another issuer":       sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.Issuer = "someone" })),
		"unknown role":         sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.Role = "root" })),
		"no session":           sign(jwt.SigningMethodHS256, []byte(testSecret), claims(func(c *tokenClaims) { c.SessionID = "" })),
		"payload swapped":      parts[0] + "." + otherTenant + "." + parts[2],
		"oversized":            strings.Repeat("a", 5000),
	}
	for name, tok := range bad {
		if _, err := tokens.Parse(tok); !errors.Is(err, ErrBadToken) {
			t.Errorf("%s: Parse = %v, want ErrBadToken", name, err)
		}
	}
}

func TestShortSecretsAndLongLivesAreRefused(t *testing.T) {
	if _, err := NewTokens("short", time.Now); err == nil {
		t.Error("a 5-character secret was accepted")
	}
	tokens, err := NewTokens(testSecret, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := tokens.Issue(Session{ID: "s", UserID: "u", Role: RoleAdmin, CreatedAt: now, ExpiresAt: now.Add(13 * time.Hour)}); err == nil {
		t.Error("a 13-hour token was issued")
	}
}
