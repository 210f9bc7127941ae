package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"aftersales/shared/apperr"
)

// PasswordHasher turns passwords into stored hashes and checks them. Dummy
// is a hash of nobody's password made with the same parameters as Hash:
// login verifies against it for unknown logins so they cost the same work
// as a wrong password.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Verify(encoded, password string) (bool, error)
	Dummy() string
}

// Argon2id hashes with argon2id and stores the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so parameters can be raised later
// without invalidating stored hashes.
type Argon2id struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// OWASP is the OWASP Password Storage Cheat Sheet's argon2id minimum:
// m=19 MiB, t=2, p=1. It needs 19 MiB per hash, which a 128 MB Lambda holds
// easily (one request at a time per instance).
var OWASP = Argon2id{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// dummyOWASP is an OWASP-parameter hash of a random password nobody knows,
// so cold starts need not compute one. TestDummyHashUsesTheCurrentParameters
// fails if OWASP changes without it.
const dummyOWASP = "$argon2id$v=19$m=19456,t=2,p=1$KFwAzqsKMt1s/m1KFcjIGQ$7qjZT/i9rlrsxyIAcNnRnIL0XcQibwqp6UiAlm4jWg4"

// Hash returns the PHC string of password with a fresh random salt.
func (a Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, a.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, a.Time, a.Memory, a.Threads, a.KeyLen)
	return a.encode(salt, key), nil
}

func (a Argon2id) encode(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, a.Memory, a.Time, a.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify recomputes the hash with the parameters stored in encoded and
// compares in constant time.
func (a Argon2id) Verify(encoded, password string) (bool, error) {
	p, salt, key, err := ParseArgon2id(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// Dummy returns a hash with a's parameters of a password nobody knows.
func (a Argon2id) Dummy() string {
	if a == OWASP {
		return dummyOWASP
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	h, _ := a.Hash(base64.RawStdEncoding.EncodeToString(b))
	return h
}

// ParseArgon2id reads a PHC argon2id string. Parameters are bounded so that
// a tampered hash cannot make a login allocate gigabytes.
func ParseArgon2id(encoded string) (Argon2id, []byte, []byte, error) {
	bad := func(why string) (Argon2id, []byte, []byte, error) {
		return Argon2id{}, nil, nil, errors.New("malformed argon2id hash: " + why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("layout")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return bad("version")
	}
	var p Argon2id
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return bad("parameters")
	}
	if p.Memory < 8*1024 || p.Memory > 256*1024 || p.Time < 1 || p.Time > 10 || p.Threads < 1 || p.Threads > 8 {
		return bad("parameters out of range")
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return bad("salt")
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return bad("key")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Password length limits, in characters. The maximum only bounds the work
// an attacker can ask for.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// CheckPassword applies the password policy: 10 to 256 characters, not the
// login itself. It returns field errors for field.
func CheckPassword(field, password, login string) []apperr.FieldError {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return []apperr.FieldError{{Field: field, Code: "too_short",
			Message:   fmt.Sprintf("Пароль должен быть не короче %d символов", MinPasswordLen),
			MessageEN: fmt.Sprintf("The password must be at least %d characters long", MinPasswordLen)}}
	case n > MaxPasswordLen:
		return []apperr.FieldError{{Field: field, Code: "too_long",
			Message:   fmt.Sprintf("Пароль должен быть не длиннее %d символов", MaxPasswordLen),
			MessageEN: fmt.Sprintf("The password must be at most %d characters long", MaxPasswordLen)}}
	case login != "" && strings.EqualFold(password, login):
		return []apperr.FieldError{{Field: field, Code: "same_as_login", Message: "Пароль не должен совпадать с логином", MessageEN: "The password must differ from the login"}}
	}
	return nil
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) so a generated
// password can be read out over the phone.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns 16 random characters (about 93 bits), for new
// accounts and resets when the admin does not choose one.
func GeneratePassword() string {
	const n = 16
	out := make([]byte, n)
	limit := byte(256 - 256%len(passwordAlphabet)) // reject bytes that would bias the choice
	buf := make([]byte, 1)
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		if buf[0] >= limit {
			continue
		}
		out[i] = passwordAlphabet[int(buf[0])%len(passwordAlphabet)]
		i++
	}
	return string(out)
}
