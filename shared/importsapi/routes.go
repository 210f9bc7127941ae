// Package importsapi is the HTTP side of outlet and route loads: the routes
// of ImportsApiFunction, turning requests into calls of imports.Service and
// its answers into JSON (and .xlsx for exports). Rules and scope live in
// shared/imports; this package only translates.
package importsapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/imports"
)

// API serves ImportsApiFunction's routes.
type API struct {
	Imports *imports.Service
	Clock   auth.Clock
	// Location is the business time zone: "changed since" dates are its days,
	// and exports show times in it.
	Location *time.Location
}

var (
	// loaders start loads: key users their distributor's, managers (and
	// admins) the serial registry, which the service enforces per procedure.
	// readers see directories (a key user their distributor's, an admin
	// everybody's); managers work on acts and orders, not on distributors'
	// data (identity.md), so of the loads they read only the protocols of
	// their own (protocolReaders).
	loaders         = []auth.Role{auth.RoleKeyUser, auth.RoleManager, auth.RoleAdmin}
	readers         = []auth.Role{auth.RoleKeyUser, auth.RoleAdmin}
	protocolReaders = []auth.Role{auth.RoleKeyUser, auth.RoleManager, auth.RoleAdmin}
)

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways).
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("POST /api/imports", loaders, a.startUpload)
	rt.Handle("GET /api/imports/protocols", protocolReaders, a.listProtocols)
	rt.Handle("GET /api/imports/protocols/{id}", protocolReaders, a.getProtocol)
	rt.Handle("GET /api/imports/protocols/{id}/report", protocolReaders, a.report)
	rt.Handle("GET /api/outlets", readers, a.listOutlets)
	rt.Handle("GET /api/outlets/export", readers, a.exportOutlets)
	rt.Handle("POST /api/outlets/export", readers, a.queueOutletExport)
	rt.Handle("GET /api/outlets/exports/{id}", readers, a.exportLink)
	rt.Handle("GET /api/routes", readers, a.listRoutes)
	rt.Handle("GET /api/routes/export", readers, a.exportRoutes)
	rt.Handle("GET /api/views", readers, a.listViews)
	rt.Handle("POST /api/views", readers, a.createView)
	rt.Handle("PUT /api/views/{id}", readers, a.replaceView)
	rt.Handle("DELETE /api/views/{id}", readers, a.deleteView)
}

// ---------------------------------------------------------------- uploads

type uploadInput struct {
	Procedure imports.Procedure `json:"procedure"`
	FileName  string            `json:"fileName"`
	CheckOnly bool              `json:"checkOnly"`
}

type uploadForm struct {
	URL       string            `json:"url"`
	Fields    map[string]string `json:"fields"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

type uploadResult struct {
	UploadID string     `json:"uploadId"`
	Key      string     `json:"key"`
	MaxBytes int64      `json:"maxBytes"`
	Upload   uploadForm `json:"upload"`
}

func (a *API) startUpload(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in uploadInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	up, err := a.Imports.StartUpload(ctx, r.Caller, imports.UploadRequest{Procedure: in.Procedure, FileName: in.FileName, CheckOnly: in.CheckOnly})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, uploadResult{UploadID: up.UploadID, Key: up.Key, MaxBytes: up.MaxBytes,
		Upload: uploadForm{URL: up.Form.URL, Fields: up.Form.Fields, ExpiresAt: up.Form.ExpiresAt}}), nil
}

// ---------------------------------------------------------------- protocols

type countsView struct {
	Total      int `json:"total"`
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Unchanged  int `json:"unchanged"`
	Removed    int `json:"removed"`
	WithErrors int `json:"withErrors"`
	Errors     int `json:"errors"`
}

type rowErrorView struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
}

type protocolView struct {
	ID              string         `json:"id"`
	Seq             int            `json:"seq,omitempty"`
	DistributorID   string         `json:"distributorId,omitempty"`
	DistributorName string         `json:"distributorName,omitempty"`
	Procedure       string         `json:"procedure,omitempty"`
	ProcedureTitle  string         `json:"procedureTitle,omitempty"`
	CheckOnly       bool           `json:"checkOnly"`
	FileName        string         `json:"fileName"`
	FileType        string         `json:"fileType,omitempty"`
	Size            int64          `json:"size"`
	UploadID        string         `json:"uploadId,omitempty"`
	UploadedBy      string         `json:"uploadedBy,omitempty"`
	UploaderName    string         `json:"uploaderName,omitempty"`
	Status          string         `json:"status"`
	StatusText      string         `json:"statusText"`
	Reason          string         `json:"reason,omitempty"`
	Warnings        []string       `json:"warnings"`
	Counts          countsView     `json:"counts"`
	FirstErrors     []rowErrorView `json:"firstErrors"`
	HasReport       bool           `json:"hasReport"`
	EmailedTo       []string       `json:"emailedTo"`
	CreatedAt       time.Time      `json:"createdAt"`
	ValidatedAt     *time.Time     `json:"validatedAt,omitempty"`
	FinishedAt      *time.Time     `json:"finishedAt,omitempty"`
}

func newProtocolView(p imports.Protocol) protocolView {
	v := protocolView{ID: p.ID, Seq: p.Seq, DistributorID: p.Distributor, DistributorName: p.DistributorName,
		Procedure: string(p.Procedure), CheckOnly: p.CheckOnly, FileName: p.FileName, FileType: p.FileType, Size: p.Size,
		UploadID: p.UploadID, UploadedBy: p.UploaderID, UploaderName: p.UploaderName, Status: string(p.Status),
		StatusText: p.Status.Label(p.CheckOnly), Reason: p.Reason, Warnings: orEmpty(p.Warnings),
		Counts: countsView(p.Counts), FirstErrors: []rowErrorView{}, HasReport: p.ReportKey != "",
		EmailedTo: orEmpty(p.Recipients), CreatedAt: p.CreatedAt, ValidatedAt: optional(p.ValidatedAt), FinishedAt: optional(p.FinishedAt)}
	if p.Procedure != "" {
		v.ProcedureTitle = p.Procedure.Title()
	}
	for _, e := range p.FirstErrors {
		v.FirstErrors = append(v.FirstErrors, rowErrorView(e))
	}
	return v
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func optional(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (a *API) listProtocols(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	limit, err := httpapi.LimitOf(r)
	if err != nil {
		return nil, err
	}
	page, err := a.Imports.Protocols(ctx, r.Caller, imports.ProtocolQuery{Distributor: r.Query("distributor"),
		Status: imports.LoadStatus(r.Query("status")), Procedure: imports.Procedure(r.Query("procedure")),
		UploadID: r.Query("upload"), Limit: limit, Cursor: r.Query("cursor")})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.ListOf(page, newProtocolView)), nil
}

func (a *API) getProtocol(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	p, err := a.Imports.Protocol(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, newProtocolView(p)), nil
}

type linkView struct {
	URL       string    `json:"url"`
	FileName  string    `json:"fileName"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func (a *API) report(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	link, err := a.Imports.ReportLink(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, linkView{URL: link.URL, FileName: link.Name, ExpiresAt: link.ExpiresAt}), nil
}

// ---------------------------------------------------------------- directories

// filters reads the query parameters the directories share: distributor,
// changedSince (a business day, YYYY-MM-DD), load (a load number), limit
// and cursor.
type filters struct {
	distributor  string
	changedSince time.Time
	load         int
	limit        int
	cursor       string
}

func (a *API) filtersOf(r *httpapi.Request) (filters, []apperr.FieldError) {
	f := filters{distributor: r.Query("distributor"), cursor: r.Query("cursor")}
	var errs []apperr.FieldError
	if v := r.Query("changedSince"); v != "" {
		day, err := time.ParseInLocation("2006-01-02", v, a.Location)
		if err != nil {
			errs = append(errs, apperr.FieldError{Field: "changedSince", Code: "invalid_value",
				Message: "Дата — в виде ГГГГ-ММ-ДД", MessageEN: "A date as YYYY-MM-DD"})
		}
		f.changedSince = day
	}
	if v := r.Query("load"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, apperr.FieldError{Field: "load", Code: "invalid_value",
				Message: "Номер загрузки — целое число от 1", MessageEN: "A load number is a whole number from 1"})
		}
		f.load = n
	}
	n, err := httpapi.LimitOf(r)
	if err != nil {
		errs = append(errs, apperr.As(err).Fields...)
	}
	f.limit = n
	return f, errs
}

func (a *API) outletQuery(r *httpapi.Request) (imports.OutletQuery, error) {
	f, errs := a.filtersOf(r)
	var unmapped bool
	switch r.Query("unmapped") {
	case "", "false":
	case "true":
		unmapped = true
	default:
		errs = append(errs, apperr.FieldError{Field: "unmapped", Code: "invalid_value",
			Message: "«Без привязки» — true или false", MessageEN: "unmapped is true or false"})
	}
	sort, err := imports.ParseOutletSort(r.Query("sort"))
	if err != nil {
		errs = append(errs, apperr.As(err).Fields...)
	}
	if len(errs) > 0 {
		return imports.OutletQuery{}, apperr.WithFields(errs)
	}
	return imports.OutletQuery{Distributor: f.distributor, Sort: sort, Code: strings.TrimSpace(r.Query("code")),
		Name: strings.TrimSpace(r.Query("name")), City: strings.TrimSpace(r.Query("city")),
		Subtype: imports.Subtype(r.Query("subtype")), Status: imports.Status(r.Query("status")),
		ChangedSince: f.changedSince, Load: imports.Stamp{LoadSeq: f.load},
		LocalCode: strings.TrimSpace(r.Query("localCode")), Unmapped: unmapped, Limit: f.limit, Cursor: f.cursor}, nil
}

type outletView struct {
	Code          string    `json:"code"`
	Name          string    `json:"name"`
	LegalName     string    `json:"legalName,omitempty"`
	INN           string    `json:"inn,omitempty"`
	Address       string    `json:"address"`
	City          string    `json:"city"`
	Region        string    `json:"region,omitempty"`
	Latitude      *float64  `json:"latitude,omitempty"`
	Longitude     *float64  `json:"longitude,omitempty"`
	Subtype       string    `json:"subtype"`
	Channel       string    `json:"channel,omitempty"`
	Status        string    `json:"status"`
	RDCCode       string    `json:"rdcCode,omitempty"`
	RDCShare      *float64  `json:"rdcShare,omitempty"`
	LocalCode     string    `json:"localCode,omitempty"`
	DistributorID string    `json:"distributorId"`
	ChangedAt     time.Time `json:"changedAt"`
	LoadID        string    `json:"loadId"`
	LoadSeq       int       `json:"loadSeq"`
	RDC           *rdcView  `json:"rdc,omitempty"`
}

// rdcView is an RDC's record; dates are business days.
type rdcView struct {
	ExternalCode    string `json:"externalCode"`
	Name            string `json:"name"`
	ActivityType    string `json:"activityType"`
	Method          string `json:"distributionMethod"`
	DistributeToRDC bool   `json:"distributeToRdc"`
	StartDate       string `json:"startDate"`
	EndDate         string `json:"endDate"`
	Status          string `json:"status"`
}

func newOutletView(o imports.StoredOutlet) outletView {
	v := outletView{Code: o.Code, Name: o.Name, LegalName: o.LegalName, INN: o.INN, Address: o.Address, City: o.City,
		Region: o.Region, Subtype: string(o.Subtype), Channel: o.Channel, Status: string(o.Status), RDCCode: o.RDCCode,
		LocalCode: o.LocalCode, DistributorID: o.Distributor, ChangedAt: o.Changed.At, LoadID: o.Changed.LoadID, LoadSeq: o.Changed.LoadSeq}
	if o.HasCoordinates {
		v.Latitude, v.Longitude = &o.Latitude, &o.Longitude
	}
	if o.HasRDCShare {
		v.RDCShare = &o.RDCShare
	}
	if r := o.RDC; r != nil {
		v.RDC = &rdcView{ExternalCode: r.ExternalCode, Name: r.Name, ActivityType: r.ActivityType, Method: string(r.Method),
			DistributeToRDC: r.ToSelf, StartDate: r.Start.Format(time.DateOnly), EndDate: r.End.Format(time.DateOnly), Status: string(r.Status)}
	}
	return v
}

func (a *API) listOutlets(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q, err := a.outletQuery(r)
	if err != nil {
		return nil, err
	}
	page, err := a.Imports.Outlets(ctx, r.Caller, q)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.ListOf(page, newOutletView)), nil
}

func (a *API) routeQuery(r *httpapi.Request) (imports.RouteQuery, error) {
	f, errs := a.filtersOf(r)
	if len(errs) > 0 {
		return imports.RouteQuery{}, apperr.WithFields(errs)
	}
	return imports.RouteQuery{Distributor: f.distributor, Code: strings.TrimSpace(r.Query("code")),
		Territory: strings.TrimSpace(r.Query("territory")), Outlet: strings.TrimSpace(r.Query("outlet")),
		ChangedSince: f.changedSince, Load: imports.Stamp{LoadSeq: f.load}, Limit: f.limit, Cursor: f.cursor}, nil
}

type stopView struct {
	OutletCode string `json:"outletCode"`
	Agent      string `json:"agent,omitempty"`
	VisitDays  string `json:"visitDays"`
	Frequency  string `json:"frequency"`
	StartDate  string `json:"startDate,omitempty"`
	Order      int    `json:"order,omitempty"`
}

type routeView struct {
	Code          string     `json:"code"`
	Territory     string     `json:"territory"`
	DistributorID string     `json:"distributorId"`
	Stops         []stopView `json:"stops"`
	ChangedAt     time.Time  `json:"changedAt"`
	LoadID        string     `json:"loadId"`
	LoadSeq       int        `json:"loadSeq"`
}

func newRouteView(rt imports.Route) routeView {
	v := routeView{Code: rt.Code, Territory: rt.Territory, DistributorID: rt.Distributor, Stops: make([]stopView, len(rt.Stops)),
		ChangedAt: rt.Changed.At, LoadID: rt.Changed.LoadID, LoadSeq: rt.Changed.LoadSeq}
	for i, s := range rt.Stops {
		v.Stops[i] = stopView{OutletCode: s.OutletCode, Agent: s.Agent, VisitDays: s.VisitDays.String(),
			Frequency: string(s.Frequency), Order: s.Order}
		if !s.StartDate.IsZero() {
			v.Stops[i].StartDate = s.StartDate.Format("2006-01-02")
		}
	}
	return v
}

func (a *API) listRoutes(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q, err := a.routeQuery(r)
	if err != nil {
		return nil, err
	}
	page, err := a.Imports.Routes(ctx, r.Caller, q)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.ListOf(page, newRouteView)), nil
}
