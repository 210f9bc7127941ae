// Package russianpost is the Почта России adapter of carriers.Tracker: the
// single-request tracking service (SOAP 1.2, getOperationHistory) gives a
// postal item's operations by its barcode (the tracking number), with the
// login and password the post issues to the sender.
package russianpost

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"time"

	"aftersales/shared/carriers"
)

// DefaultURL is the production tracking service; tests and the local
// runner point the client at the fake carrier instead.
const DefaultURL = "https://tracking.russianpost.ru/rtm34"

// Client asks Почта России when a postal item was handed over.
type Client struct {
	URL      string
	Login    string
	Password string
	HTTP     *http.Client
}

var _ carriers.Tracker = (*Client)(nil)

// operHandedOver is the operation type «Вручение»: the item reached its
// recipient.
const operHandedOver = 2

// request is the SOAP envelope of getOperationHistory; encoding/xml writes
// the prefixed names as they are, with the namespaces declared on it.
type request struct {
	XMLName xml.Name `xml:"soap:Envelope"`
	Soap    string   `xml:"xmlns:soap,attr"`
	Oper    string   `xml:"xmlns:oper,attr"`
	Data    string   `xml:"xmlns:data,attr"`
	Body    struct {
		History struct {
			Request struct {
				Barcode     string `xml:"data:Barcode"`
				MessageType int    `xml:"data:MessageType"`
				Language    string `xml:"data:Language"`
			} `xml:"data:OperationHistoryRequest"`
			Auth struct {
				MustUnderstand string `xml:"soap:mustUnderstand,attr"`
				Login          string `xml:"data:login"`
				Password       string `xml:"data:password"`
			} `xml:"data:AuthorizationHeader"`
		} `xml:"oper:getOperationHistory"`
	} `xml:"soap:Body"`
}

// answer is the part of the response read: every operation's type and
// date, and a SOAP fault's reason. Names match by local name.
type answer struct {
	Body struct {
		Fault *struct {
			Reason string `xml:"Reason>Text"`
		} `xml:"Fault"`
		Response struct {
			Records []struct {
				Type int    `xml:"OperationParameters>OperType>Id"`
				Date string `xml:"OperationParameters>OperDate"`
			} `xml:"OperationHistoryData>historyRecord"`
		} `xml:"getOperationHistoryResponse"`
	} `xml:"Body"`
}

// Delivered finds the «Вручение» operation of the item. An item the post
// does not know yet, or one still on its way, is not delivered; any other
// failure wraps carriers.ErrNoAnswer.
func (c *Client) Delivered(ctx context.Context, number string) (time.Time, bool, error) {
	var r request
	r.Soap, r.Oper, r.Data = "http://www.w3.org/2003/05/soap-envelope",
		"http://russianpost.org/operationhistory", "http://russianpost.org/operationhistory/data"
	q := &r.Body.History
	q.Request.Barcode, q.Request.MessageType, q.Request.Language = number, 0, "RUS"
	q.Auth.MustUnderstand, q.Auth.Login, q.Auth.Password = "1", c.Login, c.Password
	body, err := xml.Marshal(r)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(append([]byte(xml.Header), body...)))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%w: %v", carriers.ErrNoAnswer, err)
	}
	req.Header.Set("Content-Type", "application/soap+xml; charset=utf-8")
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%w: %v", carriers.ErrNoAnswer, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%w: read answer: %v", carriers.ErrNoAnswer, err)
	}
	var ans answer
	// A fault comes with HTTP 500, so the body is read whatever the status.
	if err := xml.Unmarshal(raw, &ans); err != nil {
		return time.Time{}, false, fmt.Errorf("%w: HTTP %d, decode answer: %v", carriers.ErrNoAnswer, resp.StatusCode, err)
	}
	if f := ans.Body.Fault; f != nil {
		return time.Time{}, false, fmt.Errorf("%w: %s", carriers.ErrNoAnswer, f.Reason)
	}
	if resp.StatusCode != http.StatusOK {
		return time.Time{}, false, fmt.Errorf("%w: HTTP %d", carriers.ErrNoAnswer, resp.StatusCode)
	}
	for _, rec := range ans.Body.Response.Records {
		if rec.Type != operHandedOver {
			continue
		}
		at, err := time.Parse(time.RFC3339, rec.Date)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%w: operation date %q", carriers.ErrNoAnswer, rec.Date)
		}
		return at, true, nil
	}
	return time.Time{}, false, nil
}
