package localaws

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// BatchFaults makes a real DynamoDB client behave as DynamoDB does under
// load and DynamoDB Local never does: on chosen calls BatchWriteItem and
// BatchGetItem process only part of their request and hand the rest back as
// UnprocessedItems / UnprocessedKeys (the half that went to DynamoDB was
// really written or read), chosen calls are throttled once
// (ProvisionedThroughputExceededException, inside the SDK's retry loop, so
// the SDK's own retryer must cope), and chosen TransactWriteItems calls are
// cancelled by a TransactionConflict. Calls are numbered from 1 per
// operation in the order they start; Every fields of 0 inject nothing.
type BatchFaults struct {
	// DeferEvery: every n-th BatchWriteItem/BatchGetItem defers half its items.
	DeferEvery int
	// ThrottleEvery: every n-th batch call fails once with throttling.
	ThrottleEvery int
	// ConflictFirst: the first n TransactWriteItems calls are cancelled by
	// TransactionConflict before they reach DynamoDB.
	ConflictFirst int

	mu    sync.Mutex
	calls map[string]int
	stats BatchFaultStats
}

// BatchFaultStats is what a BatchFaults did.
type BatchFaultStats struct {
	// Calls counts the calls the code under test made, by operation
	// (retries by the SDK's retryer not included).
	Calls map[string]int
	// Deferred counts the items handed back unprocessed; DeferredCalls the
	// calls that did so.
	Deferred, DeferredCalls int
	// Throttled counts the attempts failed with throttling; Conflicts the
	// transactions cancelled.
	Throttled, Conflicts int
}

// Stats returns what was injected so far.
func (f *BatchFaults) Stats() BatchFaultStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stats
	s.Calls = map[string]int{}
	for k, v := range f.calls {
		s.Calls[k] = v
	}
	return s
}

type throttleOnce struct{ done bool }

type throttleKey struct{}

// Option installs the injector into an SDK configuration.
func (f *BatchFaults) Option() func(*aws.Config) {
	return func(cfg *aws.Config) {
		cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
			if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("BatchFaults", f.initialize), middleware.Before); err != nil {
				return err
			}
			// After the retry middleware: a throttled attempt is retried by the SDK.
			return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("BatchFaultsThrottle", f.finalize), middleware.After)
		})
	}
}

// next numbers a call of op.
func (f *BatchFaults) next(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[op]++
	return f.calls[op]
}

func every(n, call int) bool { return n > 0 && call%n == 0 }

func (f *BatchFaults) initialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	op := awsmiddleware.GetOperationName(ctx)
	if op != "BatchWriteItem" && op != "BatchGetItem" && op != "TransactWriteItems" {
		return next.HandleInitialize(ctx, in)
	}
	call := f.next(op)
	if op == "TransactWriteItems" {
		if call > f.ConflictFirst {
			return next.HandleInitialize(ctx, in)
		}
		items := in.Parameters.(*dynamodb.TransactWriteItemsInput).TransactItems
		reasons := make([]types.CancellationReason, len(items))
		for i := range reasons {
			reasons[i] = types.CancellationReason{Code: aws.String("None")}
		}
		reasons[len(reasons)-1].Code = aws.String("TransactionConflict")
		f.mu.Lock()
		f.stats.Conflicts++
		f.mu.Unlock()
		return middleware.InitializeOutput{}, middleware.Metadata{}, &types.TransactionCanceledException{
			Message: aws.String("Transaction cancelled, please refer cancellation reasons for specific reasons [injected]"), CancellationReasons: reasons}
	}
	if every(f.ThrottleEvery, call) {
		ctx = middleware.WithStackValue(ctx, throttleKey{}, &throttleOnce{})
	}
	if !every(f.DeferEvery, call) {
		return next.HandleInitialize(ctx, in)
	}
	switch p := in.Parameters.(type) {
	case *dynamodb.BatchWriteItemInput:
		sent, held := map[string][]types.WriteRequest{}, map[string][]types.WriteRequest{}
		n := 0
		for table, reqs := range p.RequestItems {
			half := (len(reqs) + 1) / 2
			sent[table], held[table] = reqs[:half], reqs[half:]
			n += len(reqs) - half
		}
		in.Parameters = &dynamodb.BatchWriteItemInput{RequestItems: sent}
		out, md, err := next.HandleInitialize(ctx, in)
		if err != nil {
			return out, md, err
		}
		res := out.Result.(*dynamodb.BatchWriteItemOutput)
		if res.UnprocessedItems == nil {
			res.UnprocessedItems = map[string][]types.WriteRequest{}
		}
		for table, reqs := range held {
			if len(reqs) > 0 {
				res.UnprocessedItems[table] = append(res.UnprocessedItems[table], reqs...)
			}
		}
		f.deferred(n)
		return out, md, nil
	case *dynamodb.BatchGetItemInput:
		sent, held := map[string]types.KeysAndAttributes{}, map[string]types.KeysAndAttributes{}
		n := 0
		for table, ka := range p.RequestItems {
			half := (len(ka.Keys) + 1) / 2
			s, h := ka, ka
			s.Keys, h.Keys = ka.Keys[:half], ka.Keys[half:]
			sent[table], held[table] = s, h
			n += len(h.Keys)
		}
		in.Parameters = &dynamodb.BatchGetItemInput{RequestItems: sent}
		out, md, err := next.HandleInitialize(ctx, in)
		if err != nil {
			return out, md, err
		}
		res := out.Result.(*dynamodb.BatchGetItemOutput)
		if res.UnprocessedKeys == nil {
			res.UnprocessedKeys = map[string]types.KeysAndAttributes{}
		}
		for table, ka := range held {
			if len(ka.Keys) > 0 {
				res.UnprocessedKeys[table] = ka
			}
		}
		f.deferred(n)
		return out, md, nil
	}
	return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("batch faults: unexpected input %T", in.Parameters)
}

func (f *BatchFaults) deferred(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n > 0 {
		f.stats.Deferred += n
		f.stats.DeferredCalls++
	}
}

// finalize fails the first attempt of a call chosen for throttling.
func (f *BatchFaults) finalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if t, ok := middleware.GetStackValue(ctx, throttleKey{}).(*throttleOnce); ok && !t.done {
		t.done = true
		f.mu.Lock()
		f.stats.Throttled++
		f.mu.Unlock()
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &types.ProvisionedThroughputExceededException{
			Message: aws.String("The level of configured provisioned throughput for the table was exceeded [injected]")}
	}
	return next.HandleFinalize(ctx, in)
}
