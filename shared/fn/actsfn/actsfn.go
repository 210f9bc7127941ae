// Package actsfn builds the acts service on the configured table and
// photos bucket, for the acts API and the photo check and for tools (demo
// seeding, tests) that must write acts exactly as the functions do.
package actsfn

import (
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
)

// Service is the acts service and the store it writes to.
func Service(e *fn.Env) (*acts.Service, *dynamo.Store, error) {
	c := e.Config
	if err := config.Require("TABLE_NAME", c.TableName, "PHOTOS_BUCKET", c.PhotosBucket); err != nil {
		return nil, nil, err
	}
	store, err := tablefn.Store(e)
	if err != nil {
		return nil, nil, err
	}
	svc, err := acts.NewService(acts.Config{
		Store: store.Acts(), Blobs: blobstore.New(blobstore.NewClient(e.AWS, c.S3PathStyle), c.PhotosBucket),
		Clock: e.Now, NewID: auth.NewULID, Location: c.Location,
	})
	return svc, store, err
}
