package timers_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/sesmail"
)

// The seed's way to say a repair failed is a comment («указать в
// комментариях причины невозможности ремонта»): a centre's comment in the
// window after delivery stops the automatic «Отремонтировано», and the act
// waits for a manager, whose three answers are walked here on the clock.
func TestACentresCommentInTheWindowStopsTheCloseUntilAManagerResolvesIt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		resolve acts.Move
		want    acts.Status
	}{
		{"a second order", acts.Move{Action: acts.ActionApprove}, acts.StatusApproved},
		{"a refusal", acts.Move{Action: acts.ActionRefuse, Reason: "Поломка не гарантийная"}, acts.StatusRefused},
		{"back to the window", acts.Move{Action: acts.ActionResumeWindow}, acts.StatusPartsDelivered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			north := e.Centre("north")
			a, deadline := delivered(e, north)
			run(e, deadline.Add(-20*time.Hour)) // the reminder
			// The centre comments through the acts API's service, which mails.
			mailing, _, err := actsfn.ServiceMailing(e.Env, sesmail.SES{Client: ses.NewFromConfig(e.Env.AWS), From: e.Env.Config.SenderEmail})
			e.Must(err, "acts service")
			e.Clock.Set(deadline.Add(-2 * time.Hour))
			_, held, err := mailing.AddComment(e.Ctx, north, a.ID, acts.CommentInput{Text: "Не та запчасть пришла: нужен коленвал на 20 мм"})
			e.Must(err, "comment")
			if held.Status != acts.StatusMismatchClaimed {
				t.Fatalf("after the comment the act is %s, want mismatch_claimed", held.Status)
			}
			// The manager (the test's only one) is told at once, once.
			if got := mailsAbout(e, a, "заявлено несоответствие"); got != 1 {
				t.Errorf("%d e-mails to the manager about the held act, want 1", got)
			}
			for _, at := range []time.Duration{time.Minute, 24 * time.Hour, 10 * 24 * time.Hour} {
				if r := run(e, deadline.Add(at)); r.Closed != 0 {
					t.Errorf("%s after the deadline: %+v", at, r)
				}
			}
			if got := e.Act(a.ID).Act.Status; got != acts.StatusMismatchClaimed || mailsAbout(e, a, "закрыт: Отремонтировано") != 0 {
				t.Fatalf("ten days on the act is %s, want it waiting for a manager and not closed", got)
			}
			resolvedAt := deadline.Add(10*24*time.Hour + time.Hour)
			e.Clock.Set(resolvedAt)
			m := tc.resolve
			got := e.Move(e.Manager, e.Act(a.ID).Act, m)
			if got.Status != tc.want {
				t.Fatalf("resolved: %s, want %s", got.Status, tc.want)
			}
			if tc.want != acts.StatusPartsDelivered {
				return
			}
			// Back in the window: the centre has the full window again from
			// the manager's answer, then the act closes on its own.
			window := e.F.Policy.SilentDelivery
			if r := run(e, resolvedAt.Add(window-time.Minute)); r.Closed != 0 {
				t.Errorf("a minute before the new deadline: %+v", r)
			}
			if r := run(e, resolvedAt.Add(window+time.Minute)); r.Closed != 1 {
				t.Errorf("a minute after the new deadline: %+v", r)
			}
			if got := e.Act(a.ID).Act.Status; got != acts.StatusRepaired || mailsAbout(e, a, "закрыт: Отремонтировано") != 1 {
				t.Errorf("the resumed act is %s", got)
			}
		})
	}
}

// Only the centre's comment holds the act: a manager's comment in the
// window moves nothing.
func TestOnlyTheCentresCommentAfterDeliveryStopsTheClose(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	a, _ := delivered(e, north)
	_, got, err := e.Acts.AddComment(e.Ctx, e.Manager, a.ID, acts.CommentInput{Text: "Проверьте, пожалуйста, крепёж"})
	e.Must(err, "manager's comment")
	if got.Status != acts.StatusPartsDelivered {
		t.Errorf("after a manager's comment the act is %s", got.Status)
	}
}
