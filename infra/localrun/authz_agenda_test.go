package localrun

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/phone"
)

// The agenda's rows of the authorization matrix (testdata/authz_matrix_agenda.txt
// and, by centre role, testdata/authz_agenda_roles.txt) take these
// fixtures, made through the agenda's own service.
func init() {
	// technician is a fresh staff member of the world's centre.
	registerFixture("technician", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
		return u.ID, err
	})
	// matrixTechnician is the own centre's technician of authz_agenda_roles.txt;
	// in the other world a fresh staff member of that centre.
	registerFixture("matrixTechnician", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := matrixTechnician(ctx, e, w)
		return u.ID, err
	})
	// visit is a fresh visit (version 1) of a fresh staff member of the world's centre.
	registerFixture("visit", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
		if err != nil {
			return "", err
		}
		return matrixVisit(ctx, e, w, u.ID)
	})
	// technicianVisit is a fresh visit (version 1) of matrixTechnician, at a
	// time none of their other visits takes.
	registerFixture("technicianVisit", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := matrixTechnician(ctx, e, w)
		if err != nil {
			return "", err
		}
		return matrixVisit(ctx, e, w, u.ID)
	})
	// feedToken is the live calendar token of a fresh staff member of the world's centre.
	registerFixture("feedToken", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
		if err != nil {
			return "", err
		}
		svc, err := matrixAgenda(e)
		if err != nil {
			return "", err
		}
		token, _, err := svc.CreateFeed(ctx, auth.Caller{UserID: u.ID, Role: u.Role, Tenant: u.Tenant}, u.ID)
		return token, err
	})
}

var (
	matrixAgendaOnce sync.Once
	matrixAgendaVal  *agenda.Service
	matrixAgendaErr  error
	// matrixSlot makes every fixture visit start on a day of its own.
	matrixSlot atomic.Int64
)

func matrixAgenda(e *matrixEnv) (*agenda.Service, error) {
	matrixAgendaOnce.Do(func() {
		table := dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())
		store := deskstore.New(table)
		matrixAgendaVal, matrixAgendaErr = agenda.NewService(agenda.Config{Store: store, Feeds: store,
			Staff: identitystore.New(table), Desk: store, Phones: phone.Parse, Location: e.srv.Env().Config.Location})
	})
	return matrixAgendaVal, matrixAgendaErr
}

func matrixTechnician(ctx context.Context, e *matrixEnv, w world) (auth.User, error) {
	if w.Name == "other" {
		return e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
	}
	return e.centreUser(ctx, auth.CentreTechnician)
}

// matrixVisit plans a visit of technician in the world's centre, as its reception.
func matrixVisit(ctx context.Context, e *matrixEnv, w world, technician string) (string, error) {
	svc, err := matrixAgenda(e)
	if err != nil {
		return "", err
	}
	start := time.Date(2030, 1, 1, 7, 0, 0, 0, time.UTC).AddDate(0, 0, int(matrixSlot.Add(1)))
	v, err := svc.Create(ctx, matrixReception(w), agenda.Input{Kind: agenda.KindRepair, TechnicianID: technician,
		Start: start, End: start.Add(time.Hour), Address: "Тверь, ул. Матрицы, 1",
		Contact: agenda.Contact{Name: "Клиент матрицы", Phone: "+7 934 734-12-34"}})
	return v.ID, err
}

// TestTheAgendaAnswersEachCentreRoleAsItsTableSays runs
// testdata/authz_agenda_roles.txt: every agenda route as the centre's
// admin, reception and technician, with the own and another centre's
// objects; every agenda route of the matrix must have its line.
func TestTheAgendaAnswersEachCentreRoleAsItsTableSays(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	callers := append([]string{"anonymous"}, centreRoleCallers...)
	rows := loadMatrixFile(t, "testdata/authz_agenda_roles.txt", callers)
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.route] = true
	}
	for _, r := range loadMatrix(t) {
		if (strings.Contains(r.route, " /api/agenda/") || strings.Contains(r.route, " /api/public/ical/")) && !covered[r.route] {
			t.Errorf("%s has no line in authz_agenda_roles.txt", r.route)
		}
	}
	for _, r := range rows {
		t.Run(strings.NewReplacer("/", "_", " ", "_").Replace(r.route), func(t *testing.T) {
			t.Parallel()
			e.checkRow(t, web.URL, r, callers)
		})
	}
}
