// Package importsapifn builds ImportsApiFunction: upload forms, load
// protocols and their reports, the outlet and route directories and their
// exports.
package importsapifn

import (
	"context"

	"aftersales/shared/auth"
	"aftersales/shared/fn"
	"aftersales/shared/fn/importsfn"
	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
	"aftersales/shared/importsapi"
	"aftersales/shared/secrets"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	c := e.Config
	if err := secrets.SignPageCursors(context.Background(), e); err != nil {
		return nil, err
	}
	svc, err := Service(e)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &importsapi.API{Imports: svc, Clock: e.Now, Location: c.Location}
	api.Routes(rt)
	return rt, nil
}

// Service is the imports service the function serves: also for tools (the
// local demo seed) that upload a file exactly as a user of the API does.
func Service(e *fn.Env) (*imports.Service, error) {
	c := e.Config
	st, err := importsfn.New(e)
	if err != nil {
		return nil, err
	}
	return imports.NewService(imports.ServiceConfig{Protocols: st.Imports, Directory: st.Imports, Files: st.Files, Views: st.Imports,
		Clock: e.Now, NewID: auth.NewULID, MaxBytes: c.ImportMaxBytes, Location: c.Location})
}
