package localrun

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/samtemplate"
)

// maxPayload is API Gateway's request size limit.
const maxPayload = 10 << 20

type compiledRoute struct {
	function string
	route    samtemplate.Route
	segments []string
}

func compileRoute(fn string, r samtemplate.Route) compiledRoute {
	return compiledRoute{function: fn, route: r, segments: strings.Split(strings.Trim(r.Path, "/"), "/")}
}

// specificity orders routes as API Gateway does: literal segments beat
// parameters, and a greedy {proxy+} comes last.
func (c compiledRoute) specificity() int {
	score := 0
	for _, s := range c.segments {
		switch {
		case strings.HasSuffix(s, "+}"):
		case strings.HasPrefix(s, "{"):
			score += 1
		default:
			score += 3
		}
	}
	return score*100 + len(c.segments)
}

func (c compiledRoute) match(method, path string) (map[string]string, bool) {
	if c.route.Method != "ANY" && c.route.Method != method {
		return nil, false
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	params := map[string]string{}
	for i, seg := range c.segments {
		if strings.HasSuffix(seg, "+}") {
			if i >= len(parts) {
				return nil, false
			}
			params[seg[1:len(seg)-2]] = strings.Join(parts[i:], "/")
			return params, true
		}
		if i >= len(parts) {
			return nil, false
		}
		if strings.HasPrefix(seg, "{") {
			if parts[i] == "" {
				return nil, false
			}
			params[seg[1:len(seg)-1]] = parts[i]
		} else if seg != parts[i] {
			return nil, false
		}
	}
	return params, len(parts) == len(c.segments)
}

// ServeHTTP answers API routes from the template, the runner's own /_local/
// pages, and otherwise the built web client.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_local/") {
		s.serveLocal(w, r)
		return
	}
	for _, c := range s.routes {
		if params, ok := c.match(r.Method, r.URL.Path); ok {
			s.serveRoute(w, r, c, params)
			return
		}
	}
	if r.Method == http.MethodGet && s.opts.WebDir != "" && !strings.HasPrefix(r.URL.Path, "/api/") {
		s.serveWeb(w, r)
		return
	}
	writeGatewayError(w, http.StatusNotFound, "Not Found")
}

func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, c compiledRoute, params map[string]string) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPayload+1))
	if err != nil {
		writeGatewayError(w, http.StatusBadRequest, "Bad Request")
		return
	}
	if len(body) > maxPayload {
		writeGatewayError(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large")
		return
	}
	ev := buildEvent(r, c.route, params, body)
	if !c.route.Public && s.tpl.Authorizer != "" {
		verdict, status := s.authorize(r, ev)
		if status != http.StatusOK {
			writeGatewayError(w, status, http.StatusText(status))
			return
		}
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: verdict}
	}
	out, err := s.Invoke(r.Context(), c.function, ev)
	if err != nil {
		writeGatewayError(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		writeGatewayError(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	for _, c := range resp.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	payload := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if payload, err = base64.StdEncoding.DecodeString(resp.Body); err != nil {
			writeGatewayError(w, http.StatusInternalServerError, "Internal Server Error")
			return
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(payload)
}

// authorize runs the Lambda authorizer with the REQUEST payload 2.0 and
// simple responses, as the template's HttpApi configures it, and answers as
// API Gateway would: 200 with the context when allowed, 403 when denied, 500
// when the authorizer fails.
func (s *Server) authorize(r *http.Request, ev events.APIGatewayV2HTTPRequest) (map[string]any, int) {
	req := events.APIGatewayV2CustomAuthorizerV2Request{
		Version: "2.0", Type: "REQUEST",
		RouteArn:              "arn:aws:execute-api:local:000000000000:local/$default/" + strings.Replace(ev.RouteKey, " ", "", 1),
		RouteKey:              ev.RouteKey,
		RawPath:               ev.RawPath,
		RawQueryString:        ev.RawQueryString,
		Cookies:               ev.Cookies,
		Headers:               ev.Headers,
		QueryStringParameters: ev.QueryStringParameters,
		RequestContext:        ev.RequestContext,
		PathParameters:        ev.PathParameters,
	}
	out, err := s.Invoke(r.Context(), s.tpl.Authorizer, req)
	if err != nil {
		return nil, http.StatusInternalServerError
	}
	var verdict events.APIGatewayV2CustomAuthorizerSimpleResponse
	if err := json.Unmarshal(out, &verdict); err != nil {
		return nil, http.StatusInternalServerError
	}
	if !verdict.IsAuthorized {
		return nil, http.StatusForbidden
	}
	return verdict.Context, http.StatusOK
}

func buildEvent(r *http.Request, route samtemplate.Route, params map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
	now := time.Now()
	headers := map[string]string{}
	var cookies []string
	for k, vs := range r.Header {
		if strings.EqualFold(k, "Cookie") {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[strings.ToLower(k)] = strings.Join(vs, ",")
	}
	headers["host"] = r.Host
	query := map[string]string{}
	for k, vs := range r.URL.Query() {
		query[k] = strings.Join(vs, ",")
	}
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              route.Key(),
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: nilIfEmpty(query),
		PathParameters:        nilIfEmpty(params),
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:   route.Key(),
			AccountID:  "000000000000",
			Stage:      "$default",
			RequestID:  newRequestID(),
			APIID:      "local",
			DomainName: r.Host,
			Time:       now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:  now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, SourceIP: ip, UserAgent: r.UserAgent(),
			},
		},
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type")) && utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

func isText(contentType string) bool {
	ct := strings.ToLower(contentType)
	return ct == "" || strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml") ||
		strings.HasPrefix(ct, "application/x-www-form-urlencoded")
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// writeGatewayError answers the way API Gateway itself does when no function runs.
func writeGatewayError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
}

// serveWeb serves the built client, falling back to index.html for client routes.
func (s *Server) serveWeb(w http.ResponseWriter, r *http.Request) {
	clean := filepath.Clean("/" + r.URL.Path)
	path := filepath.Join(s.opts.WebDir, clean)
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		path = filepath.Join(s.opts.WebDir, "index.html")
		w.Header().Set("Cache-Control", "no-cache")
	} else if strings.HasPrefix(clean, "/assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	for k, v := range WebSecurityHeaders {
		w.Header().Set(k, v)
	}
	http.ServeFile(w, r, path)
}

// WebSecurityHeaders are the headers the web client is served with, locally
// and (through CloudFront's response headers policy) in AWS.
var WebSecurityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: http://127.0.0.1:* https://*.amazonaws.com; " +
		"connect-src 'self' http://127.0.0.1:* https://*.amazonaws.com; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "same-origin",
	"X-Frame-Options":        "DENY",
}
