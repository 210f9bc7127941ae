// Package identity is the identity service: signing in (passwords, lockout,
// sessions, signed tokens), the authorizer's token check, and the admin
// directory of organisations and users with its audit log. It builds on the
// auth kernel; only the authorizer, the identity API and the admin tools
// link it (and with it the JWT and Argon2 code).
package identity

import (
	"crypto/rand"
	"encoding/hex"
)

// newSessionID returns 128 random bits: a session id is carried inside a
// signed token, but it is also the key logout deletes, so it must not be
// predictable from another session's id the way sequential ULIDs can be.
func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
