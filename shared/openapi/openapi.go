// Package openapi holds the API's OpenAPI 3 document: served by the API,
// checked against real responses in tests, and the source of the web
// client's generated types.
package openapi

import _ "embed"

// Document is openapi.yaml as shipped.
//
//go:embed openapi.yaml
var Document []byte
