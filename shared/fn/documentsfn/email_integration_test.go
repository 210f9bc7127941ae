package documentsfn_test

import (
	"errors"
	"strings"
	"testing"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/fulfiltest"
	"aftersales/infra/pdftext"
	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/desk"
	"aftersales/shared/documents"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn/deskmsgfn"
	"aftersales/shared/fn/documentsfn"
	"aftersales/shared/fn/tablefn"
	"aftersales/shared/money"
	"aftersales/shared/orders"
	"aftersales/shared/phone"
)

// TestAnEmailedDocumentArrivesWithThePDFAttachedAndIsRecorded sends a
// repair order's completion certificate to the customer and a warranty act
// to a typed address through moto's SES, as the function is wired; moto's
// raw MIME is parsed back: one mail each, a PDF attachment pdftotext reads,
// and the order's and the act's history say where it went. Another
// centre's user gets 404 for both and nothing is sent.
func TestAnEmailedDocumentArrivesWithThePDFAttachedAndIsRecorded(t *testing.T) {
	e := fulfiltest.New(t)
	frontDesk := newFrontDesk(t, e, false)
	docs, err := documentsfn.Service(e.Env)
	if err != nil {
		t.Fatal(err)
	}
	centre, stranger := e.Centre("north"), e.Centre("south")
	customer := e.Address("customer")

	cu, err := frontDesk.CreateCustomer(e.Ctx, centre, desk.CustomerInput{Name: "Иванова Мария Петровна", Phones: []string{"+7 916 123-45-67"}, Email: customer})
	e.Must(err, "create customer")
	r, err := frontDesk.CreateRepair(e.Ctx, centre, desk.NewRepair{CustomerID: cu.ID,
		Device: &desk.DeviceInput{Category: "Газонокосилка бензиновая", Maker: "Huter", Model: "GLM-5.0 S", Serial: "HT-" + e.Tag},
		Intake: desk.Intake{Complaint: "Не заводится"}})
	e.Must(err, "create repair order")
	price := money.RUB(16000)
	v, err := frontDesk.AddLine(e.Ctx, centre, r.ID, desk.LineInput{Kind: "part", Name: "Свеча зажигания NGK BPR6ES", Quantity: 7, Price: &price, Version: r.Version})
	e.Must(err, "add a part")

	if _, err := docs.EmailRepairDocument(e.Ctx, stranger, r.ID, documents.DocCompletion, ""); !isNotFound(err) {
		t.Fatalf("another centre e-mailed the order's document: %v", err)
	}
	// A typed address that is not one is refused in Russian, naming the field.
	_, err = docs.EmailRepairDocument(e.Ctx, centre, r.ID, documents.DocReceipt, "мария at example")
	var bad *apperr.Error
	if !errors.As(err, &bad) || bad.Code != apperr.Invalid || len(bad.Fields) != 1 || bad.Fields[0].Field != "to" ||
		!strings.HasPrefix(bad.Fields[0].Message, "Неверный адрес e-mail") {
		t.Fatalf("a bad address: %v", err)
	}
	sent, err := docs.EmailRepairDocument(e.Ctx, centre, r.ID, documents.DocCompletion, "")
	e.Must(err, "e-mail the completion certificate")
	if sent.To != customer {
		t.Fatalf("sent to %q, want the customer's %q", sent.To, customer)
	}
	text := attachedPDF(t, e, customer)
	if msg := pdftext.InOrder(text, "АКТ ВЫПОЛНЕННЫХ РАБОТ № "+v.Number, "Иванова Мария Петровна", "Газонокосилка бензиновая Huter GLM-5.0 S",
		"Свеча зажигания NGK BPR6ES", "7", "160,00 ₽", "1 120,00 ₽", "Итого:", "1 120,00 ₽"); msg != "" {
		t.Fatal(msg)
	}
	card, err := frontDesk.Repair(e.Ctx, centre, r.ID)
	e.Must(err, "read the order")
	last := card.History[len(card.History)-1]
	if last.Kind != "document" || last.Text != "Документ «Акт выполненных работ» отправлен на "+customer {
		t.Errorf("the order's history ends with %+v", last)
	}

	a, _ := e.Approved(centre)
	archive := e.Address("archive")
	if _, err := docs.EmailActDocument(e.Ctx, stranger, a.ID, archive); !isNotFound(err) {
		t.Fatalf("another centre e-mailed the act: %v", err)
	}
	_, err = docs.EmailActDocument(e.Ctx, e.Manager, a.ID, archive)
	e.Must(err, "e-mail the act")
	text = attachedPDF(t, e, archive)
	if msg := pdftext.InOrder(text, "ГАРАНТИЙНЫЙ АКТ № "+a.Number, "1. Изделие", "2. Диагностика", "3. Запрос запасных частей",
		"4. Дополнительная информация", "Решение", "Заказы запасных частей"); msg != "" {
		t.Fatal(msg)
	}
	var recorded bool
	for _, ev := range e.Act(a.ID).History {
		recorded = recorded || ev.Type == acts.EventDocumentSent && ev.Reason == "Гарантийный акт отправлен на "+archive && ev.ActorID == e.Manager.UserID
	}
	if !recorded {
		t.Error("the act's history does not record the e-mail")
	}
}

// attachedPDF is the text of the one PDF attached to the one mail moto
// recorded for to.
func attachedPDF(t *testing.T, e *fulfiltest.Env, to string) string {
	t.Helper()
	var got []localaws.Mail
	for _, m := range e.Mails() {
		if len(m.To) == 1 && m.To[0] == to {
			got = append(got, m)
		}
	}
	if len(got) != 1 || len(got[0].Attachments) != 1 {
		t.Fatalf("mails to %s: %+v", to, got)
	}
	att := got[0].Attachments[0]
	if att.ContentType != "application/pdf" || !strings.HasSuffix(att.Name, ".pdf") || !strings.HasPrefix(string(att.Data), "%PDF-") {
		t.Fatalf("attachment %q (%s) starts %q", att.Name, att.ContentType, att.Data[:min(len(att.Data), 8)])
	}
	return pdftext.Text(t, att.Data)
}

// newFrontDesk is the front desk's service on e's table and clock, wired
// as DeskApiFunction does; with its messenger only when messaging (without,
// its orders have no status link, as orders older than the links).
func newFrontDesk(t *testing.T, e *fulfiltest.Env, messaging bool) *desk.Service {
	t.Helper()
	table, err := tablefn.Store(e.Env)
	e.Must(err, "table store")
	store := deskstore.New(table)
	cfg := desk.Config{Store: store, Repairs: store, Staff: identitystore.New(table), Phones: phone.Parse,
		Clock: e.Clock.Now, Location: e.Env.Config.Location}
	if messaging {
		cfg.Messages = deskmsgfn.New(e.Env, table)
	}
	svc, err := desk.NewService(cfg)
	e.Must(err, "front desk")
	return svc
}

func isNotFound(err error) bool {
	var ae *apperr.Error
	return errors.As(err, &ae) && ae.Code == apperr.NotFound
}

// TestTheStatementReadsTheCentresLedgerMonth renders a centre's statement
// from what approvals stored: an order with parts shipped and an own part,
// and an approval of own parts only (a compensation record, no order). Both
// acts are named by number, the own parts summed, another centre's month
// left out, and the other centre's user gets 404. The own-parts-only act's
// document lists its compensation record.
func TestTheStatementReadsTheCentresLedgerMonth(t *testing.T) {
	e := fulfiltest.New(t)
	docs, err := documentsfn.Service(e.Env)
	if err != nil {
		t.Fatal(err)
	}
	centre, stranger := e.Centre("east"), e.Centre("west")
	withOrder, _ := e.Approved(centre)
	own := fulfiltest.Fields()
	own.Parts = []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}}
	ownOnly := e.Move(e.Manager, e.SubmittedWith(centre, own), acts.Move{Action: acts.ActionApprove})
	e.Approved(stranger)

	month := e.Clock.Now().In(e.Env.Config.Location).Format("2006-01")
	f, err := docs.Statement(e.Ctx, centre, "", month)
	e.Must(err, "render the statement")
	text := pdftext.Text(t, f.Data)
	if msg := pdftext.InOrder(text, "АКТ СВЕРКИ КОМПЕНСАЦИЙ", "СЦ «east»", withOrder.Number, ownOnly.Number,
		"Компенсация своих запчастей центра:", "1 560,00 ₽"); msg != "" {
		t.Fatal(msg)
	}
	// The own-parts-only act's document shows its compensation record where orders go.
	act, err := docs.ActDocument(e.Ctx, centre, ownOnly.ID)
	e.Must(err, "render the own-parts-only act")
	if msg := pdftext.InOrder(pdftext.Text(t, act.Data), "Заказы запасных частей", "0,00 ₽", "780,00 ₽", "Отслеживание"); msg != "" {
		t.Fatal(msg)
	}
	if _, err := docs.Statement(e.Ctx, stranger, centre.Tenant, month); !isNotFound(err) {
		t.Fatalf("another centre read the statement: %v", err)
	}
	if _, err := docs.Statement(e.Ctx, e.Manager, centre.Tenant, month); err != nil {
		t.Fatalf("a manager reads the centre's statement: %v", err)
	}
}

// TestTheClaimReadsTheFactorysMonth renders the factory's claim from what
// two centres' approvals stored: both acts by number, their centres, the
// parts and the month's total in order; a centre may not read it.
func TestTheClaimReadsTheFactorysMonth(t *testing.T) {
	e := fulfiltest.New(t)
	docs, err := documentsfn.Service(e.Env)
	if err != nil {
		t.Fatal(err)
	}
	east, west := e.Centre("east"), e.Centre("west")
	factory := acts.Move{Action: acts.ActionApprove, Payer: new(orders.PayerFactory)}
	first := e.Move(e.Manager, e.Submitted(east), factory)
	second := e.Move(e.Manager, e.Submitted(west), factory)
	e.Approved(east) // the wholesaler's: not in the factory's claim

	month := e.Clock.Now().In(e.Env.Config.Location).Format("2006-01")
	f, err := docs.ClaimDocument(e.Ctx, e.Manager, orders.PayerFactory, "", month)
	e.Must(err, "render the claim")
	if f.Name != "pretenziya-factory-"+month+".pdf" {
		t.Errorf("file name %q", f.Name)
	}
	// Each approval claims the crankshaft (780) and two plugs (2 × 150).
	if msg := pdftext.InOrder(pdftext.Text(t, f.Data), "ПРЕТЕНЗИЯ ЗА", first.Number, "СЦ «east»", "01.234.09274", "Коленвал", "780,00 ₽",
		"Свеча", "300,00 ₽", second.Number, "СЦ «west»", "Итого по претензии:", "2 160,00 ₽"); msg != "" {
		t.Fatal(msg)
	}
	var ae *apperr.Error
	if _, err := docs.ClaimDocument(e.Ctx, east, orders.PayerFactory, "", month); !errors.As(err, &ae) || ae.Code != apperr.Forbidden {
		t.Fatalf("a centre read the factory's claim: %v", err)
	}
}
