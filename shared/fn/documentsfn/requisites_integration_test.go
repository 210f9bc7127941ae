package documentsfn_test

import (
	"errors"
	"testing"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/infra/pdftext"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/documents"
	"aftersales/shared/fn/documentsfn"
)

// TestAReceiptShowsTheCentreAsItsAdminSavedIt: the centre's admin saves its
// address, hours, legal name and INN with the message templates (stored in
// DynamoDB Local), and the intake receipt and the completion certificate,
// rendered as the function is wired, read back with them in the header. A
// reception user's save, a bad INN and a save based on an old version are
// refused and change nothing; another centre's save touches only its own.
func TestAReceiptShowsTheCentreAsItsAdminSavedIt(t *testing.T) {
	e := fulfiltest.New(t)
	frontDesk := newFrontDesk(t, e, true)
	docs, err := documentsfn.Service(e.Env)
	e.Must(err, "documents service")
	north, south := e.Centre("north"), e.Centre("south")
	reception := auth.Caller{UserID: "reception-" + north.Tenant, Role: auth.RoleServiceCenter, Tenant: north.Tenant, CentreRole: auth.CentreReception}

	cu, err := frontDesk.CreateCustomer(e.Ctx, north, desk.CustomerInput{Name: "Смирнов Олег", Phones: []string{"+7 916 555-12-34"}})
	e.Must(err, "create customer")
	r, err := frontDesk.CreateRepair(e.Ctx, north, desk.NewRepair{CustomerID: cu.ID,
		Device: &desk.DeviceInput{Category: "Триммер", Model: "T-1"}, Intake: desk.Intake{Complaint: "Не заводится"}})
	e.Must(err, "create repair order")

	view, err := frontDesk.MessageTemplates(e.Ctx, north)
	e.Must(err, "read the templates")
	edit := view.MessageSettings
	edit.CentreDetails = desk.CentreDetails{CentreAddress: "г. Санкт-Петербург, ул. Садовая, д. 10", CentreHours: "пн–пт 9:00–19:00",
		LegalName: "ООО «Север-Сервис»", INN: "7707083893"}
	if _, err := frontDesk.SaveMessageTemplates(e.Ctx, reception, edit); code(err) != apperr.Forbidden {
		t.Fatalf("reception saved the centre's details: %v", err)
	}
	saved, err := frontDesk.SaveMessageTemplates(e.Ctx, north, edit)
	e.Must(err, "the admin saves the centre's details")

	bad := saved.MessageSettings
	bad.LegalName, bad.INN = "ООО «Другое»", "7707083894"
	var ae *apperr.Error
	if _, err := frontDesk.SaveMessageTemplates(e.Ctx, north, bad); !errors.As(err, &ae) || ae.Code != apperr.Invalid ||
		len(ae.Fields) != 1 || ae.Fields[0].Field != "inn" || ae.Fields[0].Message != "неверная контрольная сумма ИНН" {
		t.Fatalf("a bad INN: %v", err)
	}
	stale := edit // based on the version before the admin's save
	stale.INN = "500100732259"
	if _, err := frontDesk.SaveMessageTemplates(e.Ctx, north, stale); code(err) != apperr.Conflict {
		t.Fatalf("a save based on an old version: %v, want conflict", err)
	}
	other := edit
	other.CentreDetails = desk.CentreDetails{CentreAddress: "г. Краснодар, ул. Красная, д. 1", LegalName: "ИП Южный", INN: "500100732259"}
	_, err = frontDesk.SaveMessageTemplates(e.Ctx, south, other)
	e.Must(err, "another centre saves its own details")

	for doc, title := range map[documents.RepairDoc]string{documents.DocReceipt: "КВИТАНЦИЯ О ПРИЁМЕ В РЕМОНТ", documents.DocCompletion: "АКТ ВЫПОЛНЕННЫХ РАБОТ"} {
		f, err := docs.RepairDocument(e.Ctx, north, r.ID, doc)
		e.Must(err, "render %s", doc)
		text := pdftext.Text(t, f.Data)
		if msg := pdftext.InOrder(text, "СЦ «north»", "ООО «Север-Сервис», ИНН 7707083893", "г. Санкт-Петербург, ул. Садовая, д. 10",
			"Часы работы: пн–пт 9:00–19:00", title+" № "+r.Number); msg != "" {
			t.Fatal(msg)
		}
		for _, refused := range []string{"ООО «Другое»", "7707083894", "500100732259", "ИП Южный", "Краснодар"} {
			if pdftext.InOrder(text, refused) == "" {
				t.Errorf("the %s shows %q", doc, refused)
			}
		}
	}
}

func code(err error) apperr.Code {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}
