package localrun

import (
	"context"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/phone"
)

// The rows of testdata/authz_matrix_deskmsg.txt and
// authz_desk_roles_deskmsg.txt take these fixtures.
func init() {
	// statusToken is the status link of a fresh order of the world's centre.
	registerFixture("statusToken", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		svc, err := matrixMessagingDesk(e)
		if err != nil {
			return "", err
		}
		cu, err := matrixCustomer(ctx, e, w)
		if err != nil {
			return "", err
		}
		r, err := svc.CreateRepair(ctx, matrixReception(w), desk.NewRepair{CustomerID: cu.ID,
			Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500"}, Intake: desk.Intake{Complaint: "Не заводится"}})
		return r.StatusToken, err
	})
	// messageTemplatesVersion is the own centre's templates version now
	// (only its users reach the desk).
	registerFixture("messageTemplatesVersion", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		svc, err := matrixMessagingDesk(e)
		if err != nil {
			return "", err
		}
		v, err := svc.MessageTemplates(ctx, matrixReception(e.own))
		return strconv.Itoa(v.Version), err
	})
}

var (
	matrixMessagingOnce sync.Once
	matrixMessagingVal  *desk.Service
	matrixMessagingErr  error
)

// matrixMessagingDesk is the desk with its messenger (which the other
// fixtures' desk leaves out), sending nothing: the fixtures' orders need
// only their status links.
func matrixMessagingDesk(e *matrixEnv) (*desk.Service, error) {
	matrixMessagingOnce.Do(func() {
		table := dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())
		store := deskstore.New(table)
		people := identitystore.New(table)
		m := &desk.Messenger{Store: store, Repairs: store, Customers: store, Centres: people, Limiter: store}
		matrixMessagingVal, matrixMessagingErr = desk.NewService(desk.Config{Store: store, Repairs: store,
			Staff: people, Phones: phone.Parse, Location: e.srv.Env().Config.Location, Messages: m})
	})
	return matrixMessagingVal, matrixMessagingErr
}
