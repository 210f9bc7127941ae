package localaws

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// CallCounter counts SDK calls by service and operation, so tests can state
// how many DynamoDB calls a request makes (and that none is a Scan).
type CallCounter struct {
	mu    sync.Mutex
	calls map[string]int
}

// NewCallCounter returns an empty counter.
func NewCallCounter() *CallCounter { return &CallCounter{calls: map[string]int{}} }

// Option installs the counter into an SDK configuration.
func (c *CallCounter) Option() func(*aws.Config) {
	return initializeStep("CallCounter", middleware.After, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		key := awsmiddleware.GetServiceID(ctx) + "." + awsmiddleware.GetOperationName(ctx)
		c.mu.Lock()
		c.calls[key]++
		c.mu.Unlock()
		return next.HandleInitialize(ctx, in)
	})
}

// Snapshot returns the counts so far and resets them.
func (c *CallCounter) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = map[string]int{}
	return out
}

// Count returns how many calls of one service ("DynamoDB") a snapshot holds.
func Count(snapshot map[string]int, service string) int {
	n := 0
	for k, v := range snapshot {
		if len(k) > len(service) && k[:len(service)+1] == service+"." {
			n += v
		}
	}
	return n
}

// initializeStep is an SDK option that adds fn, named name, to the
// initialize step of every call at pos: how each counter and fault
// injector of this package watches the calls of the real clients.
func initializeStep(name string, pos middleware.RelativePosition, fn func(context.Context, middleware.InitializeInput, middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error)) func(*aws.Config) {
	return func(cfg *aws.Config) {
		cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
			return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(name, fn), pos)
		})
	}
}
