// Package apperr holds the one error type the application returns to callers.
// Every error that reaches a client is an *Error with a stable code; the HTTP
// status for each code is decided in exactly one place (Status), and anything
// that is not an *Error is shown to users only as an internal error.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
)

// Code is a stable, machine-readable error code that clients may branch on.
type Code string

// The codes clients may see. Keep Status in step when adding one.
const (
	Invalid        Code = "invalid"       // the request is malformed or fails validation
	Unauthorized   Code = "unauthorized"  // no valid credentials
	Forbidden      Code = "forbidden"     // authenticated but the role may not do this
	NotFound       Code = "not_found"     // missing, or belongs to another tenant
	Conflict       Code = "conflict"      // stale version, duplicate, disallowed status move
	Precondition   Code = "precondition"  // If-Match did not match
	Locked         Code = "locked"        // account locked after failed logins
	TooLarge       Code = "too_large"     // request body over the limit
	Unprocessable  Code = "unprocessable" // e.g. an idempotency key reused with another body
	TooMany        Code = "too_many"      // e.g. an export over the row cap
	Gone           Code = "gone"          // existed, but no longer serves (an expired export or status link)
	RateLimited    Code = "rate_limited"  // too many requests from one source or for one object
	Internal       Code = "internal"      // anything unexpected; details are logged, never shown
	Unsupported    Code = "unsupported"   // unsupported media type
	MethodNotAllow Code = "method_not_allowed"
	// PasswordChangeRequired: the session may only set a new password (after an admin's reset).
	PasswordChangeRequired Code = "password_change_required"
)

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// MessageEN is the English text of the same problem.
	MessageEN string `json:"messageEn,omitempty"`
	// Step names the part of a multi-step form that holds the field, when
	// the domain knows it (acts: product, diagnostics, parts, additional),
	// so a client can mark that step even when it is not on screen.
	Step string `json:"step,omitempty"`
}

// Error is an application error with a code, a Russian message for people, an
// English one beside it, and optionally the fields at fault.
type Error struct {
	Code      Code
	Message   string
	MessageEN string
	Fields    []FieldError
	// Details carries extra machine-readable facts (e.g. retryAt for a lockout).
	Details map[string]any
	// Err is the underlying cause; it is logged, never sent to clients.
	Err error
}

func (e *Error) Error() string {
	msg := e.MessageEN
	if msg == "" {
		msg = e.Message
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a code and messages in Russian and English.
func New(code Code, ru, en string) *Error {
	return &Error{Code: code, Message: ru, MessageEN: en}
}

// WithFields returns an Invalid error listing every field problem at once.
func WithFields(fields []FieldError) *Error {
	return &Error{
		Code:      Invalid,
		Message:   "Проверьте заполнение полей",
		MessageEN: "Some fields are invalid",
		Fields:    fields,
	}
}

// Field is the Invalid error of one field's problem, in Russian and English.
func Field(field, code, ru, en string) *Error {
	return WithFields([]FieldError{{Field: field, Code: code, Message: ru, MessageEN: en}})
}

// Wrap wraps an unexpected error; users see only a generic message.
func Wrap(err error, what string) *Error {
	return &Error{Code: Internal, Message: "Внутренняя ошибка", MessageEN: "Internal error", Err: fmt.Errorf("%s: %w", what, err)}
}

// CodeOf returns the code of err, or Internal when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error, turning anything else into an Internal one.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "Внутренняя ошибка", MessageEN: "Internal error", Err: err}
}

// Status maps a code to its HTTP status: the only such table in the code base.
func Status(code Code) int {
	switch code {
	case Invalid:
		return http.StatusBadRequest
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden, PasswordChangeRequired:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Gone:
		return http.StatusGone
	case Conflict:
		return http.StatusConflict
	case Precondition:
		return http.StatusPreconditionFailed
	case Locked:
		return http.StatusLocked
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case Unprocessable:
		return http.StatusUnprocessableEntity
	case TooMany:
		return http.StatusUnprocessableEntity
	case RateLimited:
		return http.StatusTooManyRequests
	case Unsupported:
		return http.StatusUnsupportedMediaType
	case MethodNotAllow:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}
