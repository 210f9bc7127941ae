package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
)

// The table kit: what the adapters of single domains in the sub-packages
// (identitystore, importstore, idemstore, mailstore) build on. They live
// apart so that a function links only the stores it uses — the authorizer
// no import code, the loader no identity service — while every key format
// stays in keys.go beside the access-pattern table.

// The names of the general indexes.
const (
	IndexGSI1 = indexGSI1
	IndexGSI2 = indexGSI2
)

// Key is a table primary key.
type Key = key

// DB is the client the store reads and writes with.
func (s *Store) DB() API { return s.db }

// Get reads one item strongly consistently into out; auth.ErrNotFound when absent.
func (s *Store) Get(ctx context.Context, k Key, out any) error { return s.get(ctx, k, out) }

// KeyAV is k as the attribute values of a request's Key.
func (s *Store) KeyAV(k Key) map[string]types.AttributeValue { return s.keyAV(k) }

// PutNew is a transaction Put of item on condition its key is not taken.
func (s *Store) PutNew(item any) (types.TransactWriteItem, error) { return s.putNew(item) }

// Put is a transaction Put without condition.
func (s *Store) Put(item any) (types.TransactWriteItem, error) { return s.put(item) }

// UpdateExisting is a transaction Update of an item that must exist.
func (s *Store) UpdateExisting(k Key, update expression.UpdateBuilder) (types.TransactWriteItem, error) {
	return s.updateExisting(k, update)
}

// Check is a transaction ConditionCheck on another item.
func (s *Store) Check(k Key, cond expression.ConditionBuilder) (types.TransactWriteItem, error) {
	return s.check(k, cond)
}

// Transact writes items atomically; failed maps a failed condition's
// position to the error to return (nil: return the cancellation itself).
func (s *Store) Transact(ctx context.Context, what string, items []types.TransactWriteItem, failed func(i int) error) error {
	return s.transact(ctx, what, items, failed)
}

// PutIf writes item on condition cond in one PutItem. When the condition
// fails it returns the item as stored (ALL_OLD, no second read) and
// ErrConditionFailed, so a caller learns what it lost to.
func (s *Store) PutIf(ctx context.Context, item any, cond expression.ConditionBuilder) (old map[string]types.AttributeValue, err error) {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return nil, fmt.Errorf("encode item: %w", err)
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return nil, err
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.table), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return failed.Item, ErrConditionFailed
	}
	return nil, err
}

// StillAt is the condition of a write over the version before: the stored
// Version is still before or, when before is 0, nothing is stored yet.
func StillAt[V int | int64](before V) expression.ConditionBuilder {
	if before == 0 {
		return expression.AttributeNotExists(expression.Name("PK"))
	}
	return expression.Name("Version").Equal(expression.Value(before))
}

// EqualIf adds to a list's filters that name holds value, when the query
// gives one; an empty value filters nothing.
func EqualIf[S ~string](filters []expression.ConditionBuilder, name string, value S) []expression.ConditionBuilder {
	if value == "" {
		return filters
	}
	return append(filters, expression.Name(name).Equal(expression.Value(string(value))))
}

// ErrConditionFailed is PutIf's lost condition.
var ErrConditionFailed = errors.New("condition failed")

// IsConditionFailed reports whether a single-item write lost its condition.
func IsConditionFailed(err error) bool { return isConditionFailed(err) }

// SortableTime is t as a sort key part: UTC, fixed width, so strings sort as times.
func SortableTime(t time.Time) string { return sortableTime(t) }

// Partition is one partition of the table or an index to page through.
type Partition struct{ q query }

// OnTable, OnGSI1 and OnGSI2 name the partition pk of the table or an
// index, read in ascending sort-key order when forward.
func OnTable(pk string, forward bool) Partition {
	return Partition{query{pkName: "PK", pkValue: pk, forward: forward, keyAttrs: tableKeyAttrs}}
}

// OnGSI1 is the partition pk of GSI1.
func OnGSI1(pk string, forward bool) Partition {
	return Partition{query{index: indexGSI1, pkName: "GSI1PK", pkValue: pk, forward: forward, keyAttrs: gsi1KeyAttrs}}
}

// OnGSI2 is the partition pk of GSI2.
func OnGSI2(pk string, forward bool) Partition {
	return Partition{query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk, forward: forward, keyAttrs: gsi2KeyAttrs}}
}

// OnGSI3 is the partition pk of the sparse GSI3.
func OnGSI3(pk string, forward bool) Partition {
	return Partition{query{index: indexGSI3, pkName: "GSI3PK", pkValue: pk, forward: forward, keyAttrs: gsi3KeyAttrs}}
}

// Whole is the key condition that selects the whole partition.
func (p Partition) Whole() expression.KeyConditionBuilder {
	return expression.Key(p.q.pkName).Equal(expression.Value(p.q.pkValue))
}

// RunQuery pages through the whole partition, one page per call.
func (s *Store) RunQuery(ctx context.Context, p Partition, o auth.ListOptions, each func(map[string]types.AttributeValue) error) (string, error) {
	return s.runQuery(ctx, p.q, o, each)
}

// QueryPage reads one page of a partition by RunQuery, each item decoded
// as I (what names it in a decoding error) and shown as T.
func QueryPage[I, T any](ctx context.Context, s *Store, p Partition, o auth.ListOptions, what string, show func(I) T) (auth.Page[T], error) {
	var page auth.Page[T]
	next, err := s.RunQuery(ctx, p, o, func(av map[string]types.AttributeValue) error {
		var it I
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode %s: %w", what, err)
		}
		page.Items = append(page.Items, show(it))
		return nil
	})
	page.Next = next
	return page, err
}

// List is a list query: a partition, a key condition within it, and
// filters applied after the read.
type List struct{ lq listQuery }

// NewList is the list of p's items that match cond and every filter.
func NewList(p Partition, cond expression.KeyConditionBuilder, filters ...expression.ConditionBuilder) List {
	return List{listQuery{query: p.q, key: cond, filters: filters}}
}

// ListPage reads one page of l (see listPage).
func ListPage[T any](ctx context.Context, s *Store, l List, limit int, cursor string,
	decode func(map[string]types.AttributeValue) (T, error)) (auth.Page[T], error) {
	return listPage(ctx, s, l.lq, limit, cursor, decode)
}

// ExportAll reads l page after page until full says enough or none are left.
func ExportAll[T any](ctx context.Context, s *Store, l List, full func([]T) bool,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	return exportAll(ctx, s, l.lq, full, decode)
}

// PutUnder writes item, a new entry under parent (a history entry beside
// its act or order), on condition parent exists (auth.ErrNotFound when it
// does not) and item's key is not taken: no entry without its owner, and
// none ever replaces another.
func (s *Store) PutUnder(ctx context.Context, what string, item any, parent Key) error {
	put, err := s.putNew(item)
	if err != nil {
		return err
	}
	owner, err := s.check(parent, expression.AttributeExists(expression.Name("PK")))
	if err != nil {
		return err
	}
	return s.transact(ctx, what, []types.TransactWriteItem{put, owner}, func(i int) error {
		if i == 1 {
			return auth.ErrNotFound
		}
		return errors.New(what + ": an entry with its key exists")
	})
}
