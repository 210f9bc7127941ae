package awsclient

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ses"
)

// lambdaEnv is what Lambda sets for every function.
func lambdaEnv(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-central-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "token")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "")
	t.Setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "")
}

func TestLoadTakesTheRegionAndTheRolesCredentialsFromLambdasEnvironment(t *testing.T) {
	lambdaEnv(t)
	cfg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-central-1" {
		t.Errorf("region %q", cfg.Region)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if creds.AccessKeyID != "AKIDEXAMPLE" || creds.SecretAccessKey != "secret" || creds.SessionToken != "token" {
		t.Errorf("credentials %+v", creds)
	}
	if got := dynamodb.NewFromConfig(cfg).Options().BaseEndpoint; got != nil {
		t.Errorf("with no endpoint variable the client must use AWS's endpoint, got %q", *got)
	}
}

func TestEachClientFindsItsOwnEndpointVariableOrTheCommonOne(t *testing.T) {
	lambdaEnv(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://moto:5000")
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb-local:8000")
	t.Setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://secrets:4000")
	cfg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]*string{
		"http://dynamodb-local:8000": dynamodb.NewFromConfig(cfg).Options().BaseEndpoint,
		"http://secrets:4000":        secretsmanager.NewFromConfig(cfg).Options().BaseEndpoint,
		"http://moto:5000":           ses.NewFromConfig(cfg).Options().BaseEndpoint,
	} {
		if got == nil || *got != name {
			t.Errorf("endpoint %v, want %s", got, name)
		}
	}
}

func TestLoadRefusesToStartWithoutRegionOrCredentials(t *testing.T) {
	for _, unset := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		lambdaEnv(t)
		t.Setenv(unset, "")
		_, err := Load()
		if err == nil || !strings.Contains(err.Error(), unset) {
			t.Errorf("without %s: %v, want an error naming it", unset, err)
		}
	}
}
