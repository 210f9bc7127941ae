// Package localaws prepares the local emulators (DynamoDB Local, moto) from
// template.yaml's own definitions and reads back what they recorded (e-mails),
// for the local runner and for integration tests.
package localaws

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/samtemplate"
)

// Endpoints are where the emulators listen.
type Endpoints struct {
	DynamoDB string // e.g. http://127.0.0.1:8000
	Moto     string // e.g. http://127.0.0.1:5000
}

// DefaultEndpoints reads DDB_PORT and MOTO_PORT like infra/stack/stack.sh does;
// AWS_ENDPOINT_URL, when set, points everything at one endpoint instead
// (LocalStack).
func DefaultEndpoints() Endpoints {
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		return Endpoints{DynamoDB: u, Moto: u}
	}
	port := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return def
	}
	return Endpoints{
		DynamoDB: "http://127.0.0.1:" + port("DDB_PORT", "8000"),
		Moto:     "http://127.0.0.1:" + port("MOTO_PORT", "5000"),
	}
}

// Environment returns the variables that point the SDK at the emulators; the
// functions read nothing else to find them.
func (e Endpoints) Environment() map[string]string {
	return map[string]string{
		"AWS_ENDPOINT_URL_DYNAMODB": e.DynamoDB,
		"AWS_ENDPOINT_URL_S3":       e.Moto,
		"AWS_ENDPOINT_URL_SES":      e.Moto,
		"AWS_ENDPOINT_URL_SNS":      e.Moto,
		"AWS_ENDPOINT_URL_SQS":      e.Moto,
		"AWS_ACCESS_KEY_ID":         "local",
		"AWS_SECRET_ACCESS_KEY":     "local",
		"AWS_REGION":                "eu-central-1",
		"S3_PATH_STYLE":             "true",
	}
}

// Apply sets Environment() in this process.
func (e Endpoints) Apply() {
	for k, v := range e.Environment() {
		os.Setenv(k, v)
	}
}

// CreateTable creates the template's table under name unless it exists.
func CreateTable(ctx context.Context, db *dynamodb.Client, t samtemplate.Table, name string) error {
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: ddbtypes.BillingModePayPerRequest,
	}
	for _, a := range t.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: ddbtypes.ScalarAttributeType(a.AttributeType),
		})
	}
	in.KeySchema = keySchema(t.KeySchema)
	for _, g := range t.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, ddbtypes.GlobalSecondaryIndex{
			IndexName: aws.String(g.IndexName),
			KeySchema: keySchema(g.KeySchema),
			Projection: &ddbtypes.Projection{
				ProjectionType:   ddbtypes.ProjectionType(g.Projection.ProjectionType),
				NonKeyAttributes: g.Projection.NonKeyAttributes,
			},
		})
	}
	_, err := db.CreateTable(ctx, in)
	var inUse *ddbtypes.ResourceInUseException
	if errors.As(err, &inUse) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	if ttl := t.TimeToLiveSpecification.AttributeName; ttl != "" {
		_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName:               aws.String(name),
			TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(ttl), Enabled: aws.Bool(true)},
		})
		if err != nil {
			return fmt.Errorf("enable TTL on %s: %w", name, err)
		}
	}
	return nil
}

func keySchema(ks []samtemplate.KeyElement) []ddbtypes.KeySchemaElement {
	out := make([]ddbtypes.KeySchemaElement, 0, len(ks))
	for _, k := range ks {
		out = append(out, ddbtypes.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: ddbtypes.KeyType(k.KeyType)})
	}
	return out
}

// CreateBucket creates a bucket unless it exists, versioned when the template says so.
func CreateBucket(ctx context.Context, c *s3.Client, b samtemplate.Bucket, name string) error {
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{
		Bucket: aws.String(name),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(os.Getenv("AWS_REGION")),
		},
	})
	var owned *s3types.BucketAlreadyOwnedByYou
	var exists *s3types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	if b.Versioned {
		_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket:                  aws.String(name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled},
		})
		if err != nil {
			return fmt.Errorf("version bucket %s: %w", name, err)
		}
	}
	return nil
}

// VerifySender verifies the sender address in SES, which moto (like SES in
// sandbox) requires before it accepts mail from it.
func VerifySender(ctx context.Context, c *ses.Client, email string) error {
	if _, err := c.VerifyEmailIdentity(ctx, &ses.VerifyEmailIdentityInput{EmailAddress: aws.String(email)}); err != nil {
		return fmt.Errorf("verify sender %s: %w", email, err)
	}
	return nil
}
