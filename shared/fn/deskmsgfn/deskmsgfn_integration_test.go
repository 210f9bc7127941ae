package deskmsgfn_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/config"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/dailydigestfn"
	"aftersales/shared/fn/deskmsgfn"
	"aftersales/shared/mailer"
	"aftersales/shared/phone"
)

// world is one test's table, a centre and the desk wired as DeskApiFunction
// wires it (deskmsgfn.New), on moto's SES and SNS, with a clock it moves.
type world struct {
	t      *testing.T
	ctx    context.Context
	mu     sync.Mutex
	now    time.Time
	svc    *desk.Service
	msg    *desk.Messenger
	store  *deskstore.Desk
	table  *dynamo.Store
	env    *fn.Env // the functions' environment on the world's table and clock
	moto   string
	centre auth.Caller
	admin  auth.Caller
	tag    string
}

var start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, ctx: ctx, now: start, moto: localaws.DefaultEndpoints().Moto, tag: randomDigits(6)}
	e := fulfiltest.FnEnv(t, config.Config{Stage: "test", SenderEmail: "no-reply@deskmsg.example", WebBaseURL: "https://portal.example", Location: time.UTC}, w.clock)
	if err := localaws.VerifySender(ctx, ses.NewFromConfig(e.AWS), e.Config.SenderEmail); err != nil {
		t.Fatal(err)
	}
	w.env = e
	tableStore := dynamo.New(dynamodb.NewFromConfig(e.AWS), e.Config.TableName)
	w.msg = deskmsgfn.New(e, tableStore)
	w.store, w.table = deskstore.New(tableStore), tableStore
	people := identitystore.New(tableStore)
	centreID := "sc-" + w.tag
	if err := people.CreateTenant(ctx, auth.Tenant{ID: centreID, Kind: auth.KindServiceCenter, Name: "СЦ Север", Phone: "+74951234567", CreatedAt: start},
		auth.AuditEntry{ID: "seed-" + centreID, At: start, Action: auth.ActionTenantCreate}); err != nil {
		t.Fatal(err)
	}
	var err error
	w.svc, err = desk.NewService(desk.Config{Store: w.store, Repairs: w.store, Staff: people, Phones: phone.Parse,
		Clock: w.clock, Location: time.UTC, Messages: w.msg})
	if err != nil {
		t.Fatal(err)
	}
	w.centre = auth.Caller{UserID: "reception-" + w.tag, Role: auth.RoleServiceCenter, Tenant: centreID, CentreRole: auth.CentreReception}
	w.admin = auth.Caller{UserID: "admin-" + w.tag, Role: auth.RoleServiceCenter, Tenant: centreID, CentreRole: auth.CentreAdmin}
	return w
}

func (w *world) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

func (w *world) at(t time.Time) { w.mu.Lock(); w.now = t; w.mu.Unlock() }

func randomDigits(n int) string {
	var b strings.Builder
	for range n {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteString(d.String())
	}
	return b.String()
}

// order takes a mower in for a new customer with a phone of its own (so
// moto's SMS to it are this test's) and the consents given.
func (w *world) order(consentSMS, consentEmail bool) (desk.RepairView, string) {
	w.t.Helper()
	phone := "+7934" + randomDigits(7)
	email := "c" + randomDigits(8) + "@deskmsg.example"
	v, err := w.svc.CreateRepair(w.ctx, w.centre, desk.NewRepair{
		Customer: &desk.CustomerInput{Name: "Иван Петров", Phones: []string{phone}, Email: email, ConsentSMS: consentSMS, ConsentEmail: consentEmail},
		Device:   &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500", Maker: "Patriot"},
		Intake:   desk.Intake{Complaint: "Не заводится", ExpectedDate: "2026-12-05"}})
	if err != nil {
		w.t.Fatal(err)
	}
	return v, phone
}

func (w *world) move(v desk.RepairView, to desk.Status) desk.RepairView {
	w.t.Helper()
	got, err := w.svc.Move(w.ctx, w.centre, v.ID, desk.StatusMove{Status: to, Version: v.Version})
	if err != nil {
		w.t.Fatal(err)
	}
	return got
}

// sms are the SMS moto recorded to phone.
func (w *world) sms(phone string) []localaws.SMS {
	w.t.Helper()
	return recorded(w, localaws.SMSs, func(s localaws.SMS) bool { return s.Phone == phone })
}

// mails are the e-mails moto recorded to to alone.
func (w *world) mails(to string) []localaws.Mail {
	w.t.Helper()
	return recorded(w, localaws.Mails, func(m localaws.Mail) bool { return len(m.To) == 1 && m.To[0] == to })
}

// recorded reads what moto recorded (localaws.SMSs or Mails) and keeps what
// keep accepts.
func recorded[T any](w *world, read func(context.Context, string) ([]T, error), keep func(T) bool) []T {
	w.t.Helper()
	all, err := read(w.ctx, w.moto)
	if err != nil {
		w.t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(v T) bool { return !keep(v) })
}

func (w *world) messages(id string) []desk.Message {
	w.t.Helper()
	msgs, err := w.svc.RepairMessages(w.ctx, w.centre, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return msgs
}

func TestAStatusChangeSendsTheRenderedSMSThatMotoRecordsAndListsItOnTheOrder(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(true, true)
	if len(v.StatusToken) != 27 {
		t.Fatalf("status token %q", v.StatusToken)
	}
	w.at(start.Add(2 * time.Hour))
	v = w.move(v, desk.StatusReady)

	got := w.sms(phone)
	if len(got) != 2 {
		t.Fatalf("moto recorded %d SMS to %s, want 2 (Принят, Готов): %+v", len(got), phone, got)
	}
	if !strings.HasPrefix(got[0].Text, "СЦ Север: заказ СЦ-2026-000001 принят (Газонокосилка ГК-1500 Patriot). Статус: https://portal.example/s/"+v.StatusToken) {
		t.Errorf("intake SMS %q", got[0].Text)
	}
	if want := "СЦ Север: Газонокосилка ГК-1500 Patriot готово, можно забирать. К оплате 0,00 ₽."; got[1].Text != want {
		t.Errorf("ready SMS\n got %q\nwant %q", got[1].Text, want)
	}
	msgs := w.messages(v.ID)
	if len(msgs) != 4 {
		t.Fatalf("%d messages on the order, want 4: %+v", len(msgs), msgs)
	}
	for _, m := range msgs {
		if m.State != desk.MessageSent || m.Result != desk.ResultSent || m.SentAt == nil {
			t.Errorf("%s: %s %q, want sent", m.Key, m.State, m.Result)
		}
	}
	if msgs[0].Channel != desk.ChannelSMS || msgs[1].Channel != desk.ChannelEmail {
		t.Errorf("order of messages: %s, %s; want each event's SMS, then its e-mail", msgs[0].Channel, msgs[1].Channel)
	}
	if mails := w.mails(msgs[1].To); len(mails) != 2 || mails[1].Subject != "Заказ СЦ-2026-000001: Готов (можно забирать)" {
		t.Errorf("e-mails %+v", mails)
	}
}

func TestACustomerWithoutConsentGetsNothingAndTheOrderSaysWhy(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(false, false)
	v = w.move(v, desk.StatusReady)
	if got := w.sms(phone); len(got) != 0 {
		t.Errorf("moto recorded %+v, want no SMS without consent", got)
	}
	msgs := w.messages(v.ID)
	if len(msgs) != 4 {
		t.Fatalf("%d messages, want 4 recorded", len(msgs))
	}
	for _, m := range msgs {
		if m.State != desk.MessageSkipped || m.Result != desk.ResultNoConsent {
			t.Errorf("%s: %s %q, want «%s»", m.Key, m.State, m.Result, desk.ResultNoConsent)
		}
		if mails := w.mails(m.To); m.Channel == desk.ChannelEmail && len(mails) != 0 {
			t.Errorf("e-mail sent without consent: %+v", mails)
		}
	}
}

// failing is an SMS provider that is down.
type failing struct{}

func (failing) Send(context.Context, mailer.Message) (string, error) {
	return "", errors.New("SNS: throttled")
}

func TestAFailedSendIsRetriedByTheDailyJobAndNoMessageIsEverSentTwice(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(true, false) // its intake SMS goes out
	// SNS is down for the next change: the change stands, its SMS is failed.
	sms := w.msg.Courier.SMS
	w.msg.Courier.SMS.Sender = failing{}
	v = w.move(v, desk.StatusReady)
	w.msg.Courier.SMS = sms
	var failed desk.Message
	for _, m := range w.messages(v.ID) {
		if m.Event == desk.StatusEvent(desk.StatusReady) && m.Channel == desk.ChannelSMS {
			failed = m
		}
	}
	if failed.State != desk.MessageFailed || !strings.Contains(failed.Result, "throttled") || failed.Attempts != 1 {
		t.Fatalf("after the failed send: %+v", failed)
	}
	if got := w.sms(phone); len(got) != 1 {
		t.Fatalf("%d SMS, want only the intake's", len(got))
	}
	// The daily job, a day later, in its own function.
	courier := deskCourier(t, w)
	w.at(start.Add(24 * time.Hour))
	n, err := courier.Resend(w.ctx, w.clock())
	if err != nil || n != (desk.Resent{Pending: 1}) {
		t.Fatalf("resend: %d, %v; want the failed one", n, err)
	}
	if got := w.sms(phone); len(got) != 2 {
		t.Fatalf("%d SMS after the resend, want 2", len(got))
	}
	// The job runs again, and a retried request delivers the same messages
	// again: the ledger sends none of them a second time.
	if n, err := courier.Resend(w.ctx, w.clock()); err != nil || n != (desk.Resent{}) {
		t.Errorf("second resend: %d, %v; want nothing pending", n, err)
	}
	msgs, err := w.store.RepairMessages(w.ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range msgs {
		msgs[i].State = desk.MessageQueued // as a retried request still holds them
	}
	if _, err := courier.Deliver(w.ctx, msgs); err != nil {
		t.Fatal(err)
	}
	if got := w.sms(phone); len(got) != 2 {
		t.Errorf("%d SMS after a duplicate delivery, want still 2", len(got))
	}
}

// deskCourier is the messenger's courier as the daily job builds it.
func deskCourier(t *testing.T, w *world) *desk.Courier {
	t.Helper()
	return deskmsgfn.New(w.env, w.table).Courier
}

func TestTheDailyJobRemindsOfAReadyDeviceOnceAfterTheCentresDays(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(true, false)
	ready := start.Add(time.Hour)
	w.at(ready)
	w.move(v, desk.StatusReady)
	remind := func(at time.Time) int {
		t.Helper()
		w.at(at)
		n, err := w.msg.RemindUncollected(w.ctx, w.centre.Tenant, at)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := remind(ready.Add(71 * time.Hour)); n != 0 {
		t.Errorf("reminded %d after 71 h, want none before 3 days", n)
	}
	if n := remind(ready.Add(73 * time.Hour)); n != 1 {
		t.Errorf("reminded %d after 73 h, want 1", n)
	}
	if n := remind(ready.Add(97 * time.Hour)); n != 0 {
		t.Errorf("reminded %d the next day, want none: one reminder per stay", n)
	}
	got := w.sms(phone)
	if len(got) != 3 || !strings.HasPrefix(got[2].Text, "СЦ Север: Газонокосилка ГК-1500 Patriot ждёт вас, заказ СЦ-2026-000001.") {
		t.Errorf("SMS %+v, want intake, ready and one reminder", got)
	}
}

func TestTheStatusLinkShowsTheStatusWithoutAccountAndExpires30DaysAfterHandOver(t *testing.T) {
	w := newWorld(t)
	v, _ := w.order(true, false)
	st, err := w.svc.PublicStatus(w.ctx, v.StatusToken, "203.0.113.1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Number != v.Number || st.StatusName != "Принят" || st.Device != "Газонокосилка ГК-1500 Patriot" ||
		st.Centre.Name != "СЦ Север" || st.Centre.Phone != "+74951234567" || st.ExpectedDate != "2026-12-05" {
		t.Errorf("public status %+v", st)
	}
	if _, err := w.svc.PublicStatus(w.ctx, desk.NewStatusToken(), "203.0.113.1"); apperr.Status(apperr.CodeOf(err)) != http.StatusNotFound {
		t.Errorf("unknown token: %v, want 404", err)
	}
	handed := start.Add(48 * time.Hour)
	w.at(handed)
	w.move(v, desk.StatusHandedOver)
	w.at(handed.Add(30*24*time.Hour - time.Minute))
	if st, err := w.svc.PublicStatus(w.ctx, v.StatusToken, "203.0.113.2"); err != nil || st.Status != desk.StatusHandedOver {
		t.Errorf("29.99 days after hand-over: %+v, %v", st, err)
	}
	w.at(handed.Add(30*24*time.Hour + time.Minute))
	if _, err := w.svc.PublicStatus(w.ctx, v.StatusToken, "203.0.113.3"); apperr.Status(apperr.CodeOf(err)) != http.StatusGone {
		t.Errorf("30 days after hand-over: %v, want 410", err)
	}
}

func TestTheStatusLinkIsRateLimitedPerTokenAndPerAddress(t *testing.T) {
	w := newWorld(t)
	v, _ := w.order(false, false)
	for i := range desk.RatePerToken {
		if _, err := w.svc.PublicStatus(w.ctx, v.StatusToken, fmt.Sprintf("198.51.100.%d", i)); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	_, err := w.svc.PublicStatus(w.ctx, v.StatusToken, "198.51.100.200")
	if apperr.Status(apperr.CodeOf(err)) != http.StatusTooManyRequests {
		t.Errorf("request %d of one token in the window: %v, want 429", desk.RatePerToken+1, err)
	}
	// One address guessing tokens is stopped after its own limit of
	// misses, and then gets nothing, not even an order it knows.
	for i := range desk.MissesPerSource {
		if _, err := w.svc.PublicStatus(w.ctx, desk.NewStatusToken(), "192.0.2.7"); apperr.Status(apperr.CodeOf(err)) != http.StatusNotFound {
			t.Fatalf("guess %d: %v, want 404", i+1, err)
		}
	}
	other, _ := w.order(false, false)
	for _, token := range []string{desk.NewStatusToken(), other.StatusToken} {
		if _, err := w.svc.PublicStatus(w.ctx, token, "192.0.2.7"); apperr.Status(apperr.CodeOf(err)) != http.StatusTooManyRequests {
			t.Errorf("after %d misses from one address: %v, want 429", desk.MissesPerSource, err)
		}
	}
	// Views of a real order count against the token only: another address
	// sees it as often as the token allows.
	if _, err := w.svc.PublicStatus(w.ctx, other.StatusToken, "192.0.2.8"); err != nil {
		t.Errorf("another address: %v", err)
	}
	// The next window starts afresh.
	w.at(start.Add(desk.RateWindow))
	if _, err := w.svc.PublicStatus(w.ctx, v.StatusToken, "192.0.2.7"); err != nil {
		t.Errorf("next window: %v", err)
	}
}

func TestOnlyTheCentreAdminChangesTheTemplates(t *testing.T) {
	w := newWorld(t)
	view, err := w.svc.MessageTemplates(w.ctx, w.centre)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Previews) != len(view.Templates) || view.Previews[0].SMS == nil || view.Previews[0].SMS.Parts < 1 {
		t.Fatalf("previews %+v", view.Previews[:1])
	}
	in := view.MessageSettings
	in.Templates[0].Text = "Заказ {номер} принят. {ссылка}"
	if _, err := w.svc.SaveMessageTemplates(w.ctx, w.centre, in); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("reception saved templates: %v", err)
	}
	saved, err := w.svc.SaveMessageTemplates(w.ctx, w.admin, in)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 1 || !strings.HasPrefix(saved.Previews[0].Text, "Заказ СЦ-2026-000123 принят. https://portal.example/s/") {
		t.Errorf("saved %+v", saved.Previews[0])
	}
	v, phone := w.order(true, false)
	if got := w.sms(phone); len(got) != 1 || got[0].Text != "Заказ "+v.Number+" принят. https://portal.example/s/"+v.StatusToken {
		t.Errorf("SMS %+v, want the centre's own template", got)
	}
	if _, err := w.svc.SaveMessageTemplates(w.ctx, w.admin, in); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("save on a stale version: %v, want a conflict", err)
	}
}

func TestARunKilledAfterTheSendButBeforeItsRecordResendsNothing(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(true, false)
	// The request that moves the order dies right after its commit: the
	// SMS is queued, nobody sent it.
	courier := w.msg.Courier
	w.msg.Courier = nil
	v = w.move(v, desk.StatusReady)
	var queued desk.Message
	for _, m := range w.messages(v.ID) {
		if m.Event == desk.StatusEvent(desk.StatusReady) && m.Channel == desk.ChannelSMS {
			queued = m
		}
	}
	if queued.State != desk.MessageQueued {
		t.Fatalf("after the dead request: %+v, want queued", queued)
	}
	// Another run sends it and dies before recording it on the order: SNS
	// has it, the ledger says sent, the order still says queued.
	if err := courier.SMS.Send(w.ctx, queued.Key, mailer.Message{To: []string{queued.To}, Text: queued.Text}); err != nil {
		t.Fatal(err)
	}
	w.at(start.Add(24 * time.Hour))
	if n, err := courier.Resend(w.ctx, w.clock()); err != nil || n != (desk.Resent{Pending: 1}) {
		t.Fatalf("resend: %d, %v; want the one still queued", n, err)
	}
	if got := w.sms(phone); len(got) != 2 {
		t.Errorf("moto recorded %d SMS to %s, want 2 (intake, ready): the resend sent it again", len(got), phone)
	}
	for _, m := range w.messages(v.ID) {
		if m.Key == queued.Key && m.State != desk.MessageSent {
			t.Errorf("after the resend: %+v, want recorded as sent", m)
		}
	}
	if n, err := courier.Resend(w.ctx, w.clock()); err != nil || n != (desk.Resent{}) {
		t.Errorf("third run: %d pending, %v; want none", n, err)
	}
}

func TestTheDailyJobRemindsThroughTheScheduledFunction(t *testing.T) {
	w := newWorld(t)
	v, phone := w.order(true, false)
	ready := start.Add(time.Hour)
	w.at(ready)
	w.move(v, desk.StatusReady)
	job, err := dailydigestfn.New(w.env)
	if err != nil {
		t.Fatal(err)
	}
	// The schedule's time, as EventBridge Scheduler passes it: two mornings.
	for _, at := range []time.Time{ready.Add(50 * time.Hour), ready.Add(74 * time.Hour), ready.Add(98 * time.Hour)} {
		if err := job(w.ctx, events.EventBridgeEvent{Time: at}); err != nil {
			t.Fatal(err)
		}
	}
	got := w.sms(phone)
	if len(got) != 3 || !strings.Contains(got[2].Text, "ждёт вас") {
		t.Errorf("SMS %+v, want intake, ready and one reminder on the third day", got)
	}
}

func TestAnOrderOlderThanStatusLinksGetsOneWithItsNextChange(t *testing.T) {
	w := newWorld(t)
	people := identitystore.New(w.table)
	before, err := desk.NewService(desk.Config{Store: w.store, Repairs: w.store, Staff: people, Phones: phone.Parse,
		Clock: w.clock, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	old, err := before.CreateRepair(w.ctx, w.centre, desk.NewRepair{
		Customer: &desk.CustomerInput{Name: "Старый клиент", Phones: []string{"+7934" + randomDigits(7)}, ConsentSMS: true},
		Device:   &desk.DeviceInput{Category: "Мотоблок", Model: "МБ-7"}, Intake: desk.Intake{Complaint: "Течёт масло"}})
	if err != nil || old.StatusToken != "" {
		t.Fatalf("an order without messages: %q, %v", old.StatusToken, err)
	}
	moved := w.move(old, desk.StatusDiagnostics)
	if len(moved.StatusToken) != 27 {
		t.Fatalf("after a change: token %q", moved.StatusToken)
	}
	st, err := w.svc.PublicStatus(w.ctx, moved.StatusToken, "203.0.113.9")
	if err != nil || st.Number != old.Number || st.StatusName != "Диагностика" {
		t.Errorf("its link: %+v, %v", st, err)
	}
}

func TestAMessageThatFailsEveryAttemptIsAbandonedAndSaysSo(t *testing.T) {
	w := newWorld(t)
	w.msg.Courier.SMS.Sender = failing{}
	v, phone := w.order(true, false)
	courier := w.msg.Courier
	// The first attempt was right after the intake; the daily job makes
	// the second to the fifth, then stops.
	for day := 1; day <= 4; day++ {
		w.at(start.Add(time.Duration(day) * 24 * time.Hour))
		got, err := courier.Resend(w.ctx, w.clock())
		if err == nil {
			t.Fatalf("day %d: the failing provider's error was not returned", day)
		}
		want := desk.Resent{Pending: 1}
		if day == 4 {
			want.GaveUp = 1
		}
		if got != want {
			t.Errorf("day %d: %+v, want %+v", day, got, want)
		}
	}
	w.at(start.Add(5 * 24 * time.Hour))
	if got, err := courier.Resend(w.ctx, w.clock()); err != nil || got != (desk.Resent{}) {
		t.Errorf("day 5: %+v, %v; want nothing left to try", got, err)
	}
	msgs := w.messages(v.ID) // the SMS, and the e-mail without consent
	if len(msgs) != 2 || msgs[0].State != desk.MessageGaveUp || msgs[0].Attempts != 5 || !strings.HasPrefix(msgs[0].Result, desk.ResultGaveUp) {
		t.Errorf("the order shows %+v, want the SMS abandoned after 5 attempts", msgs)
	}
	if got := w.sms(phone); len(got) != 0 {
		t.Errorf("moto recorded %+v", got)
	}
}
