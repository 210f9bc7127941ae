// Package openapi holds the API's OpenAPI 3 document: served by the API,
// checked against real responses in tests, and the source of the web
// client's generated types.
package openapi

import (
	_ "embed"
	"slices"
	"strings"
)

// Document is openapi.yaml as shipped.
//
//go:embed openapi.yaml
var Document []byte

// Methods maps each path template of the document ("/api/acts/{id}") to
// the HTTP methods it declares, upper-case and sorted: what the API's
// catch-all route answers 405 with. It reads the paths object by its
// layout (templates indented two spaces, operations four) rather than
// linking a YAML parser into the function that serves it; a test checks
// it against a full OpenAPI parser.
func Methods() map[string][]string {
	out := map[string][]string{}
	inPaths, path := false, ""
	for line := range strings.Lines(string(Document)) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "paths:":
			inPaths = true
		case !inPaths || line == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case !strings.HasPrefix(line, " "): // the next top-level key
			inPaths = false
		case strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimSpace(line), ":")
		case strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && path != "":
			name := strings.TrimSuffix(strings.TrimSpace(line), ":")
			if m := strings.ToUpper(name); httpMethods[m] && strings.HasSuffix(line, ":") {
				out[path] = append(out[path], m)
			}
		}
	}
	for _, ms := range out {
		slices.Sort(ms)
	}
	return out
}

var httpMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "OPTIONS": true, "HEAD": true, "PATCH": true, "TRACE": true}
