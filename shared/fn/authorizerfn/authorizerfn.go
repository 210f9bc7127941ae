// Package authorizerfn builds AuthorizerFunction, the HTTP API's Lambda
// authorizer: the identity services' token check, nothing else.
package authorizerfn

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/identityapi"
)

// New builds the authorizer.
func New(e *fn.Env) (fn.AuthorizerHandler, error) {
	id, err := identityfn.Services(e)
	if err != nil {
		return nil, err
	}
	return identityapi.Authorizer{Auth: id.Auth}.Handle, nil
}
