package httpapi

import (
	"context"
	"strings"

	"aftersales/shared/apperr"
)

// NoRoute is the handler of the API's catch-all routes (ANY /api/{proxy+},
// ANY /health), which API Gateway sends every request that no declared
// route takes. A path that matches a template of methods (path template →
// the methods declared on it, openapi.Methods) answers 405 with Allow
// naming those methods, as HTTP asks; any other path 404. Where templates
// overlap (/api/acts/export, /api/acts/{id}) the one with more literal
// segments is the path's, as API Gateway routes. It reveals nothing beyond
// the public OpenAPI document, so the routes need no caller.
func NoRoute(methods map[string][]string) HandlerFunc {
	return func(_ context.Context, r *Request) (*Response, error) {
		best, literals := "", -1
		for template := range methods {
			if n, ok := matchTemplate(template, r.Event.RawPath); ok && n > literals {
				best, literals = template, n
			}
		}
		if literals < 0 {
			return nil, apperr.New(apperr.NotFound, "Нет такого адреса", "No such route")
		}
		method, allow := r.Event.RequestContext.HTTP.Method, strings.Join(methods[best], ", ")
		resp := errorResponse(apperr.New(apperr.MethodNotAllow,
			"Этот адрес не принимает запрос "+method+"; допустимы: "+allow,
			"This path does not take "+method+"; allowed: "+allow))
		resp.Headers = map[string]string{"allow": allow}
		return resp, nil
	}
}

// matchTemplate reports whether path fills template — the same literal
// segments, and a non-empty segment for each {parameter} — and how many of
// its segments are literal.
func matchTemplate(template, path string) (literals int, ok bool) {
	want, got := strings.Split(strings.Trim(template, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	if len(want) != len(got) {
		return 0, false
	}
	for i, seg := range want {
		switch {
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			if got[i] == "" {
				return 0, false
			}
		case seg == got[i]:
			literals++
		default:
			return 0, false
		}
	}
	return literals, true
}
