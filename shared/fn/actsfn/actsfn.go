// Package actsfn builds the acts service on the configured table and
// photos bucket, for the acts API and the photo check and for tools (demo
// seeding, tests) that must write acts exactly as the functions do.
package actsfn

import (
	"context"
	"errors"
	"fmt"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/fn/warrantyfn"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
)

// Service is the acts service and the store it writes to, mailing nobody
// and unable to check uploads: for tools and tests that write acts to set up
// something else.
func Service(e *fn.Env) (*acts.Service, *dynamo.Store, error) { return build(e, nil, false, nil) }

// ServiceMailing is Service that e-mails the other side of every act event
// it must act on: the mails are queued in the write of the change and sent
// right after the commit through sender (the acts API: «e-mailed at once»),
// once each (mailer.Once on the table's ledger).
func ServiceMailing(e *fn.Env, sender mailer.Sender) (*acts.Service, *dynamo.Store, error) {
	return build(e, nil, true, sender)
}

// Checking is the service of the photo check: able to check uploads with
// image, which decodes a JPEG's or PNG's headers (imagecheck.Sound), so
// that only its binary links that header walk. A centre's new file may
// answer a request: the managers' mail is queued with it, and the hourly
// job sends it (this function links no mail sender).
func Checking(e *fn.Env, image acts.ImageCheck) (*acts.Service, *dynamo.Store, error) {
	return build(e, image, true, nil)
}

func build(e *fn.Env, image acts.ImageCheck, mailing bool, sender mailer.Sender) (*acts.Service, *dynamo.Store, error) {
	c := e.Config
	if err := config.Require("TABLE_NAME", c.TableName, "PHOTOS_BUCKET", c.PhotosBucket); err != nil {
		return nil, nil, err
	}
	store, err := tablefn.Store(e)
	if err != nil {
		return nil, nil, err
	}
	judge, err := warrantyfn.Service(e, store)
	if err != nil {
		return nil, nil, err
	}
	var notify acts.Notifier
	if mailing {
		var post *notices.Post
		if sender != nil {
			post = &notices.Post{Outbox: store.Outbox(), Once: mailer.Once{Ledger: mailstore.New(store), Sender: sender, Now: e.Now}}
		}
		notify = notices.ActMail{Directory: identitystore.New(store), Post: post, Now: e.Now,
			Letters: notices.Letters{BaseURL: c.WebBaseURL, Location: c.Location}}
	}
	svc, err := acts.NewService(acts.Config{
		Store: store.Acts(), Blobs: photos{blobstore.New(blobstore.NewClient(e.AWS, c.S3PathStyle), c.PhotosBucket)},
		Clock: e.Now, NewID: auth.NewULID, Location: c.Location, CheckImage: image,
		Notify: notify, Judge: judge,
	})
	return svc, store, err
}

// photos is the photos bucket as the acts service's Blobs: blobstore knows
// no domain, so its changed-object error is named as the service's here.
type photos struct{ *blobstore.Store }

var _ acts.Blobs = photos{}

func (p photos) Read(ctx context.Context, key, etag string, max int64) ([]byte, error) {
	b, err := p.Store.Read(ctx, key, etag, max)
	return b, changed(err)
}

func (p photos) Copy(ctx context.Context, src, dst, etag string) error {
	return changed(p.Store.Copy(ctx, src, dst, etag))
}

// changed names blobstore's ErrChanged as the acts service's ErrObjectChanged.
func changed(err error) error {
	if errors.Is(err, blobstore.ErrChanged) {
		return fmt.Errorf("%w: %w", acts.ErrObjectChanged, err)
	}
	return err
}
