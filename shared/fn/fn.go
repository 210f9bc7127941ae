// Package fn is what every function's builder starts from: configuration,
// the SDK configuration and the clock (Env), and Start, each main's body.
// Each function has its own builder package beside this one
// (shared/fn/<name>fn: env → clients → adapters → service → handler), which
// imports only what that function uses, so its binary links nothing else;
// infra/localrun's registry imports every builder, so the code that runs
// locally is the code that runs in AWS.
package fn

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"

	"aftersales/shared/awsclient"
	"aftersales/shared/config"
	"aftersales/shared/pagecursor"
)

// Env is what every builder starts from.
type Env struct {
	Config config.Config
	// AWS is the SDK configuration the builder makes its clients from.
	AWS aws.Config
	// Clock is the time functions act at (time.Now). Builders hand every
	// service and adapter e.Now, which reads it at each call, so a test may
	// move it after the handlers are built.
	Clock func() time.Time
	// Cursors signs the table's page cursors. API functions set it (through
	// secrets.SignPageCursors) before they build their stores, so every
	// instance accepts the cursors another issued; nil leaves each store a
	// key of its own (jobs and tools page only through their own reads).
	Cursors *pagecursor.Codec
}

// Now is the current time by e.Clock.
func (e *Env) Now() time.Time { return e.Clock() }

// NewEnv loads configuration once per process and sets the process-wide
// JSON logger that stamps each record with the request id; options adjust
// the SDK configuration (the local runner's tests count calls this way).
func NewEnv(opts ...func(*aws.Config)) (*Env, error) {
	slog.SetDefault(lambdacontext.NewLogger())
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	awsCfg, err := awsclient.Load(opts...)
	if err != nil {
		return nil, err
	}
	return &Env{Config: cfg, AWS: awsCfg, Clock: time.Now}, nil
}

// Start is every function's main: set up, build the handler, serve. A failed
// start is logged and exits, so Lambda reports an init error.
func Start[H any](build func(*Env) (H, error)) {
	e, err := NewEnv()
	if err == nil {
		var h H
		if h, err = build(e); err == nil {
			lambda.Start(Handler(e, h))
			return
		}
	}
	slog.Error("function failed to start", "error", err)
	os.Exit(1)
}

// HTTPHandler is the signature of every HTTP API function.
type HTTPHandler = func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// server is a built HTTP function (an httpapi.Router): HTTP functions are
// built as routers so tests can compare their routes with template.yaml.
type server interface {
	Serve(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	AllowOrigins(origins ...string)
	RequireEdgeHeader(value string)
}

// Handler is what Lambda invokes for a built function: a router's Serve
// method, accepting cookie-signed changes only from the web client's pages
// and, in AWS, requests only through CloudFront (ORIGIN_VERIFY), or the
// built value itself for event handlers.
func Handler(e *Env, built any) any {
	if s, ok := built.(server); ok {
		s.AllowOrigins(e.Config.WebOrigins()...)
		s.RequireEdgeHeader(e.Config.OriginVerify)
		return HTTPHandler(s.Serve)
	}
	return built
}

// S3Handler is the signature of every S3-triggered function.
type S3Handler = func(context.Context, events.S3Event) error

// ScheduledHandler is the signature of every scheduled function.
type ScheduledHandler = func(context.Context, events.EventBridgeEvent) error

// AuthorizerHandler is the signature of the HTTP API's Lambda authorizer.
type AuthorizerHandler = func(context.Context, events.APIGatewayV2CustomAuthorizerV2Request) (events.APIGatewayV2CustomAuthorizerSimpleResponse, error)

// gaveUpper is an error or a report that may say work was abandoned.
type gaveUpper interface{ GaveUp() bool }

// Scheduled adapts a job to EventBridge: it runs at the event's time (the
// schedule's time, which a retry keeps, so a retried weekly run stays in
// its week) or, for an event without one, at the clock's; and it logs the
// job's report once, here at the edge.
func Scheduled[R any](e *Env, name string, run func(context.Context, time.Time) (R, error)) ScheduledHandler {
	return func(ctx context.Context, ev events.EventBridgeEvent) error {
		now := ev.Time
		if now.IsZero() {
			now = e.Now()
		}
		report, err := run(ctx, now)
		// Reports and errors that abandoned work say so (notices.ErrGaveUp,
		// a job report's GaveUp); this package need not know them.
		var ge gaveUpper
		r, ok := any(report).(gaveUpper)
		if errors.As(err, &ge) && ge.GaveUp() || ok && r.GaveUp() {
			// One line per run that abandoned work: the template's metric
			// filter counts {$.gaveUp IS TRUE} and alarms on it.
			slog.ErrorContext(ctx, name+" gave up on work", "gaveUp", true, "at", now, "report", report, "error", err)
		}
		if err != nil {
			slog.ErrorContext(ctx, name+" failed", "at", now, "report", report, "error", err)
			return err
		}
		slog.InfoContext(ctx, name, "at", now, "report", report)
		return nil
	}
}
