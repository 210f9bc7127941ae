// Package secrets reads the token signing secret at start-up: locally it is
// the TOKEN_SECRET setting itself; in AWS the function gets the secret's ARN
// (TOKEN_SECRET_ARN) and reads its value once from Secrets Manager. Only the
// builders of functions that sign or check tokens import it, so only they
// link the Secrets Manager client.
package secrets

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"aftersales/shared/config"
	"aftersales/shared/fn"
	"aftersales/shared/pagecursor"
)

// API is the part of the Secrets Manager client the read uses.
type API interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// TokenSecret returns the configured secret, or reads the one TOKEN_SECRET_ARN
// names through a client built from awsCfg.
func TokenSecret(ctx context.Context, cfg config.Config, awsCfg aws.Config) (string, error) {
	if cfg.TokenSecret != "" || cfg.TokenSecretARN == "" {
		return cfg.TokenSecret, nil
	}
	return Read(ctx, secretsmanager.NewFromConfig(awsCfg), cfg.TokenSecretARN)
}

// Read returns the current string value of the secret arn.
func Read(ctx context.Context, client API, arn string) (string, error) {
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", arn, err)
	}
	if aws.ToString(out.SecretString) == "" {
		return "", errors.New("secret " + arn + " has no string value")
	}
	return aws.ToString(out.SecretString), nil
}

// SignPageCursors gives e the page-cursor key derived from the token secret,
// which every HTTP API function needs: a cursor one instance issued must
// open in another, and no client may craft one.
func SignPageCursors(ctx context.Context, e *fn.Env) error {
	secret, err := TokenSecret(ctx, e.Config, e.AWS)
	if err != nil {
		return err
	}
	if err := config.Require("TOKEN_SECRET", secret); err != nil {
		return err
	}
	codec, err := pagecursor.FromSecret(secret)
	if err != nil {
		return err
	}
	e.Cursors = &codec
	return nil
}
