// Package wire builds each Lambda function's handler from configuration: the
// one place where adapters are chosen and connected to the domain. The
// functions' main.go files and the local runner both call these constructors,
// so the code that runs locally is the code that runs in AWS.
package wire

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/awsclient"
	"aftersales/shared/config"
	"aftersales/shared/health"
	"aftersales/shared/httpapi"
)

// HTTPHandler is the signature of every HTTP API function.
type HTTPHandler = func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// HTTP API functions are built as routers (so tests can compare their routes
// with template.yaml) and served through Router.Serve.

// Setup is what every constructor starts from: configuration, SDK clients and
// the process-wide JSON logger that stamps each record with the request id.
type Setup struct {
	Config  config.Config
	Clients *awsclient.Clients
	// Clock is the time functions act at (time.Now). Constructors take
	// s.Now, which reads it at each call, so a test may move it after the
	// handlers are built.
	Clock func() time.Time
}

// Now is the current time by s.Clock.
func (s *Setup) Now() time.Time { return s.Clock() }

// NewSetup loads configuration and clients once per process; options adjust
// the SDK configuration (the local runner's tests count calls this way).
func NewSetup(ctx context.Context, opts ...func(*aws.Config)) (*Setup, error) {
	slog.SetDefault(lambdacontext.NewLogger())
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	clients, err := awsclient.New(ctx, cfg, opts...)
	if err != nil {
		return nil, err
	}
	return &Setup{Config: cfg, Clients: clients, Clock: time.Now}, nil
}

// Health builds HealthFunction.
func Health(s *Setup) (*httpapi.Router, error) {
	c := s.Config
	if err := config.Require("TABLE_NAME", c.TableName, "PHOTOS_BUCKET", c.PhotosBucket,
		"IMPORTS_BUCKET", c.ImportsBucket, "REPORTS_BUCKET", c.ReportsBucket); err != nil {
		return nil, err
	}
	bucket := func(name string) health.Probe {
		return func(ctx context.Context) error {
			_, err := s.Clients.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
			return probeErr("s3 bucket "+name, err)
		}
	}
	checker := health.Checker{Timeout: 3 * time.Second, Probes: map[string]health.Probe{
		"dynamodb": func(ctx context.Context) error {
			_, err := s.Clients.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(c.TableName)})
			return probeErr("dynamodb table "+c.TableName, err)
		},
		"s3.photos":  bucket(c.PhotosBucket),
		"s3.imports": bucket(c.ImportsBucket),
		"s3.reports": bucket(c.ReportsBucket),
		"ses": func(ctx context.Context) error {
			_, err := s.Clients.SES.GetSendQuota(ctx, &ses.GetSendQuotaInput{})
			return probeErr("ses", err)
		},
	}}
	rt := httpapi.NewRouter()
	checker.Routes(rt)
	return rt, nil
}

func probeErr(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s unreachable: %w", what, err)
	}
	return nil
}

// Start is every function's main: set up, build the handler, serve. A failed
// start is logged and exits, so Lambda reports an init error.
func Start[H any](build func(*Setup) (H, error)) {
	s, err := NewSetup(context.Background())
	if err == nil {
		var h H
		if h, err = build(s); err == nil {
			lambda.Start(Handler(s, h))
			return
		}
	}
	slog.Error("function failed to start", "error", err)
	os.Exit(1)
}

// Handler is what Lambda invokes for a built function: a router's Serve
// method, accepting cookie-signed changes only from the web client's pages
// and, in AWS, requests only through CloudFront (ORIGIN_VERIFY), or the
// built value itself for event handlers.
func Handler(s *Setup, built any) any {
	if rt, ok := built.(*httpapi.Router); ok {
		rt.AllowOrigins(s.Config.WebOrigins()...)
		rt.RequireEdgeHeader(s.Config.OriginVerify)
		return rt.Serve
	}
	return built
}
