// Package deskapifn builds DeskApiFunction: the service centre's front
// desk — customers, devices and the search box.
package deskapifn

import (
	"context"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/deskapi"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/httpapi"
	"aftersales/shared/secrets"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	if err := secrets.SignPageCursors(context.Background(), e); err != nil {
		return nil, err
	}
	table, err := tablefn.Store(e)
	if err != nil {
		return nil, err
	}
	svc, err := desk.NewService(desk.Config{Store: deskstore.New(table), Clock: e.Now, NewID: auth.NewULID})
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	(&deskapi.API{Desk: svc}).Routes(rt)
	return rt, nil
}
