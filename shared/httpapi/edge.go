package httpapi

import (
	"crypto/subtle"
	"strings"

	"aftersales/shared/apperr"
)

// OriginHeader is the header CloudFront adds to every request it forwards
// to the API (template.yaml: the api origin's custom header). An HTTP API
// cannot have a WAF, and its execute-api address stays reachable, so the
// functions refuse what did not come through CloudFront.
const OriginHeader = "x-origin-verify"

// RequireEdgeHeader makes the router answer 403 to every request whose
// OriginHeader is not value. An empty value (local runs) requires nothing.
func (rt *Router) RequireEdgeHeader(value string) { rt.edge = value }

var errNotThroughEdge = apperr.New(apperr.Forbidden, "Обращайтесь к системе через адрес веб-клиента",
	"Requests must come through the web address")

// throughEdge reports whether a request carries the origin value, if one is
// required. API Gateway passes header names in lower case.
func (rt *Router) throughEdge(headers map[string]string) bool {
	if rt.edge == "" {
		return true
	}
	got := headers[OriginHeader]
	if got == "" {
		for k, v := range headers {
			if strings.EqualFold(k, OriginHeader) {
				got = v
			}
		}
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(rt.edge)) == 1
}
