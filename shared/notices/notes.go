// Package notices is what the system itself says about acts, orders and
// shipments: the comments it writes into an act's thread (with the move they
// report), the Russian e-mails it sends, and who receives them. E-mails are
// queued in the same write as the change they report and sent right after it,
// each at most once (mailer.Once); a queued e-mail that was not sent is found
// and sent by the hourly job, so a failed send never loses the change and a
// retried function never sends twice.
package notices

import (
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
)

// System is who the scheduled jobs act as.
var System = auth.Caller{UserID: acts.SystemActor, Role: acts.ActorSystem}

// Move makes by's action on a, reported by a system comment with text: the
// act at its next version in the new status, and the write that stores the
// move, its history events and the comment together. The act's reply
// deadline ends with the status it belonged to. The move is checked by
// Act.Next, so the jobs obey the same status machine as people.
func Move(a acts.Act, by auth.Caller, action acts.Action, text string, now time.Time, newID auth.IDGen) (acts.Write, acts.Act, error) {
	to, err := a.Next(action, by.Role)
	if err != nil {
		return acts.Write{}, acts.Act{}, err
	}
	next := a
	next.Version, next.UpdatedAt = a.Version+1, now
	next.Status, next.StatusChangedAt, next.ReplyDeadline = to, now, nil
	// The move's event gets the first id, so the history lists the move
	// before the comment that reports it.
	evID := newID()
	cm, cev := Comment(a.ID, text, now, newID)
	ev := acts.Event{ID: evID, ActID: a.ID, At: now, ActorID: by.UserID, ActorRole: by.Role, ActorName: by.Name, Type: acts.EventStatus,
		Action: action, From: a.Status, To: to, Reason: text, CommentID: cm.ID}
	return acts.Write{ActID: a.ID, Before: &a, After: &next, Events: []acts.Event{ev, cev}, Comments: []acts.Comment{cm}}, next, nil
}

// Comment is a system comment on an act and the history event recording it.
func Comment(actID, text string, now time.Time, newID auth.IDGen) (acts.Comment, acts.Event) {
	cm := acts.Comment{ID: newID(), ActID: actID, At: now, AuthorID: System.UserID, AuthorRole: System.Role, Text: text}
	ev := acts.Event{ID: newID(), ActID: actID, At: now, ActorID: System.UserID, ActorRole: System.Role,
		Type: acts.EventComment, CommentID: cm.ID}
	return cm, ev
}
