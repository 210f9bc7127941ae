package importsapi

import (
	"bytes"
	"context"
	"net/http"
	"slices"

	"aftersales/shared/apperr"
	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
	"aftersales/shared/xlsxwrite"
)

// The exports are laid out as the load templates, plus when each entry
// last changed and by which load, so a key user can edit an export and
// load it back (the two extra columns are reported as unknown and skipped).
const (
	changedHeader = "Изменено"
	loadHeader    = "№ загрузки"
)

// exportedView is the view an export writes: the list's query and the
// columns (`columns`, every column when absent).
func (a *API) exportedView(r *httpapi.Request) (imports.OutletQuery, []imports.OutletColumn, error) {
	q, err := a.outletQuery(r)
	if err != nil {
		return q, nil, err
	}
	cols, err := imports.ParseOutletColumns(r.Query("columns"))
	return q, cols, err
}

// exportOutlets writes exactly what a view shows: its filters, its order
// and its columns (`columns`, every column when absent).
func (a *API) exportOutlets(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q, cols, err := a.exportedView(r)
	if err != nil {
		return nil, err
	}
	found, err := a.Imports.ExportOutlets(ctx, r.Caller, q)
	if err != nil {
		return nil, err
	}
	header, rows := imports.OutletTable(found, cols, a.Location)
	return a.sheet("Торговые точки", "torgovye-tochki", header, rows)
}

type queuedView struct {
	ID       string `json:"id"`
	LinkDays int    `json:"linkDays"`
}

// queueOutletExport takes the same view as exportOutlets and runs it in the
// background, for any number of rows; the link arrives by e-mail.
func (a *API) queueOutletExport(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q, cols, err := a.exportedView(r)
	if err != nil {
		return nil, err
	}
	queued, err := a.Imports.QueueOutletExport(ctx, r.Caller, q, cols)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusAccepted, queuedView{ID: queued.ID, LinkDays: queued.LinkDays}), nil
}

// exportLink answers the page a background export's e-mail links to with
// a fresh download link (the ?distributor= of the mailed link names whose).
func (a *API) exportLink(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	link, err := a.Imports.ExportLink(ctx, r.Caller, r.Query("distributor"), r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, linkView{URL: link.URL, FileName: link.Name, ExpiresAt: link.ExpiresAt}), nil
}

func (a *API) exportRoutes(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q, err := a.routeQuery(r)
	if err != nil {
		return nil, err
	}
	found, err := a.Imports.ExportRoutes(ctx, r.Caller, q)
	if err != nil {
		return nil, err
	}
	rows := func(yield func([]any, error) bool) {
		for _, rt := range found {
			for _, s := range rt.Stops {
				var start, order any
				if !s.StartDate.IsZero() {
					start = s.StartDate
				}
				if s.Order > 0 {
					order = s.Order
				}
				if !yield([]any{rt.Code, rt.Territory, s.Agent, s.OutletCode, s.VisitDays.String(), s.Frequency.Label(),
					start, order, rt.Changed.At.In(a.Location), rt.Changed.LoadSeq}, nil) {
					return
				}
			}
		}
	}
	return a.workbook("Маршруты", "marshruty", imports.RouteTemplate(), rows)
}

// workbook answers one sheet as an .xlsx download named <base>-<today>.xlsx.
// xlsxwrite.Write neutralises text a spreadsheet would run as a formula.
func (a *API) workbook(sheet, base string, template []string, rows func(func([]any, error) bool)) (*httpapi.Response, error) {
	return a.sheet(sheet, base, append(slices.Clone(template), changedHeader, loadHeader), rows)
}

// sheet answers one sheet with header as an .xlsx download.
func (a *API) sheet(sheet, base string, header []string, rows func(func([]any, error) bool)) (*httpapi.Response, error) {
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, sheet, header, rows); err != nil {
		return nil, apperr.Wrap(err, "write the "+base+" export")
	}
	name := base + "-" + a.Clock().In(a.Location).Format("2006-01-02") + ".xlsx"
	return httpapi.Attachment(name, imports.XLSXType, buf.Bytes()), nil
}
