package acts

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
)

// seedAct is the filled example act of the wholesaler's instructions (seed
// 000), as a client would send it, normalised as the API stores it.
func seedAct(t *testing.T) Fields {
	t.Helper()
	body, err := os.ReadFile("testdata/seed_act.json")
	if err != nil {
		t.Fatal(err)
	}
	var f Fields
	if err := json.Unmarshal(body, &f); err != nil {
		t.Fatalf("decode seed act: %v", err)
	}
	return f.Normalized()
}

var (
	seedToday = NewDate(2023, 6, 15)
	allPhotos = FileKinds{FileNameplate, FileWarrantyOrReceipt, FileDefect, FilePart}
)

// problem is a field error reduced to what clients branch on.
type problem struct{ field, code string }

func problems(t *testing.T, errs []apperr.FieldError) []problem {
	t.Helper()
	var out []problem
	for _, e := range errs {
		out = append(out, problem{e.Field, e.Code})
		if e.Message == "" || e.MessageEN == "" {
			t.Errorf("field error %s/%s lacks a Russian or English message", e.Field, e.Code)
		}
	}
	return out
}

func TestTheSeedsExampleActPassesSubmission(t *testing.T) {
	f := seedAct(t)
	errs, missing := ValidateSubmit(f, allPhotos, seedToday)
	if len(errs) != 0 || len(missing) != 0 {
		t.Fatalf("ValidateSubmit = %+v, missing %v; want none", errs, missing)
	}
	if got := StatusAfterSubmit(missing); got != StatusSubmitted {
		t.Errorf("StatusAfterSubmit = %q, want submitted", got)
	}
	if *f.CustomerPhone != "+79347341234" || *f.SerialNumber != "01.234.09274" || len(f.Parts) != 2 {
		t.Errorf("normalised seed act: phone %q, serial %q, %d part rows; want +79347341234, 01.234.09274, 2",
			*f.CustomerPhone, *f.SerialNumber, len(f.Parts))
	}
	if got := f.Parts[0].Price + f.Parts[1].Price; got != 112000 {
		t.Errorf("own parts total %d kopecks, want 112000", got)
	}
}

func TestTheSeedsExampleActWithoutPhotosAsksForThem(t *testing.T) {
	errs, missing := ValidateSubmit(seedAct(t), nil, seedToday)
	want := []FileKind{FileNameplate, FileWarrantyOrReceipt, FileDefect, FilePart}
	if len(errs) != 0 || !slices.Equal(missing, want) {
		t.Fatalf("ValidateSubmit = %+v, missing %v; want no errors, missing %v", errs, missing, want)
	}
	if got := StatusAfterSubmit(missing); got != StatusInfoRequested {
		t.Errorf("StatusAfterSubmit = %q, want info_requested", got)
	}
}

func TestAnEmptyActListsEveryRequiredField(t *testing.T) {
	errs, _ := ValidateSubmit(Fields{}, allPhotos, seedToday)
	var got []string
	for _, p := range problems(t, errs) {
		if p.code != CodeRequired {
			t.Errorf("unexpected problem %v", p)
		}
		got = append(got, p.field)
	}
	want := []string{
		"category", "article", "serialNumber", "complaint", "appearance", "saleDate",
		"acceptedDate", "completeness", "warrantyCard", "mechanic", "diagnosis", "conclusion",
		"customerName", "customerPhone", "sellerOrganization", "complexity", "productState",
	}
	if !slices.Equal(got, want) {
		t.Errorf("required fields = %v\nwant %v", got, want)
	}
}

func TestSubmissionRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *Fields)
		want   []problem
	}{
		{"a blank article is missing", func(f *Fields) { f.Article = new("   ") },
			[]problem{{"article", CodeRequired}}},
		{"no serial number is fine when the product has none", func(f *Fields) {
			f.SerialNumber, f.NoSerial = nil, new(true)
		}, nil},
		{"warrantyCard false is an answer, not a gap", func(f *Fields) { f.WarrantyCard = new(false) }, nil},
		{"a sale date in the future is refused", func(f *Fields) { f.SaleDate = new(NewDate(2023, 6, 16)) },
			[]problem{{"saleDate", CodeInFuture}, {"acceptedDate", CodeBeforeSaleDate}}},
		{"an acceptance date in the future is refused", func(f *Fields) {
			f.AcceptedDate, f.RepairEndDate = new(NewDate(2023, 6, 16)), nil
		}, []problem{{"acceptedDate", CodeInFuture}}},
		{"a repair end date in the future is refused", func(f *Fields) { f.RepairEndDate = new(NewDate(2023, 7, 1)) },
			[]problem{{"repairEndDate", CodeInFuture}}},
		{"accepted before the sale is refused", func(f *Fields) { f.AcceptedDate = new(NewDate(2023, 5, 31)) },
			[]problem{{"acceptedDate", CodeBeforeSaleDate}}},
		{"accepted on the day of sale is fine", func(f *Fields) {
			f.AcceptedDate, f.RepairEndDate = new(NewDate(2023, 6, 1)), new(NewDate(2023, 6, 1))
		}, nil},
		{"a repair that ends before acceptance is refused", func(f *Fields) { f.RepairEndDate = new(NewDate(2023, 6, 14)) },
			[]problem{{"repairEndDate", CodeBeforeAcceptedDate}}},
		{"refusal on day 14 after the sale is allowed", func(f *Fields) { f.Refusal14 = new(true) }, nil},
		{"refusal on day 15 after the sale is too late", func(f *Fields) {
			f.Refusal14, f.SaleDate = new(true), new(NewDate(2023, 5, 31))
		}, []problem{{"refusal14", CodeRefusal14TooLate}}},
		{"an own part on a warranty case needs a price", func(f *Fields) { f.Parts[1].Price = 0 },
			[]problem{{"parts[1].price", CodePriceRequired}}},
		{"an own part without the warranty tick may be free", func(f *Fields) {
			f.Parts[1].Price, f.WarrantyCase = 0, new(false)
		}, nil},
		{"an ordered part needs no price", func(f *Fields) { f.Parts[1] = Part{Name: "Свеча", Quantity: 2} }, nil},
		{"a part row needs a name", func(f *Fields) { f.Parts[0].Name = "" },
			[]problem{{"parts[0].name", CodeRequired}}},
		{"draft rules apply at submission too", func(f *Fields) { f.Complexity = new(4) },
			[]problem{{"complexity", CodeOutOfRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seedAct(t)
			tt.change(&f)
			errs, _ := ValidateSubmit(f, allPhotos, seedToday)
			if got := problems(t, errs); !slices.Equal(got, tt.want) {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDraftRules(t *testing.T) {
	long := func(n int) *string { return new(strings.Repeat("я", n)) }
	tests := []struct {
		name string
		in   Fields
		want []problem
	}{
		{"an empty draft is fine", Fields{}, nil},
		{"an article of 200 characters is fine", Fields{Article: long(200)}, nil},
		{"an article of 201 characters is too long", Fields{Article: long(201)}, []problem{{"article", CodeTooLong}}},
		{"a complaint of 1001 characters is too long", Fields{Complaint: long(1001)}, []problem{{"complaint", CodeTooLong}}},
		{"an internal number of 51 characters is too long", Fields{InternalNumber: long(51)}, []problem{{"internalNumber", CodeTooLong}}},
		{"a diagnosis of 2000 characters is fine", Fields{Diagnosis: long(2000)}, nil},
		{"a conclusion of 2001 characters is too long", Fields{Conclusion: long(2001)}, []problem{{"conclusion", CodeTooLong}}},
		{"an unknown appearance is refused", Fields{Appearance: new(Appearance("broken"))}, []problem{{"appearance", CodeInvalidValue}}},
		{"an unknown completeness is refused", Fields{Completeness: new(Completeness("most"))}, []problem{{"completeness", CodeInvalidValue}}},
		{"an unknown product state is refused", Fields{ProductState: new(ProductState("lost"))}, []problem{{"productState", CodeInvalidValue}}},
		{"complexity 0 is out of range", Fields{Complexity: new(0)}, []problem{{"complexity", CodeOutOfRange}}},
		{"complexity 3 is fine", Fields{Complexity: new(3)}, nil},
		{"a phone that is not Russian is refused", Fields{CustomerPhone: new("+1 212 555 0100")}, []problem{{"customerPhone", CodeInvalidPhone}}},
		{"an empty phone is left for submission to require", Fields{CustomerPhone: new("")}, nil},
		{"51 part rows are too many", Fields{Parts: slices.Repeat([]Part{{Name: "Свеча", Quantity: 1}}, 51)}, []problem{{"parts", CodeTooMany}}},
		{"50 part rows are fine", Fields{Parts: slices.Repeat([]Part{{Name: "Свеча", Quantity: 1}}, 50)}, nil},
		{"quantity 0 is out of range", Fields{Parts: []Part{{Name: "Свеча"}}}, []problem{{"parts[0].quantity", CodeOutOfRange}}},
		{"quantity 1000 is out of range", Fields{Parts: []Part{{Name: "Свеча", Quantity: 1000}}}, []problem{{"parts[0].quantity", CodeOutOfRange}}},
		{"a negative price is refused", Fields{Parts: []Part{{Name: "Свеча", Quantity: 1, Price: -1}}}, []problem{{"parts[0].price", CodeOutOfRange}}},
		{"a part row may be unnamed in a draft", Fields{Parts: []Part{{Quantity: 1}}}, nil},
		{"a part name of 2001 characters is too long", Fields{Parts: []Part{{Name: *long(2001), Quantity: 1}}}, []problem{{"parts[0].name", CodeTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(t, tt.in.ValidateDraft()); !slices.Equal(got, tt.want) {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMarkupInTextIsAcceptedAsPlainText(t *testing.T) {
	payloads := map[string]string{
		"complaint":          `<script>alert("xss")</script>`,
		"diagnosis":          `"><img src=x onerror=alert(document.cookie)>`,
		"customerName":       `Robert'); DROP TABLE acts;--`,
		"sellerOrganization": `=HYPERLINK("http://evil","ООО")`,
	}
	f := seedAct(t)
	f.Complaint, f.Diagnosis = new(payloads["complaint"]), new(payloads["diagnosis"])
	f.CustomerName, f.SellerOrganization = new(payloads["customerName"]), new(payloads["sellerOrganization"])
	f = f.Normalized()
	if errs, _ := ValidateSubmit(f, allPhotos, seedToday); len(errs) != 0 {
		t.Fatalf("ValidateSubmit = %+v, want none", errs)
	}
	got := map[string]string{
		"complaint": *f.Complaint, "diagnosis": *f.Diagnosis,
		"customerName": *f.CustomerName, "sellerOrganization": *f.SellerOrganization,
	}
	for field, want := range payloads {
		if got[field] != want {
			t.Errorf("%s stored as %q, want it unchanged %q", field, got[field], want)
		}
	}
}

func TestMissingPhotos(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *Fields)
		files  FileKinds
		want   []FileKind
	}{
		{"all photos present miss nothing", func(*Fields) {}, allPhotos, nil},
		{"a pre-sale act needs no warranty card or receipt",
			func(f *Fields) { f.Appearance = new(AppearancePreSale) },
			FileKinds{FileNameplate, FileDefect, FilePart}, nil},
		{"an act without parts needs no part photo",
			func(f *Fields) { f.Parts = nil },
			FileKinds{FileNameplate, FileWarrantyOrReceipt, FileDefect}, nil},
		{"a refusal within 14 days needs the customer's statement",
			func(f *Fields) { f.Refusal14 = new(true) },
			allPhotos, []FileKind{FileCustomerStatement}},
		{"extra photos do not stand in for required ones",
			func(*Fields) {},
			FileKinds{FileFastening, FileOther, FileNameplate, FileNameplate},
			[]FileKind{FileWarrantyOrReceipt, FileDefect, FilePart}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seedAct(t)
			tt.change(&f)
			_, got := ValidateSubmit(f, tt.files, seedToday)
			if !slices.Equal(got, tt.want) {
				t.Errorf("missing = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMissingRequestText(t *testing.T) {
	got := MissingRequestText([]FileKind{FileNameplate, FileDefect})
	want := "Просим предоставить: фото шильдика изделия; фото поломки. " +
		"Прикрепите файлы к акту (по одному файлу за раз) или ответьте в комментарии. " +
		"Если ответа не будет, акт будет закрыт автоматически со статусом «ОТКАЗ в ГО»."
	if got != want {
		t.Errorf("MissingRequestText =\n%s\nwant\n%s", got, want)
	}
	if got := MissingRequestText(nil); got != "" {
		t.Errorf("MissingRequestText(nil) = %q, want empty", got)
	}
}

func TestSavingADraftRefusesDatesThatCannotBeRight(t *testing.T) {
	day := func(y int, m time.Month, d int) *Date { return new(NewDate(y, m, d)) }
	tests := []struct {
		name string
		f    Fields
		want []problem
	}{
		{"an empty draft is fine", Fields{}, nil},
		{"a sale date in the future is refused", Fields{SaleDate: day(2023, 6, 16)}, []problem{{"saleDate", CodeInFuture}}},
		{"acceptance before the sale is refused", Fields{SaleDate: day(2023, 6, 10), AcceptedDate: day(2023, 6, 1)},
			[]problem{{"acceptedDate", CodeBeforeSaleDate}}},
		{"a repair ending before acceptance is refused", Fields{AcceptedDate: day(2023, 6, 10), RepairEndDate: day(2023, 6, 9)},
			[]problem{{"repairEndDate", CodeBeforeAcceptedDate}}},
		{"the draft rules still apply", Fields{Complexity: new(4)}, []problem{{"complexity", CodeOutOfRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problems(t, tt.f.ValidateSave(seedToday)); !slices.Equal(got, tt.want) {
				t.Errorf("ValidateSave = %v, want %v", got, tt.want)
			}
		})
	}
}
