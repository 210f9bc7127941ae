// Package deskapifn builds DeskApiFunction: the service centre's front
// desk — customers, devices, the search box and repair orders — and the
// field-visit agenda with its technicians' iCalendar feeds.
package deskapifn

import (
	"context"

	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/deskapi"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/httpapi"
	"aftersales/shared/phone"
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
	store := deskstore.New(table)
	svc, err := desk.NewService(desk.Config{Store: store, Repairs: store, Staff: identitystore.New(table), Phones: phone.Parse,
		Clock: e.Now, NewID: auth.NewULID, Location: e.Config.Location})
	if err != nil {
		return nil, err
	}
	visits, err := agenda.NewService(agenda.Config{Store: store, Feeds: store, Staff: identitystore.New(table), Desk: store,
		Phones: phone.Parse, Clock: e.Now, Location: e.Config.Location})
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	(&deskapi.API{Desk: svc}).Routes(rt)
	(&deskapi.Agenda{Agenda: visits, WebBaseURL: e.Config.WebBaseURL}).Routes(rt)
	return rt, nil
}
