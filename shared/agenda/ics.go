package agenda

import (
	"strings"

	"aftersales/shared/ical"
)

// ICS is the calendar as a feed shows it: one event per visit, its UID the
// visit's id (stable across edits, its SEQUENCE the visit's version), times
// in UTC so every calendar app places them right without a VTIMEZONE.
func (c Calendar) ICS() []byte {
	cal := ical.Calendar{ProdID: "-//aftersales//agenda//RU", Name: "Выезды — " + c.Technician.FullName}
	for _, v := range c.Visits {
		cal.Events = append(cal.Events, ical.Event{
			UID: v.ID + "@aftersales", Sequence: v.Version - 1, Stamp: c.At, LastModified: v.UpdatedAt,
			Start: v.Start, End: v.End, Summary: summary(v), Location: v.Address, Description: description(v),
			Status: "CONFIRMED",
		})
	}
	return cal.Bytes()
}

func summary(v Visit) string {
	s := v.Kind.Name() + ": " + v.Contact.Name
	if v.Status == StatusDone {
		s = "✓ " + s
	}
	return s
}

func description(v Visit) string {
	lines := []string{"Контакт: " + v.Contact.Name + ", " + v.Contact.Phone}
	if v.Notes != "" {
		lines = append(lines, v.Notes)
	}
	if v.Status == StatusDone {
		lines = append(lines, "Выполнен")
	}
	return strings.Join(lines, "\n")
}
