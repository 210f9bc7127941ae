// Package openapitest checks answers against the OpenAPI document: the
// status must be documented for the operation and a JSON body must match
// its schema. The end-to-end kit (infra/localrun/e2e) checks every call
// through the runner with it. Tests only: it links kin-openapi.
package openapitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"aftersales/shared/openapi"
)

// Spec is the document served at one base URL.
type Spec struct{ router routers.Router }

// New reads the document with base as its only server (the address the
// checked requests are made to).
func New(base string) (*Spec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document)
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Spec{router: r}, nil
}

// Check reports an answer to req that the document does not allow.
func (s *Spec) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s is not in openapi.yaml: %v", req.Method, req.URL.Path, err)
		return
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true,
			ExcludeResponseBody: !strings.Contains(header.Get("Content-Type"), "json")},
	})
	if err != nil {
		t.Errorf("%s %s answered %d against openapi.yaml: %v\n%.400s", req.Method, req.URL.Path, status, err, body)
	}
}
