package httpapi

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"aftersales/shared/apperr"
)

// AllowOrigins names the origins (scheme://host[:port]) of the web client's
// pages: the only pages whose requests may change data on the strength of
// the session cookie. A router with none refuses every such request.
func (rt *Router) AllowOrigins(origins ...string) {
	rt.origins = nil
	for _, o := range origins {
		rt.origins = append(rt.origins, strings.TrimRight(o, "/"))
	}
}

var errForeignRequest = apperr.New(apperr.Forbidden,
	"Запрос отклонён: изменения принимаются только со страниц приложения",
	"Refused: changes with the session cookie are accepted only from the web client's pages")

// checkOrigin is defence in depth against cross-site request forgery,
// behind the cookie's SameSite=Strict. A state-changing request signed in
// by the cookie must come from a page of the web client (its Origin header,
// which browsers send with every such request and scripts cannot set) and
// carry JSON (a cross-site form can post only form or text bodies, and
// always names their type). A request with an Authorization: Bearer header
// was signed in by that header (the authorizer prefers it over the cookie);
// no page can make a browser send it to another site, so it may come without
// an Origin, but a browser's Origin, when sent, must still be the web
// client's.
func (rt *Router) checkOrigin(r *Request) error {
	method, _, _ := strings.Cut(r.Event.RouteKey, " ") // the route's method decides, as it decides the handler
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	origin := r.Header("Origin")
	if bearer(r.Header("Authorization")) {
		if origin == "" || slices.Contains(rt.origins, origin) {
			return nil
		}
		return errForeignRequest
	}
	if origin == "" || !slices.Contains(rt.origins, origin) {
		return errForeignRequest
	}
	if ct := r.Header("Content-Type"); ct != "" || r.Event.Body != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return apperr.New(apperr.Unsupported, "Тело запроса должно быть JSON (Content-Type: application/json)",
				"The request body must be JSON (Content-Type: application/json)")
		}
	}
	return nil
}

// bearer reports whether an Authorization header carries a bearer token.
func bearer(h string) bool {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(token) != ""
}
