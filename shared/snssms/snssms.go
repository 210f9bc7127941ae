// Package snssms is the Amazon SNS adapter of mailer for text messages:
// Publish with a PhoneNumber sends one SMS, no topic needed. It reuses the
// e-mail protocol (mailer.Sender, so mailer.Once sends each event's SMS at
// most once): the message's only recipient is an E.164 number, its Text
// the SMS. Only the functions that text customers link it.
package snssms

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"aftersales/shared/mailer"
)

// API is the part of the SNS client the sender uses.
type API interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS sends SMS as transactional messages (delivered even to numbers that
// opted out of promotions, priced as such), from SenderID when the
// destination country supports one.
//
// It is a mailer.Sender.
type SNS struct {
	Client   API
	SenderID string
}

var _ mailer.Sender = SNS{}

// Send texts m.Text to m.To's one number and returns SNS's message id.
func (s SNS) Send(ctx context.Context, m mailer.Message) (string, error) {
	if len(m.To) != 1 || m.To[0] == "" {
		return "", errors.New("send SMS: exactly one phone number is needed")
	}
	attrs := map[string]snstypes.MessageAttributeValue{
		"AWS.SNS.SMS.SMSType": {DataType: aws.String("String"), StringValue: aws.String("Transactional")},
	}
	if s.SenderID != "" {
		attrs["AWS.SNS.SMS.SenderID"] = snstypes.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(s.SenderID)}
	}
	out, err := s.Client.Publish(ctx, &sns.PublishInput{PhoneNumber: aws.String(m.To[0]), Message: aws.String(m.Text), MessageAttributes: attrs})
	if err != nil {
		return "", fmt.Errorf("send SMS: %w", err)
	}
	return aws.ToString(out.MessageId), nil
}
