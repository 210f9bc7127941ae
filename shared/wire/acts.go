package wire

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/acts"
	"aftersales/shared/actsapi"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/httpapi"
	"aftersales/shared/openapi"
)

// S3Handler is the signature of every S3-triggered function.
type S3Handler = func(context.Context, events.S3Event) error

// NewActs builds the acts service on the configured table and photos
// bucket, for the functions below and for tools (demo seeding) that must
// write acts and categories exactly as the API does.
func NewActs(s *Setup) (*acts.Service, *dynamo.Store, error) {
	c := s.Config
	if err := config.Require("TABLE_NAME", c.TableName, "PHOTOS_BUCKET", c.PhotosBucket); err != nil {
		return nil, nil, err
	}
	store, err := Table(s)
	if err != nil {
		return nil, nil, err
	}
	svc, err := acts.NewService(acts.Config{
		Store: store.Acts(), Blobs: blobstore.New(s.Clients.S3, c.PhotosBucket),
		Clock: s.Now, NewID: auth.NewULID, Location: c.Location,
	})
	return svc, store, err
}

// ActsAPI builds ActsApiFunction: acts, their comments and files, the
// category list, exports, and the OpenAPI document.
func ActsAPI(s *Setup) (*httpapi.Router, error) {
	if err := requireAPI(s); err != nil {
		return nil, err
	}
	svc, store, err := NewActs(s)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &actsapi.API{Acts: svc, Idempotency: store.Idempotency(time.Now), Clock: time.Now,
		Location: s.Config.Location, OpenAPI: openapi.Document}
	api.Routes(rt)
	return rt, nil
}

// PhotoCheck builds PhotoCheckFunction: every object created under acts/ in
// the photos bucket is checked and attached to its act, or deleted. Keys
// arrive URL-encoded in S3 events, hence URLDecodedKey.
func PhotoCheck(s *Setup) (S3Handler, error) {
	svc, _, err := NewActs(s)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, ev events.S3Event) error {
		for _, rec := range ev.Records {
			if err := svc.CheckUpload(ctx, rec.S3.Object.URLDecodedKey); err != nil {
				return fmt.Errorf("photo check of %s/%s: %w", rec.S3.Bucket.Name, rec.S3.Object.URLDecodedKey, err)
			}
		}
		return nil
	}, nil
}
