package localaws

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// WriteKeyCounter counts, for every item a BatchWriteItem or PutItem sends,
// each partition key value it is written under: the table's and each
// index's whose key attributes the item carries. That is where DynamoDB
// spends the write, so the largest count's share of all is the share of a
// load's writes that one partition key takes (AWS caps a key near 1,000
// write units a second).
type WriteKeyCounter struct {
	mu sync.Mutex
	// indexes maps an index to its partition key attribute; "" the table.
	indexes map[string]string
	counts  map[string]int
}

// NewWriteKeyCounter counts under the table key PK and the given indexes'
// partition key attributes (index name → attribute).
func NewWriteKeyCounter(indexes map[string]string) *WriteKeyCounter {
	c := &WriteKeyCounter{indexes: map[string]string{"": "PK"}, counts: map[string]int{}}
	for name, attr := range indexes {
		c.indexes[name] = attr
	}
	return c
}

// Option installs the counter into an SDK configuration.
func (c *WriteKeyCounter) Option() func(*aws.Config) {
	return initializeStep("WriteKeyCounter", middleware.After, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		switch p := in.Parameters.(type) {
		case *dynamodb.BatchWriteItemInput:
			for _, reqs := range p.RequestItems {
				for _, r := range reqs {
					if r.PutRequest != nil {
						c.add(r.PutRequest.Item)
					}
				}
			}
		case *dynamodb.PutItemInput:
			c.add(p.Item)
		}
		return next.HandleInitialize(ctx, in)
	})
}

func (c *WriteKeyCounter) add(item map[string]types.AttributeValue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for index, attr := range c.indexes {
		if v, ok := item[attr].(*types.AttributeValueMemberS); ok {
			c.counts[index+"|"+v.Value]++
		}
	}
}

// Take returns the count of every partition key value ("<index>|<value>",
// "" for the table) seen since the last Take, and resets them.
func (c *WriteKeyCounter) Take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

// Hottest is the partition key value with the most writes in counts, and
// its share of all of them.
func Hottest(counts map[string]int) (key string, share float64) {
	total, top := 0, 0
	for k, n := range counts {
		total += n
		if n > top || n == top && k < key {
			key, top = k, n
		}
	}
	if total == 0 {
		return "", 0
	}
	return key, float64(top) / float64(total)
}
