// Package ordersapifn builds OrdersApiFunction: orders, shipments (urgent,
// dispatch, delivery) and the monthly compensation report.
package ordersapifn

import (
	"context"

	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/httpapi"
	"aftersales/shared/ledger"
	"aftersales/shared/ordersapi"
	"aftersales/shared/secrets"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	if err := secrets.SignPageCursors(context.Background(), e); err != nil {
		return nil, err
	}
	f, err := fulfilfn.New(e)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &ordersapi.API{Shipments: f.Shipments, Ledger: ledger.NewService(f.Store.Ledger(), e.Now), Location: e.Config.Location}
	api.Routes(rt)
	return rt, nil
}
