package deskapi

import (
	"context"
	"net/http"
	"strings"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/httpapi"
)

// messageRoutes are the routes of the messages to customers: the centre's
// templates, an order's messages, and the public status link — the one
// desk route without a session (the link's token is its own credential,
// rate-limited per token and per source address).
func (a *API) messageRoutes(rt *httpapi.Router) {
	rt.Handle("GET /api/desk/message-templates", auth.CentreRoles, httpapi.Read(a.Desk.MessageTemplates))
	rt.Handle("PUT /api/desk/message-templates", auth.CentreRoles, httpapi.Apply(a.Desk.SaveMessageTemplates))
	rt.Handle("GET /api/desk/repairs/{id}/messages", auth.CentreRoles, a.repairMessages)
	rt.Public("GET /api/public/status/{token}", a.publicStatus)
}

func (a *API) repairMessages(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	msgs, err := a.Desk.RepairMessages(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, messageList{Items: msgs}), nil
}

type messageList struct {
	Items []desk.Message `json:"items"`
}

// publicStatus answers a status link, rate-limited by the caller's address.
func (a *API) publicStatus(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	st, err := a.Desk.PublicStatus(ctx, r.Param("token"), sourceOf(r))
	if err != nil {
		return nil, err
	}
	resp := httpapi.JSON(http.StatusOK, st)
	// The page is the customer's own: no shared cache keeps it.
	resp.Headers = map[string]string{"cache-control": "no-store"}
	return resp, nil
}

// sourceOf is the caller's address. In AWS requests come only through
// CloudFront (ORIGIN_VERIFY), so API Gateway's source is an edge server and
// the viewer's address is the entry CloudFront appended last to
// X-Forwarded-For (earlier entries are whatever the caller sent). Without
// the header (the local runner) the source is the connection's.
func sourceOf(r *httpapi.Request) string {
	if xff := r.Event.Headers["x-forwarded-for"]; xff != "" {
		parts := strings.Split(xff, ",")
		if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
			return last
		}
	}
	return r.Event.RequestContext.HTTP.SourceIP
}
