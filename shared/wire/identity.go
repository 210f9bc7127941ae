package wire

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/httpapi"
	"aftersales/shared/identityapi"
)

// AuthorizerHandler is the signature of the HTTP API's Lambda authorizer.
type AuthorizerHandler = func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error)

// Identity is the identity services on the configured table, for the
// functions below and for tools (the admin CLI, demo seeding) that must
// create accounts exactly as the API does.
type Identity struct {
	Store     *dynamo.Store
	Auth      *auth.Service
	Directory *auth.Directory
}

// NewIdentity builds the identity services; it needs TABLE_NAME and TOKEN_SECRET.
func NewIdentity(s *Setup) (*Identity, error) {
	c := s.Config
	if err := config.Require("TABLE_NAME", c.TableName, "TOKEN_SECRET", c.TokenSecret); err != nil {
		return nil, err
	}
	store, err := Table(s)
	if err != nil {
		return nil, err
	}
	tokens, err := auth.NewTokens(c.TokenSecret, time.Now)
	if err != nil {
		return nil, err
	}
	svc, err := auth.NewService(auth.ServiceConfig{Store: store, Hasher: auth.OWASP, Tokens: tokens, Clock: time.Now, Location: c.Location})
	if err != nil {
		return nil, err
	}
	dir, err := auth.NewDirectory(auth.DirectoryConfig{Store: store, Hasher: auth.OWASP, Clock: time.Now, IDs: auth.NewULID})
	if err != nil {
		return nil, err
	}
	return &Identity{Store: store, Auth: svc, Directory: dir}, nil
}

// Authorizer builds AuthorizerFunction.
func Authorizer(s *Setup) (AuthorizerHandler, error) {
	id, err := NewIdentity(s)
	if err != nil {
		return nil, err
	}
	return identityapi.Authorizer{Auth: id.Auth}.Handle, nil
}

// IdentityAPI builds IdentityApiFunction: login, logout, me and the admin routes.
func IdentityAPI(s *Setup) (*httpapi.Router, error) {
	id, err := NewIdentity(s)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &identityapi.API{Auth: id.Auth, Directory: id.Directory, SecureCookie: s.Config.Stage != "local"}
	api.Routes(rt)
	return rt, nil
}
