package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
	"aftersales/shared/importsapi"
	"aftersales/shared/mailer"
	"aftersales/shared/sheets"
)

// importsStorage is the loads' storage on the configured table and buckets.
func importsStorage(s *Setup) (*dynamo.Store, *dynamo.Imports, *blobstore.ImportFiles, error) {
	c := s.Config
	if err := config.Require("TABLE_NAME", c.TableName, "IMPORTS_BUCKET", c.ImportsBucket, "REPORTS_BUCKET", c.ReportsBucket); err != nil {
		return nil, nil, nil, err
	}
	store, err := Table(s)
	if err != nil {
		return nil, nil, nil, err
	}
	return store, store.Imports(), blobstore.NewImportFiles(s.Clients.S3, c.ImportsBucket, c.ReportsBucket), nil
}

// newLoader builds the loader of ImportLoadFunction on the configured
// table, buckets and SES sender.
func newLoader(s *Setup) (*imports.Loader, error) {
	store, im, files, err := importsStorage(s)
	if err != nil {
		return nil, err
	}
	c := s.Config
	send := mailer.Once{Ledger: store.MailLedger(), Sender: mailer.SES{Client: s.Clients.SES, From: c.SenderEmail}, Now: time.Now}
	return imports.NewLoader(imports.LoaderConfig{
		Protocols: im, Directory: im, Files: files, People: store, Mail: importMail{send},
		Limits:   sheets.Limits{MaxBytes: c.ImportMaxBytes, MaxRows: c.ImportMaxRows},
		Location: c.Location, WebBaseURL: c.WebBaseURL,
	})
}

// newSweeper is the hourly job's sweep of loads a crash left processing.
func newSweeper(s *Setup) (imports.Sweeper, error) {
	loader, err := newLoader(s)
	if err != nil {
		return imports.Sweeper{}, err
	}
	_, im, _, err := importsStorage(s)
	return imports.Sweeper{Loader: loader, Loads: im}, err
}

// importMail sends a load's e-mail through the ledger, once per protocol.
type importMail struct{ once mailer.Once }

func (m importMail) Send(ctx context.Context, eventKey string, msg imports.Mail) error {
	out := mailer.Message{To: msg.To, Subject: msg.Subject, Text: msg.Text}
	if a := msg.Attachment; a != nil {
		out.Attachments = []mailer.Attachment{{Name: a.Name, ContentType: a.ContentType, Data: a.Data}}
	}
	return m.once.Send(ctx, eventKey, out)
}

// ImportLoad builds ImportLoadFunction: every object created in the imports
// bucket is loaded once. Keys arrive URL-encoded, hence URLDecodedKey. A
// record that should be delivered again fails the invocation, so Lambda
// retries the event; records already loaded are then found final and skipped.
func ImportLoad(s *Setup) (S3Handler, error) {
	loader, err := newLoader(s)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, ev events.S3Event) error {
		var errs []error
		for _, rec := range ev.Records {
			obj := imports.Object{Bucket: rec.S3.Bucket.Name, Key: rec.S3.Object.URLDecodedKey, VersionID: rec.S3.Object.VersionID}
			p, err := loader.Process(ctx, obj)
			attrs := []any{"bucket", obj.Bucket, "key", obj.Key, "version", obj.VersionID, "protocol", p.ID, "seq", p.Seq,
				"distributor", p.Distributor, "status", p.Status, "rows", p.Counts.Total, "attempt", p.Attempts}
			switch {
			case errors.Is(err, imports.ErrRecorded):
				slog.ErrorContext(ctx, "import load failed; recorded in its protocol", append(attrs, "gaveUp", true, "error", err)...)
			case err != nil:
				slog.ErrorContext(ctx, "import load interrupted; the event will be retried", append(attrs, "error", err)...)
				errs = append(errs, fmt.Errorf("load %s/%s: %w", obj.Bucket, obj.Key, err))
			default:
				slog.InfoContext(ctx, "import load processed", attrs...)
			}
		}
		return errors.Join(errs...)
	}, nil
}

// ImportsAPI builds ImportsApiFunction: upload forms, load protocols and
// their reports, the outlet and route directories and their exports.
func ImportsAPI(s *Setup) (*httpapi.Router, error) {
	if err := requireAPI(s); err != nil {
		return nil, err
	}
	_, im, files, err := importsStorage(s)
	if err != nil {
		return nil, err
	}
	svc, err := imports.NewService(imports.ServiceConfig{Protocols: im, Directory: im, Files: files,
		Clock: time.Now, NewID: auth.NewULID, MaxBytes: s.Config.ImportMaxBytes})
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	api := &importsapi.API{Imports: svc, Clock: time.Now, Location: s.Config.Location}
	api.Routes(rt)
	return rt, nil
}
