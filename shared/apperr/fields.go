package apperr

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field error codes every form shares; a domain adds its own beside them.
const (
	FieldRequired = "required"
	FieldTooLong  = "too_long"
)

// Fields collects a form's problems so that all of them are reported at
// once: Err is nil when there are none, else one Invalid error listing them.
type Fields []FieldError

// Add records one field's problem in Russian and English.
func (e *Fields) Add(field, code, ru, en string) {
	*e = append(*e, FieldError{Field: field, Code: code, Message: ru, MessageEN: en})
}

// Err is the Invalid error listing every problem, or nil.
func (e Fields) Err() error {
	if len(e) == 0 {
		return nil
	}
	return WithFields(e)
}

// Text checks a typed text as it came (the limit counts what was sent, as
// the API document does) and trims it in place.
func (e *Fields) Text(field string, v *string, limit int, required bool) {
	raw := *v
	*v = strings.TrimSpace(raw)
	switch {
	case utf8.RuneCountInString(raw) > limit:
		e.Add(field, FieldTooLong, "Не длиннее "+strconv.Itoa(limit)+" символов", "At most "+strconv.Itoa(limit)+" characters")
	case required && *v == "":
		e.Add(field, FieldRequired, "Заполните поле", "Required")
	}
}
