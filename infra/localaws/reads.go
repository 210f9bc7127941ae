package localaws

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
)

// ReadCounter counts the DynamoDB items a client's calls examined: Query
// and Scan report ScannedCount (what DynamoDB reads and bills, before any
// filter), GetItem one item when found, BatchGetItem the items returned. It
// is how tests and benchmarks show that a job's reads follow its work.
type ReadCounter struct {
	mu    sync.Mutex
	items int
	calls map[string]int
}

// NewReadCounter returns an empty counter.
func NewReadCounter() *ReadCounter { return &ReadCounter{calls: map[string]int{}} }

// Option installs the counter into an SDK configuration.
func (c *ReadCounter) Option() func(*aws.Config) {
	return initializeStep("ReadCounter", middleware.After, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleInitialize(ctx, in)
		n := 0
		switch o := out.Result.(type) {
		case *dynamodb.QueryOutput:
			n = int(o.ScannedCount)
		case *dynamodb.ScanOutput:
			n = int(o.ScannedCount)
		case *dynamodb.GetItemOutput:
			if o.Item != nil {
				n = 1
			}
		case *dynamodb.BatchGetItemOutput:
			for _, items := range o.Responses {
				n += len(items)
			}
		}
		c.mu.Lock()
		c.items += n
		c.calls[awsmiddleware.GetServiceID(ctx)+"."+awsmiddleware.GetOperationName(ctx)]++
		c.mu.Unlock()
		return out, md, err
	})
}

// Take returns the items read and the calls made so far, and resets both.
func (c *ReadCounter) Take() (items int, calls map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	items, calls = c.items, c.calls
	c.items, c.calls = 0, map[string]int{}
	return items, calls
}

// ErrInjected is the failure a Faults injects.
var ErrInjected = errors.New("injected fault")

// Faults makes a client's write calls fail after a number of them, the way
// a function killed half-way stops writing: tests then run the job again
// and check that it finishes without doing anything twice.
type Faults struct {
	mu   sync.Mutex
	left int // writes still allowed; negative: no limit
}

// NewFaults returns an injector that lets every call through.
func NewFaults() *Faults { return &Faults{left: -1} }

// FailAfter lets n more write calls through and fails every one after.
func (f *Faults) FailAfter(n int) {
	f.mu.Lock()
	f.left = n
	f.mu.Unlock()
}

// Heal lets every call through again.
func (f *Faults) Heal() { f.FailAfter(-1) }

// writes are the DynamoDB operations that change the table.
var writes = map[string]bool{"PutItem": true, "UpdateItem": true, "DeleteItem": true, "TransactWriteItems": true, "BatchWriteItem": true}

// Option installs the injector into an SDK configuration.
func (f *Faults) Option() func(*aws.Config) {
	return initializeStep("Faults", middleware.Before, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if writes[awsmiddleware.GetOperationName(ctx)] {
			f.mu.Lock()
			stop := f.left == 0
			if f.left > 0 {
				f.left--
			}
			f.mu.Unlock()
			if stop {
				return middleware.InitializeOutput{}, middleware.Metadata{}, ErrInjected
			}
		}
		return next.HandleInitialize(ctx, in)
	})
}
