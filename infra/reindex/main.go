// Command reindex moves outlets stored before the sharded directory index
// (every distributor's outlets under one GSI1 key, a second entry on GSI2)
// into their shards, so lists and exports see them again:
//
//	TABLE=$(aws cloudformation describe-stacks --stack-name aftersales-dev \
//	  --query "Stacks[0].Outputs[?OutputKey=='TableName'].OutputValue" --output text)
//	go run ./infra/reindex -table "$TABLE" [-distributor ID,ID…]
//
// Without -distributor it reindexes every distributor of the table. It is
// idempotent and resumable (importstore.ReindexOutlets): run it again after
// an interruption, or to check — a finished table reports nothing moved.
// AWS credentials and region come from the usual SDK sources;
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"aftersales/infra/workstation"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/importstore"
)

func main() {
	ctx := context.Background()
	err := run(ctx, os.Args[1:], os.Stdout, func() (dynamo.API, error) { return workstation.DynamoDB(ctx) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "reindex:", err)
		os.Exit(1)
	}
}

const usage = `usage: reindex [-table TABLE] [-distributor ID,ID…]

Moves outlets stored before the sharded index into their shards (-table, or $TABLE_NAME);
every distributor of the table unless -distributor names some.`

func run(ctx context.Context, args []string, stdout io.Writer, open func() (dynamo.API, error)) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	table := fs.String("table", os.Getenv("TABLE_NAME"), "DynamoDB table of the stack (default $TABLE_NAME)")
	only := fs.String("distributor", "", "distributor ids, comma-separated (default: every distributor)")
	if err := fs.Parse(args); err != nil || *table == "" || fs.NArg() > 0 {
		return errors.New(usage)
	}
	db, err := open()
	if err != nil {
		return err
	}
	store := dynamo.New(db, *table)
	ids := strings.FieldsFunc(*only, func(r rune) bool { return r == ',' || r == ' ' })
	if len(ids) == 0 {
		if ids, err = distributors(ctx, identitystore.New(store)); err != nil {
			return err
		}
	}
	outlets := importstore.New(store)
	var total importstore.Reindexed
	for _, d := range ids {
		res, err := outlets.ReindexOutlets(ctx, d)
		total.Moved, total.Skipped = total.Moved+res.Moved, total.Skipped+res.Skipped
		if err != nil {
			return fmt.Errorf("%w (moved %d before it stopped; run again to resume)", err, total.Moved)
		}
		if res != (importstore.Reindexed{}) {
			fmt.Fprintf(stdout, "%s: moved %d, rewritten by a load meanwhile %d\n", d, res.Moved, res.Skipped)
		}
	}
	fmt.Fprintf(stdout, "%d distributors, %d outlets moved into their shards, %d rewritten by a load meanwhile\n", len(ids), total.Moved, total.Skipped)
	return nil
}

// distributors lists every distributor's id, disabled ones too: their
// outlets are kept.
func distributors(ctx context.Context, people *identitystore.Store) ([]string, error) {
	var ids []string
	o := auth.ListOptions{Limit: 100}
	for {
		page, err := people.ListTenants(ctx, auth.KindDistributor, o)
		if err != nil {
			return nil, fmt.Errorf("list distributors: %w", err)
		}
		for _, t := range page.Items {
			ids = append(ids, t.ID)
		}
		if page.Next == "" {
			return ids, nil
		}
		o.Cursor = page.Next
	}
}
