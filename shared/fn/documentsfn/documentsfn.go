// Package documentsfn builds DocumentsApiFunction: the printed documents
// (PDF) of repair orders, warranty acts and compensation statements, and
// their e-mails. It is the only function that links the PDF writer, the
// fonts and the QR encoder.
package documentsfn

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/desk"
	"aftersales/shared/documents"
	"aftersales/shared/documentsapi"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/httpapi"
	"aftersales/shared/ledger"
	"aftersales/shared/sesmail"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	svc, err := Service(e)
	if err != nil {
		return nil, err
	}
	rt := httpapi.NewRouter()
	(&documentsapi.API{Documents: svc}).Routes(rt)
	return rt, nil
}

// Service is the documents service on the configured table and SES.
func Service(e *fn.Env) (*documents.Service, error) {
	table, err := tablefn.Store(e)
	if err != nil {
		return nil, err
	}
	var wholesaler documents.Org
	if e.Config.Wholesaler != "" {
		if err := json.Unmarshal([]byte(e.Config.Wholesaler), &wholesaler); err != nil {
			return nil, fmt.Errorf("WHOLESALER_REQUISITES: %w", err)
		}
	}
	frontDesk := deskstore.New(table)
	return documents.NewService(documents.Config{
		Repairs:    frontDesk,
		Acts:       table.Acts(),
		Orders:     table.Shipments(),
		Ledger:     table,
		Payers:     ledger.NewService(table.Ledger(), e.Now),
		People:     identitystore.New(table),
		Details:    frontDesk,
		Sender:     sesmail.SES{Client: ses.NewFromConfig(e.AWS), From: e.Config.SenderEmail, Now: e.Now},
		Wholesaler: wholesaler,
		Clock:      e.Now,
		Location:   e.Config.Location,
		// The receipt's QR code opens the order's status page.
		StatusURL: func(r desk.Repair) string { return desk.StatusLink(e.Config.WebBaseURL, r.StatusToken) },
	})
}
