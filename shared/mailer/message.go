// Package mailer is the e-mail protocol of the domain: a message, a Sender
// that delivers it, and Once, which makes a send happen at most once per
// business event even when a function retries. It holds no AWS code: the SES
// adapter is shared/sesmail, so packages that only compose or queue e-mail
// (notices, timers, shipments) link no SDK.
package mailer

import "time"

// Queued is one event's e-mail as it waits in an outbox between the commit
// of the change it reports and its send. Key names the event (and, for
// per-person mails, the recipient): the ledger sends each key at most once.
type Queued struct {
	Key     string
	Message Message
	// At is when it was queued; a queued mail is due for the hourly job
	// from then on, in case the send right after the commit never happens.
	At time.Time
	// Digest is the user who chose the daily digest: the mail is then held
	// for their next digest instead of being sent on its own. Empty: sent.
	Digest string
}

// Message is one e-mail in Russian (UTF-8), plain text.
type Message struct {
	To          []string
	Subject     string
	Text        string
	Attachments []Attachment
}

// Attachment is one attached file.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}
