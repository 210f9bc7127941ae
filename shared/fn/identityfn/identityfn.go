// Package identityfn builds the identity services on the configured table
// and IdentityApiFunction (login, logout, me and the admin routes); the
// authorizer and tools (the admin CLI, demo seeding) that must create
// accounts exactly as the API does build on Services.
package identityfn

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/httpapi"
	"aftersales/shared/identity"
	"aftersales/shared/identityapi"
	"aftersales/shared/pagecursor"
	"aftersales/shared/secrets"
)

// Identity is the identity services and their storage.
type Identity struct {
	Store     *identitystore.Store
	Auth      *identity.Service
	Directory *identity.Directory
}

// Services builds the identity services on the env's clock; it needs
// TABLE_NAME and the token secret (TOKEN_SECRET, or TOKEN_SECRET_ARN read
// once from Secrets Manager).
func Services(e *fn.Env) (*Identity, error) {
	c := e.Config
	secret, err := secrets.TokenSecret(context.Background(), c, e.AWS)
	if err != nil {
		return nil, err
	}
	if err := config.Require("TABLE_NAME", c.TableName, "TOKEN_SECRET", secret); err != nil {
		return nil, err
	}
	cursors, err := pagecursor.FromSecret(secret)
	if err != nil {
		return nil, err
	}
	store := identitystore.New(dynamo.New(dynamodb.NewFromConfig(e.AWS), c.TableName).WithCursors(cursors))
	tokens, err := identity.NewTokens(secret, e.Now)
	if err != nil {
		return nil, err
	}
	svc, err := identity.NewService(identity.ServiceConfig{Store: store, Hasher: identity.OWASP, Tokens: tokens, Clock: e.Now, Location: c.Location})
	if err != nil {
		return nil, err
	}
	dir, err := identity.NewDirectory(identity.DirectoryConfig{Store: store, Hasher: identity.OWASP, Clock: e.Now, IDs: auth.NewULID})
	if err != nil {
		return nil, err
	}
	return &Identity{Store: store, Auth: svc, Directory: dir}, nil
}

// New builds IdentityApiFunction's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	id, err := Services(e)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &identityapi.API{Auth: id.Auth, Directory: id.Directory, SecureCookie: e.Config.Stage != "local"}
	api.Routes(rt)
	return rt, nil
}
