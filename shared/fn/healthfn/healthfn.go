// Package healthfn builds HealthFunction: GET /health reports whether
// DynamoDB, S3 and SES answer, GET /api/openapi.yaml serves the API's
// document, and the catch-alls ANY /api/{proxy+} and ANY /health answer
// what no declared route takes (405 with Allow from the document, else 404). All are public
// and static in what they link; the document (84 KB) lives here rather
// than in a busy API function's binary.
package healthfn

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/blobstore"
	"aftersales/shared/config"
	"aftersales/shared/fn"
	"aftersales/shared/health"
	"aftersales/shared/httpapi"
	"aftersales/shared/openapi"
)

// New builds the function's router.
func New(e *fn.Env) (*httpapi.Router, error) {
	c := e.Config
	if err := config.Require("TABLE_NAME", c.TableName, "PHOTOS_BUCKET", c.PhotosBucket,
		"IMPORTS_BUCKET", c.ImportsBucket, "REPORTS_BUCKET", c.ReportsBucket); err != nil {
		return nil, err
	}
	db, s3c, sesc := dynamodb.NewFromConfig(e.AWS), blobstore.NewClient(e.AWS, c.S3PathStyle), ses.NewFromConfig(e.AWS)
	bucket := func(name string) health.Probe {
		return func(ctx context.Context) error {
			_, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
			return probeErr("s3 bucket "+name, err)
		}
	}
	checker := health.Checker{Timeout: 3 * time.Second, Probes: map[string]health.Probe{
		"dynamodb": func(ctx context.Context) error {
			_, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(c.TableName)})
			return probeErr("dynamodb table "+c.TableName, err)
		},
		"s3.photos":  bucket(c.PhotosBucket),
		"s3.imports": bucket(c.ImportsBucket),
		"s3.reports": bucket(c.ReportsBucket),
		"ses": func(ctx context.Context) error {
			_, err := sesc.GetSendQuota(ctx, &ses.GetSendQuotaInput{})
			return probeErr("ses", err)
		},
	}}
	rt := httpapi.NewRouter()
	checker.Routes(rt)
	rt.Public("GET /api/openapi.yaml", document)
	noRoute := httpapi.NoRoute(openapi.Methods())
	rt.Public("ANY /api/{proxy+}", noRoute)
	rt.Public("ANY /health", noRoute)
	return rt, nil
}

// document serves the OpenAPI document as it is.
func document(context.Context, *httpapi.Request) (*httpapi.Response, error) {
	return &httpapi.Response{Status: http.StatusOK, Raw: openapi.Document,
		Headers: map[string]string{"content-type": "application/yaml; charset=utf-8", "cache-control": "public, max-age=300"}}, nil
}

func probeErr(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s unreachable: %w", what, err)
	}
	return nil
}
