package documents

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/ledger"
	"aftersales/shared/mailer"
	"aftersales/shared/orders"
)

// fakeWorld is one centre's order and month in memory, for the service's
// own rules (who reads what, addresses); the stored path is the
// documentsfn integration test's.
type fakeWorld struct {
	sent    []mailer.Message
	events  []desk.Event
	details *desk.CentreDetails
}

func (f *fakeWorld) Repair(_ context.Context, id string) (desk.Repair, []desk.Event, error) {
	if id != "R1" {
		return desk.Repair{}, nil, auth.ErrNotFound
	}
	return sampleRepair().Order, nil, nil
}
func (f *fakeWorld) Customer(context.Context, string) (desk.Customer, error) {
	return sampleRepair().Customer, nil
}
func (f *fakeWorld) Device(context.Context, string) (desk.Device, error) {
	return sampleRepair().Device, nil
}
func (f *fakeWorld) AddRepairEvent(_ context.Context, _ desk.Repair, ev desk.Event) error {
	f.events = append(f.events, ev)
	return nil
}
func (f *fakeWorld) Record(_ context.Context, id string) (acts.Record, error) {
	if id != "A1" {
		return acts.Record{}, auth.ErrNotFound
	}
	return acts.Record{Act: acts.Act{ID: "A1", Number: "2026-000042", ServiceCenterID: "SC1"}}, nil
}
func (f *fakeWorld) AddEvent(context.Context, acts.Event) error { return nil }
func (f *fakeWorld) Order(context.Context, string) (orders.Order, error) {
	return orders.Order{}, auth.ErrNotFound // a compensation record is no order
}
func (f *fakeWorld) Compensation(context.Context, string) (orders.Order, error) {
	return orders.Order{}, auth.ErrNotFound
}
func (f *fakeWorld) LedgerMonth(_ context.Context, centre, _ string) ([]ledger.Entry, error) {
	return []ledger.Entry{{ID: "1", Kind: ledger.KindOwnPart, OrderID: "O1", ActID: "A1", ServiceCenterID: centre,
		Payer: orders.PayerWholesaler, Amount: rub("1120"), At: time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)},
		// a shipment's carriage at the centre's cost: an entry of no act
		{ID: "S1.shipping", Kind: ledger.KindShipping, ShipmentID: "S1", ServiceCenterID: centre,
			Payer: orders.PayerServiceCenter, Amount: rub("450.50"), At: time.Date(2026, 11, 11, 9, 0, 0, 0, time.UTC)}}, nil
}
func (f *fakeWorld) Payer(_ context.Context, _ auth.Caller, payer orders.Payer, party, month string, _ ledger.State) (ledger.PayerStatement, error) {
	return ledger.PayerMonth(payer, party, month, claimEntries()), nil
}
func (f *fakeWorld) User(context.Context, string) (auth.User, error) {
	return auth.User{FullName: "Петров Алексей"}, nil
}
func (f *fakeWorld) Tenant(_ context.Context, _ auth.TenantKind, id string) (auth.Tenant, error) {
	return auth.Tenant{ID: id, Name: "СЦ «" + id + "»"}, nil
}
func (f *fakeWorld) MessageSettings(_ context.Context, centre string) (desk.MessageSettings, error) {
	if f.details == nil {
		return desk.MessageSettings{}, auth.ErrNotFound // never saved
	}
	return desk.MessageSettings{CentreDetails: *f.details}, nil
}
func (f *fakeWorld) Send(_ context.Context, m mailer.Message) (string, error) {
	f.sent = append(f.sent, m)
	return "id", nil
}

func newFakeService(t *testing.T) (*Service, *fakeWorld) {
	w := &fakeWorld{}
	s, err := NewService(Config{Repairs: w, Acts: w, Orders: w, Ledger: w, Payers: w, People: w, Details: w, Sender: w, Location: moscow,
		Clock: func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}

func code(err error) apperr.Code {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

func TestWhoReadsAndSendsWhichDocument(t *testing.T) {
	s, w := newFakeService(t)
	ctx := context.Background()
	own := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "SC1"}
	other := auth.Caller{UserID: "u2", Role: auth.RoleServiceCenter, Tenant: "SC2"}
	tech := auth.Caller{UserID: "u3", Role: auth.RoleServiceCenter, Tenant: "SC1", CentreRole: auth.CentreTechnician}
	executor := auth.Caller{UserID: sampleRepair().Order.ExecutorID, Role: auth.RoleServiceCenter, Tenant: "SC1", CentreRole: auth.CentreTechnician}
	manager := auth.Caller{UserID: "m", Role: auth.RoleManager}

	if _, err := s.RepairDocument(ctx, own, "R1", DocReceipt); err != nil {
		t.Errorf("the centre reads its order's receipt: %v", err)
	}
	if _, err := s.RepairDocument(ctx, tech, "R1", DocCompletion); code(err) != apperr.NotFound {
		t.Errorf("a technician reads the documents of an order another executes: %v, want not_found", err)
	}
	if _, err := s.RepairDocument(ctx, executor, "R1", DocCompletion); err != nil {
		t.Errorf("the order's technician reads its documents: %v", err)
	}
	if _, err := s.RepairDocument(ctx, other, "R1", DocReceipt); code(err) != apperr.NotFound {
		t.Errorf("another centre's order: %v, want not_found", err)
	}
	if _, err := s.RepairDocument(ctx, manager, "R1", DocReceipt); code(err) != apperr.Forbidden {
		t.Errorf("a manager reads a centre's customers' documents: %v", err)
	}
	if _, err := s.EmailRepairDocument(ctx, tech, "R1", DocReceipt, ""); code(err) != apperr.Forbidden {
		t.Errorf("a technician e-mails documents: %v", err)
	}
	for _, bad := range []string{"мария", "a@b", "Мария <maria@example.ru>", "a@b.c, d@e.f"} {
		if _, err := s.EmailRepairDocument(ctx, own, "R1", DocReceipt, bad); code(err) != apperr.Invalid {
			t.Errorf("address %q: %v, want invalid", bad, err)
		}
	}
	if len(w.sent) != 0 || len(w.events) != 0 {
		t.Fatalf("refused requests sent %d mails, wrote %d events", len(w.sent), len(w.events))
	}
	sent, err := s.EmailRepairDocument(ctx, own, "R1", DocReceipt, " Other@Example.RU ")
	if err != nil || sent.To != "other@example.ru" || len(w.sent) != 1 || w.sent[0].To[0] != "other@example.ru" ||
		w.sent[0].Attachments[0].ContentType != "application/pdf" || len(w.events) != 1 {
		t.Fatalf("sent %+v, %v; mails %d, events %d", sent, err, len(w.sent), len(w.events))
	}

	// The statement: a centre its own only; staff name the centre.
	if f, err := s.Statement(ctx, own, "", "2026-11"); err != nil || f.Name != "compensation-2026-11.pdf" {
		t.Errorf("the centre's own statement: %v", err)
	}
	if _, err := s.Statement(ctx, own, "SC2", "2026-11"); code(err) != apperr.NotFound {
		t.Errorf("another centre's statement: %v, want not_found", err)
	}
	if _, err := s.Statement(ctx, manager, "", "2026-11"); code(err) != apperr.Invalid {
		t.Errorf("a manager without a centre: %v, want invalid", err)
	}
	if _, err := s.Statement(ctx, manager, "SC2", "2026-11"); err != nil {
		t.Errorf("a manager reads a centre's statement: %v", err)
	}
	for _, month := range []string{"2026-13", "2026-1", "ноябрь"} {
		if _, err := s.Statement(ctx, own, "", month); code(err) != apperr.Invalid {
			t.Errorf("month %q: %v, want invalid", month, err)
		}
	}
}

// The claim names each entry's centre from its record and keeps the
// .xlsx's file name with .pdf.
func TestClaimDocumentNamesTheCentresAndTheFile(t *testing.T) {
	s, _ := newFakeService(t)
	f, err := s.ClaimDocument(context.Background(), auth.Caller{UserID: "m", Role: auth.RoleManager}, orders.PayerFactory, "Huter", "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "pretenziya-factory-2026-11.pdf" {
		t.Errorf("file name %q", f.Name)
	}
	inOrder(t, pdfText(t, f.Data), "2026-000042", "СЦ «SC1»", "2026-000043", "СЦ «SC2»", "Итого по претензии:")
}

// The centre's address, hours, phone for customers, legal name and INN
// come from what its admin saved with the message templates; before any
// save the header has the record's name only.
func TestARepairOrdersDocumentsNameTheCentreAsItsAdminDescribedIt(t *testing.T) {
	s, w := newFakeService(t)
	ctx := context.Background()
	own := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "SC1"}
	titles := map[RepairDoc]string{DocReceipt: "КВИТАНЦИЯ О ПРИЁМЕ В РЕМОНТ", DocCompletion: "АКТ ВЫПОЛНЕННЫХ РАБОТ"}
	for doc := range titles {
		f, err := s.RepairDocument(ctx, own, "R1", doc)
		if err != nil {
			t.Fatal(err)
		}
		if text := pdfText(t, f.Data); strings.Contains(text, "ИНН") || strings.Contains(text, "Часы работы") {
			t.Errorf("%s before the centre described itself:\n%s", doc, text)
		}
	}
	w.details = &desk.CentreDetails{CentrePhone: "+7 812 555-01-02", CentreAddress: "г. Санкт-Петербург, ул. Садовая, д. 10",
		CentreHours: "пн–пт 9:00–19:00, сб 10:00–16:00", LegalName: "ООО «Север-Сервис»", INN: "7707083893"}
	for doc, title := range titles {
		f, err := s.RepairDocument(ctx, own, "R1", doc)
		if err != nil {
			t.Fatal(err)
		}
		inOrder(t, pdfText(t, f.Data), "СЦ «SC1»", "ООО «Север-Сервис», ИНН 7707083893",
			"г. Санкт-Петербург, ул. Садовая, д. 10, тел. +7 812 555-01-02", "Часы работы: пн–пт 9:00–19:00, сб 10:00–16:00",
			title+" № СЦ-2026-000123")
	}
}
