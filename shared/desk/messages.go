package desk

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/inn"
)

// Messages to customers (service-centre.md «Telling the customer»): on
// chosen status changes and when a ready device is not collected, the
// customer gets an SMS and/or an e-mail rendered from the centre's
// templates. Each message is queued in the same transaction as the change
// it reports, listed on the order with its result, and sent at most once
// (Courier).

// MessageEvent is what a message tells the customer about: a status the
// order entered (StatusEvent) or the reminder of an uncollected device.
type MessageEvent string

// EventUncollected is the reminder that a ready device waits to be
// collected, sent once per stay in «Готов» after MessageSettings.ReminderDays.
const EventUncollected MessageEvent = "reminder_uncollected"

// StatusEvent is the event of an order entering status s.
func StatusEvent(s Status) MessageEvent { return MessageEvent("status:" + string(s)) }

// Channel is how a message reaches the customer.
type Channel string

// The two channels: SMS through Amazon SNS, e-mail through SES.
const (
	ChannelSMS   Channel = "sms"
	ChannelEmail Channel = "email"
)

// Template is a centre's text for one event on one channel.
type Template struct {
	Event   MessageEvent `json:"event"`
	Channel Channel      `json:"channel"`
	Enabled bool         `json:"enabled"`
	// Subject is the e-mail's subject (e-mail only).
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text"`
}

// MessageSettings are a centre's templates and what they tell about the
// centre itself.
type MessageSettings struct {
	Templates []Template `json:"templates"`
	// ReminderDays: a device ready this many days and not collected gets
	// the reminder (0: never).
	ReminderDays int `json:"reminderDays"`
	CentreDetails
	Version int `json:"version"`
}

// CentreDetails are what a centre tells customers about itself. They are
// kept once, with its templates and under their version, and every place
// that names the centre to a customer reads them there: the messages'
// placeholders, the status page and the printed documents.
type CentreDetails struct {
	// CentrePhone defaults to the centre's phone in the directory (Phone).
	CentrePhone   string `json:"centrePhone"`
	CentreAddress string `json:"centreAddress"`
	CentreHours   string `json:"centreHours"`
	// LegalName and INN are the organisation that runs the centre (ООО …,
	// ИП …) as a receipt and a completion certificate name it; INN is empty
	// or a valid ИНН.
	LegalName string `json:"legalName"`
	INN       string `json:"inn"`
}

// Phone is the phone customers call: the one the details name, else the
// centre's phone in the directory.
func (d CentreDetails) Phone(directory string) string {
	if d.CentrePhone != "" {
		return d.CentrePhone
	}
	return directory
}

// The placeholders a template may use; Placeholders lists them with what
// they stand for, for the templates page.
const (
	PhNumber   = "{номер}"
	PhStatus   = "{статус}"
	PhDevice   = "{устройство}"
	PhCustomer = "{клиент}"
	PhDue      = "{к_оплате}"
	PhReady    = "{дата_готовности}"
	PhLink     = "{ссылка}"
	PhCentre   = "{центр}"
	PhPhone    = "{телефон_центра}"
	PhAddress  = "{адрес_центра}"
	PhHours    = "{часы_работы}"
)

// Placeholder is one substitution a template may use.
type Placeholder struct {
	Name    string `json:"name"`
	Meaning string `json:"meaning"`
}

// Placeholders are every substitution templates know.
var Placeholders = []Placeholder{
	{PhNumber, "номер заказа"},
	{PhStatus, "статус заказа, как он назван в цепочке центра"},
	{PhDevice, "изделие: категория, модель, производитель"},
	{PhCustomer, "имя клиента"},
	{PhDue, "сумма к оплате"},
	{PhReady, "ожидаемая дата готовности"},
	{PhLink, "ссылка на страницу статуса заказа"},
	{PhCentre, "название сервисного центра"},
	{PhPhone, "телефон сервисного центра"},
	{PhAddress, "адрес сервисного центра"},
	{PhHours, "часы работы"},
}

// Limits of the templates.
const (
	MaxSMSText     = 670 // ten parts of Cyrillic
	MaxEmailText   = 4000
	MaxReminderDay = 60
)

// Field error codes of the message settings.
const (
	// CodeUnknownPlaceholder marks a template naming a placeholder nobody fills.
	CodeUnknownPlaceholder = "unknown_placeholder"
	// CodeInvalidINN marks an INN of the wrong length or check digits.
	CodeInvalidINN = "invalid_inn"
)

// messageEvents are the events a centre has templates for: the statuses
// the customer hears about by default first, then the rest of the chain.
func messageEvents() []MessageEvent {
	out := []MessageEvent{}
	for _, d := range DefaultChain {
		out = append(out, StatusEvent(d.Code))
	}
	return append(out, EventUncollected)
}

// DefaultMessageSettings are a centre's templates before it saves its own:
// Принят, Готов, Выдан and the reminder on, in Russian.
func DefaultMessageSettings() MessageSettings {
	sms := map[MessageEvent]string{
		StatusEvent(StatusAccepted):   "{центр}: заказ {номер} принят ({устройство}). Статус: {ссылка}",
		StatusEvent(StatusReady):      "{центр}: {устройство} готово, можно забирать. К оплате {к_оплате}. {адрес_центра} {часы_работы}",
		StatusEvent(StatusHandedOver): "{центр}: заказ {номер} выдан. Спасибо, что выбрали нас!",
		EventUncollected:              "{центр}: {устройство} ждёт вас, заказ {номер}. К оплате {к_оплате}. Тел. {телефон_центра}",
	}
	on := map[MessageEvent]bool{StatusEvent(StatusAccepted): true, StatusEvent(StatusReady): true,
		StatusEvent(StatusHandedOver): true, EventUncollected: true}
	st := MessageSettings{ReminderDays: 3}
	for _, ev := range messageEvents() {
		text, ok := sms[ev]
		if !ok {
			text = "{центр}: заказ {номер} — {статус}. {ссылка}"
		}
		st.Templates = append(st.Templates,
			Template{Event: ev, Channel: ChannelSMS, Enabled: on[ev], Text: text},
			Template{Event: ev, Channel: ChannelEmail, Enabled: on[ev], Subject: "Заказ {номер}: {статус}", Text: defaultEmail(ev)})
	}
	return st
}

func defaultEmail(ev MessageEvent) string {
	head := "Здравствуйте, {клиент}!\n\n"
	tail := "\n\nСтатус заказа в любое время: {ссылка}\n\n{центр}\n{адрес_центра}\n{часы_работы}\nТел. {телефон_центра}\n"
	switch ev {
	case StatusEvent(StatusAccepted):
		// The date on a line of its own: without one, the line goes.
		return head + "Мы приняли в ремонт {устройство}, заказ {номер}.\nОжидаемая дата готовности: {дата_готовности}." + tail
	case StatusEvent(StatusReady):
		return head + "{устройство} готово, можно забирать. Заказ {номер}, к оплате {к_оплате}." + tail
	case StatusEvent(StatusHandedOver):
		return head + "Заказ {номер} выдан. Спасибо, что выбрали нас!" + tail
	case EventUncollected:
		return head + "{устройство} готово и ждёт вас. Заказ {номер}, к оплате {к_оплате}." + tail
	}
	return head + "Заказ {номер} ({устройство}): {статус}." + tail
}

// Template is the centre's template for ev on ch (false: none).
func (ms MessageSettings) Template(ev MessageEvent, ch Channel) (Template, bool) {
	i := slices.IndexFunc(ms.Templates, func(t Template) bool { return t.Event == ev && t.Channel == ch })
	if i < 0 {
		return Template{}, false
	}
	return ms.Templates[i], true
}

// normalizeMessageSettings checks a centre's edit: known events and
// channels, each at most once; only known placeholders; texts within their
// channel's limit; the reminder's days in range.
func normalizeMessageSettings(in MessageSettings) (MessageSettings, error) {
	var errs fieldErrors
	errs.version(in.Version)
	if in.ReminderDays < 0 || in.ReminderDays > MaxReminderDay {
		errs.add("reminderDays", CodeOutOfRange, "Напоминание — через 0…"+strconv.Itoa(MaxReminderDay)+" дней (0 — не напоминать)", "0 to 60 days")
	}
	errs.text("centrePhone", &in.CentrePhone, 40, false)
	errs.text("centreAddress", &in.CentreAddress, MaxName, false)
	errs.text("centreHours", &in.CentreHours, MaxName, false)
	errs.text("legalName", &in.LegalName, MaxName, false)
	// Spaces only, as the API document's pattern allows: a tab or a line
	// break around the digits is a typo, not an INN.
	if in.INN = strings.Trim(in.INN, " "); in.INN != "" {
		if why := inn.Check(in.INN); why != "" {
			errs.add("inn", CodeInvalidINN, why, "Not a valid INN: 10 or 12 digits with their check digits")
		}
	}
	events := messageEvents()
	type slot struct {
		ev MessageEvent
		ch Channel
	}
	seen := map[slot]bool{}
	for i := range in.Templates {
		t := &in.Templates[i]
		f := "templates[" + strconv.Itoa(i) + "]"
		if !slices.Contains(events, t.Event) || (t.Channel != ChannelSMS && t.Channel != ChannelEmail) || seen[slot{t.Event, t.Channel}] {
			errs.add(f+".event", CodeDuplicate, "Неизвестное или повторённое событие", "Unknown or repeated event and channel")
			continue
		}
		seen[slot{t.Event, t.Channel}] = true
		limit := MaxSMSText
		errs.text(f+".subject", &t.Subject, MaxName, t.Enabled && t.Channel == ChannelEmail)
		if t.Channel == ChannelEmail {
			limit = MaxEmailText
			errs.placeholders(f+".subject", t.Subject)
		} else {
			t.Subject = "" // an SMS has none
		}
		errs.text(f+".text", &t.Text, limit, t.Enabled)
		errs.placeholders(f+".text", t.Text)
	}
	return in, errs.err()
}

// placeholders reports every {name} in text that no placeholder fills.
func (e *fieldErrors) placeholders(field, text string) {
	for _, name := range UnknownPlaceholders(text) {
		e.add(field, CodeUnknownPlaceholder, "Неизвестная подстановка "+name+": есть "+placeholderList(),
			"Unknown placeholder "+name)
	}
}

func placeholderList() string {
	names := make([]string, len(Placeholders))
	for i, p := range Placeholders {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// UnknownPlaceholders are the {…} in text that are not placeholders, in
// order of appearance; a brace without its pair is plain text.
func UnknownPlaceholders(text string) []string {
	var out []string
	for rest := text; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return out
		}
		name := rest[i : i+j+1]
		if strings.ContainsAny(name[1:], "{ \n") {
			rest = rest[i+1:]
			continue
		}
		if !slices.ContainsFunc(Placeholders, func(p Placeholder) bool { return p.Name == name }) && !slices.Contains(out, name) {
			out = append(out, name)
		}
		rest = rest[i+j+1:]
	}
}

// Render fills text's placeholders from values (a missing value is empty).
// A line whose every placeholder came out empty is left out — «Тел.
// {телефон_центра}» for a centre without a phone — and the blanks a
// missing value leaves inside a line are tidied.
func Render(text string, values map[string]string) string {
	pairs := make([]string, 0, 2*len(Placeholders))
	for _, p := range Placeholders {
		pairs = append(pairs, p.Name, values[p.Name])
	}
	fill := strings.NewReplacer(pairs...)
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		used, filled := 0, 0
		for _, p := range Placeholders {
			if strings.Contains(l, p.Name) {
				used++
				if values[p.Name] != "" {
					filled++
				}
			}
		}
		if used > 0 && filled == 0 {
			continue
		}
		lines = append(lines, strings.Join(strings.Fields(fill.Replace(l)), " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// SMSLength is how long an SMS is for the phone network: characters, and
// parts when split. Text outside the GSM 7-bit alphabet (Cyrillic) goes as
// UCS-2: 70 characters in one part, 67 per part beyond.
type SMSLength struct {
	Chars   int  `json:"chars"`
	Parts   int  `json:"parts"`
	Unicode bool `json:"unicode"`
}

const gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsm7Ext take two septets each.
const gsm7Ext = "^{}\\[~]|€"

// MeasureSMS measures text as the network counts it.
func MeasureSMS(text string) SMSLength {
	septets, unicode := 0, false
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsm7, r):
			septets++
		case strings.ContainsRune(gsm7Ext, r):
			septets += 2
		default:
			unicode = true
		}
	}
	if unicode {
		n := utf8.RuneCountInString(text)
		return SMSLength{Chars: n, Parts: parts(n, 70, 67), Unicode: true}
	}
	return SMSLength{Chars: septets, Parts: parts(septets, 160, 153)}
}

func parts(n, single, multi int) int {
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

// MessageState is where a message stands.
type MessageState string

// The states of a message.
const (
	MessageQueued  MessageState = "queued"
	MessageSent    MessageState = "sent"
	MessageFailed  MessageState = "failed"   // a send failed; retried by the daily job
	MessageGaveUp  MessageState = "gave_up"  // failed every attempt; nobody retries it
	MessageSkipped MessageState = "not_sent" // no consent or no address: never sent
)

// Message is one SMS or e-mail to a customer about one event of one order:
// the order's list entry and, while queued, its outbox entry.
type Message struct {
	// Key names the event and channel; the ledger sends each key once.
	Key      string       `json:"key"`
	RepairID string       `json:"repairId"`
	CentreID string       `json:"serviceCenterId"`
	Event    MessageEvent `json:"event"`
	Channel  Channel      `json:"channel"`
	To       string       `json:"to"`
	Subject  string       `json:"subject,omitempty"`
	Text     string       `json:"text"`
	QueuedAt time.Time    `json:"queuedAt"`
	State    MessageState `json:"state"`
	// Result is the state as the order page says it, in Russian.
	Result   string     `json:"result"`
	SentAt   *time.Time `json:"sentAt,omitempty"`
	Attempts int        `json:"attempts"`
}

// Results as the order page shows them.
const (
	ResultQueued    = "в очереди на отправку"
	ResultSent      = "отправлено"
	ResultNoConsent = "не отправлено: нет согласия"
	ResultNoPhone   = "не отправлено: нет телефона"
	ResultNoEmail   = "не отправлено: нет e-mail"
	ResultGaveUp    = "не отправлено: ошибка отправки"
)

// Occasion is one event the customer may hear about: which order, what
// happened, when, and Key, unique per event (the channel is appended).
// Another feature queues its own messages by composing an Occasion with
// its own Key and Event (and a template of that event).
type Occasion struct {
	Key    string
	Event  MessageEvent
	Repair Repair
	At     time.Time
	// Values fill placeholders of the event's own (a visit's time), which
	// must be listed in Placeholders; the order's are filled anyway.
	Values map[string]string
}

// StatusOccasion is the event of r entering its current status: one per
// version of the order, so a retried write cannot make a second one.
func StatusOccasion(r Repair) Occasion {
	return Occasion{Key: "repair/" + r.ID + "/v" + strconv.Itoa(r.Version), Event: StatusEvent(r.Status), Repair: r, At: r.StatusSince}
}

// UncollectedOccasion is the reminder for r's current stay in «Готов»:
// one per stay, whenever and however often the job runs.
func UncollectedOccasion(r Repair, at time.Time) Occasion {
	return Occasion{Key: "repair/" + r.ID + "/ready-" + r.StatusSince.UTC().Format("20060102T150405Z") + "/reminder",
		Event: EventUncollected, Repair: r, At: at}
}

// Addressee is what messages need of the customer and the centre.
type Addressee struct {
	Customer Customer
	// CentreName and CentrePhone come from the centre's directory entry
	// unless its message settings name another phone.
	CentreName, CentrePhone string
	// Link is the order's status page.
	Link string
	// StatusName is the order's status as the centre's chain names it.
	StatusName string
}

// Compose renders the centre's enabled templates for o: one message per
// channel. A customer without consent (or without a number or address) on
// a channel gets a message recorded as not sent, so the order shows why.
func (ms MessageSettings) Compose(o Occasion, to Addressee) []Message {
	values := ms.values(o.Repair, to)
	for k, v := range o.Values {
		values[k] = v
	}
	var out []Message
	for _, ch := range []Channel{ChannelSMS, ChannelEmail} {
		t, ok := ms.Template(o.Event, ch)
		if !ok || !t.Enabled {
			continue
		}
		m := Message{Key: o.Key + "/" + string(ch), RepairID: o.Repair.ID, CentreID: o.Repair.CentreID, Event: o.Event,
			Channel: ch, Text: Render(t.Text, values), QueuedAt: o.At.UTC(), State: MessageQueued, Result: ResultQueued}
		consent := to.Customer.ConsentSMS
		noAddress := ResultNoPhone
		if ch == ChannelEmail {
			m.Subject = strings.ReplaceAll(Render(t.Subject, values), "\n", " ")
			m.To, consent, noAddress = to.Customer.Email, to.Customer.ConsentEmail, ResultNoEmail
		} else if len(to.Customer.Phones) > 0 {
			m.To = to.Customer.Phones[0]
		}
		switch {
		case m.To == "":
			m.State, m.Result = MessageSkipped, noAddress
		case !consent:
			m.State, m.Result = MessageSkipped, ResultNoConsent
		}
		out = append(out, m)
	}
	return out
}

func (ms MessageSettings) values(r Repair, to Addressee) map[string]string {
	ready := ""
	if d, err := time.Parse(time.DateOnly, r.ExpectedDate); err == nil {
		ready = d.Format("02.01.2006")
	}
	due := r.Balance()
	if due < 0 {
		due = 0
	}
	return map[string]string{
		PhNumber: r.Number, PhStatus: to.StatusName, PhDevice: r.DeviceTitle, PhCustomer: to.Customer.Name,
		PhDue: rub(due), PhReady: ready, PhLink: to.Link, PhCentre: to.CentreName, PhPhone: ms.Phone(to.CentrePhone),
		PhAddress: ms.CentreAddress, PhHours: ms.CentreHours,
	}
}

// Queued are the messages that still need sending.
func Queued(msgs []Message) []Message {
	var out []Message
	for _, m := range msgs {
		if m.State == MessageQueued || m.State == MessageFailed {
			out = append(out, m)
		}
	}
	return out
}
