// Package workstation gives the operator tools in infra/ (admin, migrate,
// reindex) their DynamoDB client. They run from an operator's machine, so
// they take the SDK's whole configuration chain — profiles, SSO, the
// environment — which the functions leave out (shared/awsclient).
package workstation

import (
	"context"
	"fmt"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DynamoDB is a client on the operator's default AWS configuration;
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local.
func DynamoDB(ctx context.Context) (*dynamodb.Client, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	return dynamodb.NewFromConfig(cfg), nil
}
