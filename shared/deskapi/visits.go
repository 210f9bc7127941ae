package deskapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/agenda"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
)

// Agenda serves the field-visit agenda's routes (in DeskApiFunction) and
// the technicians' public iCalendar feeds.
type Agenda struct {
	Agenda *agenda.Service
	// WebBaseURL is the site's address: a feed's link is under it.
	WebBaseURL string
}

// FeedPath is where a feed is served; its last segment is the token and ".ics".
const FeedPath = "/api/public/ical/"

// Routes registers the agenda's routes; template.yaml declares the same.
func (a *Agenda) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/agenda/visits", auth.CentreRoles, a.list)
	rt.Handle("POST /api/agenda/visits", auth.CentreRoles,
		httpapi.Create(a.Agenda.Create, func(v agenda.Visit) string { return "/api/agenda/visits/" + v.ID }))
	rt.Handle("GET /api/agenda/visits/{id}", auth.CentreRoles, httpapi.ReadID(a.Agenda.Visit))
	rt.Handle("PUT /api/agenda/visits/{id}", auth.CentreRoles, httpapi.ApplyID(a.Agenda.Update))
	rt.Handle("POST /api/agenda/visits/{id}/status", auth.CentreRoles, httpapi.ApplyID(a.Agenda.SetStatus))
	rt.Handle("GET /api/agenda/technicians", auth.CentreRoles, a.technicians)
	rt.Handle("GET /api/agenda/technicians/{id}/feed", auth.CentreRoles, a.feed)
	rt.Handle("POST /api/agenda/technicians/{id}/feed", auth.CentreRoles, a.createFeed)
	rt.Handle("DELETE /api/agenda/technicians/{id}/feed", auth.CentreRoles, a.revokeFeed)
	// The calendar app that subscribes has no session: the token in the
	// link is the credential (API Gateway's path variables take whole
	// segments, so the route's {feed} is "<token>.ics").
	rt.Public("GET "+FeedPath+"{feed}", a.calendar)
}

func (a *Agenda) list(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	q := agenda.Query{From: r.Query("from"), Days: 1, TechnicianID: r.Query("technician")}
	if d := r.Query("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return nil, apperr.Field("days", agenda.CodeOutOfRange, "От 1 до 7 дней", "1 to 7 days")
		}
		q.Days = n
	}
	vs, err := a.Agenda.List(ctx, r.Caller, q)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, visitList{Items: vs}), nil
}

type visitList struct {
	Items []agenda.Visit `json:"items"`
}

func (a *Agenda) technicians(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	ts, err := a.Agenda.Technicians(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, struct {
		Items []agenda.Technician `json:"items"`
	}{ts}), nil
}

// feedAnswer tells whether a technician has a live link; URL is only
// there right after it was made.
type feedAnswer struct {
	Active    bool       `json:"active"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
	URL       string     `json:"url,omitempty"`
}

func (a *Agenda) feed(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	f, err := a.Agenda.FeedOf(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	if f == nil {
		return httpapi.JSON(http.StatusOK, feedAnswer{}), nil
	}
	return httpapi.JSON(http.StatusOK, feedAnswer{Active: true, CreatedAt: &f.CreatedAt}), nil
}

func (a *Agenda) createFeed(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	token, f, err := a.Agenda.CreateFeed(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	url := strings.TrimSuffix(a.WebBaseURL, "/") + FeedPath + token + ".ics"
	return httpapi.JSON(http.StatusCreated, feedAnswer{Active: true, CreatedAt: &f.CreatedAt, URL: url}), nil
}

func (a *Agenda) revokeFeed(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	if err := a.Agenda.RevokeFeed(ctx, r.Caller, r.Param("id")); err != nil {
		return nil, err
	}
	return httpapi.NoContent(), nil
}

// calendar answers the feed as text/calendar; whatever is not a live
// token is 404, so nothing tells a guess from a revoked link.
func (a *Agenda) calendar(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	token, ok := strings.CutSuffix(r.Param("feed"), ".ics")
	if !ok {
		return nil, auth.NotFound()
	}
	cal, err := a.Agenda.Calendar(ctx, token)
	if err != nil {
		return nil, err
	}
	return &httpapi.Response{Status: http.StatusOK, Raw: cal.ICS(), Headers: map[string]string{
		"content-type":        "text/calendar; charset=utf-8",
		"content-disposition": `inline; filename="visits.ics"`,
	}}, nil
}
