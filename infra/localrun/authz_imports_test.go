package localrun

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// The load rows of the authorization matrix take this fixture.
func init() {
	// loadProtocol is a fresh, final protocol of the world's distributor
	// whose file had row errors, so it has an error report.
	registerFixture("loadProtocol", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		return matrixLoadProtocol(ctx, e, w.Distributor, imports.OutletsUpdate, "Outlets.xlsx")
	})
	// keyUserView is a saved directory view: in the own world the key
	// user's, in the other world another user's (views are per user).
	registerFixture("keyUserView", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		store := importstore.New(dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName()))
		owner := e.callers[auth.RoleKeyUser].ID
		if w.Name == "other" {
			owner = "another-key-user"
		}
		v := imports.View{ID: randomHex(8), Owner: owner, Name: "Вид", Columns: []imports.OutletColumn{"code"}, Saved: time.Now()}
		return v.ID, store.PutView(ctx, v)
	})
}

// matrixLoadProtocol stores a final protocol of owner's (a distributor, or
// imports.HQ) load of proc whose file had row errors, so it has an error
// report, and returns its id.
func matrixLoadProtocol(ctx context.Context, e *matrixEnv, owner string, proc imports.Procedure, fileName string) (string, error) {
	store := importstore.New(dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName()))
	seq, err := store.NextLoadSeq(ctx, owner)
	if err != nil {
		return "", err
	}
	obj := imports.Object{Bucket: "matrix", Key: imports.Key(proc, false, owner, randomHex(8), fileName), VersionID: "1"}
	p := imports.Protocol{ID: obj.ProtocolID(), Seq: seq, Distributor: owner, Procedure: proc,
		FileName: fileName, Object: obj, Status: imports.LoadFailedValidation, Counts: imports.Counts{Total: 1, WithErrors: 1, Errors: 1},
		ReportKey: "imports/" + owner + "/" + obj.ProtocolID() + "/errors.xlsx", CreatedAt: time.Now(), FinishedAt: time.Now()}
	if _, _, err := store.ClaimProtocol(ctx, p); err != nil {
		return "", err
	}
	return p.ID, nil
}
