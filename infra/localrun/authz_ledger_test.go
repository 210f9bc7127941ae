package localrun

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/warrantystore"
	"aftersales/shared/imports"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
)

// The authorization cases of issue 16 (serial registry, policies, verdicts,
// the ledger). Routes of its own are lines of testdata/authz_matrix.txt;
// testdata/authz_ledger_cases.txt holds further requests on routes the
// matrix already has a line for, in the matrix's own columns.

func init() {
	// policyVersion is the policy book's current version, so a PUT based on
	// it is not a conflict (the callers of a row run one after another).
	registerFixture("policyVersion", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		p, err := warrantystore.New(dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())).Book(ctx)
		return strconv.Itoa(p.Version), err
	})
	// serialLoadProtocol is a final protocol of a managers' serial registry
	// load (under hq) whose file had row errors, so it has an error report.
	registerFixture("serialLoadProtocol", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		return matrixLoadProtocol(ctx, e, imports.HQ, imports.Serials, "Serials.xlsx")
	})
	// ledgerEntry is a fresh factory entry of the world's centre in
	// November 2026, to claim; claimedLedgerEntry one already claimed.
	registerFixture("ledgerEntry", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		return matrixLedgerEntry(ctx, e, w, ledger.StateToClaim)
	})
	registerFixture("claimedLedgerEntry", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		return matrixLedgerEntry(ctx, e, w, ledger.StateClaimed)
	})
}

func matrixLedgerEntry(ctx context.Context, e *matrixEnv, w world, state ledger.State) (string, error) {
	f, err := matrixFulfilment(e)
	if err != nil {
		return "", err
	}
	en := ledger.Entry{ID: "authz-" + randomHex(6), Kind: ledger.KindPartsShipped, ServiceCenterID: w.ServiceCenter,
		Payer: orders.PayerFactory, Party: "Завод матрицы", Amount: 10000, At: time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC),
		Month: "2026-11", Version: 1, Recovery: &ledger.Recovery{State: state}}
	if state == ledger.StateClaimed {
		en.Recovery.ClaimNumber = "П-матрица"
	}
	return en.ID, f.Store.Shipments().AddLedgerEntry(ctx, en)
}

func TestLedgerAuthorizationCases(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	for _, r := range loadMatrixFile(t, "testdata/authz_ledger_cases.txt", matrixCallers) {
		t.Run(strings.NewReplacer("/", "_", " ", "_").Replace(r.method+" "+r.target), func(t *testing.T) {
			t.Parallel()
			e.checkRow(t, web.URL, r, matrixCallers)
		})
	}
}
