// Command migrate brings a deployed table's items stored by earlier
// releases up to today's layout (dynamo.Store.Migrate): dispatched
// shipments from before the hourly job tracked parcels in transit get their
// due-index keys, and orders of the centre's own parts only become
// compensation records. Run it once after deploying this release; it is
// idempotent, so running it again (or beside the functions) is harmless.
//
//	go run ./infra/migrate -table <TableName output>
//
// AWS credentials and region come from the usual SDK sources;
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"aftersales/infra/workstation"
	"aftersales/shared/dynamo"
)

func main() {
	table := flag.String("table", os.Getenv("TABLE_NAME"), "DynamoDB table of the stack (default $TABLE_NAME)")
	flag.Parse()
	if *table == "" {
		fmt.Fprintln(os.Stderr, "usage: migrate -table TABLE")
		os.Exit(2)
	}
	ctx := context.Background()
	db, err := workstation.DynamoDB(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	r, err := dynamo.New(db, *table).Migrate(ctx)
	fmt.Printf("dispatched shipments put on the due index: %d\norders of own parts only made compensation records: %d\n", r.Tracked, r.Compensations)
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
}
