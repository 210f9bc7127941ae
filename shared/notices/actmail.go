package notices

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/mailer"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// ActMail is the acts service's Notifier: every event the other side of an
// act must act on is e-mailed to each of its people, one mail per event
// per recipient (the key names both, so the ledger sends it at most once).
// To the centre: a manager's question, the system's request for what is
// missing, approval, paid order, refusal and a manager's comment. To the
// managers: the centre's reply, a mismatch claim, and the centre's comment
// on an act under review.
type ActMail struct {
	Directory Directory
	Letters   Letters
	// Post sends the mails right after the commit; nil leaves them queued
	// for the hourly job (functions that link no mail sender).
	Post *Post
	Now  func() time.Time
}

var _ acts.Notifier = ActMail{}

// side is who must hear of an event.
type side int

const (
	toNobody side = iota
	toCentre
	toManagers
)

// heard is one event that calls for mail, with its words.
type heard struct {
	ev   acts.Event
	to   side
	text string // the comment or reason that goes with it
}

// Prepare picks the events of w that call for mail and reads who gets them.
func (m ActMail) Prepare(ctx context.Context, act acts.Act, w acts.Write) (func(acts.Act) []mailer.Queued, error) {
	events := m.heard(act, w)
	if len(events) == 0 {
		return nil, nil
	}
	people := NewPeople(m.Directory)
	centre, err := people.Centre(ctx, act.ServiceCenterID)
	if err != nil {
		return nil, err
	}
	var managers []string
	digest := map[string]string{} // address → user id, for the digest's readers
	for addr, id := range centre.Digest {
		digest[addr] = id
	}
	if slices.ContainsFunc(events, func(h heard) bool { return h.to == toManagers }) {
		users, err := people.Managers(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			managers = append(managers, u.Email)
			if u.MailMode() == auth.MailDigest {
				digest[u.Email] = u.ID
			}
		}
	}
	at := m.Now()
	order := w.Order
	return func(stored acts.Act) []mailer.Queued {
		if stored.ID == "" {
			stored = act
		}
		var out []mailer.Queued
		for _, h := range events {
			to := centre.Emails
			if h.to == toManagers {
				to = managers
			}
			subject, text := m.Letters.actEvent(stored, h, centre.Name, order)
			out = append(out, each(to, digest, "act/"+stored.ID+"/event/"+h.ev.ID+"/", at, subject, text)...)
		}
		return out
	}, nil
}

// each addresses one event's news to every address in to: a mail of its
// own (keyed by the event and the address, so the ledger sends it once),
// or, for a user who chose the daily digest (digest: address → user id),
// held for the morning with only what the digest lists.
func each(to []string, digest map[string]string, key string, at time.Time, subject, text string) []Mail {
	out := make([]Mail, 0, len(to))
	for _, addr := range to {
		mail := Mail{Key: key + addr, At: at, Message: mailer.Message{To: []string{addr}, Subject: subject, Text: letter(text)}}
		if id, ok := digest[addr]; ok {
			mail.Digest, mail.Message.Text = id, text
		}
		out = append(out, mail)
	}
	return out
}

// Send sends each mail once, right after the commit; a failure is left to
// the hourly job (the mail stays queued) and returned for the record.
func (m ActMail) Send(ctx context.Context, mails []mailer.Queued) error {
	if m.Post == nil {
		return nil
	}
	var errs []error
	for _, mail := range mails {
		if err := m.Post.Send(ctx, mail); err != nil {
			errs = append(errs, fmt.Errorf("send %s: %w", mail.Key, err))
		}
	}
	return errors.Join(errs...)
}

// heard lists the events of w that the other side must hear of.
func (m ActMail) heard(act acts.Act, w acts.Write) []heard {
	comments := map[string]string{}
	for _, c := range w.Comments {
		comments[c.ID] = c.Text
	}
	reported := map[string]bool{} // comments a status move already reports
	var out []heard
	for _, ev := range w.Events {
		h := heard{ev: ev, text: comments[ev.CommentID]}
		switch ev.Type {
		case acts.EventStatus:
			reported[ev.CommentID] = true
			switch ev.Action {
			case acts.ActionRequestInfo, acts.ActionApprove, acts.ActionPaidOrder, acts.ActionRefuse:
				h.to = toCentre
			case acts.ActionReply, acts.ActionClaimMismatch:
				h.to = toManagers
			}
		case acts.EventComment:
			switch {
			case ev.ActorRole.Staff():
				h.to = toCentre
			case ev.ActorRole == auth.RoleServiceCenter && (act.Status == acts.StatusSubmitted || act.Status == acts.StatusMismatchClaimed):
				h.to = toManagers
			}
		}
		if h.to != toNobody {
			out = append(out, h)
		}
	}
	return slices.DeleteFunc(out, func(h heard) bool { return h.ev.Type == acts.EventComment && reported[h.ev.CommentID] })
}

// actEvent writes one event's news: what happened, what to do, the link
// (the body of its own mail, or its entry in a digest).
func (l Letters) actEvent(a acts.Act, h heard, centreName string, order *orders.Order) (subject, text string) {
	quote := ""
	if t := strings.TrimSpace(h.text); t != "" {
		quote = "\n\n«" + t + "»"
	}
	deadline := ""
	if a.ReplyDeadline != nil {
		deadline = l.when(*a.ReplyDeadline)
	}
	var what, todo string
	switch {
	case h.ev.Action == acts.ActionRequestInfo && h.ev.ActorRole == acts.ActorSystem:
		subject = fmt.Sprintf("Акт %s: не хватает фото или сведений — ответьте до %s", a.Number, deadline)
		what = "К акту " + a.Number + about(a) + " добавлен запрос: не хватает фото или сведений." + quote
		todo = fmt.Sprintf("приложите недостающие файлы или ответьте в комментарии до %s, иначе акт будет закрыт автоматически со статусом «ОТКАЗ в ГО».", deadline)
	case h.ev.Action == acts.ActionRequestInfo:
		subject = fmt.Sprintf("Акт %s: вопрос менеджера — ответьте до %s", a.Number, deadline)
		what = "Менеджер задал вопрос по акту " + a.Number + about(a) + ":" + quote
		todo = fmt.Sprintf("ответьте в комментариях к акту или приложите файлы до %s, иначе акт будет закрыт автоматически со статусом «ОТКАЗ в ГО».", deadline)
	case h.ev.Action == acts.ActionApprove:
		subject = fmt.Sprintf("Акт %s: гарантия подтверждена", a.Number)
		what = "Гарантийный случай по акту " + a.Number + about(a) + " подтверждён." + quote
		todo = approvalTodo(order)
	case h.ev.Action == acts.ActionPaidOrder:
		subject = fmt.Sprintf("Акт %s: платный заказ запчастей", a.Number)
		what = "Случай по акту " + a.Number + about(a) + " признан негарантийным: запчасти будут отправлены за счёт сервисного центра." + quote
		todo = "дождитесь отгрузки: трек-номер появится в акте."
	case h.ev.Action == acts.ActionRefuse:
		subject = fmt.Sprintf("Акт %s: ОТКАЗ в ГО", a.Number)
		what = "По акту " + a.Number + about(a) + " принято решение «ОТКАЗ в ГО»." + quote
		todo = "если вы не согласны, свяжитесь с менеджером сервисной службы, указав номер акта."
	case h.ev.Action == acts.ActionReply:
		subject = fmt.Sprintf("Акт %s: сервисный центр ответил на запрос", a.Number)
		what = fmt.Sprintf("%s ответил на запрос по акту %s%s.%s", centreName, a.Number, about(a), quote)
		todo = "рассмотрите ответ и примите решение по акту."
	case h.ev.Action == acts.ActionClaimMismatch:
		subject = fmt.Sprintf("Акт %s: заявлено несоответствие запчастей", a.Number)
		what = fmt.Sprintf("%s заявил о несоответствии по акту %s%s.%s", centreName, a.Number, about(a), quote)
		todo = "разберитесь с заявлением: одобрите новую отгрузку, отметьте ремонт или откажите."
	case h.ev.ActorRole.Staff():
		subject = fmt.Sprintf("Акт %s: новый комментарий менеджера", a.Number)
		what = "Менеджер оставил комментарий к акту " + a.Number + about(a) + ":" + quote
		todo = "прочитайте комментарий и, если нужно, ответьте в акте."
	default:
		subject = fmt.Sprintf("Акт %s: комментарий сервисного центра", a.Number)
		what = fmt.Sprintf("%s оставил комментарий к акту %s%s на рассмотрении:%s", centreName, a.Number, about(a), quote)
		todo = "прочитайте комментарий и, если нужно, ответьте в акте."
	}
	return subject, fmt.Sprintf("%s\n\nЧто делать: %s\n%s\n", what, todo, l.ActURL(a.ID))
}

// letter makes a mail of its own out of an event's text.
func letter(text string) string { return "Здравствуйте!\n\n" + text + footer }

// approvalTodo tells the centre what follows an approval: parts on their
// way, or — when the act asked only for its own parts — no shipment, the
// compensation, and the repair to mark.
func approvalTodo(o *orders.Order) string {
	if o != nil && len(o.Lines) > 0 {
		return "запчасти будут отправлены ближайшей отгрузкой; трек-номер появится в акте."
	}
	s := "запчасти отправляться не будут — ремонт выполняется своими запчастями"
	if o != nil {
		if total := orders.Sum(o.Compensation); total > 0 {
			s += ", их стоимость " + rubles(total) + " будет компенсирована"
		}
	}
	return s + ". После ремонта отметьте акт «Отремонтировано»."
}

// rubles shows an amount as people write it: 1 120,00 ₽.
func rubles(m money.RUB) string {
	whole, frac, _ := strings.Cut(m.String(), ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 && r != '-' && whole[i-1] != '-' {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String() + "," + frac + "\u00a0₽"
}
