package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/xuri/excelize/v2"

	"aftersales/shared/acts"
	"aftersales/shared/blobstore"
)

// badBodies are requests no act may take. field is the "field:code" the
// answer must name ("" when the problem is the body as a whole). A body that
// is not a JSON object of known fields is refused whole (400, 413); a bad
// value is refused alone, since a save is per field: the answer is 200 (an
// edit) or 201 (a new draft, filed without it) naming the field.
var badBodies = []struct {
	name   string
	body   string
	status int
	field  string
}{
	{"malformed JSON", `{"article": "ЭГК`, 400, ""},
	{"an array instead of an object", `[1, 2]`, 400, ""},
	{"two objects", `{} {}`, 400, ""},
	{"null", `null`, 400, ""},
	{"an unknown field", `{"colour": "красный"}`, 400, "colour:unknown_field"},
	{"a number where text goes", `{"article": 1500}`, saved, "article:wrong_type"},
	{"text where a number goes", `{"complexity": "два"}`, saved, "complexity:wrong_type"},
	{"a 1 MB string", `{"article": "` + strings.Repeat("я", 1<<19) + `"}`, 413, ""},
	{"an article of 201 characters", `{"article": "` + strings.Repeat("я", 201) + `"}`, saved, "article:too_long"},
	{"a sale date in the future", `{"saleDate": "2099-01-01"}`, saved, "saleDate:in_future"},
	{"a date written as people write it", `{"saleDate": "01.06.2023"}`, saved, "saleDate:invalid_format"},
	{"acceptance before the sale", `{"saleDate": "2023-06-01", "acceptedDate": "2023-05-01"}`, saved, "acceptedDate:before_sale_date"},
	{"complexity 7", `{"complexity": 7}`, saved, "complexity:out_of_range"},
	{"a phone that is not a phone", `{"customerPhone": "позвонить Ивану"}`, saved, "customerPhone:invalid_phone"},
	{"a price with three decimals", `{"parts": [{"name": "Коленвал", "quantity": 1, "price": 780.555}]}`, saved, "parts.price:invalid_format"},
	{"a price written as text", `{"parts": [{"name": "Коленвал", "quantity": 1, "price": "780"}]}`, saved, "parts.price:invalid_format"},
	{"a quantity of 1000", `{"parts": [{"name": "Коленвал", "quantity": 1000}]}`, saved, "parts[0].quantity:out_of_range"},
	{"51 part rows", `{"parts": [` + strings.TrimSuffix(strings.Repeat(`{"name": "Винт", "quantity": 1},`, 51), ",") + `]}`, saved, "parts:too_many"},
	{"an unknown appearance", `{"appearance": "broken"}`, saved, "appearance:invalid_value"},
	{"a category managers do not keep", `{"category": "Луноход"}`, saved, "category:unknown_category"},
}

// saved marks a body saved per field: 200 for an edit, 201 for a new act.
const saved = http.StatusOK

// withVersion adds "version": v to a JSON object body (other bodies stay).
func withVersion(body string, v int) string {
	if !strings.HasPrefix(body, "{") || strings.HasPrefix(body, "{}") {
		return body
	}
	return fmt.Sprintf(`{"version": %d, `, v) + strings.TrimPrefix(body, "{")
}

func TestBadInputIsRefusedAndNothingChanges(t *testing.T) {
	needStack(t)
	centre := newCentre(t)
	act := centre.fileAct(t)
	before, _ := json.Marshal(centre.read(t, act.ID).Fields)
	check := func(t *testing.T, a answer, status int, field string) {
		t.Helper()
		if a.status != status || status != saved && a.code() == "" || field != "" && !slices.Contains(a.fields(), field) {
			t.Errorf("answer %d %s %v, want %d with %q", a.status, a.code(), a.fields(), status, field)
		}
		got := centre.read(t, act.ID)
		after, _ := json.Marshal(got.Fields)
		if got.Version != act.Version || !bytes.Equal(before, after) {
			t.Errorf("the act changed: v%d %s", got.Version, after)
		}
	}
	drafts := 0
	for _, tt := range badBodies {
		t.Run("an edit with "+tt.name, func(t *testing.T) {
			check(t, centre.call(t, "PATCH", "/api/acts/"+act.ID, withVersion(tt.body, act.Version)), tt.status, tt.field)
		})
		t.Run("a new act with "+tt.name, func(t *testing.T) {
			want := tt.status
			if want == saved {
				want, drafts = http.StatusCreated, drafts+1
			}
			a := centre.call(t, "POST", "/api/acts", tt.body, "Idempotency-Key", "bad-"+randomHex(4))
			if a.status != want || field(tt.field, a) {
				t.Errorf("answer %d %v, want %d with %q", a.status, a.fields(), want, tt.field)
			}
		})
	}
	t.Run("an edit without a version", func(t *testing.T) {
		check(t, centre.call(t, "PATCH", "/api/acts/"+act.ID, `{"mechanic": "Петров"}`), 400, "version:required")
	})
	t.Run("an edit of an old version", func(t *testing.T) {
		check(t, centre.call(t, "PATCH", "/api/acts/"+act.ID, `{"mechanic": "Петров"}`, "If-Match", `"0"`), 412, "")
	})
	t.Run("a comment of 4001 characters", func(t *testing.T) {
		check(t, centre.call(t, "POST", "/api/acts/"+act.ID+"/comments", map[string]any{"text": strings.Repeat("я", 4001)}), 400, "text:too_long")
	})
	t.Run("an empty comment", func(t *testing.T) {
		check(t, centre.call(t, "POST", "/api/acts/"+act.ID+"/comments", map[string]any{"text": "  "}), 400, "text:required")
	})
	t.Run("a comment with another act's file", func(t *testing.T) {
		check(t, centre.call(t, "POST", "/api/acts/"+act.ID+"/comments", map[string]any{"text": "см. фото", "fileIds": []string{"01NOTAFILE"}}), 400, "fileIds:invalid_value")
	})
	for name, body := range map[string]map[string]any{
		"a 9 MB photo":          {"kind": "defect", "contentType": "image/jpeg", "size": 9 << 20},
		"a GIF":                 {"kind": "defect", "contentType": "image/gif", "size": 1000},
		"a PDF of the defect":   {"kind": "defect", "contentType": "application/pdf", "size": 1000},
		"an unknown photo kind": {"kind": "selfie", "contentType": "image/jpeg", "size": 1000},
	} {
		t.Run("an upload of "+name, func(t *testing.T) {
			check(t, centre.call(t, "POST", "/api/acts/"+act.ID+"/files", body), 400, "")
		})
	}
	var list struct{ Items []acts.Listed }
	centre.call(t, "GET", "/api/acts", nil).decode(t, &list)
	var files, comments struct{ Items []json.RawMessage }
	centre.call(t, "GET", "/api/acts/"+act.ID+"/files", nil).decode(t, &files)
	centre.call(t, "GET", "/api/acts/"+act.ID+"/comments", nil).decode(t, &comments)
	if len(list.Items) != 1+drafts || len(files.Items) != 0 || len(comments.Items) != 0 {
		t.Errorf("stored: %d acts, %d files, %d comments; want the first act and the %d drafts filed without their bad field",
			len(list.Items), len(files.Items), len(comments.Items), drafts)
	}
}

// field reports whether an answer lacks the expected field code.
func field(want string, a answer) bool { return want != "" && !slices.Contains(a.fields(), want) }

// TestUploadsAreJudgedByTheirBytes: the browser's word is not enough; what
// fails the check is deleted and the centre is told why.
func TestUploadsAreJudgedByTheirBytes(t *testing.T) {
	needStack(t)
	act := h.centre.fileAct(t)
	bigJPEG := append(slices.Clone(jpegBytes), bytes.Repeat([]byte{0}, 9<<20)...)
	tests := []struct {
		name        string
		kind        acts.FileKind
		contentType string
		fileName    string
		declared    int64
		body        []byte
		reason      string
	}{
		{"a PNG renamed .pdf", acts.FileWarrantyOrReceipt, acts.TypePDF, "чек.pdf", int64(len(pngBytes)), pngBytes, acts.RejectMismatch},
		{"a 9 MB photo declared as 2 KB", acts.FileDefect, acts.TypeJPEG, "поломка.jpg", 2048, bigJPEG, acts.RejectTooLarge},
		{"an HTML page named .jpg", acts.FileDefect, acts.TypeJPEG, "фото.jpg", 100, []byte("<html><script>alert(1)</script></html>"), acts.RejectUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := h.centre.uploadFile(t, act.ID, tt.kind, tt.contentType, tt.fileName, tt.declared, tt.body)
			got := h.centre.checkedFile(t, act.ID, f.ID)
			if got.Status != acts.FileRejected || got.RejectReason != tt.reason || got.URL != "" {
				t.Errorf("file %s (%s), link %q; want rejected (%s) without a link", got.Status, got.RejectReason, got.URL, tt.reason)
			}
			_, err := blobstore.NewClient(h.Srv.Env().AWS, h.Srv.Env().Config.S3PathStyle).HeadObject(context.Background(), &s3.HeadObjectInput{
				Bucket: aws.String(h.Srv.Env().Config.PhotosBucket), Key: aws.String(acts.FileKey(act.ID, f.ID))})
			var nf *s3types.NotFound
			if !errors.As(err, &nf) {
				t.Errorf("the object is still stored: %v", err)
			}
		})
	}
	var thread struct{ Items []acts.Comment }
	h.centre.call(t, "GET", "/api/acts/"+act.ID+"/comments", nil).decode(t, &thread)
	if len(thread.Items) != len(tests) || !strings.Contains(thread.Items[0].Text, "«чек.pdf» не принят") {
		t.Errorf("thread = %+v, want one report per refused file", thread.Items)
	}
}

// TestMarkupIsStoredAsTextAndSentBackEscaped: an act is plain text; the API
// never interprets it, and its JSON escapes what a page would run.
func TestMarkupIsStoredAsTextAndSentBackEscaped(t *testing.T) {
	needStack(t)
	const payload = `<script>alert(1)</script>`
	body := map[string]any{"parts": []map[string]any{{"name": payload, "schemeNumber": payload, "quantity": 1}}}
	texts := []string{"article", "serialNumber", "complaint", "internalNumber", "mechanic", "diagnosis", "conclusion", "customerName", "sellerOrganization"}
	for _, f := range texts {
		body[f] = payload
	}
	a := h.centre.call(t, "POST", "/api/acts", body)
	if a.status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.status, a.raw)
	}
	var act acts.Act
	a.decode(t, &act)
	h.centre.call(t, "POST", "/api/acts/"+act.ID+"/comments", map[string]any{"text": payload})
	for _, path := range []string{"", "/comments", "/history"} {
		raw := h.centre.call(t, "GET", "/api/acts/"+act.ID+path, nil).raw
		if bytes.Contains(raw, []byte("<script>")) || !bytes.Contains(raw, []byte(`\u003cscript\u003ealert(1)\u003c/script\u003e`)) {
			t.Errorf("GET %s does not escape the markup: %.300s", path, raw)
		}
	}
	got := h.centre.read(t, act.ID)
	b, _ := json.Marshal(got.Fields)
	var stored map[string]any
	_ = json.Unmarshal(b, &stored)
	for _, f := range texts {
		want := payload
		if f == "serialNumber" {
			want = strings.ToUpper(payload)
		}
		if stored[f] != want {
			t.Errorf("%s = %q, want %q as sent", f, stored[f], want)
		}
	}
	if got.Parts[0].Name != payload {
		t.Errorf("part name = %q", got.Parts[0].Name)
	}
}

// TestAnExportNeverHoldsAFormula: cells starting with = + - @ are
// neutralised so a spreadsheet shows them rather than runs them.
func TestAnExportNeverHoldsAFormula(t *testing.T) {
	needStack(t)
	// A draft has no number yet: the export is found by its internal number.
	internal := "formula-" + randomHex(4)
	h.centre.call(t, "POST", "/api/acts", map[string]any{"article": `=HYPERLINK("http://evil","ЭГК")`, "mechanic": "@SUM(A1)",
		"complaint": "-1+1", "conclusion": "+7", "internalNumber": internal})
	a := h.centre.call(t, "GET", "/api/acts/export?q="+url.QueryEscape(internal), nil)
	if a.status != http.StatusOK {
		t.Fatalf("export: %d %s", a.status, a.raw)
	}
	book, err := excelize.OpenReader(bytes.NewReader(a.raw))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("Акты")
	if len(rows) != 2 {
		t.Fatalf("rows = %q", rows)
	}
	for _, cell := range rows[1] {
		if cell != "" && strings.ContainsAny(cell[:1], "=+-@") {
			t.Errorf("cell %q may run as a formula", cell)
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://evil","ЭГК")`, "'@SUM(A1)", "'-1+1", "'+7"} {
		if !slices.Contains(rows[1], want) {
			t.Errorf("no cell %q in %q", want, rows[1])
		}
	}
	for _, axis := range []string{"G2", "P2"} {
		if f, _ := book.GetCellFormula("Акты", axis); f != "" {
			t.Errorf("%s holds the formula %q", axis, f)
		}
	}
}
