package actsfn_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/orders"
	"aftersales/shared/sesmail"
)

// TestEveryEventTheOtherSideMustActOnIsMailedOncePerRecipient walks the
// events of the acts spec's table through the acts service as the acts API
// builds it (sending through moto's SES) and counts the mails moto
// recorded: exactly one per event per recipient, each linking to the act.
// The hourly job run afterwards finds nothing left to send, so no mail goes
// twice. Before, none of these events was mailed.
func TestEveryEventTheOtherSideMustActOnIsMailedOncePerRecipient(t *testing.T) {
	e, svc := mailing(t)
	centre, centreTo, managersTo := recipients(t, e)

	draft, _, err := svc.Create(e.Ctx, centre, fulfiltest.Fields())
	must(t, err)
	a, err := svc.Do(e.Ctx, centre, draft.ID, acts.Move{Action: acts.ActionSubmit, Version: draft.Version})
	must(t, err) // no photos: the system asks for them
	_, a, err = svc.AddComment(e.Ctx, centre, a.ID, acts.CommentInput{Text: "Фото приложим завтра"})
	must(t, err) // the reply: back to submitted
	_, _, err = svc.AddComment(e.Ctx, centre, a.ID, acts.CommentInput{Text: "Шильдик стёрт"})
	must(t, err) // a comment on an act under review
	_, _, err = svc.AddComment(e.Ctx, e.Manager, a.ID, acts.CommentInput{Text: "Спасибо, смотрим"})
	must(t, err) // a manager's comment
	_, a, err = svc.AddComment(e.Ctx, e.Manager, a.ID, acts.CommentInput{Text: "Пришлите фото поломки", InfoRequest: true})
	must(t, err) // a manager's question
	_, a, err = svc.AddComment(e.Ctx, centre, a.ID, acts.CommentInput{Text: "Прислали"})
	must(t, err)
	a, err = svc.Do(e.Ctx, e.Manager, a.ID, acts.Move{Action: acts.ActionApprove, Version: a.Version})
	must(t, err)

	other, _, err := svc.Create(e.Ctx, centre, fulfiltest.Fields())
	must(t, err)
	o, err := svc.Do(e.Ctx, centre, other.ID, acts.Move{Action: acts.ActionSubmit, Version: other.Version})
	must(t, err)
	_, o, err = svc.AddComment(e.Ctx, centre, o.ID, acts.CommentInput{Text: "Фото не будет"})
	must(t, err)
	_, err = svc.Do(e.Ctx, e.Manager, o.ID, acts.Move{Action: acts.ActionRefuse, Version: o.Version, Reason: "Нет фото шильдика"})
	must(t, err)

	// The hourly job sends what is still queued: nothing may go twice.
	if _, err := e.F.AutoClose().Run(e.Ctx, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range e.Mails() {
		if len(m.To) != 1 {
			t.Errorf("mail %q to %v: want one recipient per mail", m.Subject, m.To)
			continue
		}
		if !strings.Contains(m.Text, "https://portal.example/acts/") {
			t.Errorf("mail %q does not link to the act:\n%s", m.Subject, m.Text)
		}
		got[kindOf(m.Subject)+" → "+m.To[0]]++
	}
	want := map[string]int{}
	add := func(kind string, to []string, n int) {
		for _, addr := range to {
			want[kind+" → "+addr] += n
		}
	}
	add("не хватает фото", centreTo, 2) // one per act
	add("ответил на запрос", managersTo, 3)
	add("комментарий сервисного центра", managersTo, 1)
	add("комментарий менеджера", centreTo, 1)
	add("вопрос менеджера", centreTo, 1)
	add("гарантия подтверждена", centreTo, 1)
	add("ОТКАЗ в ГО", centreTo, 1)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d mails, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("unexpected: %s ×%d", k, n)
		}
	}
}

// mailing is a test's world with the acts service as the acts API builds
// it, sending through moto's SES.
func mailing(t *testing.T) (*fulfiltest.Env, *acts.Service) {
	e := fulfiltest.New(t)
	svc, _, err := actsfn.ServiceMailing(e.Env, sesmail.SES{Client: ses.NewFromConfig(e.Env.AWS), From: e.Env.Config.SenderEmail})
	if err != nil {
		t.Fatal(err)
	}
	return e, svc
}

// kindOf names a mail by the words its subject carries after the act number.
func kindOf(subject string) string {
	for _, k := range []string{"не хватает фото", "ответил на запрос", "комментарий сервисного центра", "комментарий менеджера",
		"вопрос менеджера", "гарантия подтверждена", "ОТКАЗ в ГО", "платный заказ", "несоответствие"} {
		if strings.Contains(subject, k) {
			return k
		}
	}
	return subject
}

// recipients gives centre north, with a second user of its own and a
// second manager on e, and whom each side's mails go to: the centre's
// address and that user; both managers.
func recipients(t *testing.T, e *fulfiltest.Env) (centre auth.Caller, centreTo, managersTo []string) {
	t.Helper()
	centre = e.Centre("north")
	clerk := e.User(auth.RoleServiceCenter, centre.Tenant)
	second := e.User(auth.RoleManager, "")
	return centre, []string{e.Address("north"), addressOf(t, e, clerk)}, []string{addressOf(t, e, e.Manager), addressOf(t, e, second)}
}

func addressOf(t *testing.T, e *fulfiltest.Env, c auth.Caller) string {
	t.Helper()
	u, err := e.F.People.User(e.Ctx, c.UserID)
	if err != nil || u.Email == "" {
		t.Fatalf("user %s: %+v %v", c.UserID, u, err)
	}
	return u.Email
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestADigestReaderGetsTheEventsInTheMorningDigestAndNothingIsLost is the
// per-user choice of the acts spec: a centre user and a manager who chose
// the daily digest get no mail per event, and then one digest listing each
// of their events; the users who kept immediate mails (the default) and the
// centre's own address get each event at once, as before. A reader who
// switches back to immediate mails before the morning still gets the held
// events in it. A second digest run and the hourly job send nothing more.
func TestADigestReaderGetsTheEventsInTheMorningDigestAndNothingIsLost(t *testing.T) {
	e, svc := mailing(t)
	centre := e.Centre("north")
	prompt := e.User(auth.RoleServiceCenter, centre.Tenant)
	patient := e.User(auth.RoleServiceCenter, centre.Tenant)
	waiter := e.User(auth.RoleManager, "")
	for _, c := range []auth.Caller{patient, waiter} {
		if u, err := e.Dir.SetOwnMailMode(e.Ctx, c, auth.MailDigest); err != nil || u.MailMode() != auth.MailDigest {
			t.Fatalf("choose the digest: %+v %v", u, err)
		}
	}
	draft, _, err := svc.Create(e.Ctx, centre, fulfiltest.Fields())
	must(t, err)
	a, err := svc.Do(e.Ctx, centre, draft.ID, acts.Move{Action: acts.ActionSubmit, Version: draft.Version})
	must(t, err) // the system asks for the photos: to the centre
	_, a, err = svc.AddComment(e.Ctx, centre, a.ID, acts.CommentInput{Text: "Фото приложим завтра"})
	must(t, err) // the reply: to the managers
	_, err = svc.Do(e.Ctx, e.Manager, a.ID, acts.Move{Action: acts.ActionApprove, Version: a.Version})
	must(t, err) // the approval: to the centre

	count := func() map[string]int {
		got := map[string]int{}
		for _, m := range e.Mails() {
			got[m.To[0]]++
		}
		return got
	}
	before := count()
	centreAddr, promptAddr, patientAddr := e.Address("north"), addressOf(t, e, prompt), addressOf(t, e, patient)
	managerAddr, waiterAddr := addressOf(t, e, e.Manager), addressOf(t, e, waiter)
	for addr, n := range map[string]int{centreAddr: 2, promptAddr: 2, patientAddr: 0, managerAddr: 1, waiterAddr: 0} {
		if before[addr] != n {
			t.Errorf("before the digest, %s got %d mails, want %d", addr, before[addr], n)
		}
	}

	// A reader who goes back to immediate mails still gets what was held.
	if _, err := e.Dir.SetOwnMailMode(e.Ctx, waiter, auth.MailImmediate); err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(e.Clock.Now().Add(20 * time.Hour))
	for range 2 {
		if _, err := e.F.Digest().Run(e.Ctx, e.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.F.AutoClose().Run(e.Ctx, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	after := count()
	for addr, n := range map[string]int{centreAddr: 2, promptAddr: 2, patientAddr: 1, managerAddr: 1, waiterAddr: 1} {
		if after[addr] != n {
			t.Errorf("after the digest, %s got %d mails, want %d", addr, after[addr], n)
		}
	}
	digests := map[string]string{}
	for _, m := range e.Mails() {
		if strings.HasPrefix(m.Subject, "Сводка событий по актам") {
			digests[m.To[0]] = m.Text
		}
	}
	for addr, kinds := range map[string][]string{patientAddr: {"не хватает фото", "гарантия подтверждена"}, waiterAddr: {"ответил на запрос"}} {
		text := digests[addr]
		for _, k := range kinds {
			if !strings.Contains(text, k) {
				t.Errorf("the digest of %s misses «%s»:\n%s", addr, k, text)
			}
		}
		if !strings.Contains(text, "https://portal.example/acts/"+a.ID) {
			t.Errorf("the digest of %s does not link to the act:\n%s", addr, text)
		}
	}
	if !strings.Contains(digests[waiterAddr], "«Фото приложим завтра»") {
		t.Errorf("the manager's digest does not quote the reply:\n%s", digests[waiterAddr])
	}
}

// TestAPaidOrderAndAMismatchClaimAreMailedOncePerRecipient counts the two
// events of the spec's table the walk above does not reach: a manager's
// paid-order decision (to each centre address) and the centre's mismatch
// claim after delivery (to each manager), once each, also after the hourly
// job.
func TestAPaidOrderAndAMismatchClaimAreMailedOncePerRecipient(t *testing.T) {
	e, svc := mailing(t)
	centre, centreTo, managersTo := recipients(t, e)

	paid := e.Submitted(centre)
	_, err := svc.Do(e.Ctx, e.Manager, paid.ID, acts.Move{Action: acts.ActionPaidOrder, Version: paid.Version})
	must(t, err)

	a := e.Submitted(centre)
	a, err = svc.Do(e.Ctx, e.Manager, a.ID, acts.Move{Action: acts.ActionApprove, Version: a.Version})
	must(t, err)
	sh, err := e.F.Shipments.Urgent(e.Ctx, e.Manager, a.OrderIDs)
	must(t, err)
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, sh.ID, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "1234567890"})
	must(t, err)
	_, err = e.F.Shipments.Deliver(e.Ctx, centre, sh.ID, nil)
	must(t, err)
	a = e.Act(a.ID).Act
	_, err = svc.Do(e.Ctx, centre, a.ID, acts.Move{Action: acts.ActionClaimMismatch, Version: a.Version, Reason: "Прислали не ту свечу"})
	must(t, err)
	if _, err := e.F.AutoClose().Run(e.Ctx, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}

	got := map[string]int{}
	for _, m := range e.Mails() {
		got[kindOf(m.Subject)+" → "+m.To[0]]++
	}
	for _, addr := range centreTo {
		if n := got["платный заказ → "+addr]; n != 1 {
			t.Errorf("paid order → %s: %d mails, want 1", addr, n)
		}
	}
	for _, addr := range managersTo {
		if n := got["несоответствие → "+addr]; n != 1 {
			t.Errorf("mismatch claim → %s: %d mails, want 1", addr, n)
		}
	}
}
