// Package ical writes iCalendar (RFC 5545) text: a calendar of events as
// calendar apps subscribe to it. Lines end in CRLF and are folded at 75
// octets without splitting a UTF-8 character; text values escape
// backslash, semicolon, comma and newlines; times are UTC ("Z"), which
// needs no VTIMEZONE. It knows nothing of visits: shared/agenda maps them.
package ical

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one published calendar.
type Calendar struct {
	// ProdID names the product that made it (PRODID).
	ProdID string
	// Name is what a calendar app titles the subscription (X-WR-CALNAME).
	Name   string
	Events []Event
}

// Event is one VEVENT.
type Event struct {
	// UID stays the same for an event across every version of the feed,
	// so a calendar app updates the event instead of adding another.
	UID          string
	Sequence     int
	Stamp        time.Time // DTSTAMP: when the feed was made
	LastModified time.Time
	Start, End   time.Time
	Summary      string
	Location     string
	Description  string
	// Status is CONFIRMED, TENTATIVE or CANCELLED (empty: left out).
	Status string
}

// Bytes is the calendar as RFC 5545 text.
func (c Calendar) Bytes() []byte {
	var w writer
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", c.ProdID)
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	if c.Name != "" {
		w.line("X-WR-CALNAME", Text(c.Name))
	}
	for _, e := range c.Events {
		w.line("BEGIN", "VEVENT")
		w.line("UID", Text(e.UID))
		w.line("SEQUENCE", strconv.Itoa(e.Sequence))
		w.line("DTSTAMP", UTC(e.Stamp))
		if !e.LastModified.IsZero() {
			w.line("LAST-MODIFIED", UTC(e.LastModified))
		}
		w.line("DTSTART", UTC(e.Start))
		w.line("DTEND", UTC(e.End))
		w.line("SUMMARY", Text(e.Summary))
		if e.Location != "" {
			w.line("LOCATION", Text(e.Location))
		}
		if e.Description != "" {
			w.line("DESCRIPTION", Text(e.Description))
		}
		if e.Status != "" {
			w.line("STATUS", e.Status)
		}
		w.line("END", "VEVENT")
	}
	w.line("END", "VCALENDAR")
	return w.b.Bytes()
}

// UTC is a DATE-TIME in UTC form (RFC 5545 3.3.5, form #2).
func UTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and
// comma get a backslash, a line break becomes \n, other controls go.
func Text(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			// CONTROL characters are not allowed in TEXT; tabs read as a space.
			if r == '\t' {
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxOctets is the longest content line, CRLF excluded (RFC 5545 3.1).
const maxOctets = 75

type writer struct{ b bytes.Buffer }

// line writes "name:value" folded: after 75 octets a CRLF and one space
// continue it, never inside a UTF-8 sequence.
func (w *writer) line(name, value string) {
	s := name + ":" + value
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.b.WriteString(s[:cut])
		w.b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	w.b.WriteString(s)
	w.b.WriteString("\r\n")
}
