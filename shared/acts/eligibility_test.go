package acts

import (
	"context"
	"strings"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/eligibility"
)

// fixedJudge answers verdict for every act and keeps what it was asked.
type fixedJudge struct {
	verdict eligibility.Verdict
	asked   []eligibility.Facts
	cats    []string
}

func (j *fixedJudge) Judge(_ context.Context, category string, f eligibility.Facts) (eligibility.Result, error) {
	j.asked, j.cats = append(j.asked, f), append(j.cats, category)
	return eligibility.Result{Verdict: j.verdict, Reasons: []eligibility.Reason{{Code: "x", Severity: "refusal", Message: "причина"}}}, nil
}

func judgedEnv(t *testing.T, v eligibility.Verdict) (*env, *fixedJudge) {
	t.Helper()
	e := newEnv(t)
	j := &fixedJudge{verdict: v}
	e.svc.judges = j
	return e, j
}

// submitted is the seed's act with every photo, submitted; its first part
// is one the centre does not have (so the parts can be sold too).
func (e *env) submitted(t *testing.T) Act {
	t.Helper()
	f := seedAct(t)
	f.Parts[0].OwnPart = false
	act := e.draft(t, f)
	e.attach(t, act.ID, FileNameplate, FileWarrantyOrReceipt, FileDefect, FilePart)
	got, err := e.svc.Do(context.Background(), centreUser, act.ID, Move{Action: ActionSubmit, Version: act.Version})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestTheVerdictIsComputedAtSubmissionFromTheActsFieldsAndStored(t *testing.T) {
	e, j := judgedEnv(t, eligibility.Doubtful)
	act := e.draft(t, seedAct(t))
	if act.Eligibility != nil || len(j.asked) != 0 {
		t.Fatalf("a draft was judged: %+v", act.Eligibility)
	}
	got := e.submitted(t)
	if got.Eligibility == nil || got.Eligibility.Verdict != eligibility.Doubtful || len(j.asked) != 1 {
		t.Fatalf("submitted act's verdict %+v after %d judgements", got.Eligibility, len(j.asked))
	}
	f, seed := j.asked[0], seedAct(t)
	if f.ActID != got.ID || f.Serial != *seed.SerialNumber || f.Article != *seed.Article || j.cats[0] != *seed.Category ||
		f.SaleDate != eligibility.NewDay(2023, 6, 1) || f.AcceptedDate != eligibility.NewDay(2023, 6, 15) || !f.WarrantyCard ||
		len(f.Parts) != len(seed.Parts) || !strings.Contains(f.Diagnosis, "гидроудар") {
		t.Errorf("facts %+v (category %q)", f, j.cats[0])
	}
	if stored := e.current(t, got.ID).Act; stored.Eligibility == nil || stored.Eligibility.Verdict != eligibility.Doubtful {
		t.Errorf("stored verdict %+v", stored.Eligibility)
	}
}

func TestAChangeOfTheDatesOrSerialJudgesAgainAndOtherEditsDoNot(t *testing.T) {
	e, j := judgedEnv(t, eligibility.Eligible)
	act := e.submitted(t)
	j.verdict = eligibility.NotEligible
	got, _, err := e.svc.Update(context.Background(), managerUser, act.ID, act.Version, Fields{Mechanic: new("Петров Пётр")})
	if err != nil || len(j.asked) != 1 || got.Eligibility.Verdict != eligibility.Eligible {
		t.Fatalf("an edit of the mechanic judged again: %d judgements, %+v, %v", len(j.asked), got.Eligibility, err)
	}
	got, _, err = e.svc.Update(context.Background(), managerUser, act.ID, got.Version, Fields{SerialNumber: new("NEW-77")})
	if err != nil || len(j.asked) != 2 || got.Eligibility.Verdict != eligibility.NotEligible || j.asked[1].Serial != "NEW-77" {
		t.Fatalf("a new serial: %d judgements, %+v, %v", len(j.asked), got.Eligibility, err)
	}
}

func TestDecidingAgainstTheVerdictNeedsAReasonThatHistoryKeeps(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		verdict eligibility.Verdict
		action  Action
	}{{eligibility.NotEligible, ActionApprove}, {eligibility.Eligible, ActionPaidOrder}} {
		e, _ := judgedEnv(t, tt.verdict)
		act := e.submitted(t)
		_, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: tt.action, Version: act.Version})
		if apperr.CodeOf(err) != apperr.Invalid || apperr.As(err).Fields[0].Field != "reason" {
			t.Fatalf("%s against %s without a reason: %v", tt.action, tt.verdict, err)
		}
		const why = "Клиент принёс чек с другой датой продажи"
		if _, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: tt.action, Version: act.Version, Reason: why}); err != nil {
			t.Fatalf("%s with a reason: %v %+v", tt.action, err, apperr.As(err).Fields)
		}
		found := false
		for _, ev := range e.current(t, act.ID).History {
			found = found || ev.Action == tt.action && ev.Reason == why
		}
		if !found {
			t.Errorf("%s: the reason is not in history", tt.action)
		}
	}
	e, _ := judgedEnv(t, eligibility.Eligible)
	act := e.submitted(t)
	if _, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionApprove, Version: act.Version}); err != nil {
		t.Errorf("approving an eligible act needs no reason: %v", err)
	}
}
