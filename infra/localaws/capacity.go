package localaws

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// CapacityCounter asks DynamoDB for the capacity every call consumes
// (ReturnConsumedCapacity TOTAL, which DynamoDB Local computes from item
// sizes as DynamoDB does) and adds it up as read and write units: what an
// on-demand table bills as read and write request units. The cost model
// (make bench) is built from it.
type CapacityCounter struct {
	mu          sync.Mutex
	read, write float64
}

// NewCapacityCounter returns an empty counter.
func NewCapacityCounter() *CapacityCounter { return &CapacityCounter{} }

// Option installs the counter into an SDK configuration.
func (c *CapacityCounter) Option() func(*aws.Config) {
	return initializeStep("CapacityCounter", middleware.After, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		requestCapacity(in.Parameters)
		out, md, err := next.HandleInitialize(ctx, in)
		read, write := consumed(out.Result)
		c.mu.Lock()
		c.read += read
		c.write += write
		c.mu.Unlock()
		return out, md, err
	})
}

// Take returns the read and write units consumed so far and resets them.
func (c *CapacityCounter) Take() (read, write float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	read, write = c.read, c.write
	c.read, c.write = 0, 0
	return read, write
}

func requestCapacity(params any) {
	total := types.ReturnConsumedCapacityTotal
	switch in := params.(type) {
	case *dynamodb.GetItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.QueryInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.ScanInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.BatchGetItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.TransactGetItemsInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.PutItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.UpdateItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.DeleteItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.BatchWriteItemInput:
		in.ReturnConsumedCapacity = total
	case *dynamodb.TransactWriteItemsInput:
		in.ReturnConsumedCapacity = total
	}
}

// consumed splits a response's capacity into reads and writes by the kind
// of call (a failed conditional write still bills its write units, but the
// SDK returns no output for it, so those are not counted).
func consumed(result any) (read, write float64) {
	sum := func(cs ...types.ConsumedCapacity) (n float64) {
		for _, c := range cs {
			if c.CapacityUnits != nil {
				n += *c.CapacityUnits
			}
		}
		return n
	}
	one := func(c *types.ConsumedCapacity) float64 {
		if c == nil {
			return 0
		}
		return sum(*c)
	}
	switch o := result.(type) {
	case *dynamodb.GetItemOutput:
		return one(o.ConsumedCapacity), 0
	case *dynamodb.QueryOutput:
		return one(o.ConsumedCapacity), 0
	case *dynamodb.ScanOutput:
		return one(o.ConsumedCapacity), 0
	case *dynamodb.BatchGetItemOutput:
		return sum(o.ConsumedCapacity...), 0
	case *dynamodb.TransactGetItemsOutput:
		return sum(o.ConsumedCapacity...), 0
	case *dynamodb.PutItemOutput:
		return 0, one(o.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		return 0, one(o.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		return 0, one(o.ConsumedCapacity)
	case *dynamodb.BatchWriteItemOutput:
		return 0, sum(o.ConsumedCapacity...)
	case *dynamodb.TransactWriteItemsOutput:
		return 0, sum(o.ConsumedCapacity...)
	}
	return 0, 0
}
