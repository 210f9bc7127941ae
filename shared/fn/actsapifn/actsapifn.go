// Package actsapifn builds ActsApiFunction: acts, their comments and files,
// the category list, exports and the warranty policies.
package actsapifn

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/actsapi"
	"aftersales/shared/dynamo/idemstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/fn/warrantyfn"
	"aftersales/shared/httpapi"
	"aftersales/shared/secrets"
	"aftersales/shared/sesmail"
	"aftersales/shared/warrantyapi"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	if err := secrets.SignPageCursors(context.Background(), e); err != nil {
		return nil, err
	}
	svc, store, err := actsfn.ServiceMailing(e, sesmail.SES{Client: ses.NewFromConfig(e.AWS), From: e.Config.SenderEmail})
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &actsapi.API{Acts: svc, Idempotency: idemstore.New(store, e.Now), Clock: e.Now,
		Location: e.Config.Location, Centres: identitystore.New(store)}
	api.Routes(rt)
	verdicts, err := warrantyfn.Service(e, store)
	if err != nil {
		return nil, err
	}
	(&warrantyapi.API{Warranty: verdicts}).Routes(rt)
	return rt, nil
}
