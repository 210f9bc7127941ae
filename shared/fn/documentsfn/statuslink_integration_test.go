package documentsfn_test

import (
	"bytes"
	"strings"
	"testing"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/infra/pdftext"
	"aftersales/shared/desk"
	"aftersales/shared/documents"
	"aftersales/shared/fn/documentsfn"
)

// TestTheReceiptOfAnOrderWithAStatusLinkCarriesItsQRCode takes an order
// made by the front desk as deployed (with the messenger, so it has a
// status token) and one made without (no token, as orders older than
// status links), both read back from DynamoDB Local, and renders their
// intake receipts as the function is wired. The first has the QR code and
// its caption, and the code is the one of WEB_BASE_URL + "/s/" + token:
// its image is byte for byte that of a receipt drawn for that address and
// differs from one drawn for another token. The second has neither.
func TestTheReceiptOfAnOrderWithAStatusLinkCarriesItsQRCode(t *testing.T) {
	e := fulfiltest.New(t)
	older, linked := newFrontDesk(t, e, false), newFrontDesk(t, e, true)
	docs, err := documentsfn.Service(e.Env)
	e.Must(err, "documents service")
	centre := e.Centre("north")

	order := func(svc *desk.Service) desk.Repair {
		t.Helper()
		cu, err := svc.CreateCustomer(e.Ctx, centre, desk.CustomerInput{Name: "Смирнов Олег", Phones: []string{"+7 916 555-12-34"}})
		e.Must(err, "create customer")
		r, err := svc.CreateRepair(e.Ctx, centre, desk.NewRepair{CustomerID: cu.ID,
			Device: &desk.DeviceInput{Category: "Триммер", Model: "T-1"}, Intake: desk.Intake{Complaint: "Не заводится"}})
		e.Must(err, "create repair order")
		return r.Repair
	}
	withLink, without := order(linked), order(older)
	if withLink.StatusToken == "" || without.StatusToken != "" {
		t.Fatalf("status tokens: %q with the messenger, %q without", withLink.StatusToken, without.StatusToken)
	}

	receipt := func(id string) []byte {
		t.Helper()
		f, err := docs.RepairDocument(e.Ctx, centre, id, documents.DocReceipt)
		e.Must(err, "receipt of %s", id)
		return f.Data
	}
	got := receipt(withLink.ID)
	qr := qrImage(t, got)
	if qr == nil || !strings.Contains(pdftext.Text(t, got), "статус заказа") {
		t.Fatal("the receipt of an order with a status link has no QR code or no caption")
	}
	drawn := func(url string) []byte {
		t.Helper()
		data, err := documents.Receipt(documents.Repair{Order: withLink, StatusURL: url, At: e.Clock.Now(), Location: e.Env.Config.Location})
		e.Must(err, "receipt for %s", url)
		return qrImage(t, data)
	}
	want := e.Env.Config.WebBaseURL + "/s/" + withLink.StatusToken
	if !bytes.Equal(qr, drawn(want)) {
		t.Fatalf("the receipt's QR code is not the one of %s", want)
	}
	if bytes.Equal(qr, drawn(e.Env.Config.WebBaseURL+"/s/"+desk.NewStatusToken())) {
		t.Fatal("the comparison cannot tell two links apart")
	}

	plain := receipt(without.ID)
	if qrImage(t, plain) != nil || strings.Contains(pdftext.Text(t, plain), "статус заказа") {
		t.Fatal("the receipt of an order without a status link has a QR code")
	}
}

// qrImage is the stream of the PDF's image (the receipt draws none but the
// QR code), or nil when it has none.
func qrImage(t *testing.T, pdf []byte) []byte {
	t.Helper()
	at := bytes.Index(pdf, []byte("/Subtype /Image"))
	if at < 0 {
		return nil
	}
	if bytes.Count(pdf, []byte("/Subtype /Image")) != 1 {
		t.Fatal("more than one image in the receipt")
	}
	rest := pdf[at:]
	start := bytes.Index(rest, []byte("stream\n"))
	end := bytes.Index(rest, []byte("endstream"))
	if start < 0 || end < start {
		t.Fatal("the image has no stream")
	}
	return rest[start+len("stream\n") : end]
}
