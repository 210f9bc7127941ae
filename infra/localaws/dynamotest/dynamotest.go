// Package dynamotest gives integration tests their own table on DynamoDB
// Local, created from template.yaml's definition, so tests of any package
// run in parallel against the real key schema and indexes. Tests are gated
// by AFTERSALES_INTEGRATION=1 (set by `make test`) and skipped otherwise.
package dynamotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/infra/localaws"
	"aftersales/infra/samtemplate"
)

// Enabled reports whether integration tests should run.
func Enabled() bool { return os.Getenv("AFTERSALES_INTEGRATION") == "1" }

// Skip skips t unless integration tests are enabled.
func Skip(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skip("integration test: set AFTERSALES_INTEGRATION=1 and start the emulators (bash infra/stack/stack.sh up), or run make test")
	}
}

// Client is a DynamoDB client for DynamoDB Local at $DDB_PORT (default 8000).
func Client() *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "eu-central-1",
		BaseEndpoint: aws.String(localaws.DefaultEndpoints().DynamoDB),
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
	})
}

// ClientWith is Client with opts applied to its API options (call
// counters, fault injection) — the real SDK client, never a fake.
func ClientWith(opts ...func(*aws.Config)) *dynamodb.Client {
	cfg := aws.Config{}
	for _, o := range opts {
		o(&cfg)
	}
	return dynamodb.New(Client().Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, cfg.APIOptions...)
	})
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// Table creates a fresh table named after the test from template.yaml and
// deletes it when the test ends. It skips the test unless integration tests
// are enabled.
func Table(t testing.TB) (*dynamodb.Client, string) {
	t.Helper()
	Skip(t)
	_, tpl, err := samtemplate.Here()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := unsafe.ReplaceAllString(t.Name(), "-")
	if len(name) > 200 {
		name = name[:200]
	}
	name = strings.Trim(name, "-") + "-" + hex.EncodeToString(b)
	db := Client()
	ctx := context.Background()
	if err := localaws.CreateTable(ctx, db, tpl.Table, name); err != nil {
		t.Fatalf("create table (is DynamoDB Local running? bash infra/stack/stack.sh up): %v", err)
	}
	t.Cleanup(func() {
		_, _ = db.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	return db, name
}
