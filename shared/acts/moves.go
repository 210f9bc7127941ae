package acts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

// Move asks to take an action on an act read at Version.
type Move struct {
	Action  Action
	Version int
	// Reason is the words that go with the move; it becomes a comment.
	// request_info, refuse and claim_mismatch need one.
	Reason string
	// DeadlineDays or ReplyDeadline set the reply deadline of request_info
	// (MinReplyDays..MaxReplyDays ahead; DefaultReplyDays when neither).
	DeadlineDays  *int
	ReplyDeadline *Date
	// Payer of the order an approval makes (when not given: the wholesaler,
	// or the centre for an act without the warranty-case tick); a paid
	// order is always paid by the service centre.
	Payer *orders.Payer
}

// needsReason are the actions that must say why.
var needsReason = []Action{ActionRequestInfo, ActionRefuse, ActionClaimMismatch}

// note is what a move writes as a comment: its reason, or a comment's text
// and files when a comment makes the move.
type note struct {
	text  string
	files []string
}

// Do takes one of APIActions on an act.
func (s *Service) Do(ctx context.Context, c auth.Caller, id string, m Move) (Act, error) {
	if !slices.Contains(APIActions, m.Action) {
		return Act{}, apperr.Field("action", CodeInvalidValue,
			fmt.Sprintf("Действие «%s» нельзя выполнить через этот адрес", m.Action),
			fmt.Sprintf("Action %q is not available here", m.Action))
	}
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return Act{}, err
	}
	if m.Version != rec.Act.Version {
		return Act{}, errStale
	}
	w, _, _, err := s.plan(ctx, c, rec, m, note{text: strings.TrimSpace(m.Reason)})
	if err != nil {
		return Act{}, err
	}
	if err := s.write(ctx, rec.Act, w); err != nil {
		return Act{}, storeError(err, fmt.Sprintf("%s act %s", m.Action, id))
	}
	// The act as written: a first submission's number is set by the write.
	return *w.After, nil
}

// plan works out everything one move writes: the act in its new status with
// the next version, the status events, the comment (the reason, or the
// system's request for missing photos), and the order of a decision.
func (s *Service) plan(ctx context.Context, c auth.Caller, rec Record, m Move, n note) (Write, Act, *Comment, error) {
	act := rec.Act
	to, err := act.Next(m.Action, c.Role)
	if err != nil {
		return Write{}, Act{}, nil, err
	}
	now := s.now()
	if errs := s.checkMove(m, n, now); len(errs) > 0 {
		return Write{}, Act{}, nil, apperr.WithFields(errs)
	}
	next := act
	next.Version, next.UpdatedAt = act.Version+1, now
	w := Write{ActID: act.ID, Before: &act, After: &next}
	var missing []FileKind
	if m.Action == ActionSubmit {
		if missing, err = s.checkSubmit(ctx, act.Fields, rec.AttachedKinds(), now); err != nil {
			return Write{}, Act{}, nil, err
		}
		if act.Number == "" {
			w.NumberYear = now.In(s.loc).Year()
		}
		if err := s.judge(ctx, &next); err != nil {
			return Write{}, Act{}, nil, err
		}
	}
	if e := againstVerdict(act, m.Action, n.text); e != nil {
		return Write{}, Act{}, nil, apperr.WithFields([]apperr.FieldError{*e})
	}
	ev := s.step(&next, c, m.Action, to, now)
	var comment *Comment
	var commentEv Event
	if n.text != "" || len(n.files) > 0 {
		cm, cev := s.comment(c, act.ID, now, n)
		comment, commentEv = &cm, cev
		ev.Reason, ev.CommentID = n.text, cm.ID
	}
	switch m.Action {
	case ActionRequestInfo:
		deadline := s.deadline(m, now)
		next.ReplyDeadline = &deadline
		comment.InfoRequest, comment.ReplyDeadline = true, &deadline
	case ActionApprove, ActionPaidOrder:
		order, err := s.order(act, c, m, now)
		if err != nil {
			return Write{}, Act{}, nil, err
		}
		switch {
		case order == nil:
		case order.ShipsNothing():
			// Only the centre's own parts: no order, the compensation alone.
			w.Order, next.CompensationID = order, order.ID
		default:
			w.Order, ev.OrderID = order, order.ID
			next.OrderIDs = append(slices.Clone(act.OrderIDs), order.ID)
		}
	}
	w.Events = append(w.Events, ev)
	if comment != nil {
		w.Comments = append(w.Comments, *comment)
		w.Events = append(w.Events, commentEv)
	}
	if StatusAfterSubmit(missing) == StatusInfoRequested {
		deadline := now.Add(DefaultReplyDays * 24 * time.Hour)
		sysEv := s.step(&next, systemCaller, ActionRequestInfo, StatusInfoRequested, now)
		req, reqEv := s.comment(systemCaller, act.ID, now, note{text: MissingRequestText(missing)})
		req.InfoRequest, req.ReplyDeadline = true, &deadline
		sysEv.Reason, sysEv.CommentID = req.Text, req.ID
		next.ReplyDeadline = &deadline
		w.Events = append(w.Events, sysEv, reqEv)
		w.Comments = append(w.Comments, req)
	}
	return w, next, comment, nil
}

// step moves next to status to and returns the event that records it.
func (s *Service) step(next *Act, c auth.Caller, action Action, to Status, now time.Time) Event {
	ev := s.event(c, next.ID, now, EventStatus)
	ev.Action, ev.From, ev.To = action, next.Status, to
	next.Status, next.StatusChangedAt, next.ReplyDeadline = to, now, nil
	if to == StatusSubmitted {
		next.SubmittedAt = &now
	}
	return ev
}

// comment makes a comment and the history event that records it.
func (s *Service) comment(c auth.Caller, actID string, now time.Time, n note) (Comment, Event) {
	cm := Comment{ID: s.newID(), ActID: actID, At: now, AuthorID: c.UserID, AuthorRole: c.Role, Text: n.text, FileIDs: n.files}
	ev := s.event(c, actID, now, EventComment)
	ev.CommentID = cm.ID
	return cm, ev
}

// checkMove checks what a move carries besides its action.
func (s *Service) checkMove(m Move, n note, now time.Time) []apperr.FieldError {
	var errs fieldErrors
	if n.text == "" && len(n.files) == 0 && slices.Contains(needsReason, m.Action) {
		errs.add("reason", CodeRequired, "Укажите причину", "Give a reason")
	}
	errs.checkLength("reason", n.text, MaxCommentText)
	if m.Action != ActionRequestInfo && (m.DeadlineDays != nil || m.ReplyDeadline != nil) {
		errs.add("replyDeadline", CodeInvalidValue,
			"Срок ответа задаётся только при запросе информации", "A reply deadline goes only with request_info")
	}
	if m.DeadlineDays != nil && m.ReplyDeadline != nil {
		errs.add("replyDeadline", CodeInvalidValue,
			"Укажите срок ответа одним способом: днями или датой", "Give the deadline either in days or as a date")
	}
	days := -1
	switch {
	case m.DeadlineDays != nil:
		days = *m.DeadlineDays
	case m.ReplyDeadline != nil:
		days = m.ReplyDeadline.DaysAfter(s.today(now))
	}
	if days != -1 && (days < MinReplyDays || days > MaxReplyDays) {
		errs.add("replyDeadline", CodeOutOfRange,
			fmt.Sprintf("Срок ответа — от %d до %d дней", MinReplyDays, MaxReplyDays),
			fmt.Sprintf("The reply deadline is %d to %d days ahead", MinReplyDays, MaxReplyDays))
	}
	if p := m.Payer; p != nil {
		switch {
		case m.Action == ActionPaidOrder && *p != orders.PayerServiceCenter:
			errs.add("payer", CodeInvalidValue, "Платный заказ оплачивает сервисный центр", "A paid order is paid by the service centre")
		case m.Action != ActionApprove && m.Action != ActionPaidOrder:
			errs.add("payer", CodeInvalidValue, "Плательщик указывается только при решении по акту", "A payer goes only with a decision")
		case !p.Valid():
			errs.add("payer", CodeInvalidValue, fmt.Sprintf("Неизвестный плательщик «%s»", *p), fmt.Sprintf("Unknown payer %q", *p))
		}
	}
	return errs
}

// deadline is the reply deadline of an information request made at now: the
// end of the chosen business day, or DeadlineDays (default DefaultReplyDays)
// from now.
func (s *Service) deadline(m Move, now time.Time) time.Time {
	if d := m.ReplyDeadline; d != nil {
		day := d.t
		return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, s.loc)
	}
	days := DefaultReplyDays
	if m.DeadlineDays != nil {
		days = *m.DeadlineDays
	}
	return now.Add(time.Duration(days) * 24 * time.Hour)
}

// checkSubmit applies the submission rules: field problems block it, and the
// missing photo kinds are returned (they send the act back at once). The
// category must still be one managers keep.
func (s *Service) checkSubmit(ctx context.Context, f Fields, files FileKinds, now time.Time) ([]FileKind, error) {
	errs, missing := ValidateSubmit(f, files, s.today(now))
	if f.Category != nil && *f.Category != "" {
		_, err := s.categoryName(ctx, *f.Category)
		switch {
		case errors.Is(err, errUnknownCategory):
			errs = append(errs, unknownCategory)
		case err != nil:
			return nil, err
		}
	}
	if len(errs) > 0 {
		return nil, apperr.WithFields(errs)
	}
	return missing, nil
}

// order makes the parts order of a decision: the rows that are not the
// centre's own are shipped; on the first approval, own parts with a price
// are compensated. A paid order carries the same rows, paid by the centre.
// It returns nil when there is nothing to ship or compensate, and a record
// that ShipsNothing when there is only compensation.
func (s *Service) order(act Act, c auth.Caller, m Move, now time.Time) (*orders.Order, error) {
	paid := m.Action == ActionPaidOrder
	payer := orders.PayerWholesaler
	switch {
	case paid:
		payer = orders.PayerServiceCenter
	case m.Payer != nil:
		payer = *m.Payer
	case !isTrue(act.WarrantyCase):
		// The centre did not claim a warranty case: the seed warns that
		// parts then ship at its expense.
		payer = orders.PayerServiceCenter
	}
	lines, comp := []orders.Line{}, []orders.Line{}
	for _, p := range act.Parts {
		l := orders.Line{Name: p.Name, SchemeNumber: p.SchemeNumber, Quantity: p.Quantity, Price: p.Price}
		switch {
		case !p.OwnPart:
			lines = append(lines, l)
		case !paid && len(act.OrderIDs) == 0 && act.CompensationID == "" && p.Price > 0:
			comp = append(comp, l)
		}
	}
	if paid && len(lines) == 0 {
		return nil, apperr.Field("parts", CodeRequired,
			"В акте нет запчастей для платного заказа", "The act requests no parts to order")
	}
	if len(lines)+len(comp) == 0 {
		return nil, nil
	}
	return &orders.Order{
		ID: s.newID(), ActID: act.ID, ActNumber: act.Number, ServiceCenterID: act.ServiceCenterID,
		Payer: payer, Status: orders.InitialStatus(lines), Lines: lines, Compensation: comp,
		CreatedBy: c.UserID, CreatedAt: now, PreSale: act.preSale(),
	}, nil
}

// CommentInput is a new comment. A manager's comment with InfoRequest asks
// the centre for information (the act must be submitted); a centre's comment
// on an info_requested act is its reply and sends the act back for review.
type CommentInput struct {
	Text          string
	FileIDs       []string
	InfoRequest   bool
	DeadlineDays  *int
	ReplyDeadline *Date
}

// AddComment writes a comment, and makes the move it stands for.
func (s *Service) AddComment(ctx context.Context, c auth.Caller, id string, in CommentInput) (Comment, Act, error) {
	n := note{text: strings.TrimSpace(in.Text), files: in.FileIDs}
	var errs fieldErrors
	if n.text == "" && len(n.files) == 0 {
		errs.add("text", CodeRequired, "Напишите комментарий или приложите файл", "Write a comment or attach a file")
	}
	if utf8.RuneCountInString(n.text) > MaxCommentText {
		errs.add("text", CodeTooLong, fmt.Sprintf("Не длиннее %d символов", MaxCommentText), fmt.Sprintf("At most %d characters", MaxCommentText))
	}
	if len(n.files) > MaxCommentFiles {
		errs.add("fileIds", CodeTooMany, fmt.Sprintf("Не больше %d файлов", MaxCommentFiles), fmt.Sprintf("At most %d files", MaxCommentFiles))
	}
	if !in.InfoRequest && (in.DeadlineDays != nil || in.ReplyDeadline != nil) {
		errs.add("replyDeadline", CodeInvalidValue,
			"Срок ответа задаётся только при запросе информации", "A reply deadline goes only with an information request")
	}
	if len(errs) > 0 {
		return Comment{}, Act{}, apperr.WithFields(errs)
	}
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return Comment{}, Act{}, err
	}
	if !rec.usableFiles(n.files) {
		return Comment{}, Act{}, apperr.Field("fileIds", CodeInvalidValue,
			"Файл не найден среди файлов акта", "A file is not among the act's files")
	}
	var action Action
	switch {
	case in.InfoRequest:
		action = ActionRequestInfo
	case rec.Act.Status == StatusInfoRequested && c.Role == auth.RoleServiceCenter:
		action = ActionReply
	case rec.Act.Status == StatusPartsDelivered && c.Role == auth.RoleServiceCenter:
		// The seed's way to say the repair failed: «указать в комментариях
		// причины невозможности ремонта». Any comment in the window after
		// delivery stops the automatic «Отремонтировано» and waits for a
		// manager, as a mismatch claim does (and is mailed as one).
		action = ActionClaimMismatch
	}
	if action == "" {
		cm, ev := s.comment(c, id, s.now(), n)
		w := Write{ActID: id, Comments: []Comment{cm}, Events: []Event{ev}}
		return cm, rec.Act, storeError(s.write(ctx, rec.Act, w), "comment on act "+id)
	}
	m := Move{Action: action, Version: rec.Act.Version, DeadlineDays: in.DeadlineDays, ReplyDeadline: in.ReplyDeadline}
	w, next, cm, err := s.plan(ctx, c, rec, m, n)
	if err != nil {
		return Comment{}, Act{}, err
	}
	return *cm, next, storeError(s.write(ctx, rec.Act, w), fmt.Sprintf("comment (%s) on act %s", action, id))
}
