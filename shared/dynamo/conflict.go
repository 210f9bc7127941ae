package dynamo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// conflictBackoff are the waits (before jitter) ahead of each retry of a
// transaction DynamoDB cancelled only because another transaction on one of
// its items was in flight (TransactionConflict). Such a transaction wrote
// nothing and its conditions are evaluated afresh, so the retry is safe; the
// act's version condition still decides, so a real change in between is
// reported as stale by the retry itself. A cancellation with any failed
// condition is never retried. After the last retry the cancellation is
// returned as it is: an internal error, not "the act changed".
var conflictBackoff = []time.Duration{10 * time.Millisecond, 25 * time.Millisecond, 60 * time.Millisecond,
	150 * time.Millisecond, 400 * time.Millisecond}

// transactWrite runs TransactWriteItems, retrying transaction conflicts.
func (s *Store) transactWrite(ctx context.Context, items []types.TransactWriteItem) error {
	for attempt := 0; ; attempt++ {
		_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
		if attempt == len(conflictBackoff) || !onlyConflicts(err) {
			return err
		}
		d := conflictBackoff[attempt]
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(d/2 + rand.N(d/2+1)):
		}
	}
}

// onlyConflicts reports whether err is a cancellation whose reasons are
// transaction conflicts and items that were not at fault.
func onlyConflicts(err error) bool {
	var c *types.TransactionCanceledException
	if !errors.As(err, &c) {
		return false
	}
	conflict := false
	for _, r := range c.CancellationReasons {
		switch aws.ToString(r.Code) {
		case "TransactionConflict":
			conflict = true
		case "", "None":
		default:
			return false
		}
	}
	return conflict
}
