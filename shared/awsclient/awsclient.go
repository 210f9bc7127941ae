// Package awsclient builds the SDK clients once per process. Endpoints come from
// the SDK's standard variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, …),
// so the same code talks to AWS or to local emulators without knowing which.
package awsclient

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/config"
)

// Clients holds the SDK clients the functions use.
type Clients struct {
	AWS      aws.Config
	DynamoDB *dynamodb.Client
	S3       *s3.Client
	SES      *ses.Client
}

// New loads the default SDK configuration and builds the clients. Options
// adjust the SDK configuration before the clients are built (tests add a
// call counter this way).
func New(ctx context.Context, cfg config.Config, opts ...func(*aws.Config)) (*Clients, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	for _, o := range opts {
		o(&awsCfg)
	}
	return &Clients{
		AWS:      awsCfg,
		DynamoDB: dynamodb.NewFromConfig(awsCfg),
		S3: s3.NewFromConfig(awsCfg, func(o *s3.Options) {
			o.UsePathStyle = cfg.S3PathStyle
		}),
		SES: ses.NewFromConfig(awsCfg),
	}, nil
}
