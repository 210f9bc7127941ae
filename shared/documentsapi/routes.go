// Package documentsapi is the HTTP side of DocumentsApiFunction: the PDF
// documents of repair orders, warranty acts and compensation statements,
// downloaded or e-mailed. Rules live in shared/documents; this package only
// translates.
package documentsapi

import (
	"context"
	"net/http"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/documents"
	"aftersales/shared/httpapi"
	"aftersales/shared/orders"
)

// API serves DocumentsApiFunction's routes.
type API struct {
	Documents *documents.Service
}

// Routes registers every route; template.yaml declares the same ones. A
// repair order's documents are its centre's (the wholesaler's staff do not
// see centres' customers); an act and a statement are read by their centre
// and the staff, as everywhere; a claim to a factory or carrier is the
// wholesaler's own.
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/repairs/{id}/receipt.pdf", auth.CentreRoles, a.repairPDF(documents.DocReceipt))
	rt.Handle("GET /api/desk/repairs/{id}/completion.pdf", auth.CentreRoles, a.repairPDF(documents.DocCompletion))
	rt.Handle("POST /api/desk/repairs/{id}/documents/email", auth.CentreRoles, a.emailRepair)
	rt.Handle("GET /api/acts/{id}/document.pdf", auth.ActRoles, a.actPDF)
	rt.Handle("POST /api/acts/{id}/document/email", auth.ActRoles, a.emailAct)
	rt.Handle("GET /api/compensation/statement.pdf", auth.ActRoles, a.statement)
	rt.Handle("GET /api/ledger/payers/{payer}/claim-document.pdf", auth.StaffRoles, a.claim)
}

func pdf(f documents.File) *httpapi.Response {
	return httpapi.Attachment(f.Name, "application/pdf", f.Data)
}

func (a *API) repairPDF(doc documents.RepairDoc) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		f, err := a.Documents.RepairDocument(ctx, r.Caller, r.Param("id"), doc)
		if err != nil {
			return nil, err
		}
		return pdf(f), nil
	}
}

// emailRequest is what the e-mail buttons send; an empty To means the
// customer (an order) or the centre (an act).
type emailRequest struct {
	Document documents.RepairDoc `json:"document"`
	To       string              `json:"to"`
}

func (a *API) emailRepair(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in emailRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.Document != documents.DocReceipt && in.Document != documents.DocCompletion {
		return nil, apperr.Field("document", "invalid",
			"Документ: receipt (квитанция) или completion (акт выполненных работ)", "document is receipt or completion")
	}
	sent, err := a.Documents.EmailRepairDocument(ctx, r.Caller, r.Param("id"), in.Document, in.To)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, sent), nil
}

func (a *API) actPDF(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	f, err := a.Documents.ActDocument(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return pdf(f), nil
}

func (a *API) emailAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in struct {
		To string `json:"to"`
	}
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	sent, err := a.Documents.EmailActDocument(ctx, r.Caller, r.Param("id"), in.To)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, sent), nil
}

func (a *API) statement(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	f, err := a.Documents.Statement(ctx, r.Caller, r.Query("serviceCenterId"), r.Query("month"))
	if err != nil {
		return nil, err
	}
	return pdf(f), nil
}

func (a *API) claim(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	f, err := a.Documents.ClaimDocument(ctx, r.Caller, orders.Payer(r.Param("payer")), r.Query("party"), r.Query("month"))
	if err != nil {
		return nil, err
	}
	return pdf(f), nil
}
