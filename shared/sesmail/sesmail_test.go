package sesmail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"testing"
	"time"

	"aftersales/shared/mailer"
)

// The raw message is read back by the standard library's parsers, as a mail
// client would: headers decoded, each part's bytes and name as sent.
func TestAMessageWithAnAttachmentRendersAsMultipartMIME(t *testing.T) {
	data := bytes.Repeat([]byte("PK\x03\x04data\x00\xff"), 40) // longer than one base64 line
	sent := time.Date(2026, 3, 2, 10, 4, 5, 0, time.FixedZone("MSK", 3*3600))
	raw, err := MIME("no-reply@example.com", mailer.Message{
		To: []string{"ku@example.com", "Ку <ku2@example.com>"}, Subject: "Протокол загрузки №7: ошибки", Text: "Файл не загружен",
		Attachments: []mailer.Attachment{{Name: "ошибки.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data}},
	}, sent)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, raw)
	}
	dec := new(mime.WordDecoder)
	if subj, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subj != "Протокол загрузки №7: ошибки" {
		t.Errorf("subject read as %q (%v)", subj, err)
	}
	if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 2 || to[0].Address != "ku@example.com" || to[1].Name != "Ку" {
		t.Errorf("recipients read as %v (%v)", to, err)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || from[0].Address != "no-reply@example.com" {
		t.Errorf("sender read as %v (%v)", from, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(sent) {
		t.Errorf("date read as %v (%v), want %v", d, err, sent)
	}
	if id := msg.Header.Get("Message-Id"); len(id) < 20 || id[0] != '<' || !bytes.HasSuffix([]byte(id), []byte("@example.com>")) {
		t.Errorf("message id %q", id)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q (%v)", mt, err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var parts []*multipart.Part
	var bodies [][]byte
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		if err != nil {
			t.Fatalf("part %d not base64: %v", len(parts), err)
		}
		parts, bodies = append(parts, p), append(bodies, b)
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts, want the text and one attachment", len(parts))
	}
	if ct := parts[0].Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" || string(bodies[0]) != "Файл не загружен" {
		t.Errorf("text part %q: %q", ct, bodies[0])
	}
	if parts[1].FileName() != "ошибки.xlsx" || !bytes.Equal(bodies[1], data) {
		t.Errorf("attachment read as %q, %d bytes (want %d)", parts[1].FileName(), len(bodies[1]), len(data))
	}
	if ct := parts[1].Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("attachment type %q", ct)
	}
}

func TestABadAddressIsRefusedBeforeAnythingIsSent(t *testing.T) {
	for _, to := range []string{"not an address", "a@example.com\r\nBcc: x@example.com"} {
		if _, err := MIME("no-reply@example.com", mailer.Message{To: []string{to}, Subject: "s", Text: "t"}, time.Now()); err == nil {
			t.Errorf("recipient %q accepted", to)
		}
	}
}
