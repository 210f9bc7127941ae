// Package pagecursor seals the position of a list page into the opaque
// `cursor` clients hand back for the next page. A cursor is signed (HMAC-
// SHA256) over its position and the scope it was issued for, so a client can
// neither craft one nor carry one to another list: the storage adapter then
// only ever resumes a query from a key that the same query returned.
package pagecursor

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
)

// ErrInvalid is a cursor this codec did not issue for this scope.
var ErrInvalid = errors.New("page cursor: not issued for this list")

// Codec seals and opens cursors with one key.
type Codec struct{ key []byte }

// domain separates the cursor key from every other use of the secret (the
// same secret signs session tokens).
const domain = "page-cursor"

// FromSecret derives the cursor key from the token secret, so every
// instance of every function that shares the secret accepts the cursors
// any of them issued.
func FromSecret(secret string) (Codec, error) {
	if secret == "" {
		return Codec{}, errors.New("page cursor: empty secret")
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(domain))
	return Codec{key: m.Sum(nil)}, nil
}

// Random returns a codec with a fresh key: its cursors are good only in this
// process (tools and jobs that page through their own reads).
func Random() Codec {
	key := make([]byte, sha256.Size)
	if _, err := rand.Read(key); err != nil {
		panic("page cursor: no randomness: " + err.Error())
	}
	return Codec{key: key}
}

// Seal returns the cursor for position within scope.
func (c Codec) Seal(scope string, position []byte) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString(position) + "." + enc.EncodeToString(c.mac(scope, position))
}

// Open returns the position sealed in cursor, or ErrInvalid when the cursor
// is malformed, was altered, or was issued for another scope or key.
func (c Codec) Open(scope, cursor string) ([]byte, error) {
	body, sig, ok := strings.Cut(cursor, ".")
	if !ok {
		return nil, ErrInvalid
	}
	enc := base64.RawURLEncoding
	position, err := enc.DecodeString(body)
	if err != nil {
		return nil, ErrInvalid
	}
	got, err := enc.DecodeString(sig)
	if err != nil || !hmac.Equal(got, c.mac(scope, position)) {
		return nil, ErrInvalid
	}
	return position, nil
}

func (c Codec) mac(scope string, position []byte) []byte {
	if len(c.key) == 0 {
		// A zero Codec must not sign with an empty key that anyone can reproduce.
		panic("page cursor: codec without a key")
	}
	m := hmac.New(sha256.New, c.key)
	// Length-prefix the scope so no (scope, position) pair collides with another.
	m.Write(binary.AppendUvarint(nil, uint64(len(scope))))
	m.Write([]byte(scope))
	m.Write(position)
	return m.Sum(nil)
}
