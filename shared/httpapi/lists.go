package httpapi

import (
	"net/http"
	"strconv"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// List is the envelope of every list answer: a page of items and, when
// more follow, the cursor of the next page.
type List[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// ListOf is the answer of a page of a list, each item shown by show; an
// empty page is an empty array, never null.
func ListOf[S, T any](p auth.Page[S], show func(S) T) List[T] {
	out := List[T]{Items: make([]T, len(p.Items)), Next: p.Next}
	for i, it := range p.Items {
		out.Items[i] = show(it)
	}
	return out
}

// MaxLimit is the largest page size a list accepts (?limit=).
const MaxLimit = 200

// Limit reads ?limit=: 1 to MaxLimit, or 0 (the list's default) when absent.
// A bad value is a field error, so handlers that check several query
// parameters can report them together.
func Limit(r *Request) (int, *apperr.FieldError) {
	v := r.Query("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, &apperr.FieldError{Field: "limit", Code: "out_of_range",
			Message: "Размер страницы — от 1 до 200", MessageEN: "The page size is 1 to 200"}
	}
	return n, nil
}

// LimitOf is Limit for handlers with no other parameter to check.
func LimitOf(r *Request) (int, error) {
	n, fe := Limit(r)
	if fe != nil {
		return 0, apperr.WithFields([]apperr.FieldError{*fe})
	}
	return n, nil
}

// Attachment answers a file to save under name.
func Attachment(name, contentType string, body []byte) *Response {
	return &Response{Status: http.StatusOK, Raw: body, Headers: map[string]string{
		"content-type":        contentType,
		"content-disposition": `attachment; filename="` + name + `"`,
	}}
}
