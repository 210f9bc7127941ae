package httpapi

import (
	"context"
	"strings"

	"aftersales/shared/apperr"
)

// NoRoute is the handler of the API's catch-all route (ANY /api/{proxy+}),
// which API Gateway sends every request that no declared route takes. A
// path that matches a template of methods (path template → the methods
// declared on it, openapi.Methods) answers 405 with Allow naming those
// methods, as HTTP asks; any other path 404. It reveals nothing beyond the
// public OpenAPI document, so the route needs no caller.
func NoRoute(methods map[string][]string) HandlerFunc {
	return func(_ context.Context, r *Request) (*Response, error) {
		for template, allowed := range methods {
			if matchesTemplate(template, r.Event.RawPath) {
				resp := errorResponse(apperr.New(apperr.MethodNotAllow,
					"Этот адрес не принимает запрос "+r.Event.RequestContext.HTTP.Method+"; допустимы: "+strings.Join(allowed, ", "),
					"This path does not take "+r.Event.RequestContext.HTTP.Method+"; allowed: "+strings.Join(allowed, ", ")))
				resp.Headers = map[string]string{"allow": strings.Join(allowed, ", ")}
				return resp, nil
			}
		}
		return nil, apperr.New(apperr.NotFound, "Нет такого адреса", "No such route")
	}
}

// matchesTemplate reports whether path fills template: the same literal
// segments, and a non-empty segment for each {parameter}.
func matchesTemplate(template, path string) bool {
	want, got := strings.Split(strings.Trim(template, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	if len(want) != len(got) {
		return false
	}
	for i, seg := range want {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			if got[i] == "" {
				return false
			}
		} else if seg != got[i] {
			return false
		}
	}
	return true
}
