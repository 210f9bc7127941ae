// Package photocheckfn builds PhotoCheckFunction: every object created
// under acts/ in the photos bucket is checked and attached to its act, or
// deleted.
package photocheckfn

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/acts/imagecheck"
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
)

// New builds the S3 handler. Keys arrive URL-encoded in S3 events, hence
// URLDecodedKey.
func New(e *fn.Env) (fn.S3Handler, error) {
	svc, _, err := actsfn.Checking(e, imagecheck.Sound)
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
