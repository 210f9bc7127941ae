package notices

import (
	"fmt"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/mailer"
	"aftersales/shared/russian"
)

// Overdue is a submitted act past the review target, as the managers'
// digest lists it.
type Overdue struct {
	Act        acts.Act
	CentreName string
	// Days is how long it has waited for a decision.
	Days float64
}

// ManagerDigest is one manager's morning list of acts over the review target.
func (l Letters) ManagerDigest(list []Overdue, to auth.User, target time.Duration, at time.Time) Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте, %s!\n\nНа рассмотрении дольше %s (цель — 1–3 дня): %d %s.\n\n",
		to.FullName, russian.PeriodGenitive(target), len(list), russian.Plural(len(list), "акт", "акта", "актов"))
	for _, o := range list {
		fmt.Fprintf(&b, "— акт %s%s, %s, ждёт решения %s\n  %s\n", o.Act.Number, about(o.Act), o.CentreName, waited(o.Days), l.ActURL(o.Act.ID))
	}
	b.WriteString("\nЧто делать: примите решение по каждому акту — одобрите, оформите платный заказ, " +
		"запросите информацию или откажите с указанием причины.\n")
	b.WriteString(footer)
	day := l.date(at)
	return Mail{Key: "digest/" + day + "/manager/" + to.ID, At: at, Message: mailer.Message{To: []string{to.Email},
		Subject: fmt.Sprintf("Акты ждут решения дольше %s: %d (на %s)", russian.PeriodGenitive(target), len(list), l.day(at)), Text: b.String()}}
}

// Waiting is an act waiting for its centre: an unanswered information
// request, or delivered parts not yet confirmed; Deadline is when the act
// closes on its own.
type Waiting struct {
	Act      acts.Act
	Deadline time.Time
}

// CentreDigest is a centre's morning list of acts waiting for it.
func (l Letters) CentreDigest(list []Waiting, c Centre, at time.Time) Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте!\n\nАкты %s, которые ждут вашего ответа: %d.\n\n", c.Name, len(list))
	for _, w := range list {
		what := fmt.Sprintf("запрошена информация — ответьте в комментариях до %s, иначе акт будет закрыт «ОТКАЗ в ГО»", l.when(w.Deadline))
		if w.Act.Status == acts.StatusPartsDelivered {
			what = fmt.Sprintf("запчасти получены — заявите о несоответствии или отметьте «Отремонтировано»; "+
				"без ответа акт закроется как «Отремонтировано» %s", l.when(w.Deadline))
		}
		fmt.Fprintf(&b, "— акт %s%s: %s.\n  %s\n", w.Act.Number, about(w.Act), what, l.ActURL(w.Act.ID))
	}
	b.WriteString(footer)
	return Mail{Key: "digest/" + l.date(at) + "/centre/" + c.ID, At: at, Message: mailer.Message{To: c.Emails,
		Subject: fmt.Sprintf("Акты ждут вашего ответа: %d (на %s)", len(list), l.day(at)), Text: b.String()}}
}

// EventDigest gathers the act events held for a user who chose the daily
// digest into one mail: each event's subject, when it happened, and its
// text with the act's link. Its key names the first event it carries, so
// a retried run queues the same digest and a later one a new digest.
func (l Letters) EventDigest(to auth.User, held []Mail, at time.Time) Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте, %s!\n\nСобытия по актам со времени прошлой сводки: %s.\n", to.FullName,
		russian.Count(len(held), "событие", "события", "событий"))
	for _, m := range held {
		fmt.Fprintf(&b, "\n— %s (%s)\n%s", m.Message.Subject, l.when(m.At), m.Message.Text)
	}
	fmt.Fprintf(&b, "\nВы получаете события раз в день, в этой сводке. Письмо о каждом событии сразу можно выбрать здесь: %s\n", l.BaseURL+"/me")
	b.WriteString(footer)
	return Mail{Key: "digest/events/" + to.ID + "/" + held[0].Key, At: at, Message: mailer.Message{To: []string{to.Email},
		Subject: fmt.Sprintf("Сводка событий по актам: %d (на %s)", len(held), l.day(at)), Text: b.String()}}
}

// date is the business day of t, as in keys: 2026-11-28.
func (l Letters) date(t time.Time) string { return t.In(l.Location).Format(time.DateOnly) }

// waited says how long an act has waited in whole days: «3 дня», or «меньше
// дня» (never «0,0 дн.»).
func waited(days float64) string {
	if days < 1 {
		return "меньше дня"
	}
	return russian.Count(int(days), "день", "дня", "дней")
}
