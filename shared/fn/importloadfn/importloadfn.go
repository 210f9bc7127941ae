// Package importloadfn builds ImportLoadFunction: every object created in
// the imports bucket is loaded once, and its protocol e-mailed.
package importloadfn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/importsfn"
	"aftersales/shared/imports"
	"aftersales/shared/mailer"
	"aftersales/shared/sesmail"
	"aftersales/shared/sheets"
)

// Loader builds the loader on the configured table, buckets and SES sender.
func Loader(e *fn.Env) (*imports.Loader, error) {
	l, _, err := build(e)
	return l, err
}

// build makes the loader and the background exporter on one storage and
// one mailer.
func build(e *fn.Env) (*imports.Loader, *imports.Exporter, error) {
	c := e.Config
	st, err := importsfn.New(e)
	if err != nil {
		return nil, nil, err
	}
	send := importMail{mailer.Once{Ledger: mailstore.New(st.Table), Sender: sesmail.SES{Client: ses.NewFromConfig(e.AWS), From: c.SenderEmail, Now: e.Now}, Now: e.Now}}
	people := identitystore.New(st.Table)
	l, err := imports.NewLoader(imports.LoaderConfig{
		Protocols: st.Imports, Directory: st.Imports, People: people, Mail: send, Files: st.Files,
		Limits:   sheets.Limits{MaxBytes: c.ImportMaxBytes, MaxRows: c.ImportMaxRows},
		Location: c.Location, WebBaseURL: c.WebBaseURL, Clock: e.Now,
	})
	x := &imports.Exporter{Directory: st.Imports, Files: st.Files, People: people, Mail: send, Location: c.Location, Clock: e.Now,
		WebBaseURL: c.WebBaseURL}
	return l, x, err
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

// New builds the S3 handler. Keys arrive URL-encoded, hence URLDecodedKey.
// A record that should be delivered again fails the invocation, so Lambda
// retries the event; records already loaded are then found final and skipped.
func New(e *fn.Env) (fn.S3Handler, error) {
	loader, exporter, err := build(e)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, ev events.S3Event) error {
		var errs []error
		for _, rec := range ev.Records {
			obj := imports.Object{Bucket: rec.S3.Bucket.Name, Key: rec.S3.Object.URLDecodedKey, VersionID: rec.S3.Object.VersionID}
			if imports.IsExportRequest(obj.Key) {
				errs = append(errs, export(ctx, exporter, obj))
				continue
			}
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

// export runs one background export. Its mail goes through the ledger, so
// a retried event never mails twice; a dropped request is not retried.
func export(ctx context.Context, x *imports.Exporter, obj imports.Object) error {
	res, err := x.Run(ctx, obj)
	attrs := []any{"key", obj.Key, "rows", res.Rows, "file", res.Key}
	switch {
	case errors.Is(err, imports.ErrDropped):
		slog.ErrorContext(ctx, "export request dropped", append(attrs, "gaveUp", true, "error", err)...)
		return nil
	case err != nil:
		slog.ErrorContext(ctx, "export interrupted; the event will be retried", append(attrs, "error", err)...)
		return fmt.Errorf("export %s: %w", obj.Key, err)
	}
	slog.InfoContext(ctx, "export mailed", attrs...)
	return nil
}
