package localrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"aftersales/shared/auth"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/fn/importsapifn"
	"aftersales/shared/identity"
	"aftersales/shared/imports"
)

// DemoLogin is one seeded demo account, printed by `make run`.
type DemoLogin struct {
	Role, Login, Password, Organisation string
}

// RandomSecret returns 32 random bytes as hex, for local token signing.
func RandomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// DemoPassword is every demo account's password. It exists only in the
// local stack's seed; deployed stacks get their first admin from infra/admin.
const DemoPassword = "demo-password-1"

// demoActor is who the audit log says created the demo data.
var demoActor = auth.Caller{UserID: "local-demo-seed", Role: auth.RoleAdmin}

type demoTenant struct {
	kind       auth.TenantKind
	name, city string
}

type demoUser struct {
	login, fullName string
	role            auth.Role
	tenant          *demoTenant
}

var (
	demoNorth = &demoTenant{auth.KindServiceCenter, "СЦ «Север»", "Санкт-Петербург"}
	demoSouth = &demoTenant{auth.KindServiceCenter, "СЦ «Юг»", "Краснодар"}
	demoEast  = &demoTenant{auth.KindDistributor, "Дистрибьютор «Восток»", "Новосибирск"}

	demoUsers = []demoUser{
		{"admin", "Администратор Демо", auth.RoleAdmin, nil},
		{"manager", "Мария Менеджерова", auth.RoleManager, nil},
		{"sc-north", "Сергей Северов", auth.RoleServiceCenter, demoNorth},
		{"sc-south", "Юлия Южная", auth.RoleServiceCenter, demoSouth},
		{"key-east", "Константин Восточный", auth.RoleKeyUser, demoEast},
	}
)

// SeedDemo fills the local table with demo organisations and users, through
// the same directory service the admin API uses, then with the warranty
// policies and the serial registry, the centres' acts, front desk and
// agenda, and «Восток»'s outlets and routes, through their services and
// loads. It is idempotent: organisations are found by name and users by
// login before anything is created, the policy book is set while it has
// never been saved, each demo file is loaded while no load of it has
// succeeded, and each centre's acts, desk and visits are seeded only while
// it has none, so a persisted local table is seeded once.
func (s *Server) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	id, err := identityfn.Services(s.env)
	if err != nil {
		return nil, err
	}
	tenantIDs := map[*demoTenant]string{}
	for _, t := range []*demoTenant{demoNorth, demoSouth, demoEast} {
		tid, err := ensureTenant(ctx, id.Directory, t)
		if err != nil {
			return nil, err
		}
		tenantIDs[t] = tid
	}
	var logins []DemoLogin
	for _, u := range demoUsers {
		org := "—"
		if u.tenant != nil {
			org = u.tenant.name
		}
		_, found, err := id.Directory.FindUser(ctx, u.login)
		if err != nil {
			return nil, fmt.Errorf("look up demo user %s: %w", u.login, err)
		}
		if !found {
			// Every demo account has an address, so the e-mails the system
			// sends (shipments, reminders, digests) show at /_local/mail.
			in := identity.NewUser{Login: u.login, Email: u.login + "@demo.example", FullName: u.fullName, Role: u.role, Password: DemoPassword}
			if u.tenant != nil {
				in.Tenant = tenantIDs[u.tenant]
			}
			if _, _, err := id.Directory.CreateUser(ctx, demoActor, in); err != nil {
				return nil, fmt.Errorf("create demo user %s: %w", u.login, err)
			}
		}
		logins = append(logins, DemoLogin{Role: string(u.role), Login: u.login, Password: DemoPassword, Organisation: org})
	}
	if err := seedCategories(ctx, s.env); err != nil {
		return nil, err
	}
	// The imports service the API serves: the demo's spreadsheets are
	// uploaded through it as their users would.
	loads, err := importsapifn.Service(s.env)
	if err != nil {
		return nil, err
	}
	// The acts are judged when they are filed: the policies and the serial
	// registry come first.
	if err := s.seedWarranty(ctx, id.Directory, loads); err != nil {
		return nil, err
	}
	if err := seedActs(ctx, s.env, id.Directory); err != nil {
		return nil, err
	}
	if err := seedDesk(ctx, s.env, tenantIDs[demoNorth]); err != nil {
		return nil, err
	}
	tech, err := seedAgenda(ctx, s.env, id.Directory, tenantIDs[demoNorth])
	if err != nil {
		return nil, err
	}
	logins = append(logins, tech)
	if err := s.seedDirectory(ctx, id.Directory, loads); err != nil {
		return nil, err
	}
	return logins, nil
}

// seedWarranty sets the demo manager's policy book and loads the
// supplier's serial registry as the manager would (a Serials file).
func (s *Server) seedWarranty(ctx context.Context, dir *identity.Directory, loads *imports.Service) error {
	manager, err := demoCaller(ctx, dir, "manager")
	if err != nil {
		return err
	}
	if err := seedPolicies(ctx, s.env, manager); err != nil {
		return err
	}
	if err := s.seedLoad(ctx, loads, manager, serialsLoad(s.env.Now(), s.env.Config.Location)); err != nil {
		return fmt.Errorf("seed the demo serial registry: %w", err)
	}
	return nil
}

// seedDirectory gives «Восток»'s key user the outlet directory and routes
// a first walk expects, loaded from their spreadsheets as they would load
// them; the protocols' e-mails show at /_local/mail.
func (s *Server) seedDirectory(ctx context.Context, dir *identity.Directory, loads *imports.Service) error {
	keyUser, err := demoCaller(ctx, dir, "key-east")
	if err != nil {
		return err
	}
	for _, l := range []demoLoad{outletsLoad(), routesLoad()} {
		if err := s.seedLoad(ctx, loads, keyUser, l); err != nil {
			return fmt.Errorf("seed «Восток»'s directory: %w", err)
		}
	}
	return nil
}

func ensureTenant(ctx context.Context, dir *identity.Directory, t *demoTenant) (string, error) {
	o := auth.ListOptions{Limit: 200}
	for {
		page, err := dir.ListTenants(ctx, demoActor, t.kind, o)
		if err != nil {
			return "", fmt.Errorf("list demo organisations: %w", err)
		}
		for _, existing := range page.Items {
			if existing.Name == t.name {
				return existing.ID, nil
			}
		}
		if page.Next == "" {
			break
		}
		o.Cursor = page.Next
	}
	created, err := dir.CreateTenant(ctx, demoActor, t.kind, identity.NewTenant{Name: t.name, City: t.city})
	if err != nil {
		return "", fmt.Errorf("create demo organisation %s: %w", t.name, err)
	}
	return created.ID, nil
}
