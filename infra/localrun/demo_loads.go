package localrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/imports"
	"aftersales/shared/xlsxwrite"
)

// demoLoad is a spreadsheet the demo loads the way its user would: one
// sheet, a header row and the rows, for one procedure under a file name
// the procedure takes.
type demoLoad struct {
	procedure imports.Procedure
	fileName  string
	sheet     string
	header    []string
	rows      [][]any
}

// seedLoad loads l as caller unless a load of the same file already
// succeeded for them (a persisted table is seeded once): the upload form of
// the imports service, the file posted to the imports bucket with it, and
// the bucket's S3 event handed to the functions it triggers
// (ImportLoadFunction), which validates, writes and mails the protocol. The
// runner's event queue later delivers moto's own event for the same
// object; the loader finds its protocol final and does nothing. A load
// that does not succeed fails the seed with its protocol's reason.
func (s *Server) seedLoad(ctx context.Context, svc *imports.Service, caller auth.Caller, l demoLoad) error {
	done, err := loadedBefore(ctx, svc, caller, l)
	if err != nil || done {
		return err
	}
	var file bytes.Buffer
	rows := func(yield func([]any, error) bool) {
		for _, r := range l.rows {
			if !yield(r, nil) {
				return
			}
		}
	}
	if err := xlsxwrite.Write(&file, l.sheet, l.header, rows); err != nil {
		return fmt.Errorf("write the demo file %s: %w", l.fileName, err)
	}
	up, err := svc.StartUpload(ctx, caller, imports.UploadRequest{Procedure: l.procedure, FileName: l.fileName})
	if err != nil {
		return fmt.Errorf("start the upload of %s: %w", l.fileName, err)
	}
	if err := postUpload(ctx, up.Form, l.fileName, file.Bytes()); err != nil {
		return err
	}
	// No version id: the loader reads the object's current one, which is
	// the version moto's own event names, so both are one load.
	ev, err := json.Marshal(events.S3Event{Records: []events.S3EventRecord{{EventSource: "aws:s3", EventName: "ObjectCreated:Post",
		S3: events.S3Entity{Bucket: events.S3Bucket{Name: s.env.Config.ImportsBucket},
			Object: events.S3Object{Key: url.QueryEscape(up.Key), Size: int64(file.Len())}}}}})
	if err != nil {
		return err
	}
	if err := s.DeliverS3(ctx, string(ev)); err != nil {
		return fmt.Errorf("load the demo file %s: %w", l.fileName, err)
	}
	page, err := svc.Protocols(ctx, caller, imports.ProtocolQuery{UploadID: up.UploadID, Limit: 1})
	switch {
	case err != nil:
		return fmt.Errorf("read the protocol of %s: %w", l.fileName, err)
	case len(page.Items) != 1:
		return fmt.Errorf("the demo file %s has no protocol", l.fileName)
	case page.Items[0].Status != imports.LoadSucceeded:
		p := page.Items[0]
		return fmt.Errorf("the demo file %s did not load: %s %s %+v", l.fileName, p.Status, p.Reason, p.FirstErrors)
	}
	return nil
}

// loadedBefore reports whether caller has a succeeded load of l's file.
func loadedBefore(ctx context.Context, svc *imports.Service, caller auth.Caller, l demoLoad) (bool, error) {
	q := imports.ProtocolQuery{Procedure: l.procedure, Status: imports.LoadSucceeded, Limit: 100}
	for {
		page, err := svc.Protocols(ctx, caller, q)
		if err != nil {
			return false, fmt.Errorf("list the loads of %s: %w", l.fileName, err)
		}
		if slices.ContainsFunc(page.Items, func(p imports.Protocol) bool { return p.FileName == l.fileName }) {
			return true, nil
		}
		if page.Next == "" {
			return false, nil
		}
		q.Cursor = page.Next
	}
}
