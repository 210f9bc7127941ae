// Package mailer is the e-mail protocol of the domain: a message, a Sender
// that delivers it, and Once, which makes a send happen at most once per
// business event even when a function retries. It holds no AWS code: the SES
// adapter is shared/sesmail, so packages that only compose or queue e-mail
// (notices, timers, shipments) link no SDK.
package mailer

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
