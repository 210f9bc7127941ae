package localrun

import (
	"context"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
)

// The front desk's rows of the authorization matrix
// (testdata/authz_matrix_desk.txt) take these fixtures, made through the
// desk's own service as a user of the world's centre.
func init() {
	// customer is a fresh customer of the world's centre.
	authzFixtures["customer"] = func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		cu, err := matrixCustomer(ctx, e, w)
		return cu.ID, err
	}
	// device is a fresh device of a fresh customer of the world's centre.
	authzFixtures["device"] = func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		d, err := matrixDevice(ctx, e, w)
		return d.ID, err
	}
	// repair is a fresh repair order (version 1) of a fresh customer of
	// the world's centre.
	authzFixtures["repair"] = func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		cu, err := matrixCustomer(ctx, e, w)
		if err != nil {
			return "", err
		}
		svc, err := matrixDesk(e)
		if err != nil {
			return "", err
		}
		r, err := svc.CreateRepair(ctx, matrixReception(w), desk.NewRepair{CustomerID: cu.ID,
			Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500"}, Intake: desk.Intake{Complaint: "Не заводится"}})
		return r.ID, err
	}
	// settingsVersion is the own centre's settings version now (the
	// callers' centre: only its users reach the desk).
	authzFixtures["settingsVersion"] = func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		svc, err := matrixDesk(e)
		if err != nil {
			return "", err
		}
		st, err := svc.Settings(ctx, matrixReception(e.own))
		return strconv.Itoa(st.Version), err
	}
	// deviceSerial is such a device's serial.
	authzFixtures["deviceSerial"] = func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		d, err := matrixDevice(ctx, e, w)
		return d.Serial, err
	}
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
			Staff: identitystore.New(table), Location: e.srv.Env().Config.Location})
	})
	return matrixDeskVal, matrixDeskErr
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
