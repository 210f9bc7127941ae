package localrun

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/fn"
	"aftersales/shared/identity"
	"aftersales/shared/phone"
)

// demoTechnician is СЦ «Север»'s field technician: signed in, they see
// their own visits and make their calendar link.
const demoTechnician = "tech-north"

// seedAgenda gives СЦ «Север» its technician and, when the account is new,
// two field visits tomorrow — one at the demo customer Петров's for his
// mower's order, so tomorrow's daily job reminds him — and returns the
// technician's demo login.
func seedAgenda(ctx context.Context, env *fn.Env, dir *identity.Directory, centre string) (DemoLogin, error) {
	login := DemoLogin{Role: string(auth.RoleServiceCenter), Login: demoTechnician, Password: DemoPassword, Organisation: demoNorth.name}
	if _, found, err := dir.FindUser(ctx, demoTechnician); err != nil || found {
		return login, err
	}
	tech, _, err := dir.CreateUser(ctx, demoActor, identity.NewUser{Login: demoTechnician, Email: demoTechnician + "@demo.example",
		FullName: "Тимур Выездной", Role: auth.RoleServiceCenter, Tenant: centre, Password: DemoPassword, CentreRole: auth.CentreTechnician})
	if err != nil {
		return login, fmt.Errorf("create the demo technician: %w", err)
	}
	table := dynamo.New(dynamodb.NewFromConfig(env.AWS), env.Config.TableName)
	store := deskstore.New(table)
	svc, err := agenda.NewService(agenda.Config{Store: store, Feeds: store, Staff: identitystore.New(table), Desk: store,
		Phones: phone.Parse, Clock: env.Now, Location: env.Config.Location})
	if err != nil {
		return login, err
	}
	reception := auth.Caller{UserID: demoActor.UserID, Role: auth.RoleServiceCenter, Tenant: centre}
	petrov, err := store.Search(ctx, centre, desk.ParseQuery("7341234", desk.DefaultRegion, phone.Parse), 1)
	if err != nil {
		return login, fmt.Errorf("find the demo customer: %w", err)
	}
	repairs := []desk.Repair{}
	if len(petrov.Customers) > 0 {
		if repairs, err = store.CustomerRepairs(ctx, petrov.Customers[0].ID); err != nil {
			return login, err
		}
	}
	now := env.Now().In(env.Config.Location)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, env.Config.Location)
	visits := []agenda.Input{
		{Kind: agenda.KindRepair, Start: tomorrow.Add(10 * time.Hour), End: tomorrow.Add(12 * time.Hour),
			Address: "Санкт-Петербург, Дачный пр., 12, участок 4", Contact: agenda.Contact{Name: "Петров Иван Сергеевич", Phone: "8 (934) 734-12-34"},
			Notes: "Газонокосилка не заводится; взять карбюратор ГК-1500"},
		{Kind: agenda.KindInstallation, Start: tomorrow.Add(14 * time.Hour), End: tomorrow.Add(15*time.Hour + 30*time.Minute),
			Address: "Всеволожск, ул. Садовая, 3", Contact: agenda.Contact{Name: "Мария", Phone: "+7 921 000-12-34"}},
	}
	if len(repairs) > 0 {
		visits[0].RepairID = repairs[0].ID
	}
	for _, in := range visits {
		in.TechnicianID = tech.ID
		if _, err := svc.Create(ctx, reception, in); err != nil {
			return login, fmt.Errorf("seed a demo visit: %w", err)
		}
	}
	return login, nil
}
