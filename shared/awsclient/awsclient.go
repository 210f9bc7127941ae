// Package awsclient builds the SDK configuration once per process from the
// environment Lambda gives every function. It builds no client: each
// function's builder makes only the clients it uses from this configuration
// (dynamodb.NewFromConfig, blobstore.NewClient, …), so a function that sends
// no e-mail links no SES code.
//
// It does not use the SDK's config.LoadDefaultConfig on purpose. That loader
// resolves shared config files, profiles, SSO, web identity and instance
// roles, and so links the STS, SSO and SSO-OIDC clients into every binary
// (1.8 MB of each bootstrap, `make bench`) for sources a Lambda function
// never has: Lambda hands the execution role's credentials and the region
// to the process as environment variables, which is all LoadDefaultConfig
// would read there too. The tools in infra/, run from a workstation with a
// profile, keep LoadDefaultConfig.
//
// Endpoints come from the SDK's standard variables (AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_DYNAMODB, …), read the way the SDK reads them, so the same
// code talks to AWS or to local emulators without knowing which.
package awsclient

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Load builds the SDK configuration from the environment. Options adjust it
// before any client is built from it (tests add call counters and faults
// this way). A missing region or credentials fail the start, where Lambda
// reports an init error, rather than the first call.
func Load(opts ...func(*aws.Config)) (aws.Config, error) {
	region := os.Getenv("AWS_REGION")
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if region == "" {
		return aws.Config{}, errors.New("load AWS configuration: AWS_REGION is not set")
	}
	if key == "" || secret == "" {
		return aws.Config{}, errors.New("load AWS configuration: AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not set")
	}
	cfg := aws.Config{
		Region:        region,
		Credentials:   credentials.NewStaticCredentialsProvider(key, secret, os.Getenv("AWS_SESSION_TOKEN")),
		ConfigSources: []any{serviceEndpoints{}},
	}
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		cfg.BaseEndpoint = &u
	}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, nil
}

// serviceEndpoints answers each client's question for its own endpoint
// (AWS_ENDPOINT_URL_<SERVICE ID>, "Secrets Manager" → SECRETS_MANAGER), the
// one part of the SDK's environment configuration clients ask for through
// ConfigSources.
type serviceEndpoints struct{}

func (serviceEndpoints) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	name := "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(sdkID), " ", "_")
	u := os.Getenv(name)
	return u, u != "", nil
}
