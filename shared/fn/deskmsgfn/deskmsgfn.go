// Package deskmsgfn builds the front desk's messenger for the functions that
// tell customers about their orders: DeskApiFunction (right after a status
// change) and DailyDigestFunction (the uncollected reminder and the resend
// of what failed, and the agenda's SMS reminders of tomorrow's visits).
// Only these link the SNS client.
package deskmsgfn

import (
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/fn"
	"aftersales/shared/mailer"
	"aftersales/shared/sesmail"
	"aftersales/shared/snssms"
)

// New is the messenger on the table, sending e-mail through SES and SMS
// through SNS, each at most once per event (one ledger for both).
func New(e *fn.Env, table *dynamo.Store) *desk.Messenger {
	store := deskstore.New(table)
	ledger := mailstore.New(table)
	email := mailer.Once{Ledger: ledger, Sender: sesmail.SES{Client: ses.NewFromConfig(e.AWS), From: e.Config.SenderEmail, Now: e.Now}, Now: e.Now}
	sms := SMS(e, table)
	return &desk.Messenger{Store: store, Repairs: store, Customers: store, Centres: identitystore.New(table),
		Courier: &desk.Courier{Store: store, Email: email, SMS: sms, Now: e.Now},
		Limiter: store, BaseURL: e.Config.WebBaseURL, Clock: e.Now}
}

// SMS sends text messages through SNS, each key at most once (the mail
// ledger): the customers' messages and the agenda's visit reminders.
func SMS(e *fn.Env, table *dynamo.Store) mailer.Once {
	return mailer.Once{Ledger: mailstore.New(table), Sender: snssms.SNS{Client: sns.NewFromConfig(e.AWS)}, Now: e.Now}
}
