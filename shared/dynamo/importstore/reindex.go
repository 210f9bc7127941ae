package importstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
)

// Outlets stored before the sharded index (ad1265a) sit in one GSI1
// partition per distributor, DIST#<d>#OUTLETS, with a second index entry
// on GSI2 keyed by change time and the change time as ChangedAt. Lists
// read only the shards, so such outlets are invisible there until
// ReindexOutlets moves them; loads read outlets by their table key and
// rewrite them in the new format anyway.

// Reindexed counts what one distributor's reindex did.
type Reindexed struct {
	// Moved outlets now sit in their shard; Skipped ones were rewritten by
	// someone else (a load, another run) between the read and the update.
	Moved, Skipped int
}

// legacyOutlet is what the reindex reads of an old outlet (GSI1 projects
// every attribute).
type legacyOutlet struct {
	PK, SK    string
	Code      string
	Changed   string
	ChangedAt *time.Time
}

// ReindexOutlets moves a distributor's outlets from the old single index
// partition to their shards: GSI1PK becomes the shard's, the GSI2 entry is
// dropped and the change time is kept as Changed. Each outlet is one
// UpdateItem on condition it is still in the old partition, so nothing a
// load wrote since is overwritten, and the migration is idempotent and
// resumable: a moved outlet leaves the partition a later run reads.
func (i *Imports) ReindexOutlets(ctx context.Context, distributor string) (Reindexed, error) {
	legacy := dynamo.LegacyDistributorOutletsPK(distributor)
	var (
		res  Reindexed
		mu   sync.Mutex
		errs []error
	)
	o := auth.ListOptions{Limit: 100}
	for {
		var page []legacyOutlet
		next, err := i.s.RunQuery(ctx, dynamo.OnGSI1(legacy, true), o, func(av map[string]types.AttributeValue) error {
			var it legacyOutlet
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode old outlet: %w", err)
			}
			page = append(page, it)
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("read the old outlet index of %s: %w", distributor, err)
		}
		// A page's updates run i.Workers at a time; the next page waits.
		sem := make(chan struct{}, max(i.Workers, 1))
		var wg sync.WaitGroup
		for _, it := range page {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				moved, err := i.moveOutlet(ctx, distributor, legacy, it)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					errs = append(errs, err)
				case moved:
					res.Moved++
				default:
					res.Skipped++
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			return res, fmt.Errorf("reindex the outlets of %s: %w", distributor, errs[0])
		}
		if next == "" {
			return res, nil
		}
		o.Cursor = next
	}
}

// moveOutlet rewrites one old outlet's index keys; false when it was no
// longer in the old partition.
func (i *Imports) moveOutlet(ctx context.Context, distributor, legacy string, it legacyOutlet) (bool, error) {
	changed := it.Changed
	if changed == "" {
		if it.ChangedAt == nil {
			return false, fmt.Errorf("outlet %s has no change time", it.Code)
		}
		changed = dynamo.SortableTime(*it.ChangedAt)
	}
	update := expression.Set(expression.Name("GSI1PK"), expression.Value(dynamo.DistributorOutletsPK(distributor, dynamo.OutletShard(it.Code)))).
		Set(expression.Name("GSI1SK"), expression.Value(it.Code)).
		Set(expression.Name("Changed"), expression.Value(changed)).
		Remove(expression.Name("GSI2PK")).Remove(expression.Name("GSI2SK")).Remove(expression.Name("ChangedAt"))
	cond := expression.Name("GSI1PK").Equal(expression.Value(legacy))
	expr, err := expression.NewBuilder().WithUpdate(update).WithCondition(cond).Build()
	if err != nil {
		return false, err
	}
	_, err = i.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(i.s.Table()), Key: i.s.KeyAV(dynamo.Key{PK: it.PK, SK: it.SK}),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if dynamo.IsConditionFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("move outlet %s: %w", it.Code, err)
	}
	return true, nil
}
