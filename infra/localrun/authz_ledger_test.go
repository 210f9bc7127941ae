package localrun

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/warrantystore"
	"aftersales/shared/imports"
)

// The authorization cases of issue 16 (serial registry, policies, verdicts,
// the ledger). Routes of its own are lines of testdata/authz_matrix.txt;
// the rows here are further requests on routes the matrix already has a
// line for (it takes one line per route), in the matrix's own notation.
var ledgerAuthzRows = []string{
	`POST /api/imports | POST /api/imports {"procedure":"serials","fileName":"Serials.xlsx"} | 401 | 403 | 403 | 201 | 201`,
	`GET /api/imports/protocols/{id} | GET /api/imports/protocols/{{serialLoadProtocol}} | 401 | 403 | 404 | 200 | 200`,
	`GET /api/imports/protocols/{id}/report | GET /api/imports/protocols/{{serialLoadProtocol}}/report | 401 | 403 | 404 | 200 | 200`,
	`GET /api/imports/protocols | GET /api/imports/protocols?distributor={{dist}} | 401 | 403 | 200/404 | 404 | 200`,
}

func init() {
	// policyVersion is the policy book's current version, so a PUT based on
	// it is not a conflict (the callers of a row run one after another).
	authzFixtures["policyVersion"] = func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		p, err := warrantystore.New(dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())).Book(ctx)
		return strconv.Itoa(p.Version), err
	}
	// serialLoadProtocol is a final protocol of a managers' serial registry
	// load (under hq) whose file had row errors, so it has an error report.
	authzFixtures["serialLoadProtocol"] = func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		return matrixLoadProtocol(ctx, e, imports.HQ, imports.Serials, "Serials.xlsx")
	}
}

func TestLedgerAuthorizationCases(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	for n, line := range ledgerAuthzRows {
		r := parseMatrixLine(t, n+1, line)
		t.Run(strings.NewReplacer("/", "_", " ", "_").Replace(r.method+" "+r.target), func(t *testing.T) {
			t.Parallel()
			e.check(t, web.URL, r, "ledgerAuthzRows["+strconv.Itoa(n)+"]")
		})
	}
}
