// Package localrun serves template.yaml's functions on this machine the way AWS
// would invoke them: HTTP requests become API Gateway HTTP API (payload 2.0)
// events that pass the Lambda authorizer first, objects created in the local
// buckets become S3 events (read from the SQS queue moto notifies), and
// schedules fire on their cron or rate. Handlers are the real ones, invoked
// through aws-lambda-go's own JSON path.
package localrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/fakecarrier"
	"aftersales/infra/samtemplate"
	"aftersales/shared/blobstore"
	fnkit "aftersales/shared/fn"
	"aftersales/shared/httpapi"
)

// Options configure a runner.
type Options struct {
	TemplatePath string
	// Prefix names the local table, buckets and queue: "<prefix>-table", "<prefix>-photos", …
	Prefix    string
	Endpoints localaws.Endpoints
	// WebDir holds the built web client; empty serves none.
	WebDir string
	// TokenSecret signs session tokens locally; a random one when empty.
	TokenSecret string
	// Extra environment for the functions (e.g. shorter timers in a demo).
	Env map[string]string
	// AWSOptions adjust the functions' SDK configuration (tests count calls).
	AWSOptions []func(*aws.Config)
}

// Server is a running local stand-in for API Gateway, S3 notifications and EventBridge.
type Server struct {
	opts     Options
	tpl      *samtemplate.Template
	env      *fnkit.Env
	handlers map[string]any // built handlers, by logical id (see register)
	routers  map[string]*httpapi.Router
	routes   []compiledRoute
	queueURL string
	// carrier stands in for the carriers' tracking APIs (СДЭК, Почта
	// России) on a loopback port of its own.
	carrier *fakecarrier.Server
	started time.Time
	mu      sync.Mutex // serialises schedule runs of one function, as Lambda's reserved concurrency would
}

// serveLoopback serves h on a free loopback port for the process's life
// and returns its address.
func serveLoopback(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = http.Serve(ln, h) }()
	return "http://" + ln.Addr().String(), nil
}

// Names are the local resource names a runner uses.
func (o Options) TableName() string { return o.Prefix + "-table" }

// BucketName is the local name of a template bucket.
func (o Options) BucketName(logicalID string) string {
	return o.Prefix + "-" + strings.ToLower(strings.TrimSuffix(logicalID, "Bucket"))
}

// New prepares the emulators from the template (table, buckets, notification
// queue), sets the functions' environment and builds every handler.
func New(ctx context.Context, opts Options) (*Server, error) {
	tpl, err := samtemplate.Load(opts.TemplatePath)
	if err != nil {
		return nil, err
	}
	if err := CheckRegistry(tpl); err != nil {
		return nil, err
	}
	secret := opts.TokenSecret
	if secret == "" {
		secret = RandomSecret()
	}
	opts.Endpoints.Apply()
	env := map[string]string{
		"STAGE":                 "local",
		"TABLE_NAME":            opts.TableName(),
		"TOKEN_SECRET":          secret,
		"AWS_LAMBDA_LOG_FORMAT": "JSON",
	}
	for k, v := range tpl.Parameters {
		switch k {
		case "SenderEmail":
			env["SENDER_EMAIL"] = v
		case "TimeZone":
			env["TIME_ZONE"] = v
		}
	}
	env["WEB_BASE_URL"] = "http://localhost:3000"
	// The wholesaler's requisites on the demo's documents (template parameter WholesalerRequisites).
	env["WHOLESALER_REQUISITES"] = `{"name": "ООО «Сервис и гарантия» (демо)", "inn": "7700000000", "address": "г. Москва"}`
	carrier := fakecarrier.New()
	carrierURL, err := serveLoopback(carrier)
	if err != nil {
		return nil, fmt.Errorf("start the fake carrier: %w", err)
	}
	for k, v := range fakecarrier.Env(carrierURL) {
		env[k] = v
	}
	for _, b := range tpl.Buckets {
		if b.EnvVar != "" {
			env[b.EnvVar] = opts.BucketName(b.LogicalID)
		}
	}
	for k, v := range opts.Env {
		env[k] = v
	}
	for k, v := range env {
		os.Setenv(k, v)
	}
	fnEnv, err := fnkit.NewEnv(opts.AWSOptions...)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, tpl: tpl, env: fnEnv, handlers: map[string]any{}, routers: map[string]*httpapi.Router{}, carrier: carrier, started: time.Now()}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	for _, fn := range tpl.Functions {
		h, err := Registry[fn.LogicalID](fnEnv)
		if err != nil {
			return nil, fmt.Errorf("build %s: %w", fn.LogicalID, err)
		}
		if rt, ok := h.(*httpapi.Router); ok {
			s.routers[fn.LogicalID] = rt
		}
		s.register(fn.LogicalID, fnkit.Handler(fnEnv, h))
		for _, r := range fn.Routes {
			s.routes = append(s.routes, compileRoute(fn.LogicalID, r))
		}
	}
	sort.SliceStable(s.routes, func(i, j int) bool { return s.routes[i].specificity() > s.routes[j].specificity() })
	return s, nil
}

// register serves a built handler as the function logicalID. Invoke wraps
// it in aws-lambda-go's handler afresh for every invocation: that handler
// returns its answer in a pooled buffer which the next invocation of the
// same wrapper reuses, safe in Lambda (one event at a time per instance)
// but not in the runner, which invokes one function from many requests at
// once.
func (s *Server) register(logicalID string, handler any) {
	s.handlers[logicalID] = handler
}

// CheckRegistry fails unless the template's functions and the registry match one to one.
func CheckRegistry(tpl *samtemplate.Template) error {
	var problems []string
	seen := map[string]bool{}
	for _, fn := range tpl.Functions {
		seen[fn.LogicalID] = true
		if Registry[fn.LogicalID] == nil {
			problems = append(problems, fn.LogicalID+" is in template.yaml but not in localrun.Registry")
		}
	}
	for id := range Registry {
		if !seen[id] {
			problems = append(problems, id+" is in localrun.Registry but not in template.yaml")
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("template and runner disagree: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (s *Server) prepare(ctx context.Context) error {
	if err := localaws.CreateTable(ctx, dynamodb.NewFromConfig(s.env.AWS), s.tpl.Table, s.opts.TableName()); err != nil {
		return err
	}
	for _, b := range s.tpl.Buckets {
		if err := localaws.CreateBucket(ctx, blobstore.NewClient(s.env.AWS, s.env.Config.S3PathStyle), b, s.opts.BucketName(b.LogicalID)); err != nil {
			return err
		}
	}
	if err := localaws.VerifySender(ctx, ses.NewFromConfig(s.env.AWS), s.env.Config.SenderEmail); err != nil {
		return err
	}
	return s.prepareNotifications(ctx)
}

// Template returns the template the runner serves.
func (s *Server) Template() *samtemplate.Template { return s.tpl }

// Routers returns the router of each HTTP API function, by logical id.
func (s *Server) Routers() map[string]*httpapi.Router { return s.routers }

// Env returns the configuration, SDK configuration and clock the functions share.
func (s *Server) Env() *fnkit.Env { return s.env }

// Invoke calls a function with an event, as Lambda would: the event is
// marshalled to JSON and handed to aws-lambda-go's handler, with a Lambda
// context carrying a fresh request id.
func (s *Server) Invoke(ctx context.Context, logicalID string, event any) ([]byte, error) {
	h, ok := s.handlers[logicalID]
	if !ok {
		return nil, fmt.Errorf("no function %s", logicalID)
	}
	payload, err := json.Marshal(event)
	if err != nil {
		return nil, err
	}
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       newRequestID(),
		InvokedFunctionArn: "arn:aws:lambda:local:000000000000:function:" + logicalID,
	})
	out, err := lambda.NewHandler(h).Invoke(ctx, payload)
	if err != nil {
		slog.ErrorContext(ctx, "invocation failed", "function", logicalID, "error", err)
	}
	return out, err
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
