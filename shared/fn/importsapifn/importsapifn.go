// Package importsapifn builds ImportsApiFunction: upload forms, load
// protocols and their reports, the outlet and route directories and their
// exports.
package importsapifn

import (
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/blobstore/importfiles"
	"aftersales/shared/config"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
	"aftersales/shared/importsapi"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	c := e.Config
	if err := config.Require("IMPORTS_BUCKET", c.ImportsBucket, "REPORTS_BUCKET", c.ReportsBucket); err != nil {
		return nil, err
	}
	store, err := tablefn.Store(e)
	if err != nil {
		return nil, err
	}
	im := importstore.New(store)
	svc, err := imports.NewService(imports.ServiceConfig{Protocols: im, Directory: im,
		Files: importfiles.New(blobstore.NewClient(e.AWS, c.S3PathStyle), c.ImportsBucket, c.ReportsBucket),
		Clock: e.Now, NewID: auth.NewULID, MaxBytes: c.ImportMaxBytes})
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &importsapi.API{Imports: svc, Clock: e.Now, Location: c.Location}
	api.Routes(rt)
	return rt, nil
}
