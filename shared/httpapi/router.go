// Package httpapi turns API Gateway HTTP API (payload 2.0) events into calls of
// plain handler functions: routing by route key, the caller from the
// authorizer's verdict, strict JSON decoding, and the one place where errors
// become HTTP responses and get logged.
package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// HandlerFunc handles one route. It returns the response or an error; errors
// are turned into JSON by the router, never by the handler.
type HandlerFunc func(ctx context.Context, r *Request) (*Response, error)

type route struct {
	roles   []auth.Role // nil means public: no caller required
	handler HandlerFunc
	// duringPasswordChange: a session that must first choose a new password may use it.
	duringPasswordChange bool
}

// Router dispatches by the event's route key ("GET /acts/{id}"), which API
// Gateway fills from the route declared in template.yaml.
type Router struct {
	routes map[string]route
	// origins are the web client's (AllowOrigins).
	origins []string
	edge    string // see RequireEdgeHeader
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{routes: map[string]route{}} }

// Handle registers a route that callers with one of roles may use.
func (rt *Router) Handle(routeKey string, roles []auth.Role, h HandlerFunc) {
	if len(roles) == 0 {
		panic("httpapi: route " + routeKey + " has no roles; use Public for unauthenticated routes")
	}
	rt.add(routeKey, route{roles: roles, handler: h})
}

// HandleDuringPasswordChange registers a route that stays open to a session
// whose user must first choose a new password (after an admin's reset):
// setting it, reading who is signed in, signing out. Every other route
// refuses such a session.
func (rt *Router) HandleDuringPasswordChange(routeKey string, roles []auth.Role, h HandlerFunc) {
	rt.Handle(routeKey, roles, h)
	r := rt.routes[routeKey]
	r.duringPasswordChange = true
	rt.routes[routeKey] = r
}

var errPasswordChangeRequired = apperr.New(apperr.PasswordChangeRequired,
	"Администратор сбросил ваш пароль. Задайте новый пароль, чтобы продолжить работу",
	"An administrator reset your password; set a new one to continue")

// Public registers a route that needs no caller (login, health).
func (rt *Router) Public(routeKey string, h HandlerFunc) {
	rt.add(routeKey, route{handler: h})
}

func (rt *Router) add(key string, r route) {
	if _, dup := rt.routes[key]; dup {
		panic("httpapi: route registered twice: " + key)
	}
	rt.routes[key] = r
}

// RouteKeys lists the registered routes, sorted; tests compare it with the template.
func (rt *Router) RouteKeys() []string {
	keys := make([]string, 0, len(rt.routes))
	for k := range rt.routes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Roles returns who may call a route; nil for a public route.
func (rt *Router) Roles(routeKey string) []auth.Role { return rt.routes[routeKey].roles }

// Serve is the Lambda handler for an HTTP API function.
func (rt *Router) Serve(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	start := time.Now()
	req := &Request{Event: ev}
	resp, err := rt.dispatch(ctx, req)
	if err != nil {
		resp = errorResponse(err)
	}
	out := resp.encode()
	logRequest(ctx, ev, req, out.StatusCode, time.Since(start), err)
	return out, nil
}

func (rt *Router) dispatch(ctx context.Context, req *Request) (*Response, error) {
	if !rt.throughEdge(req.Event.Headers) {
		return nil, errNotThroughEdge
	}
	r, ok := rt.routes[req.Event.RouteKey]
	if !ok {
		return nil, apperr.New(apperr.NotFound, "Нет такого адреса", "No such route")
	}
	if r.roles != nil {
		caller, ok := callerFrom(req.Event)
		if !ok {
			return nil, errUnauthorized
		}
		req.Caller = caller
		if caller.PasswordChangeRequired && !r.duringPasswordChange {
			return nil, errPasswordChangeRequired
		}
		if !slices.Contains(r.roles, caller.Role) {
			return nil, apperr.New(apperr.Forbidden, "Недостаточно прав", "Your role may not do this")
		}
		if err := rt.checkOrigin(req); err != nil {
			return nil, err
		}
	}
	if err := refuseEmptyParams(req.Event.QueryStringParameters); err != nil {
		return nil, err
	}
	return r.handler(ctx, req)
}

// refuseEmptyParams refuses "?status=" and the like for every route: the
// document gives each query parameter a minimum length of 1, and an empty
// value read as "no filter" would answer something the client did not ask.
func refuseEmptyParams(params map[string]string) error {
	var fields []apperr.FieldError
	for name, v := range params {
		if v == "" {
			fields = append(fields, apperr.FieldError{Field: name, Code: "empty",
				Message:   "Пустое значение параметра: укажите значение или уберите параметр",
				MessageEN: "Empty query parameter: give a value or leave the parameter out"})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	return apperr.WithFields(fields)
}

var errUnauthorized = apperr.New(apperr.Unauthorized, "Требуется вход в систему", "Sign in first")

// Context keys the authorizer sets and the router reads.
const (
	CtxUserID    = "userId"
	CtxRole      = "role"
	CtxTenant    = "tenant"
	CtxSessionID = "sessionId"
	CtxCentre    = "centreRole"
	// CtxPasswordChange is present (true) only while the user must choose a new password.
	CtxPasswordChange = "passwordChangeRequired"
	CtxName           = "name"
)

// AuthorizerContext is what the authorizer returns for an allowed caller.
func AuthorizerContext(c auth.Caller) map[string]any {
	m := map[string]any{CtxUserID: c.UserID, CtxRole: string(c.Role), CtxTenant: c.Tenant, CtxSessionID: c.SessionID,
		CtxCentre: string(c.CentreRole), CtxName: c.Name}
	if c.PasswordChangeRequired {
		m[CtxPasswordChange] = true
	}
	return m
}

func callerFrom(ev events.APIGatewayV2HTTPRequest) (auth.Caller, bool) {
	if ev.RequestContext.Authorizer == nil || ev.RequestContext.Authorizer.Lambda == nil {
		return auth.Caller{}, false
	}
	m := ev.RequestContext.Authorizer.Lambda
	str := func(k string) string { s, _ := m[k].(string); return s }
	c := auth.Caller{UserID: str(CtxUserID), Role: auth.Role(str(CtxRole)), Tenant: str(CtxTenant), SessionID: str(CtxSessionID),
		CentreRole: auth.CentreRole(str(CtxCentre)), Name: str(CtxName)}
	c.PasswordChangeRequired, _ = m[CtxPasswordChange].(bool)
	if c.UserID == "" || !c.Role.Valid() {
		return auth.Caller{}, false
	}
	return c, true
}

// errorBody is the JSON every error answers with.
type errorBody struct {
	Error struct {
		Code      apperr.Code         `json:"code"`
		Message   string              `json:"message"`
		MessageEN string              `json:"messageEn,omitempty"`
		Fields    []apperr.FieldError `json:"fields,omitempty"`
		Details   map[string]any      `json:"details,omitempty"`
	} `json:"error"`
}

func errorResponse(err error) *Response {
	e := apperr.As(err)
	var b errorBody
	b.Error.Code, b.Error.Message, b.Error.MessageEN = e.Code, e.Message, e.MessageEN
	b.Error.Fields, b.Error.Details = e.Fields, e.Details
	return &Response{Status: apperr.Status(e.Code), Body: b}
}

func logRequest(ctx context.Context, ev events.APIGatewayV2HTTPRequest, req *Request, status int, took time.Duration, err error) {
	attrs := []any{
		slog.String("route", ev.RouteKey),
		slog.String("apiRequestId", ev.RequestContext.RequestID),
		slog.Int("status", status),
		slog.Int64("ms", took.Milliseconds()),
	}
	if req.Caller.UserID != "" {
		attrs = append(attrs, slog.String("userId", req.Caller.UserID), slog.String("role", string(req.Caller.Role)))
	}
	switch {
	case status >= 500:
		slog.ErrorContext(ctx, "request failed", append(attrs, slog.Any("error", err))...)
	case err != nil:
		slog.InfoContext(ctx, "request refused", append(attrs, slog.String("code", string(apperr.CodeOf(err))))...)
	default:
		slog.InfoContext(ctx, "request", attrs...)
	}
}

// Response is what a handler answers; Body is encoded as JSON unless Raw is set.
type Response struct {
	Status  int
	Body    any
	Raw     []byte
	Headers map[string]string
	Cookies []string
}

// JSON answers status with body encoded as JSON.
func JSON(status int, body any) *Response { return &Response{Status: status, Body: body} }

// NoContent answers 204.
func NoContent() *Response { return &Response{Status: http.StatusNoContent} }

func (r *Response) encode() events.APIGatewayV2HTTPResponse {
	headers := map[string]string{
		"cache-control":          "no-store",
		"x-content-type-options": "nosniff",
	}
	for k, v := range r.Headers {
		headers[strings.ToLower(k)] = v
	}
	out := events.APIGatewayV2HTTPResponse{StatusCode: r.Status, Headers: headers, Cookies: r.Cookies}
	switch {
	case r.Raw != nil:
		out.Body = base64.StdEncoding.EncodeToString(r.Raw)
		out.IsBase64Encoded = true
	case r.Body != nil:
		b, err := json.Marshal(r.Body)
		if err != nil {
			return errorResponse(apperr.Wrap(err, "encode response")).encode()
		}
		headers["content-type"] = "application/json; charset=utf-8"
		out.Body = string(b)
	}
	return out
}
