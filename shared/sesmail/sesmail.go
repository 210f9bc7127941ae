// Package sesmail is the SES adapter of mailer: SendEmail for plain
// messages, SendRawEmail with a MIME message when files are attached (moto
// records both; SES v2's simple message would drop attachments). Only the
// functions that send e-mail link it; the domain speaks to mailer.Sender.
package sesmail

import (
	"bytes"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"
	gomail "github.com/wneessen/go-mail"

	"aftersales/shared/mailer"
)

// SESAPI is the part of the SES client the sender uses.
type SESAPI interface {
	SendEmail(ctx context.Context, in *ses.SendEmailInput, opts ...func(*ses.Options)) (*ses.SendEmailOutput, error)
	SendRawEmail(ctx context.Context, in *ses.SendRawEmailInput, opts ...func(*ses.Options)) (*ses.SendRawEmailOutput, error)
}

// SES sends messages from one verified sender.
//
// It is a mailer.Sender.
type SES struct {
	Client SESAPI
	From   string
}

// Send delivers m and returns SES's message id.
func (s SES) Send(ctx context.Context, m mailer.Message) (string, error) {
	if len(m.To) == 0 {
		return "", fmt.Errorf("send %q: no recipients", m.Subject)
	}
	if len(m.Attachments) == 0 {
		out, err := s.Client.SendEmail(ctx, &ses.SendEmailInput{
			Source:      aws.String(s.From),
			Destination: &sestypes.Destination{ToAddresses: m.To},
			Message: &sestypes.Message{
				Subject: &sestypes.Content{Data: aws.String(m.Subject), Charset: aws.String("UTF-8")},
				Body:    &sestypes.Body{Text: &sestypes.Content{Data: aws.String(m.Text), Charset: aws.String("UTF-8")}},
			},
		})
		if err != nil {
			return "", fmt.Errorf("send %q: %w", m.Subject, err)
		}
		return aws.ToString(out.MessageId), nil
	}
	raw, err := MIME(s.From, m)
	if err != nil {
		return "", err
	}
	out, err := s.Client.SendRawEmail(ctx, &ses.SendRawEmailInput{
		Source:       aws.String(s.From),
		Destinations: m.To,
		RawMessage:   &sestypes.RawMessage{Data: raw},
	})
	if err != nil {
		return "", fmt.Errorf("send %q with attachments: %w", m.Subject, err)
	}
	return aws.ToString(out.MessageId), nil
}

// MIME renders m as a multipart MIME message with its attachments.
func MIME(from string, m mailer.Message) ([]byte, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("sender %q: %w", from, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("recipients %v: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.Name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("render e-mail %q: %w", m.Subject, err)
	}
	return buf.Bytes(), nil
}
