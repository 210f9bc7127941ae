// Package fulfilfn builds what the orders API and the scheduled jobs share:
// the store, the shipments service, and the post that sends their e-mails
// once each.
package fulfilfn

import (
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
	"aftersales/shared/sesmail"
	"aftersales/shared/shipments"
	"aftersales/shared/timers"
)

// Fulfilment is the shipments service and its mail on the configured table
// and sender.
type Fulfilment struct {
	Store     *dynamo.Store
	People    *identitystore.Store
	Shipments *shipments.Service
	Post      notices.Post
	Once      mailer.Once
	Letters   notices.Letters
	Policy    timers.Policy
}

// New builds the fulfilment on the env's clock, for the functions and for
// tests that drive them with their own clock.
func New(e *fn.Env) (*Fulfilment, error) { return NewTracking(e, nil) }

// NewTracking is New with the carriers' tracking (shipments.Arrivals),
// which delivers the shipments nobody confirmed: the hourly job's.
func NewTracking(e *fn.Env, arrivals shipments.Arrivals) (*Fulfilment, error) {
	store, err := tablefn.Store(e)
	if err != nil {
		return nil, err
	}
	c := e.Config
	people := identitystore.New(store)
	once := mailer.Once{Ledger: mailstore.New(store), Sender: sesmail.SES{Client: ses.NewFromConfig(e.AWS), From: c.SenderEmail, Now: e.Now}, Now: e.Now}
	post := notices.Post{Once: once, Outbox: store.Outbox()}
	letters := notices.Letters{BaseURL: c.WebBaseURL, Location: c.Location}
	policy := tablefn.TimerPolicy(c)
	svc, err := shipments.NewService(shipments.Config{Store: store.Shipments(), Directory: people, Post: post,
		Letters: letters, Arrivals: arrivals, ClaimWindow: policy.SilentDelivery, Clock: e.Now, NewID: auth.NewULID, Location: c.Location})
	if err != nil {
		return nil, err
	}
	return &Fulfilment{Store: store, People: people, Shipments: svc, Post: post, Once: once, Letters: letters, Policy: policy}, nil
}

// AutoClose is the hourly job on the fulfilment's store and mail.
func (f *Fulfilment) AutoClose() *timers.AutoClose {
	return &timers.AutoClose{Store: f.Store.Timers(), Directory: f.People, Letters: f.Letters, Post: f.Post,
		Settler: f.Shipments, Policy: f.Policy, NewID: auth.NewULID}
}

// Digest is the morning digest on the fulfilment's store and mail.
func (f *Fulfilment) Digest() *timers.Digest {
	return &timers.Digest{Store: f.Store.Timers(), Directory: f.People, Letters: f.Letters, Mail: f.Once, Policy: f.Policy,
		Held: f.Store.Outbox(), Post: f.Post}
}
