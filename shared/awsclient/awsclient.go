// Package awsclient loads the SDK configuration once per process. It builds
// no client: each function's builder makes only the clients it uses from
// this configuration (dynamodb.NewFromConfig, blobstore.NewClient, …), so a
// function that sends no e-mail links no SES code. Endpoints come from the
// SDK's standard variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, …),
// so the same code talks to AWS or to local emulators without knowing which.
package awsclient

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
)

// Load reads the default SDK configuration. Options adjust it before any
// client is built from it (tests add call counters and faults this way).
func Load(ctx context.Context, opts ...func(*aws.Config)) (aws.Config, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, nil
}
