package notices

import (
	"fmt"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/mailer"
	"aftersales/shared/orders"
	"aftersales/shared/russian"
)

// Letters writes the system's texts: Russian, each saying what happened,
// what to do next, and where (a link into the web client). Mail keys are
// made here too, so each event has exactly one.
type Letters struct {
	// BaseURL is the web client's address (WEB_BASE_URL), without a trailing slash.
	BaseURL string
	// Location is the business time zone deadlines are shown in.
	Location *time.Location
}

// ActURL is the act's page in the web client.
func (l Letters) ActURL(id string) string { return l.BaseURL + "/acts/" + id }

// ShipmentURL is the shipment's page in the web client.
func (l Letters) ShipmentURL(id string) string { return l.BaseURL + "/shipments/" + id }

const footer = "\nЭто письмо отправлено автоматически, отвечать на него не нужно. " +
	"Вопросы по актам — менеджерам сервисной службы, с указанием номера акта.\n"

// ShippedComment is the system comment each act of a dispatched shipment gets.
func ShippedComment(sh orders.Shipment) string {
	return fmt.Sprintf("Запчасти отгружены, трек-номер %s (перевозчик: %s).", sh.TrackingNumber, sh.Carrier)
}

// Dispatched is the one e-mail a centre gets when its shipment leaves: the
// tracking number and the packing list with a link to every act.
func (l Letters) Dispatched(sh orders.Shipment, c Centre, claimWindow time.Duration, at time.Time) Mail {
	numbers := make([]string, len(sh.Items))
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте!\n\nЗапчасти для %s отгружены одной посылкой.\n\n", c.Name)
	fmt.Fprintf(&b, "Перевозчик: %s\nТрек-номер: %s\n\nСостав отгрузки:\n", sh.Carrier, sh.TrackingNumber)
	for i, it := range sh.Items {
		numbers[i] = it.ActNumber
		parts := make([]string, len(it.Lines))
		for j, ln := range it.Lines {
			parts[j] = fmt.Sprintf("%s ×%d", ln.Name, ln.Quantity)
		}
		fmt.Fprintf(&b, "— акт %s: %s\n  %s\n", it.ActNumber, strings.Join(parts, ", "), l.ActURL(it.ActID))
	}
	fmt.Fprintf(&b, "\nЧто делать дальше: когда посылка придёт, подтвердите получение отгрузки: %s\n", l.ShipmentURL(sh.ID))
	fmt.Fprintf(&b, "После получения у вас будет %s, чтобы заявить о несоответствии запчастей в акте. "+
		"Если всё подошло, после ремонта отметьте акт «Отремонтировано».\n", russian.Period(claimWindow))
	b.WriteString(footer)
	subject := fmt.Sprintf("Запчасти отгружены, трек-номер %s (%s %s)", sh.TrackingNumber,
		russian.Plural(len(numbers), "акт", "акты", "акты"), strings.Join(numbers, ", "))
	return Mail{Key: "shipment/" + sh.ID + "/dispatched", At: at,
		Message: mailer.Message{To: c.Emails, Subject: subject, Text: b.String()}}
}

// DeliveredComment is the system comment on each act of a delivered
// shipment; for an arrival nobody confirmed it says how it is known.
func (l Letters) DeliveredComment(sh orders.Shipment, claimWindow time.Duration) string {
	how := "Запчасти получены %s."
	switch sh.DeliverySource {
	case "carrier":
		how = "По данным перевозчика посылка вручена %s."
	case "transit":
		how = "Срок доставки перевозчиком истёк: запчасти считаются полученными %s. Если посылка не пришла, напишите об этом в комментарии."
	}
	return fmt.Sprintf(how+" В течение %s можно заявить о несоответствии запчастей или написать в комментарии, почему ремонт невозможен; "+
		"если заявления не будет, акт закроется со статусом «Отремонтировано».", l.day(*sh.DeliveredAt), russian.PeriodGenitive(claimWindow))
}

// ReplyReminder warns the centre, once, that an unanswered information
// request will close the act: the comment in its thread and the e-mail.
func (l Letters) ReplyReminder(a acts.Act, deadline time.Time, c Centre, at time.Time) (string, Mail) {
	comment := fmt.Sprintf("Напоминание: ответ на запрос информации ожидается до %s. "+
		"Без ответа акт будет закрыт автоматически со статусом «ОТКАЗ в ГО».", l.when(deadline))
	body := fmt.Sprintf("Здравствуйте!\n\nПо акту %s%s менеджер запросил информацию, а ответа пока нет.\n"+
		"Если ответа не будет до %s, акт закроется автоматически со статусом «ОТКАЗ в ГО».\n\n"+
		"Что делать: откройте акт и ответьте в комментариях или приложите недостающие фото:\n%s\n%s",
		a.Number, about(a), l.when(deadline), l.ActURL(a.ID), footer)
	return comment, l.actMail(a, "reminder/"+stamp(deadline), at, c,
		fmt.Sprintf("Акт %s: ответьте до %s, иначе акт будет закрыт", a.Number, l.when(deadline)), body)
}

// DeliveryReminder warns the centre, once, that a delivered act will be
// closed as repaired unless it claims a mismatch.
func (l Letters) DeliveryReminder(a acts.Act, deadline time.Time, c Centre, at time.Time) (string, Mail) {
	comment := fmt.Sprintf("Напоминание: если до %s не заявить о несоответствии запчастей, "+
		"акт будет закрыт автоматически со статусом «Отремонтировано».", l.when(deadline))
	body := fmt.Sprintf("Здравствуйте!\n\nЗапчасти по акту %s%s получены %s.\n"+
		"Если до %s не заявить о несоответствии, акт закроется автоматически со статусом «Отремонтировано».\n\n"+
		"Что делать: если запчасть не подошла или ремонт невозможен по другой причине, заявите о несоответствии "+
		"в акте и опишите причину в комментарии; если ремонт выполнен, отметьте акт «Отремонтировано»:\n%s\n%s",
		a.Number, about(a), l.day(a.StatusChangedAt), l.when(deadline), l.ActURL(a.ID), footer)
	return comment, l.actMail(a, "reminder/"+stamp(deadline), at, c,
		fmt.Sprintf("Акт %s будет закрыт как «Отремонтировано» %s", a.Number, l.when(deadline)), body)
}

// AutoRefused reports an act refused for no reply: the comment that goes
// with the move and the e-mail to the centre.
func (l Letters) AutoRefused(a acts.Act, deadline time.Time, c Centre, at time.Time) (string, Mail) {
	comment := fmt.Sprintf("Акт закрыт автоматически: ОТКАЗ в ГО — нет ответа на запрос информации до %s.", l.when(deadline))
	body := fmt.Sprintf("Здравствуйте!\n\nАкт %s%s закрыт автоматически со статусом «ОТКАЗ в ГО»: "+
		"на запрос информации не поступил ответ до %s.\n\n"+
		"Что делать: вернуть акт в работу могут только менеджеры сервисной службы — напишите или позвоните им, "+
		"указав номер акта %s.\n%s\n%s", a.Number, about(a), l.when(deadline), a.Number, l.ActURL(a.ID), footer)
	return comment, l.actMail(a, fmt.Sprintf("closed/v%d", a.Version), at, c,
		fmt.Sprintf("Акт %s закрыт: ОТКАЗ в ГО (нет ответа на запрос)", a.Number), body)
}

// AutoRepaired reports an act closed as repaired after a quiet claim window.
func (l Letters) AutoRepaired(a acts.Act, claimWindow time.Duration, c Centre, at time.Time) (string, Mail) {
	comment := fmt.Sprintf("Акт закрыт автоматически со статусом «Отремонтировано»: за %s после получения "+
		"запчастей не заявлено несоответствие.", russian.Period(claimWindow))
	body := fmt.Sprintf("Здравствуйте!\n\nАкт %s%s закрыт автоматически со статусом «Отремонтировано»: "+
		"за %s после получения запчастей (%s) не поступило заявлений о несоответствии.\n\n"+
		"Что делать: ничего, если ремонт выполнен. Если проблема осталась, свяжитесь с менеджером сервисной "+
		"службы, указав номер акта %s.\n%s\n%s",
		a.Number, about(a), russian.Period(claimWindow), l.day(a.StatusChangedAt), a.Number, l.ActURL(a.ID), footer)
	return comment, l.actMail(a, fmt.Sprintf("closed/v%d", a.Version), at, c,
		fmt.Sprintf("Акт %s закрыт: Отремонтировано", a.Number), body)
}

func (l Letters) actMail(a acts.Act, event string, at time.Time, c Centre, subject, body string) Mail {
	return Mail{Key: "act/" + a.ID + "/" + event, At: at, Message: mailer.Message{To: c.Emails, Subject: subject, Text: body}}
}

// OrderCancelledComment is the comment an act gets when a manager cancels its order.
func OrderCancelledComment(reason string) string {
	return "Заказ запчастей по акту отменён. Причина: " + reason
}

// OrderCancelled tells each of the centre's addresses that a manager
// stopped an act's parts order: what will not come, why, what to do, the
// act's link (held for the centre's digest readers).
func (l Letters) OrderCancelled(o orders.Order, c Centre, at time.Time) []Mail {
	parts := make([]string, len(o.Lines))
	for i, ln := range o.Lines {
		parts[i] = fmt.Sprintf("%s ×%d", ln.Name, ln.Quantity)
	}
	what := "Менеджер отменил заказ запчастей по акту " + o.ActNumber + ". Причина: «" + o.CancelReason + "»."
	if len(parts) > 0 {
		what += "\nНе будут отправлены: " + strings.Join(parts, ", ") + "."
	}
	text := fmt.Sprintf("%s\n\nЧто делать: если запчасти всё ещё нужны, напишите об этом в комментариях к акту — менеджер оформит новый заказ.\n%s\n",
		what, l.ActURL(o.ActID))
	return each(c.Emails, c.Digest, "order/"+o.ID+"/cancelled/", at, fmt.Sprintf("Акт %s: заказ запчастей отменён", o.ActNumber), text)
}

// about names the product of an act in parentheses, when it is known.
func about(a acts.Act) string {
	var parts []string
	for _, s := range []*string{a.Category, a.Article} {
		if s != nil && *s != "" {
			parts = append(parts, *s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// day shows a date as people read it: 28.11.2026.
func (l Letters) day(t time.Time) string { return t.In(l.Location).Format("02.01.2006") }

// when shows a moment with its zone: 28.11.2026 15:00 (MSK).
func (l Letters) when(t time.Time) string {
	t = t.In(l.Location)
	zone, _ := t.Zone()
	return t.Format("02.01.2006 15:04") + " (" + zone + ")"
}

// stamp is a moment in a mail key: exact, so a new deadline is a new event.
func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
