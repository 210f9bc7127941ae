package localrun

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/identity"
	"aftersales/shared/phone"
)

// The front desk's rows of the authorization matrix
// (testdata/authz_matrix_desk.txt) take these fixtures, made through the
// desk's own service as a user of the world's centre.
func init() {
	// customer is a fresh customer of the world's centre.
	registerFixture("customer", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		cu, err := matrixCustomer(ctx, e, w)
		return cu.ID, err
	})
	// device is a fresh device of a fresh customer of the world's centre.
	registerFixture("device", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		d, err := matrixDevice(ctx, e, w)
		return d.ID, err
	})
	// repair is a fresh repair order (version 1) of a fresh customer of
	// the world's centre.
	registerFixture("repair", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		return matrixRepair(ctx, e, w, "")
	})
	// settingsVersion is the own centre's settings version now (the
	// callers' centre: only its users reach the desk).
	registerFixture("settingsVersion", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		svc, err := matrixDesk(e)
		if err != nil {
			return "", err
		}
		st, err := svc.Settings(ctx, matrixReception(e.own))
		return strconv.Itoa(st.Version), err
	})
	// technicianRepair is a fresh order of the world's centre executed by
	// the own centre's technician of authz_desk_roles.txt (in the other
	// world by nobody: the technician is not of that centre).
	registerFixture("technicianRepair", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		tech, err := e.centreUser(ctx, auth.CentreTechnician)
		if err != nil {
			return "", err
		}
		executor := tech.ID
		if w.Name == "other" {
			executor = ""
		}
		return matrixRepair(ctx, e, w, executor)
	})
	// deviceSerial is such a device's serial.
	registerFixture("deviceSerial", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		d, err := matrixDevice(ctx, e, w)
		return d.Serial, err
	})
}

var (
	matrixDeskOnce sync.Once
	matrixDeskVal  *desk.Service
	matrixDeskErr  error
)

func matrixDesk(e *matrixEnv) (*desk.Service, error) {
	matrixDeskOnce.Do(func() {
		table := dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())
		store := deskstore.New(table)
		matrixDeskVal, matrixDeskErr = desk.NewService(desk.Config{Store: store, Repairs: store,
			Staff: identitystore.New(table), Phones: phone.Parse, Location: e.srv.Env().Config.Location})
	})
	return matrixDeskVal, matrixDeskErr
}

// centreRoleCallers are the columns of testdata/authz_desk_roles.txt:
// users of the own world's centre in each centre role.
var centreRoleCallers = []string{"centre:" + string(auth.CentreAdmin), "centre:" + string(auth.CentreReception),
	"centre:" + string(auth.CentreTechnician)}

var (
	centreUsersMu sync.Mutex
	centreUsers   = map[auth.CentreRole]auth.User{}
)

// centreUser is the own centre's user in role, made on first use.
func (e *matrixEnv) centreUser(ctx context.Context, role auth.CentreRole) (auth.User, error) {
	centreUsersMu.Lock()
	defer centreUsersMu.Unlock()
	if u, ok := centreUsers[role]; ok {
		return u, nil
	}
	u, _, err := e.id.Directory.CreateUser(ctx, matrixActor, identity.NewUser{Login: "m-" + randomHex(6),
		FullName: "Сотрудник матрицы", Role: auth.RoleServiceCenter, Tenant: e.own.ServiceCenter,
		Password: matrixPassword, CentreRole: role})
	if err != nil {
		return auth.User{}, err
	}
	centreUsers[role] = u
	return u, nil
}

// tokenOf opens a session for a column of either matrix: a role of
// authz_matrix*.txt, or centre:<role> of authz_desk_roles.txt.
func (e *matrixEnv) tokenOf(ctx context.Context, caller string) (string, error) {
	role, inCentre := strings.CutPrefix(caller, "centre:")
	if !inCentre {
		return e.token(ctx, auth.Role(caller))
	}
	u, err := e.centreUser(ctx, auth.CentreRole(role))
	if err != nil {
		return "", err
	}
	return e.open(ctx, auth.Session{UserID: u.ID, Role: u.Role, Tenant: u.Tenant, CentreRole: u.CentreRole})
}

// TestTheFrontDeskAnswersEachCentreRoleAsItsTableSays runs
// testdata/authz_desk_roles.txt: every front-desk route as the centre's
// admin, reception and technician, with the own and another centre's
// objects.
func TestTheFrontDeskAnswersEachCentreRoleAsItsTableSays(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	// Each area keeps its rows in its own authz_desk_roles*.txt.
	files, err := filepath.Glob("testdata/authz_desk_roles*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/authz_desk_roles*.txt: %v", err)
	}
	var rows []matrixRow
	for _, f := range files {
		rows = append(rows, loadMatrixFile(t, f, append([]string{"anonymous"}, centreRoleCallers...))...)
	}
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.route] = true
	}
	for _, r := range loadMatrix(t) {
		if strings.Contains(r.route, " /api/desk/") && !covered[r.route] {
			t.Errorf("%s has no line in authz_desk_roles.txt", r.route)
		}
	}
	for _, r := range rows {
		t.Run(strings.NewReplacer("/", "_", " ", "_").Replace(r.route), func(t *testing.T) {
			t.Parallel()
			e.checkRow(t, web.URL, r, append([]string{"anonymous"}, centreRoleCallers...))
		})
	}
}

// matrixRepair is a fresh order (version 1) of a fresh customer of the
// world's centre, executed by executor (none when empty).
func matrixRepair(ctx context.Context, e *matrixEnv, w world, executor string) (string, error) {
	cu, err := matrixCustomer(ctx, e, w)
	if err != nil {
		return "", err
	}
	svc, err := matrixDesk(e)
	if err != nil {
		return "", err
	}
	r, err := svc.CreateRepair(ctx, matrixReception(w), desk.NewRepair{CustomerID: cu.ID, ExecutorID: executor,
		Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500"}, Intake: desk.Intake{Complaint: "Не заводится"}})
	return r.ID, err
}

func matrixReception(w world) auth.Caller {
	return auth.Caller{UserID: "authz-matrix-desk", Role: auth.RoleServiceCenter, Tenant: w.ServiceCenter}
}

func matrixCustomer(ctx context.Context, e *matrixEnv, w world) (desk.Customer, error) {
	svc, err := matrixDesk(e)
	if err != nil {
		return desk.Customer{}, err
	}
	return svc.CreateCustomer(ctx, matrixReception(w), desk.CustomerInput{Name: "Клиент матрицы " + randomHex(3),
		Phones: []string{"+7 934 734-12-34"}, ConsentSMS: true})
}

func matrixDevice(ctx context.Context, e *matrixEnv, w world) (desk.Device, error) {
	cu, err := matrixCustomer(ctx, e, w)
	if err != nil {
		return desk.Device{}, err
	}
	svc, err := matrixDesk(e)
	if err != nil {
		return desk.Device{}, err
	}
	return svc.CreateDevice(ctx, matrixReception(w), desk.DeviceInput{CustomerID: cu.ID, Category: "Газонокосилка",
		Model: "ГК-1500", Serial: "SN" + randomHex(5)})
}
