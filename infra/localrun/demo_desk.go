package localrun

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/deskmsgfn"
	"aftersales/shared/phone"
)

// demoCustomers are the demo front desk's regulars at СЦ «Север», each
// with a device and an order in some status.
var demoCustomers = []struct {
	name, phone, email string
	device             desk.DeviceInput
	complaint          string
	status             desk.Status
}{
	{"Петров Иван Сергеевич", "8 (934) 734-12-34", "petrov@demo.example",
		desk.DeviceInput{Category: "Газонокосилка", Maker: "Энергопром", Model: "ГК-1500", Serial: "GK1500-0042"}, "Не заводится", desk.StatusAccepted},
	{"Иванова Анна Петровна", "+7 916 555-01-02", "",
		desk.DeviceInput{Category: "Мотоблок", Maker: "Энергопром", Model: "МБ-7", Serial: "MB7-2025-118"}, "Течёт масло", desk.StatusDiagnostics},
	{"Сидоров Пётр", "+375 29 123-45-67", "sidorov@demo.example",
		desk.DeviceInput{Category: "Генератор", Maker: "Энергопром", Model: "БГ-3000", Serial: "BG3000-7"}, "Не держит напряжение", desk.StatusReady},
}

// demoNorthDetails are what СЦ «Север»'s admin tells customers about the
// centre: its messages and its printed receipts and certificates show them.
var demoNorthDetails = desk.CentreDetails{
	CentreAddress: "г. Санкт-Петербург, ул. Садовая, д. 10",
	CentreHours:   "пн–пт 9:00–19:00, сб 10:00–16:00",
	LegalName:     "ООО «Север-Сервис»",
	INN:           "7812345675",
}

// seedDesk gives СЦ «Север» its address, hours and requisites and a few
// customers, devices and orders, so the front desk has something to find.
// It is idempotent: the details are saved while the centre never saved its
// message settings, and a centre whose desk already finds the first
// customer's phone gets no more orders.
func seedDesk(ctx context.Context, env *fn.Env, centre string) error {
	table := dynamo.New(dynamodb.NewFromConfig(env.AWS), env.Config.TableName)
	store := deskstore.New(table)
	// The demo orders tell their customers as real ones do: their SMS and
	// e-mails show on the local mail page.
	svc, err := desk.NewService(desk.Config{Store: store, Repairs: store, Staff: identitystore.New(table), Phones: phone.Parse,
		Clock: env.Now, Location: env.Config.Location, Messages: deskmsgfn.New(env, table)})
	if err != nil {
		return err
	}
	c := auth.Caller{UserID: demoActor.UserID, Role: auth.RoleServiceCenter, Tenant: centre}
	// First, so the demo orders' messages carry the address and hours.
	if err := seedCentreDetails(ctx, svc, c, demoNorthDetails); err != nil {
		return err
	}
	found, err := svc.Search(ctx, c, "7341234")
	if err != nil {
		return fmt.Errorf("look up the demo desk: %w", err)
	}
	if len(found.Customers) > 0 {
		return nil
	}
	for _, d := range demoCustomers {
		r, err := svc.CreateRepair(ctx, c, desk.NewRepair{
			Customer: &desk.CustomerInput{Name: d.name, Phones: []string{d.phone}, Email: d.email, ConsentSMS: true, ConsentEmail: d.email != ""},
			Device:   &d.device, Intake: desk.Intake{Complaint: d.complaint, Completeness: "Без упаковки"}})
		if err != nil {
			return fmt.Errorf("seed demo order of %s: %w", d.name, err)
		}
		if d.status != r.Status {
			if _, err := svc.Move(ctx, c, r.ID, desk.StatusMove{Status: d.status, Version: r.Version}); err != nil {
				return fmt.Errorf("move demo order %s: %w", r.Number, err)
			}
		}
	}
	return nil
}

// seedCentreDetails saves details with the default templates, as the
// centre's admin would, while the centre never saved its message settings.
func seedCentreDetails(ctx context.Context, svc *desk.Service, c auth.Caller, details desk.CentreDetails) error {
	view, err := svc.MessageTemplates(ctx, c)
	if err != nil {
		return fmt.Errorf("read the demo centre's message settings: %w", err)
	}
	if view.Version != 0 {
		return nil
	}
	ms := view.MessageSettings
	ms.CentreDetails = details
	if _, err := svc.SaveMessageTemplates(ctx, c, ms); err != nil {
		return fmt.Errorf("save the demo centre's details: %w", err)
	}
	return nil
}
