package actsfn_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/sesmail"
)

// TestEveryEventTheOtherSideMustActOnIsMailedOncePerRecipient walks the
// events of the acts spec's table through the acts service as the acts API
// builds it (sending through moto's SES) and counts the mails moto
// recorded: exactly one per event per recipient, each linking to the act.
// The hourly job run afterwards finds nothing left to send, so no mail goes
// twice. Before, none of these events was mailed.
func TestEveryEventTheOtherSideMustActOnIsMailedOncePerRecipient(t *testing.T) {
	e := fulfiltest.New(t)
	svc, _, err := actsfn.ServiceMailing(e.Env, sesmail.SES{Client: ses.NewFromConfig(e.Env.AWS), From: e.Env.Config.SenderEmail})
	if err != nil {
		t.Fatal(err)
	}
	centre := e.Centre("north")
	clerk := e.User(auth.RoleServiceCenter, centre.Tenant)
	second := e.User(auth.RoleManager, "")
	centreTo := []string{e.Address("north"), addressOf(t, e, clerk)}
	managersTo := []string{addressOf(t, e, e.Manager), addressOf(t, e, second)}

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
