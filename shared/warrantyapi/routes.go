// Package warrantyapi is the HTTP side of warranty eligibility: the policy
// book managers keep. It is served by ActsApiFunction, beside the acts the
// policies judge; rules and scope live in shared/warranty.
package warrantyapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
	"aftersales/shared/httpapi"
	"aftersales/shared/warranty"
)

// API serves the policy routes.
type API struct {
	Warranty *warranty.Service
}

// Routes registers the routes; template.yaml declares the same ones. Staff
// keep the policies; centres see verdicts on their acts, not the book.
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/policies", auth.StaffRoles, a.get)
	rt.Handle("PUT /api/policies", auth.StaffRoles, a.put)
}

// policies is the book as the API shows it; its version is also the ETag.
type policies struct {
	Version    int                           `json:"version"`
	UpdatedAt  *time.Time                    `json:"updatedAt,omitempty"`
	UpdatedBy  string                        `json:"updatedBy,omitempty"`
	Categories []eligibility.CategoryPolicy  `json:"categories"`
	Articles   []eligibility.ArticleOverride `json:"articles"`
}

func view(p warranty.Policies) *httpapi.Response {
	v := policies{Version: p.Version, UpdatedBy: p.UpdatedBy, Categories: p.Categories, Articles: p.Articles}
	if !p.UpdatedAt.IsZero() {
		v.UpdatedAt = &p.UpdatedAt
	}
	if v.Categories == nil {
		v.Categories = []eligibility.CategoryPolicy{}
	}
	if v.Articles == nil {
		v.Articles = []eligibility.ArticleOverride{}
	}
	resp := httpapi.JSON(http.StatusOK, v)
	resp.Headers = map[string]string{"ETag": strconv.Quote(strconv.Itoa(p.Version))}
	return resp
}

func (a *API) get(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	p, err := a.Warranty.Policies(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	return view(p), nil
}

// bookInput replaces the whole book; version is the one it was based on
// (0 for the first book).
// All three are required: a book without its lists would silently empty it.
type bookInput struct {
	Version    *int                           `json:"version"`
	Categories *[]eligibility.CategoryPolicy  `json:"categories"`
	Articles   *[]eligibility.ArticleOverride `json:"articles"`
}

func (a *API) put(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in bookInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	var missing []apperr.FieldError
	for _, f := range []struct {
		name  string
		given bool
	}{{"version", in.Version != nil}, {"categories", in.Categories != nil}, {"articles", in.Articles != nil}} {
		if !f.given {
			missing = append(missing, apperr.FieldError{Field: f.name, Code: "required", Message: "Обязательное поле", MessageEN: "Required"})
		}
	}
	if len(missing) > 0 {
		return nil, apperr.WithFields(missing)
	}
	p, err := a.Warranty.SetPolicies(ctx, r.Caller, eligibility.Book{Categories: *in.Categories, Articles: *in.Articles}, *in.Version)
	if err != nil {
		return nil, err
	}
	return view(p), nil
}
