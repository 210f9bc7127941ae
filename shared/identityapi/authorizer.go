// Package identityapi is the HTTP side of identity: the Lambda authorizer
// that turns a token into the caller, and the routes of IdentityApiFunction
// (login, logout, me, and the admin routes for organisations, users and the
// audit log). Rules live in shared/auth; this package only translates.
package identityapi

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/identity"
)

// CookieName is the session cookie login sets; the web client keeps no
// token in script-readable storage.
const CookieName = "session"

// Authenticator is what the authorizer needs of the auth service.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (auth.Caller, error)
}

// AuthorizerResponse is the HTTP API's simple-response verdict (payload 2.0).
type AuthorizerResponse = events.APIGatewayV2CustomAuthorizerSimpleResponse

// Authorizer is the HTTP API's Lambda authorizer (payload 2.0, simple
// responses, no caching so that logout takes effect at once).
//
// It ALLOWS every request and puts the caller into the context only when the
// token is valid and its session is live; otherwise the context is empty.
// Why not deny: when a simple-response authorizer denies, API Gateway answers
// 403 with its own body, but the API's contract is 401 with a JSON error. So
// the decision is left to httpapi.Router, which answers 401 JSON for every
// non-public route whose request carries no caller — and a handler can only
// get a caller from this context, never from the request.
type Authorizer struct {
	Auth Authenticator
}

// Handle is the Lambda handler.
func (a Authorizer) Handle(ctx context.Context, req events.APIGatewayV2CustomAuthorizerV2Request) (AuthorizerResponse, error) {
	anonymous := AuthorizerResponse{IsAuthorized: true, Context: map[string]any{}}
	token := TokenFrom(req.Headers, req.Cookies)
	if token == "" {
		return anonymous, nil
	}
	c, err := a.Auth.Authenticate(ctx, token)
	if errors.Is(err, identity.ErrBadToken) {
		slog.InfoContext(ctx, "token refused", slog.String("route", req.RouteKey), slog.String("apiRequestId", req.RequestContext.RequestID))
		return anonymous, nil
	}
	if err != nil {
		// The session store did not answer: fail loudly (API Gateway answers
		// 500) rather than tell a signed-in user they are signed out.
		slog.ErrorContext(ctx, "authorizer failed", slog.String("route", req.RouteKey), slog.Any("error", err))
		return AuthorizerResponse{}, err
	}
	return AuthorizerResponse{IsAuthorized: true, Context: httpapi.AuthorizerContext(c)}, nil
}

// TokenFrom finds the token: the Authorization: Bearer header first, else
// the session cookie. Payload 2.0 lower-cases header names and passes
// cookies as "name=value" strings.
func TokenFrom(headers map[string]string, cookies []string) string {
	if h := strings.TrimSpace(headers["authorization"]); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return ""
		}
		return strings.TrimSpace(token)
	}
	for _, c := range cookies {
		name, value, ok := strings.Cut(strings.TrimSpace(c), "=")
		if ok && name == CookieName {
			return value
		}
	}
	return ""
}
