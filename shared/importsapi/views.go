package importsapi

import (
	"context"
	"net/http"
	"time"

	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
)

// viewInput is a saved view as the client sends it: the directory's query
// parameters as filters, the visible columns in order, the sort.
type viewInput struct {
	Name    string                 `json:"name"`
	Filters map[string]string      `json:"filters"`
	Columns []imports.OutletColumn `json:"columns"`
	Sort    string                 `json:"sort"`
}

type viewView struct {
	ID      string                 `json:"id"`
	Name    string                 `json:"name"`
	Filters map[string]string      `json:"filters"`
	Columns []imports.OutletColumn `json:"columns"`
	Sort    string                 `json:"sort"`
	SavedAt time.Time              `json:"savedAt"`
}

func newViewView(v imports.View) viewView {
	f := v.Filters
	if f == nil {
		f = map[string]string{}
	}
	return viewView{ID: v.ID, Name: v.Name, Filters: f, Columns: orEmpty(v.Columns), Sort: v.Sort.String(), SavedAt: v.Saved}
}

func (a *API) listViews(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	vs, err := a.Imports.Views(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	out := httpapi.List[viewView]{Items: make([]viewView, len(vs))}
	for i, v := range vs {
		out.Items[i] = newViewView(v)
	}
	return httpapi.JSON(http.StatusOK, out), nil
}

func (a *API) createView(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	return a.saveView(ctx, r, "", http.StatusCreated)
}

func (a *API) replaceView(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	return a.saveView(ctx, r, r.Param("id"), http.StatusOK)
}

// saveView stores the body as the caller's view id ("" for a new one).
func (a *API) saveView(ctx context.Context, r *httpapi.Request, id string, status int) (*httpapi.Response, error) {
	var in viewInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	sort, err := imports.ParseOutletSort(in.Sort)
	if err != nil {
		return nil, err
	}
	v, err := a.Imports.SaveView(ctx, r.Caller, id, imports.ViewInput{Name: in.Name, Filters: in.Filters, Columns: in.Columns, Sort: sort})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(status, newViewView(v)), nil
}

func (a *API) deleteView(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	if err := a.Imports.DeleteView(ctx, r.Caller, r.Param("id")); err != nil {
		return nil, err
	}
	return httpapi.NoContent(), nil
}
