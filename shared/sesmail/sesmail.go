// Package sesmail is the SES adapter of mailer: SendEmail for plain
// messages, SendRawEmail with a MIME message when files are attached (moto
// records both; SES v2's simple message would drop attachments). Only the
// functions that send e-mail link it; the domain speaks to mailer.Sender.
package sesmail

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	sestypes "github.com/aws/aws-sdk-go-v2/service/ses/types"

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
	Now    func() time.Time // the Date of a raw message
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
	raw, err := MIME(s.From, m, s.Now())
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
