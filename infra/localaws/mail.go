package localaws

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"strings"
	"time"
)

// Mail is one e-mail that moto recorded as sent through SES.
type Mail struct {
	ID          string       `json:"id"`
	From        string       `json:"from"`
	To          []string     `json:"to"`
	Subject     string       `json:"subject"`
	Text        string       `json:"text"`
	HTML        string       `json:"html,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment is one attached file of a raw (MIME) e-mail.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Data        []byte `json:"-"`
	Size        int    `json:"size"`
}

// Mails returns every e-mail moto has recorded: SendEmail messages, then
// SendRawEmail MIME messages with their attachments decoded. moto keeps one
// list for the whole server, so tests pick theirs by recipient.
func Mails(ctx context.Context, motoURL string) ([]Mail, error) {
	data, err := motoState(ctx, motoURL)
	if err != nil {
		return nil, err
	}
	var out []Mail
	for _, m := range data.SES.Message {
		out = append(out, Mail{ID: m.ID, From: m.Source, To: m.Destinations.ToAddresses, Subject: m.Subject, Text: m.Body, HTML: m.HTMLBody})
	}
	for _, m := range data.SES.RawMessage {
		parsed, err := parseRaw(m.RawData)
		if err != nil {
			return nil, fmt.Errorf("parse raw e-mail %s: %w", m.ID, err)
		}
		parsed.ID = m.ID
		if len(parsed.To) == 0 {
			parsed.To = m.Destinations
		}
		out = append(out, parsed)
	}
	return out, nil
}

// motoData is the part of moto's state that holds the sent e-mails and SMS.
type motoData struct {
	SES struct {
		Message    []sesMessage `json:"Message"`
		RawMessage []sesRaw     `json:"RawMessage"`
	} `json:"ses"`
	SNS struct {
		SMS []SMS `json:"SMS"`
	} `json:"sns"`
}

// SMS is one text message that moto recorded as sent through SNS Publish
// to a phone number.
type SMS struct {
	ID    string `json:"message_id"`
	Phone string `json:"phone_number"`
	Text  string `json:"message"`
}

// SMSs returns every SMS moto has recorded, in the order sent. moto keeps
// one list for the whole server, so tests pick theirs by number.
func SMSs(ctx context.Context, motoURL string) ([]SMS, error) {
	data, err := motoState(ctx, motoURL)
	return data.SNS.SMS, err
}

// WaitForSMS polls until at least n SMS match keep, or the timeout passes.
func WaitForSMS(ctx context.Context, motoURL string, n int, timeout time.Duration, keep func(SMS) bool) ([]SMS, error) {
	return waitFor(ctx, n, timeout, func() ([]SMS, error) { return SMSs(ctx, motoURL) }, keep)
}

// stateAttempts bounds the retries of motoState: moto serialises every
// backend for each read and answers 500 when another client changes one
// (an S3 upload of a parallel test) in the middle.
const stateAttempts = 10

// motoState reads moto's recorded state, retrying moto's transient 500s.
func motoState(ctx context.Context, motoURL string) (motoData, error) {
	for attempt := 1; ; attempt++ {
		data, err := readMotoState(ctx, motoURL)
		if err == nil || attempt == stateAttempts || ctx.Err() != nil {
			return data, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func readMotoState(ctx context.Context, motoURL string) (motoData, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, motoURL+"/moto-api/data.json", nil)
	if err != nil {
		return motoData{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return motoData{}, fmt.Errorf("read moto state: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return motoData{}, fmt.Errorf("read moto state: moto answered %d", resp.StatusCode)
	}
	var data motoData
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		return motoData{}, fmt.Errorf("decode moto state: %w", err)
	}
	return data, nil
}

type sesMessage struct {
	ID           string `json:"id"`
	Source       string `json:"source"`
	Subject      string `json:"subject"`
	Body         string `json:"body"`
	HTMLBody     string `json:"html_body"`
	Destinations struct {
		ToAddresses []string `json:"ToAddresses"`
	} `json:"destinations"`
}

type sesRaw struct {
	ID           string   `json:"id"`
	Source       string   `json:"source"`
	Destinations []string `json:"destinations"`
	RawData      string   `json:"raw_data"`
}

var wordDecoder = &mime.WordDecoder{}

func parseRaw(raw string) (Mail, error) {
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	var m Mail
	m.From = msg.Header.Get("From")
	if subj, err := wordDecoder.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = subj
	}
	if to, err := msg.Header.AddressList("To"); err == nil {
		for _, a := range to {
			m.To = append(m.To, a.Address)
		}
	}
	err = walkPart(&m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Header.Get("Content-Disposition"), msg.Body)
	return m, err
}

func walkPart(m *Mail, contentType, encoding, disposition string, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mediaType = "text/plain"
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkPart(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(encoding, body)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(disposition)
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	switch {
	case disp == "attachment" || name != "":
		if dec, err := wordDecoder.DecodeHeader(name); err == nil {
			name = dec
		}
		m.Attachments = append(m.Attachments, Attachment{Name: name, ContentType: mediaType, Data: data, Size: len(data)})
	case mediaType == "text/html":
		m.HTML = string(data)
	default:
		m.Text = string(data)
	}
	return nil
}

func decodeBody(encoding string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "base64":
		raw, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		clean := strings.NewReplacer("\r", "", "\n", "").Replace(string(raw))
		return base64.StdEncoding.DecodeString(clean)
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(body))
	default:
		return io.ReadAll(body)
	}
}

// WaitForMails polls until at least n e-mails match keep, or the timeout passes.
func WaitForMails(ctx context.Context, motoURL string, n int, timeout time.Duration, keep func(Mail) bool) ([]Mail, error) {
	return waitFor(ctx, n, timeout, func() ([]Mail, error) { return Mails(ctx, motoURL) }, keep)
}

// waitFor polls read until at least n of what it returns match keep (nil:
// all), or the timeout passes.
func waitFor[T any](ctx context.Context, n int, timeout time.Duration, read func() ([]T, error), keep func(T) bool) ([]T, error) {
	deadline := time.Now().Add(timeout)
	for {
		all, err := read()
		if err != nil {
			return nil, err
		}
		var got []T
		for _, m := range all {
			if keep == nil || keep(m) {
				got = append(got, m)
			}
		}
		if len(got) >= n || time.Now().After(deadline) || ctx.Err() != nil {
			return got, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}
