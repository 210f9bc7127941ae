// Package cdek is the СДЭК adapter of carriers.Tracker: its API 2.0 gives
// an order's status history by the СДЭК number (the tracking number a
// manager enters), after an OAuth client-credentials token.
package cdek

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"aftersales/shared/carriers"
)

// DefaultURL is the production API; tests and the local runner point the
// client at the fake carrier instead.
const DefaultURL = "https://api.cdek.ru"

// Client asks СДЭК when a parcel was handed over. It keeps its token until
// shortly before it expires.
type Client struct {
	BaseURL      string
	ClientID     string
	ClientSecret string
	HTTP         *http.Client
	Now          func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

var _ carriers.Tracker = (*Client)(nil)

// delivered is the status code of a parcel handed to the recipient.
const delivered = "DELIVERED"

type orderAnswer struct {
	Entity *struct {
		Statuses []struct {
			Code     string `json:"code"`
			DateTime string `json:"date_time"`
		} `json:"statuses"`
	} `json:"entity"`
}

// Delivered finds the DELIVERED status of the order with the СДЭК number.
// An unknown number is not delivered (the parcel may not be registered
// yet); any other failure wraps carriers.ErrNoAnswer.
func (c *Client) Delivered(ctx context.Context, number string) (time.Time, bool, error) {
	token, err := c.bearer(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		c.BaseURL+"/v2/orders?cdek_number="+url.QueryEscape(number), nil)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%w: %v", carriers.ErrNoAnswer, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	var ans orderAnswer
	status, err := c.do(req, &ans)
	switch {
	case status == http.StatusNotFound:
		return time.Time{}, false, nil
	case status == http.StatusUnauthorized:
		c.mu.Lock()
		c.token = "" // fetched again next time
		c.mu.Unlock()
	}
	if err != nil {
		return time.Time{}, false, err
	}
	if ans.Entity == nil {
		return time.Time{}, false, nil
	}
	for _, s := range ans.Entity.Statuses {
		if s.Code != delivered {
			continue
		}
		at, err := parseTime(s.DateTime)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%w: status time %q", carriers.ErrNoAnswer, s.DateTime)
		}
		return at, true, nil
	}
	return time.Time{}, false, nil
}

// parseTime reads СДЭК's times, which come with or without a colon in the
// zone offset.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unknown time format %q", s)
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// bearer returns a valid token, fetching a new one when needed.
func (c *Client) bearer(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.token != "" && now.Before(c.expires) {
		return c.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/v2/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%w: %v", carriers.ErrNoAnswer, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var ans tokenAnswer
	if _, err := c.do(req, &ans); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	if ans.AccessToken == "" {
		return "", fmt.Errorf("%w: token answer without a token", carriers.ErrNoAnswer)
	}
	// A minute's margin, so a token never expires between check and use.
	c.token, c.expires = ans.AccessToken, now.Add(time.Duration(ans.ExpiresIn)*time.Second-time.Minute)
	return c.token, nil
}

// maxAnswer bounds what is read of an answer.
const maxAnswer = 1 << 20

// do sends req and decodes a 200 answer into out; it returns the status.
func (c *Client) do(req *http.Request, out any) (int, error) {
	req.Header.Set("Accept", "application/json")
	resp, err := c.client().Do(req)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", carriers.ErrNoAnswer, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%w: read answer: %v", carriers.ErrNoAnswer, err)
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("%w: %s %s: HTTP %d", carriers.ErrNoAnswer, req.Method, req.URL.Path, resp.StatusCode)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return resp.StatusCode, fmt.Errorf("%w: decode answer: %v", carriers.ErrNoAnswer, err)
	}
	return resp.StatusCode, nil
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
