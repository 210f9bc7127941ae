package acts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

var ctx = context.Background()

func TestCreateLeavesTheDraftUnnumberedAndSpellsTheCategoryAsManagersDo(t *testing.T) {
	e := newEnv(t)
	f := seedAct(t)
	f.Category = new("  бензиновая газонокосилка на КОЛЕСАХ ")
	act := e.draft(t, f)
	if act.Number != "" || act.Status != StatusDraft || act.Version != 1 || act.ServiceCenterID != "sc1" {
		t.Errorf("act = %q %s v%d of %s; want an unnumbered draft v1 of sc1", act.Number, act.Status, act.Version, act.ServiceCenterID)
	}
	if *act.Category != "Бензиновая газонокосилка на колесах" {
		t.Errorf("category = %q, want the managers' spelling", *act.Category)
	}
	if got := eventSummary(e.current(t, act.ID).History); got != "created" {
		t.Errorf("history = %s, want created", got)
	}
}

func TestCreateRefusesFieldsThatCannotBeStoredAndKeepsTheRest(t *testing.T) {
	tests := []struct {
		name  string
		f     Fields
		field string
	}{
		{"a retired category", Fields{Category: new("Снегоуборщик")}, "category"},
		{"an unknown category", Fields{Category: new("Луноход")}, "category"},
		{"a sale date in the future", Fields{SaleDate: new(NewDate(2023, 7, 1))}, "saleDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := newEnv(t)
			tt.f.Article = new("ЭГК-1500 Энергопром")
			act, refused, err := e.svc.Create(ctx, centreUser, tt.f)
			if err != nil || len(refused) != 1 || refused[0].Field != tt.field || refused[0].Step != StepProduct {
				t.Errorf("Create = %+v, %v; want %q refused on the product step", refused, err, tt.field)
			}
			if stored := e.current(t, act.ID).Act; *stored.Article != "ЭГК-1500 Энергопром" || stored.Category != nil || stored.SaleDate != nil {
				t.Errorf("stored %+v, want the article alone", stored.Fields)
			}
		})
	}
	for _, c := range []auth.Caller{managerUser, {UserID: "u", Role: auth.RoleServiceCenter}} {
		e := newEnv(t)
		if _, _, err := e.svc.Create(ctx, c, Fields{}); apperr.CodeOf(err) != apperr.Forbidden || e.store.writes != 0 {
			t.Errorf("Create by %+v = %v with %d writes, want forbidden and none", c, err, e.store.writes)
		}
	}
}

func TestSubmittingWithoutPhotosSendsTheActBackWithTheSystemsRequest(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	e.attach(t, act.ID, FileDefect)
	got, err := e.svc.Do(ctx, centreUser, act.ID, Move{Action: ActionSubmit, Version: act.Version})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusInfoRequested || got.Version != 2 || got.ReplyDeadline == nil ||
		!got.ReplyDeadline.Equal(testNow.AddDate(0, 0, DefaultReplyDays)) || got.SubmittedAt == nil {
		t.Errorf("act = %s v%d, deadline %v, submitted %v; want info_requested v2 with a 5-day deadline", got.Status, got.Version, got.ReplyDeadline, got.SubmittedAt)
	}
	rec := e.current(t, act.ID)
	want := "created, status draft→submitted by service_center, status submitted→info_requested by system, comment"
	if s := eventSummary(rec.History); s != want {
		t.Errorf("history = %s\nwant      %s", s, want)
	}
	if len(rec.Comments) != 1 {
		t.Fatalf("%d comments, want the system's request", len(rec.Comments))
	}
	c := rec.Comments[0]
	wantText := MissingRequestText([]FileKind{FileNameplate, FileWarrantyOrReceipt, FilePart})
	if c.AuthorRole != ActorSystem || !c.InfoRequest || c.Text != wantText || !c.ReplyDeadline.Equal(*got.ReplyDeadline) {
		t.Errorf("comment = %+v\nwant the system's request %q", c, wantText)
	}
}

func TestSubmittingWithEveryPhotoWaitsForAManager(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	e.attach(t, act.ID, FileNameplate, FileWarrantyOrReceipt, FileDefect, FilePart)
	got, err := e.svc.Do(ctx, centreUser, act.ID, Move{Action: ActionSubmit, Version: act.Version})
	if err != nil || got.Status != StatusSubmitted || len(e.current(t, act.ID).Comments) != 0 {
		t.Errorf("Do(submit) = %s, %v; want submitted without comments", got.Status, err)
	}
}

func TestTheNumberIsTakenAtTheFirstSubmissionOnly(t *testing.T) {
	e := newEnv(t)
	incomplete := e.draft(t, Fields{Article: new("ЭГК-1500")})
	if _, err := e.svc.Do(ctx, centreUser, incomplete.ID, Move{Action: ActionSubmit, Version: incomplete.Version}); err == nil {
		t.Fatal("an incomplete act was submitted")
	}
	act := e.draft(t, seedAct(t))
	got, err := e.svc.Do(ctx, centreUser, act.ID, Move{Action: ActionSubmit, Version: act.Version})
	if err != nil || got.Number != "2023-000001" || e.current(t, act.ID).Act.Number != "2023-000001" {
		t.Fatalf("Do(submit) = %q, %v; want 2023-000001 (the refused submission took none)", got.Number, err)
	}
	got, err = e.svc.Do(ctx, centreUser, act.ID, Move{Action: ActionWithdraw, Version: got.Version})
	if err != nil {
		t.Fatal(err)
	}
	got, err = e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionReopen, Version: got.Version})
	if err != nil || got.Number != "2023-000001" {
		t.Errorf("reopened act = %q, %v; want it to keep 2023-000001", got.Number, err)
	}
}

func TestSubmittingAnIncompleteActListsEveryMissingField(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, Fields{Article: new("ЭГК-1500")})
	_, err := e.svc.Do(ctx, centreUser, act.ID, Move{Action: ActionSubmit, Version: act.Version})
	if got := apperr.As(err); got.Code != apperr.Invalid || len(got.Fields) < 10 {
		t.Errorf("Do(submit) = %v with %d field errors, want invalid listing every missing field", err, len(got.Fields))
	}
	if e.current(t, act.ID).Act.Status != StatusDraft {
		t.Error("the act left draft")
	}
}

func TestADecisionMakesTheOrder(t *testing.T) {
	own := func(name string, price Money) Part { return Part{Name: name, Quantity: 1, OwnPart: true, Price: price} }
	shipped := Part{Name: "Свеча зажигания", Quantity: 2, Price: 15000}
	tests := []struct {
		name       string
		parts      []Part
		move       Move
		priorOrder bool
		wantLines  int
		wantComp   orders.Line
		wantPayer  orders.Payer
		wantStatus orders.Status
	}{
		{"the seed's own parts are compensated and nothing ships", []Part{own("Коленвал", 78000), own("ЦПГ", 34000)},
			Move{Action: ActionApprove}, false, 0, orders.Line{Name: "Коленвал", Quantity: 1, Price: 78000}, orders.PayerWholesaler, orders.StatusDelivered},
		{"a part that is not the centre's own ships, free to the centre", []Part{shipped, own("Коленвал", 78000)},
			Move{Action: ActionApprove}, false, 1, orders.Line{Name: "Коленвал", Quantity: 1, Price: 78000}, orders.PayerWholesaler, orders.StatusAwaitingShipment},
		{"the manager may name another payer", []Part{shipped},
			Move{Action: ActionApprove, Payer: new(orders.PayerFactory)}, false, 1, orders.Line{}, orders.PayerFactory, orders.StatusAwaitingShipment},
		{"a paid order is paid by the centre and compensates nothing", []Part{shipped, own("Коленвал", 78000)},
			Move{Action: ActionPaidOrder}, false, 1, orders.Line{}, orders.PayerServiceCenter, orders.StatusAwaitingShipment},
		{"a second approval compensates nothing again", []Part{shipped, own("Коленвал", 78000)},
			Move{Action: ActionApprove}, true, 1, orders.Line{}, orders.PayerWholesaler, orders.StatusAwaitingShipment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			f := seedAct(t)
			f.Parts = tt.parts
			act := e.draft(t, f)
			if tt.priorOrder {
				act.OrderIDs = []string{"earlier"}
			}
			act = e.moved(t, act, StatusSubmitted)
			got, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: tt.move.Action, Version: act.Version, Payer: tt.move.Payer})
			if err != nil {
				t.Fatal(err)
			}
			if len(e.store.orders) != 1 {
				t.Fatalf("%d orders, want 1", len(e.store.orders))
			}
			o := e.store.orders[0]
			if len(o.Lines) != tt.wantLines || o.Payer != tt.wantPayer || o.Status != tt.wantStatus || o.ActID != act.ID {
				t.Errorf("order: %d lines, payer %s, status %s; want %d, %s, %s", len(o.Lines), o.Payer, o.Status, tt.wantLines, tt.wantPayer, tt.wantStatus)
			}
			var firstComp orders.Line
			if len(o.Compensation) > 0 {
				firstComp = o.Compensation[0]
			}
			if firstComp != tt.wantComp {
				t.Errorf("first compensation line = %+v, want %+v", firstComp, tt.wantComp)
			}
			switch {
			case tt.wantLines == 0:
				// Only own parts: no order on the act, the compensation record alone.
				if len(got.OrderIDs) != 0 || got.CompensationID != o.ID || !o.ShipsNothing() {
					t.Errorf("act orders %v, compensation %q; want no order and the record %s", got.OrderIDs, got.CompensationID, o.ID)
				}
			case got.OrderIDs[len(got.OrderIDs)-1] != o.ID || got.CompensationID != "":
				t.Errorf("act orders %v do not end with %s (compensation %q)", got.OrderIDs, o.ID, got.CompensationID)
			}
		})
	}
}

// TestOwnPartsAreCompensatedOnceWhenTheFirstApprovalShippedNothing: after
// an own-parts-only approval (no order, a compensation record), a mismatch
// ending in a new approval ships the missing part and compensates nothing
// again.
func TestOwnPartsAreCompensatedOnceWhenTheFirstApprovalShippedNothing(t *testing.T) {
	e := newEnv(t)
	f := seedAct(t)
	f.Parts = []Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}, {Name: "Свеча", Quantity: 1, Price: 15000}}
	act := e.draft(t, f)
	act.CompensationID = "earlier"
	act = e.moved(t, act, StatusSubmitted)
	if _, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionApprove, Version: act.Version}); err != nil {
		t.Fatal(err)
	}
	if len(e.store.orders) != 1 || len(e.store.orders[0].Compensation) != 0 || len(e.store.orders[0].Lines) != 1 {
		t.Errorf("orders %+v, want one with the shipped part and no compensation", e.store.orders)
	}
}

func TestAPaidOrderNeedsPartsToOrder(t *testing.T) {
	e := newEnv(t)
	act := e.moved(t, e.draft(t, seedAct(t)), StatusSubmitted)
	_, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionPaidOrder, Version: act.Version})
	if got := apperr.As(err); got.Code != apperr.Invalid || got.Fields[0].Field != "parts" {
		t.Errorf("Do(paid_order) = %v, want invalid parts", err)
	}
}

func TestWhatAMoveCarriesIsChecked(t *testing.T) {
	tests := []struct {
		name  string
		move  Move
		field string
	}{
		{"a refusal without a reason", Move{Action: ActionRefuse}, "reason"},
		{"an information request without a question", Move{Action: ActionRequestInfo}, "reason"},
		{"a deadline of two days", Move{Action: ActionRequestInfo, Reason: "Фото?", DeadlineDays: new(2)}, "replyDeadline"},
		{"a deadline on an approval", Move{Action: ActionApprove, DeadlineDays: new(5)}, "replyDeadline"},
		{"a payer on a refusal", Move{Action: ActionRefuse, Reason: "Нет", Payer: new(orders.PayerFactory)}, "payer"},
		{"a paid order paid by the wholesaler", Move{Action: ActionPaidOrder, Payer: new(orders.PayerWholesaler)}, "payer"},
		{"an unknown payer", Move{Action: ActionApprove, Payer: new(orders.Payer("store"))}, "payer"},
		{"a deadline date a week ahead", Move{Action: ActionRequestInfo, Reason: "Фото?", ReplyDeadline: new(NewDate(2023, 6, 23))}, "replyDeadline"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := newEnv(t)
			act := e.moved(t, e.draft(t, seedAct(t)), StatusSubmitted)
			m := tt.move
			m.Version = act.Version
			_, err := e.svc.Do(ctx, managerUser, act.ID, m)
			if got := apperr.As(err); got.Code != apperr.Invalid || len(got.Fields) == 0 || got.Fields[0].Field != tt.field {
				t.Errorf("Do = %v (%+v), want invalid %s", err, got.Fields, tt.field)
			}
			if e.current(t, act.ID).Act.Version != act.Version {
				t.Error("the act changed")
			}
		})
	}
}

func TestARequestForInformationTakesTheChosenDeadline(t *testing.T) {
	e := newEnv(t)
	act := e.moved(t, e.draft(t, seedAct(t)), StatusSubmitted)
	got, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionRequestInfo, Version: act.Version,
		Reason: "Пришлите фото крепежа", ReplyDeadline: new(NewDate(2023, 6, 19))})
	if err != nil {
		t.Fatal(err)
	}
	want := "2023-06-19T23:59:59+03:00"
	if got.ReplyDeadline.Format("2006-01-02T15:04:05Z07:00") != want {
		t.Errorf("deadline = %v, want the end of 19.06 in Moscow", got.ReplyDeadline)
	}
	c := e.current(t, act.ID).Comments[0]
	if !c.InfoRequest || c.Text != "Пришлите фото крепежа" || c.AuthorID != managerUser.UserID {
		t.Errorf("comment = %+v, want the manager's request", c)
	}
}

func TestTheCentresCommentOnARequestIsItsReply(t *testing.T) {
	e := newEnv(t)
	act := e.moved(t, e.draft(t, seedAct(t)), StatusInfoRequested)
	cm, got, err := e.svc.AddComment(ctx, centreUser, act.ID, CommentInput{Text: "Фото шильдика приложили"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusSubmitted || got.SubmittedAt == nil || got.ReplyDeadline != nil || cm.Text != "Фото шильдика приложили" {
		t.Errorf("act %s, submitted %v, deadline %v; comment %q", got.Status, got.SubmittedAt, got.ReplyDeadline, cm.Text)
	}
	if s := eventSummary(e.current(t, act.ID).History); !strings.HasSuffix(s, "status info_requested→submitted by service_center, comment") {
		t.Errorf("history = %s", s)
	}
}

func TestAPlainCommentLeavesTheActAlone(t *testing.T) {
	e := newEnv(t)
	act := e.moved(t, e.draft(t, seedAct(t)), StatusSubmitted)
	_, got, err := e.svc.AddComment(ctx, managerUser, act.ID, CommentInput{Text: "Смотрим"})
	if err != nil || got.Version != act.Version || got.Status != StatusSubmitted {
		t.Errorf("AddComment = v%d %s, %v; want the act unchanged", got.Version, got.Status, err)
	}
}

func TestACommentMayOnlyCarryTheActsOwnFiles(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	e.attach(t, act.ID, FileDefect)
	if _, _, err := e.svc.AddComment(ctx, centreUser, act.ID, CommentInput{FileIDs: []string{"f-defect-0"}}); err != nil {
		t.Errorf("a comment with the act's file: %v", err)
	}
	for _, ids := range [][]string{{"f-elsewhere"}, {"f-defect-0", "f-defect-0"}} {
		if _, _, err := e.svc.AddComment(ctx, centreUser, act.ID, CommentInput{FileIDs: ids}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a comment with files %v: %v, want invalid", ids, err)
		}
	}
}

func TestUpdatesFollowWhoMayEditAndTheVersion(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	if _, _, err := e.svc.Update(ctx, centreUser, act.ID, act.Version+1, Fields{Mechanic: new("Петров")}); apperr.CodeOf(err) != apperr.Precondition {
		t.Errorf("a stale version: %v, want precondition", err)
	}
	if _, _, err := e.svc.Update(ctx, otherCentre, act.ID, act.Version, Fields{Mechanic: new("Петров")}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another centre: %v, want not found", err)
	}
	submitted := e.moved(t, act, StatusSubmitted)
	if _, _, err := e.svc.Update(ctx, centreUser, act.ID, submitted.Version, Fields{Mechanic: new("Петров")}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the centre editing a submitted act: %v, want conflict", err)
	}
	got, _, err := e.svc.Update(ctx, managerUser, act.ID, submitted.Version, Fields{Mechanic: new("Петров")})
	if err != nil || got.Version != submitted.Version+1 {
		t.Fatalf("a manager's correction: v%d, %v", got.Version, err)
	}
	last := e.current(t, act.ID).History
	ev := last[len(last)-1]
	if ev.Type != EventEdited || ev.ActorRole != auth.RoleManager || len(ev.Changes) != 1 ||
		ev.Changes[0] != (FieldChange{Field: "mechanic", Old: "Иванов Иван", New: "Петров"}) {
		t.Errorf("last event = %+v, want the manager's recorded correction", ev)
	}
	kept, refused, err := e.svc.Update(ctx, managerUser, act.ID, got.Version, Fields{Mechanic: new(""), Conclusion: new("Гарантия")})
	if err != nil || len(refused) != 1 || refused[0].Field != "mechanic" || refused[0].Step != StepDiagnostics ||
		*kept.Mechanic != "Петров" || *kept.Conclusion != "Гарантия" {
		t.Errorf("clearing a required field of a submitted act beside a valid edit: %+v, %v; want mechanic refused and kept, the conclusion saved", refused, err)
	}
}

// The seed's trap: an internal number already used and a future «Принято в
// ремонт» must not cost the rest of the form. Before, the whole save was
// refused and the act never created.
func TestASaveKeepsEveryValidFieldAndNamesTheRefusedOnesWithTheirSteps(t *testing.T) {
	e := newEnv(t)
	e.draft(t, seedAct(t))
	f := seedAct(t)
	f.AcceptedDate = new(NewDate(2023, 7, 1))
	act, refused, err := e.svc.Create(ctx, centreUser, f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range refused {
		got[r.Field] = r.Code + "@" + r.Step
	}
	if len(got) != 2 || got["internalNumber"] != "duplicate@diagnostics" || got["acceptedDate"] != CodeInFuture+"@product" {
		t.Errorf("refused = %v, want internalNumber (diagnostics) and acceptedDate (product)", got)
	}
	stored := e.current(t, act.ID).Act
	if stored.InternalNumber != nil || stored.AcceptedDate != nil || *stored.Mechanic != "Иванов Иван" ||
		*stored.CustomerPhone != "+79347341234" || len(stored.Parts) != 2 || *stored.SaleDate != NewDate(2023, 6, 1) {
		t.Errorf("stored = %+v, want every field but the two refused ones", stored.Fields)
	}
	fixed, refused, err := e.svc.Update(ctx, centreUser, act.ID, act.Version,
		Fields{InternalNumber: new("12833-во-32"), AcceptedDate: new(NewDate(2023, 6, 15)), SaleDate: new(NewDate(23, 6, 1))})
	if err != nil || *fixed.InternalNumber != "12833-во-32" || *fixed.AcceptedDate != NewDate(2023, 6, 15) {
		t.Fatalf("the fix: %+v, %v", fixed.Fields, err)
	}
	if len(refused) != 1 || refused[0].Field != "saleDate" || refused[0].Code != CodeShortYear ||
		!strings.Contains(refused[0].Message, "2023") || *fixed.SaleDate != NewDate(2023, 6, 1) {
		t.Errorf("a two-digit year: %+v, sale date %v; want it refused (suggesting 2023) and the stored date kept", refused, fixed.SaleDate)
	}
}

func TestARuleAcrossFieldsKeepsTheFieldThatBrokeIt(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	got, refused, err := e.svc.Update(ctx, centreUser, act.ID, act.Version, Fields{SaleDate: new(NewDate(2023, 6, 16)), Mechanic: new("Петров")})
	if err != nil || len(refused) != 1 || refused[0].Field != "acceptedDate" || refused[0].Step != StepProduct {
		t.Fatalf("a sale after the acceptance: %+v, %v; want acceptedDate refused on the product step", refused, err)
	}
	if *got.SaleDate != NewDate(2023, 6, 1) || *got.Mechanic != "Петров" {
		t.Errorf("sale %v, mechanic %q; want the old sale date kept and the mechanic saved", got.SaleDate, *got.Mechanic)
	}
}

func TestStartUploadRecordsAPendingFileAndRefusesWhatCannotBeAttached(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	f, form, err := e.svc.StartUpload(ctx, centreUser, act.ID, UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 1 << 20, Name: `C:\фото\поломка.jpg`})
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != FilePending || f.Name != "поломка.jpg" || form.Fields["key"] != FileKey(act.ID, f.ID) {
		t.Errorf("file %+v, form %+v", f, form)
	}
	for _, tt := range []struct {
		name string
		in   UploadRequest
	}{
		{"an unknown kind", UploadRequest{Kind: "selfie", ContentType: TypeJPEG, Size: 10}},
		{"a PDF as a photo of the defect", UploadRequest{Kind: FileDefect, ContentType: TypePDF, Size: 10}},
		{"a GIF", UploadRequest{Kind: FileOther, ContentType: "image/gif", Size: 10}},
		{"9 MB", UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 9 << 20}},
		{"an empty file", UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 0}},
	} {
		if _, _, err := e.svc.StartUpload(ctx, centreUser, act.ID, tt.in); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v, want invalid", tt.name, err)
		}
	}
	closed := e.moved(t, e.current(t, act.ID).Act, StatusRefused)
	if _, _, err := e.svc.StartUpload(ctx, centreUser, closed.ID, UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 10}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the centre adding to a refused act: %v, want conflict", err)
	}
}

var (
	jpegBytes = encodeImage(func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
	pngBytes  = encodeImage(png.Encode)
)

// encodeImage encodes a small gray square with enc: a real image, so that
// the checker's decoders accept it.
func encodeImage(enc func(io.Writer, image.Image) error) []byte {
	var b bytes.Buffer
	if err := enc(&b, image.NewGray(image.Rect(0, 0, 16, 8))); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// A service built without the image check (the acts API's) must not
// attach anything: it refuses to check and leaves the upload as it was.
func TestAServiceWithoutTheImageCheckChecksNoUpload(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	f, _, err := e.svc.StartUpload(ctx, centreUser, act.ID, UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 100, Name: "файл"})
	if err != nil {
		t.Fatal(err)
	}
	key := FileKey(act.ID, f.ID)
	e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: jpegBytes}
	bare, err := NewService(Config{Store: e.store, Blobs: e.blobs, Location: moscow, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	writes := e.store.writes
	if err := bare.CheckUpload(ctx, key); err == nil {
		t.Fatal("checked an upload without the image check")
	}
	if _, kept := e.blobs.objects[key]; !kept || e.store.writes != writes {
		t.Errorf("object kept = %v, %d writes; want it untouched", kept, e.store.writes-writes)
	}
}

func TestTheUploadCheckerAttachesOnlyWhatItsBytesProve(t *testing.T) {
	tests := []struct {
		name       string
		declared   string
		stored     string
		body       []byte
		wantStatus FileStatus
		wantReason string
	}{
		{"a JPEG declared as JPEG is attached", TypeJPEG, TypeJPEG, jpegBytes, FileAttached, ""},
		{"a PNG renamed .pdf is refused", TypePDF, TypePDF, pngBytes, FileRejected, RejectMismatch},
		{"a JPEG stored with another content type is refused", TypeJPEG, TypePNG, jpegBytes, FileRejected, RejectMismatch},
		{"9 MB is refused", TypeJPEG, TypeJPEG, append(jpegBytes, make([]byte, 9<<20)...), FileRejected, RejectTooLarge},
		{"an empty object is refused", TypeJPEG, TypeJPEG, nil, FileRejected, RejectEmpty},
		{"an HTML page is refused", TypeJPEG, TypeJPEG, []byte("<html><script>alert(1)</script></html>"), FileRejected, RejectUnsupported},
		{"an HTML page behind a JPEG marker is refused", TypeJPEG, TypeJPEG, []byte("\xff\xd8\xff<html><script>alert(1)</script></html>"), FileRejected, RejectUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			act := e.draft(t, seedAct(t))
			kind := FileDefect
			if tt.declared == TypePDF {
				kind = FileWarrantyOrReceipt
			}
			f, _, err := e.svc.StartUpload(ctx, centreUser, act.ID, UploadRequest{Kind: kind, ContentType: tt.declared, Size: 100, Name: "файл"})
			if err != nil {
				t.Fatal(err)
			}
			key := FileKey(act.ID, f.ID)
			e.blobs.objects[key] = memObject{contentType: tt.stored, body: tt.body}
			if err := e.svc.CheckUpload(ctx, key); err != nil {
				t.Fatal(err)
			}
			rec := e.current(t, act.ID)
			got, _ := rec.File(f.ID)
			for _, ev := range rec.History {
				if ev.Type == EventFileRejected && (ev.Reason != RejectionWords(tt.wantReason) || strings.Contains(ev.Reason, "_")) {
					t.Errorf("history reason %q, want %q in words, never the code", ev.Reason, RejectionWords(tt.wantReason))
				}
			}
			if got.Status != tt.wantStatus || got.RejectReason != tt.wantReason {
				t.Errorf("file %s (%s), want %s (%s)", got.Status, got.RejectReason, tt.wantStatus, tt.wantReason)
			}
			if _, kept := e.blobs.objects[key]; kept {
				t.Errorf("the upload's object was kept under the key its form may write")
			}
			checked, kept := e.blobs.objects[CheckedKey(act.ID, f.ID)]
			if kept != (tt.wantStatus == FileAttached) || kept && !bytes.Equal(checked.body, tt.body) {
				t.Errorf("checked copy kept = %v, want %v", kept, tt.wantStatus == FileAttached)
			}
			if tt.wantStatus == FileRejected && (len(rec.Comments) != 1 || !strings.Contains(rec.Comments[0].Text, "не принят")) {
				t.Errorf("comments = %+v, want the system's report", rec.Comments)
			}
			writes := e.store.writes
			if err := e.svc.CheckUpload(ctx, key); err != nil || e.store.writes != writes {
				t.Errorf("a duplicate event: %v, %d more writes; want nothing", err, e.store.writes-writes)
			}
		})
	}
}

func TestANewFileFromTheCentreAnswersARequest(t *testing.T) {
	for _, tt := range []struct {
		uploader auth.Caller
		want     Status
	}{{centreUser, StatusSubmitted}, {managerUser, StatusInfoRequested}} {
		t.Run(string(tt.uploader.Role), func(t *testing.T) {
			e := newEnv(t)
			act := e.moved(t, e.draft(t, seedAct(t)), StatusInfoRequested)
			f, _, err := e.svc.StartUpload(ctx, tt.uploader, act.ID, UploadRequest{Kind: FileNameplate, ContentType: TypeJPEG, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			key := FileKey(act.ID, f.ID)
			e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: jpegBytes}
			if err := e.svc.CheckUpload(ctx, key); err != nil {
				t.Fatal(err)
			}
			if got := e.current(t, act.ID).Act.Status; got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestObjectsThatAreNotPendingUploadsAreDeleted(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	for _, key := range []string{"acts/" + act.ID + "/never-presigned", "acts/no-such-act/f1", "acts/loose.jpg"} {
		e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: jpegBytes}
		if err := e.svc.CheckUpload(ctx, key); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		if _, kept := e.blobs.objects[key]; kept {
			t.Errorf("%s was kept", key)
		}
	}
}

func TestDeletingADraftDeletesItsFiles(t *testing.T) {
	e := newEnv(t)
	act := e.draft(t, seedAct(t))
	e.attach(t, act.ID, FileDefect)
	if err := e.svc.Delete(ctx, managerUser, act.ID, nil); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a manager deleting: %v, want forbidden", err)
	}
	if err := e.svc.Delete(ctx, centreUser, act.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Record(ctx, act.ID); !errors.Is(err, auth.ErrNotFound) || !slices.Contains(e.blobs.deleted, FileKey(act.ID, "f-defect-0")) {
		t.Errorf("record: %v, deleted objects %v", err, e.blobs.deleted)
	}
}

func TestOnlyPeoplesActionsAreTakenThroughDo(t *testing.T) {
	e := newEnv(t)
	act := e.moved(t, e.draft(t, seedAct(t)), StatusApproved)
	for _, a := range []Action{ActionShip, ActionReply, ActionDelete, ActionAutoRefuse, "dance"} {
		if _, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: a, Version: act.Version}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("Do(%s) = %v, want invalid", a, err)
		}
	}
}

func TestActionsForListsWhatTheRoleMayDoNow(t *testing.T) {
	act := Act{Status: StatusSubmitted}
	if got, want := act.ActionsFor(auth.RoleManager), []Action{ActionRequestInfo, ActionApprove, ActionPaidOrder, ActionRefuse}; !slices.Equal(got, want) {
		t.Errorf("manager on submitted: %v, want %v", got, want)
	}
	if got, want := act.ActionsFor(auth.RoleServiceCenter), []Action{ActionWithdraw}; !slices.Equal(got, want) {
		t.Errorf("centre on submitted: %v, want %v", got, want)
	}
}

func TestSearchTextHoldsWhatSearchesLookIn(t *testing.T) {
	act := Act{Number: "2026-000123", Fields: Fields{InternalNumber: new("12833-во-31"), SerialNumber: new("01.234.09274"),
		CustomerPhone: new("+79347341234"), Article: new("ЭГК-1500 Энергопром")}}
	want := "2026-000123\n12833-во-31\n01.234.09274\n+79347341234\nэгк-1500 энергопром"
	if got := act.SearchText(); got != want {
		t.Errorf("SearchText = %q, want %q", got, want)
	}
	if got := searchTerms(" 8 (934) 734-12-34 "); !slices.Equal(got, []string{"8 (934) 734-12-34", "+79347341234"}) {
		t.Errorf("searchTerms(phone) = %v", got)
	}
}

func TestParseFileKey(t *testing.T) {
	for key, ok := range map[string]bool{"acts/a1/f1": true, "acts/a1/": false, "acts/f1": false, "other/a1/f1": false, "acts/a1/f1/x": false} {
		if _, _, got := ParseFileKey(key); got != ok {
			t.Errorf("ParseFileKey(%q) ok = %v, want %v", key, got, ok)
		}
	}
	if a, f, _ := ParseFileKey(FileKey("act", "file")); a != "act" || f != "file" {
		t.Errorf("round trip: %s %s", a, f)
	}
}

// postedPhoto is a draft with a JPEG posted with its upload form, not yet
// checked: the act, the pending file and the object's key.
func (e *env) postedPhoto(t *testing.T) (Act, File, string) {
	t.Helper()
	act := e.draft(t, seedAct(t))
	f, _, err := e.svc.StartUpload(ctx, centreUser, act.ID, UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	key := FileKey(act.ID, f.ID)
	e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: jpegBytes}
	return act, f, key
}

// TestASecondPostOfTheFormCannotReplaceAnAttachedFile: the form outlives the
// check, so the same key may receive other bytes later. The attached file
// keeps the bytes that were checked; the new ones are deleted and the
// attempt is recorded, once per object.
func TestASecondPostOfTheFormCannotReplaceAnAttachedFile(t *testing.T) {
	e := newEnv(t)
	act, f, key := e.postedPhoto(t)
	if err := e.svc.CheckUpload(ctx, key); err != nil {
		t.Fatal(err)
	}
	// The copy's own creation event is not an upload.
	if err := e.svc.CheckUpload(ctx, CheckedKey(act.ID, f.ID)); err != nil {
		t.Fatal(err)
	}
	e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: []byte("\xff\xd8\xff<html></html>")}
	for range 2 { // the event, then its duplicate
		if err := e.svc.CheckUpload(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	rec := e.current(t, act.ID)
	got, _ := rec.File(f.ID)
	if got.Status != FileAttached || got.StoredKey() != CheckedKey(act.ID, f.ID) {
		t.Fatalf("file = %+v, want attached from its checked copy", got)
	}
	if !bytes.Equal(e.blobs.objects[got.StoredKey()].body, jpegBytes) {
		t.Errorf("the attached file's bytes changed")
	}
	if _, kept := e.blobs.objects[key]; kept {
		t.Errorf("the replacement was kept")
	}
	if h := eventSummary(rec.History); h != "created, file_attached, file_rejected" {
		t.Errorf("history = %s, want the refused replacement recorded once", h)
	}
	if ev := rec.History[len(rec.History)-1]; ev.FileID != f.ID || ev.Reason != RejectionWords(RejectReplaced) {
		t.Errorf("last event = %+v, want the file's replacement refused", ev)
	}
}

// TestAnObjectReplacedDuringItsCheckIsCheckedAgain: the bytes copied are
// the bytes inspected; when the form is re-posted in between, the copy fails
// on the ETag and the check starts again on what is there now.
func TestAnObjectReplacedDuringItsCheckIsCheckedAgain(t *testing.T) {
	e := newEnv(t)
	act, f, key := e.postedPhoto(t)
	e.blobs.beforeCopy = func() { e.blobs.objects[key] = memObject{contentType: TypeJPEG, body: []byte("\xff\xd8\xff<html>")} }
	if err := e.svc.CheckUpload(ctx, key); err != nil {
		t.Fatal(err)
	}
	got, _ := e.current(t, act.ID).File(f.ID)
	if got.Status != FileRejected || got.RejectReason != RejectUnsupported {
		t.Errorf("file %s (%s), want the replacement rejected", got.Status, got.RejectReason)
	}
	if _, copied := e.blobs.objects[CheckedKey(act.ID, f.ID)]; copied {
		t.Errorf("bytes that were not inspected were copied")
	}
}

// TestAnUnusedUploadFormReleasesItsSlotSoonAfterItExpires: 30 forms asked
// for and never used must not block the act's files for a day.
func TestAnUnusedUploadFormReleasesItsSlotSoonAfterItExpires(t *testing.T) {
	for _, tt := range []struct {
		name string
		age  time.Duration
		ok   bool
	}{
		{"forms still in use hold their slots", UploadTTL, false},
		{"forms expired an hour ago do not", time.Hour + UploadTTL, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			act := e.draft(t, seedAct(t))
			var pending []File
			for i := range MaxFilesPerAct {
				pending = append(pending, File{ID: fmt.Sprintf("p%d", i), ActID: act.ID, Kind: FileOther, ContentType: TypeJPEG,
					Status: FilePending, UploadedBy: centreUser.UserID, UploaderRole: centreUser.Role, CreatedAt: testNow.Add(-tt.age)})
			}
			if err := e.store.Write(ctx, Write{ActID: act.ID, NewFiles: pending}); err != nil {
				t.Fatal(err)
			}
			_, _, err := e.svc.StartUpload(ctx, centreUser, act.ID, UploadRequest{Kind: FileDefect, ContentType: TypeJPEG, Size: 100})
			if (err == nil) != tt.ok || err != nil && apperr.CodeOf(err) != apperr.TooMany {
				t.Errorf("a 31st upload beside %d forms %s old: %v, want ok=%v", MaxFilesPerAct, tt.age, err, tt.ok)
			}
		})
	}
	if f := (File{Status: FilePending, CreatedAt: testNow}); f.SlotEnds().Sub(testNow) > time.Hour+UploadTTL {
		t.Errorf("a pending record lives %s, want at most an hour past its form", f.SlotEnds().Sub(testNow))
	}
}

func TestApprovingAnActWithoutTheWarrantyTickMakesTheCentrePay(t *testing.T) {
	e := newEnv(t)
	f := seedAct(t)
	f.WarrantyCase = new(false)
	f.Parts = []Part{{Name: "Коленвал", Quantity: 1, Price: 78000}}
	act := e.draft(t, f)
	submitted := e.moved(t, act, StatusSubmitted)
	if _, err := e.svc.Do(ctx, managerUser, act.ID, Move{Action: ActionApprove, Version: submitted.Version}); err != nil {
		t.Fatal(err)
	}
	if n := len(e.store.orders); n != 1 || e.store.orders[0].Payer != orders.PayerServiceCenter {
		t.Errorf("orders = %+v, want one paid by the centre", e.store.orders)
	}
}

func TestAnActOfOwnPartsOnlyShipsNothingAndShowsItsCompensation(t *testing.T) {
	f := seedAct(t) // the seed: two own parts, 780 and 340, on a warranty case
	a := Act{Fields: f.Normalized()}
	if got := a.Compensation(); got != 112000 || len(a.PartsToShip()) != 0 {
		t.Errorf("compensation %v, %d parts to ship; want 1120.00 and none", got, len(a.PartsToShip()))
	}
	a.WarrantyCase = new(false)
	if a.Compensation() != 0 {
		t.Error("a case that is not a warranty case is compensated")
	}
}

func TestCategoryOtherAsksForTheFullProductNameInTheArticle(t *testing.T) {
	f := Fields{Category: new(OtherCategory), Article: new("Кусторез")}
	if w := f.Warnings(); len(w) != 1 || w[0].Field != "article" || w[0].Step != StepProduct {
		t.Errorf("warnings = %+v, want the article asked for the full name", w)
	}
	f.Article = new("Кусторез аккумуляторный ПромСад КА-18")
	if w := f.Warnings(); len(w) != 0 {
		t.Errorf("warnings = %+v, want none", w)
	}
	if !slices.Contains(DefaultCategories, OtherCategory) {
		t.Error("«Другое» is not among the default categories")
	}
}
