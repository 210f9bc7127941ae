package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/xuri/excelize/v2"

	"aftersales/infra/localrun/e2e"
	"aftersales/shared/acts"
)

// TestTheSeedsActGoesFromDraftToApproval files the example act of the
// wholesaler's instructions (seed 000), uploads its photos through presigned
// forms, submits it without the photo of the needed part, answers the
// system's request with that photo, and has a manager approve it.
func TestTheSeedsActGoesFromDraftToApproval(t *testing.T) {
	needStack(t)
	centre, manager := h.centre, h.manager

	// 1. The draft: not numbered yet, the phone normalised, the blank parts row dropped.
	a := centre.call(t, "POST", "/api/acts", seedJSON(t), "Idempotency-Key", "seed-act-"+randomHex(4))
	if a.status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.status, a.raw)
	}
	var act struct {
		acts.Act
		Warnings []json.RawMessage
		Actions  []acts.Action
	}
	a.decode(t, &act)
	if act.Number != "" ||
		*act.CustomerPhone != "+79347341234" || *act.SerialNumber != "01.234.09274" || len(act.Parts) != 2 ||
		act.Parts[0].Price != 78000 || act.Parts[1].Price != 34000 || *act.Category != "Бензиновая газонокосилка на колесах" {
		t.Errorf("draft = %s, phone %s, serial %s, parts %+v", act.Number, *act.CustomerPhone, *act.SerialNumber, act.Parts)
	}
	if len(act.Warnings) != 0 || !slices.Equal(act.Actions, []acts.Action{acts.ActionSubmit}) || a.etag() != `"1"` {
		t.Errorf("warnings %s, actions %v, ETag %s; want none, [submit], \"1\"", act.Warnings, act.Actions, a.etag())
	}

	// 2. Photos, one file per upload, all but the part's.
	for _, kind := range []acts.FileKind{acts.FileNameplate, acts.FileWarrantyOrReceipt, acts.FileDefect} {
		f := centre.uploadFile(t, act.ID, kind, acts.TypeJPEG, string(kind)+".jpg", int64(len(jpegBytes)), jpegBytes)
		if got := centre.checkedFile(t, act.ID, f.ID); got.Status != acts.FileAttached {
			t.Fatalf("%s: %s (%s), want attached", kind, got.Status, got.RejectReason)
		}
	}

	// 3. Submitted without the part's photo: the system asks for it.
	a = centre.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "submit"}, "If-Match", `"1"`)
	if a.status != http.StatusOK {
		t.Fatalf("submit: %d %s", a.status, a.raw)
	}
	var submitted acts.Act
	a.decode(t, &submitted)
	if submitted.Status != acts.StatusInfoRequested || submitted.ReplyDeadline == nil ||
		!strings.HasPrefix(submitted.Number, fmt.Sprint(submitted.CreatedAt.Year(), "-")) || len(submitted.Number) != 11 {
		t.Fatalf("after submit: %s %q, deadline %v; want info_requested, numbered, with a deadline", submitted.Status, submitted.Number, submitted.ReplyDeadline)
	}
	act.Number = submitted.Number
	var thread struct{ Items []acts.Comment }
	centre.call(t, "GET", "/api/acts/"+act.ID+"/comments", nil).decode(t, &thread)
	if len(thread.Items) != 1 || thread.Items[0].AuthorRole != acts.ActorSystem || !thread.Items[0].InfoRequest ||
		!strings.Contains(thread.Items[0].Text, "фото необходимой запчасти") || strings.Contains(thread.Items[0].Text, "шильдика") {
		t.Fatalf("thread = %+v, want the system's request for the part's photo only", thread.Items)
	}

	// 4. The centre answers with the photo: the act is back in review.
	part := centre.uploadFile(t, act.ID, acts.FilePart, acts.TypeJPEG, "коленвал.jpg", int64(len(jpegBytes)), jpegBytes)
	if got := centre.checkedFile(t, act.ID, part.ID); got.Status != acts.FileAttached {
		t.Fatalf("part photo: %s (%s)", got.Status, got.RejectReason)
	}
	back := centre.read(t, act.ID)
	if back.Status != acts.StatusSubmitted {
		t.Fatalf("after the reply: %s, want submitted", back.Status)
	}
	a = centre.call(t, "POST", "/api/acts/"+act.ID+"/comments", map[string]any{"text": "Приложили фото коленвала", "fileIds": []string{part.ID}})
	if a.status != http.StatusCreated {
		t.Fatalf("comment: %d %s", a.status, a.raw)
	}

	// 5. The manager finds it in the queue and by the customer's phone.
	var queue struct{ Items []acts.Listed }
	manager.call(t, "GET", "/api/acts?view=queue", nil).decode(t, &queue)
	if i := slices.IndexFunc(queue.Items, func(l acts.Listed) bool { return l.ID == act.ID }); i < 0 || queue.Items[i].ReviewOverdue {
		t.Errorf("the act is not in the queue as in time: %+v", queue.Items)
	}
	for _, q := range []string{"8 (934) 734-12-34", act.Number, "01.234.09274", "эгк-1500"} {
		var found struct{ Items []acts.Listed }
		manager.call(t, "GET", "/api/acts?q="+url.QueryEscape(q), nil).decode(t, &found)
		if !slices.ContainsFunc(found.Items, func(l acts.Listed) bool { return l.ID == act.ID }) {
			t.Errorf("search %q does not find the act", q)
		}
	}

	// 6. Approved: own parts only, so no order; a compensation record owes them back.
	a = manager.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "approve", "version": back.Version, "reason": "Гарантия подтверждена"})
	if a.status != http.StatusOK {
		t.Fatalf("approve: %d %s", a.status, a.raw)
	}
	var approved acts.Act
	a.decode(t, &approved)
	if approved.Status != acts.StatusApproved || len(approved.OrderIDs) != 0 {
		t.Fatalf("after approval: %s with orders %v, want none (own parts only)", approved.Status, approved.OrderIDs)
	}
	checkCompensation(t, act.ID)

	// 7. The history tells all of it.
	var history struct{ Items []acts.Event }
	centre.call(t, "GET", "/api/acts/"+act.ID+"/history", nil).decode(t, &history)
	var got []string
	for _, e := range history.Items {
		s := string(e.Type)
		if e.Type == acts.EventStatus {
			s = fmt.Sprintf("%s %s→%s (%s)", e.Action, e.From, e.To, e.ActorRole)
		}
		got = append(got, s)
	}
	want := []string{"created", "file_attached", "file_attached", "file_attached",
		"submit draft→submitted (service_center)", "request_info submitted→info_requested (system)", "comment",
		"file_attached", "reply info_requested→submitted (service_center)", "comment",
		"approve submitted→approved (manager)", "comment"}
	if !slices.Equal(got, want) {
		t.Errorf("history:\n got %v\nwant %v", got, want)
	}

	// 8. Photos are read back through short-lived links, by those who may see the act.
	var files struct{ Items []acts.FileLink }
	centre.call(t, "GET", "/api/acts/"+act.ID+"/files", nil).decode(t, &files)
	if len(files.Items) != 4 || files.Items[0].URL == "" {
		t.Fatalf("files = %+v", files.Items)
	}
	if status, body := e2e.Download(t, files.Items[0].URL); status != http.StatusOK || !bytes.Equal(body, jpegBytes) {
		t.Errorf("download: %d, %d bytes; want the uploaded photo", status, len(body))
	}
	for _, path := range []string{"", "/files", "/history", "/comments"} {
		if a := h.otherCentre.call(t, "GET", "/api/acts/"+act.ID+path, nil); a.status != http.StatusNotFound {
			t.Errorf("another centre reading %s: %d, want 404", path, a.status)
		}
	}

	// 9. The export holds the act as the form shows it.
	a = manager.call(t, "GET", "/api/acts/export?q="+url.QueryEscape(act.Number), nil)
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %s", a.status, a.header)
	}
	book, err := excelize.OpenReader(bytes.NewReader(a.raw))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("Акты")
	if len(rows) != 2 || rows[1][0] != act.Number || rows[1][1] != "Гарантия подтверждена" || !slices.Contains(rows[1], "89347341234") {
		t.Errorf("export rows = %q", rows)
	}
}

// checkCompensation reads straight from the table what an approval of the
// seed's two own parts left: no order, a compensation record owing the
// centre 780 and 340 (acts.md: own parts only create no order).
func checkCompensation(t *testing.T, actID string) {
	t.Helper()
	db := dynamodb.NewFromConfig(h.Srv.Env().AWS)
	get := func(pk string, into any) {
		t.Helper()
		out, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{
			TableName: aws.String(h.Srv.Env().Config.TableName),
			Key: map[string]types.AttributeValue{
				"PK": &types.AttributeValueMemberS{Value: pk}, "SK": &types.AttributeValueMemberS{Value: "META"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := attributevalue.UnmarshalMap(out.Item, into); err != nil {
			t.Fatal(err)
		}
	}
	var act struct{ CompensationID string }
	get("ACT#"+actID, &act)
	if act.CompensationID == "" {
		t.Fatal("the approved act has no compensation record")
	}
	var record struct {
		Payer        string
		Lines        []struct{ Name string }
		Compensation []struct {
			Name  string
			Price int64
		}
	}
	get("COMP#"+act.CompensationID, &record)
	if record.Payer != "wholesaler" || len(record.Lines) != 0 || len(record.Compensation) != 2 ||
		record.Compensation[0].Price != 78000 || record.Compensation[1].Price != 34000 {
		t.Errorf("compensation = %+v, want the wholesaler compensating 780 and 340", record)
	}
}

// TestTheUploadPolicyAllowsOneFileOfTheDeclaredTypeUpTo8MB decodes the
// policy of a presigned form: moto does not enforce it, S3 does.
func TestTheUploadPolicyAllowsOneFileOfTheDeclaredTypeUpTo8MB(t *testing.T) {
	needStack(t)
	act := h.centre.fileAct(t)
	a := h.centre.call(t, "POST", "/api/acts/"+act.ID+"/files", map[string]any{"kind": "defect", "contentType": "image/png", "size": 1000})
	var res struct {
		File   acts.File
		Upload acts.UploadForm
	}
	a.decode(t, &res)
	raw, err := base64.StdEncoding.DecodeString(res.Upload.Fields["policy"])
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Expiration string
		Conditions []json.RawMessage
	}
	if err := json.Unmarshal(raw, &policy); err != nil {
		t.Fatal(err)
	}
	var conds []string
	for _, c := range policy.Conditions {
		conds = append(conds, string(c))
	}
	key := acts.FileKey(act.ID, res.File.ID)
	for _, want := range []string{
		`["content-length-range",1,8388608]`,
		`{"Content-Type":"image/png"}`,
		`{"key":"` + key + `"}`,
		`{"x-amz-meta-kind":"defect"}`,
		`{"x-amz-meta-uploader":"` + h.centre.UserID + `"}`,
	} {
		if !slices.Contains(conds, want) {
			t.Errorf("policy lacks %s: %v", want, conds)
		}
	}
	if res.Upload.Fields["key"] != key || res.Upload.Fields["Content-Type"] != "image/png" || policy.Expiration == "" {
		t.Errorf("form fields = %v, expiration %q", res.Upload.Fields, policy.Expiration)
	}
}
