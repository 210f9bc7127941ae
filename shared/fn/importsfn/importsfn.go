// Package importsfn builds the loads' storage that both import functions
// use: the protocols and directories on the table, the files in the
// imports and reports buckets.
package importsfn

import (
	"aftersales/shared/blobstore"
	"aftersales/shared/blobstore/importfiles"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
)

// Storage is the loads' storage on the configured table and buckets.
type Storage struct {
	Table   *dynamo.Store
	Imports *importstore.Imports
	Files   *importfiles.ImportFiles
}

// New builds the storage; it needs TABLE_NAME, IMPORTS_BUCKET and REPORTS_BUCKET.
func New(e *fn.Env) (*Storage, error) {
	c := e.Config
	if err := config.Require("IMPORTS_BUCKET", c.ImportsBucket, "REPORTS_BUCKET", c.ReportsBucket); err != nil {
		return nil, err
	}
	table, err := tablefn.Store(e)
	if err != nil {
		return nil, err
	}
	return &Storage{Table: table, Imports: importstore.New(table),
		Files: importfiles.New(blobstore.NewClient(e.AWS, c.S3PathStyle), c.ImportsBucket, c.ReportsBucket)}, nil
}
