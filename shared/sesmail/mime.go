package sesmail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"aftersales/shared/mailer"
)

// MIME renders m, sent at now, as a multipart/mixed message: the text, then
// each attachment, all base64. The standard library's writers are enough
// for this one shape; a mail library would link SMTP, DKIM and Unicode
// tables into every function that sends a report.
func MIME(from string, m mailer.Message, now time.Time) ([]byte, error) {
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender %q: %w", from, err)
	}
	to := make([]string, len(m.To))
	for i, r := range m.To {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return nil, fmt.Errorf("recipient %q: %w", r, err)
		}
		to[i] = a.String()
	}
	id, err := messageID(sender.Address)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	body := multipart.NewWriter(&buf)
	head := []string{
		"From: " + sender.String(),
		"To: " + strings.Join(to, ", "),
		"Subject: " + mime.BEncoding.Encode("UTF-8", m.Subject),
		"Date: " + now.Format(time.RFC1123Z),
		"Message-ID: " + id,
		"MIME-Version: 1.0",
		"Content-Type: " + mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": body.Boundary()}),
	}
	// The part writer writes nothing before its first part: the head goes first.
	buf.WriteString(strings.Join(head, "\r\n") + "\r\n\r\n")
	if err := part(body, "text/plain; charset=UTF-8", "", []byte(m.Text)); err != nil {
		return nil, fmt.Errorf("render e-mail %q: %w", m.Subject, err)
	}
	for _, a := range m.Attachments {
		// FormatMediaType writes a non-ASCII file name as RFC 2231's filename*.
		disp := mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})
		if err := part(body, a.ContentType, disp, a.Data); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Name, err)
		}
	}
	if err := body.Close(); err != nil {
		return nil, fmt.Errorf("render e-mail %q: %w", m.Subject, err)
	}
	return buf.Bytes(), nil
}

// part writes one base64 body part in lines of 76 characters (RFC 2045).
func part(w *multipart.Writer, contentType, disposition string, data []byte) error {
	h := textproto.MIMEHeader{"Content-Type": {contentType}, "Content-Transfer-Encoding": {"base64"}}
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	p, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		if _, err := io.WriteString(p, enc[:76]+"\r\n"); err != nil {
			return err
		}
		enc = enc[76:]
	}
	_, err = io.WriteString(p, enc+"\r\n")
	return err
}

// messageID is a unique Message-ID on the sender's domain.
func messageID(sender string) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("message id: %w", err)
	}
	domain := sender[strings.LastIndexByte(sender, '@')+1:]
	return fmt.Sprintf("<%x@%s>", b, domain), nil
}
