package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
)

// listQuery is one Query of a list: a partition of the table or an index,
// a key condition within it, and filters applied after the read.
type listQuery struct {
	query
	key     expression.KeyConditionBuilder
	filters []expression.ConditionBuilder
}

// input builds the Query.
func (lq listQuery) input(table string) (*dynamodb.QueryInput, error) {
	b := expression.NewBuilder().WithKeyCondition(lq.key)
	if len(lq.filters) > 0 {
		cond := lq.filters[0]
		for _, f := range lq.filters[1:] {
			cond = cond.And(f)
		}
		b = b.WithFilter(cond)
	}
	expr, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("build the query of %s: %w", lq.pkValue, err)
	}
	in := &dynamodb.QueryInput{
		TableName: aws.String(table), KeyConditionExpression: expr.KeyCondition(), FilterExpression: expr.Filter(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(), ScanIndexForward: aws.Bool(lq.forward),
	}
	if lq.index != "" {
		in.IndexName = aws.String(lq.index)
	}
	return in, nil
}

// listPage runs lq's Query for one page (queryPage).
func listPage[T any](ctx context.Context, s *Store, lq listQuery, limit int, cursor string,
	decode func(map[string]types.AttributeValue) (T, error)) (auth.Page[T], error) {
	in, err := lq.input(s.table)
	if err != nil {
		return auth.Page[T]{}, err
	}
	return queryPage(ctx, s, in, lq.query, len(lq.filters) > 0, limit, cursor, decode)
}

// queryPage runs the Query in of q once, for one page. Unfiltered, it reads
// the page's size; filtered, it reads up to filteredReadBudget items and
// keeps the first limit that match, so a page may come back short with a
// cursor to read on. The cursor continues after the last item returned.
func queryPage[T any](ctx context.Context, s *Store, in *dynamodb.QueryInput, q query, filtered bool, limit int, cursor string,
	decode func(map[string]types.AttributeValue) (T, error)) (auth.Page[T], error) {
	n := clampLimit(limit)
	in.Limit = aws.Int32(n)
	if filtered {
		in.Limit = aws.Int32(filteredReadBudget)
	}
	var err error
	if cursor != "" {
		if in.ExclusiveStartKey, err = s.decodeCursor(cursor, in, q); err != nil {
			return auth.Page[T]{}, err
		}
	}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return auth.Page[T]{}, fmt.Errorf("list %s: %w", q.pkValue, err)
	}
	items, last := out.Items, out.LastEvaluatedKey
	if len(items) > int(n) {
		items = items[:n]
		last = map[string]types.AttributeValue{}
		for _, name := range q.keyAttrs {
			last[name] = items[len(items)-1][name]
		}
	}
	var page auth.Page[T]
	if page.Items, err = decodeEach(make([]T, 0, len(items)), items, decode); err != nil {
		return auth.Page[T]{}, err
	}
	if len(last) > 0 {
		if page.Next, err = s.encodeCursor(in, last); err != nil {
			return auth.Page[T]{}, err
		}
	}
	return page, nil
}

// exportAll reads lq page after page until enough (as full judges it) or
// none are left.
func exportAll[T any](ctx context.Context, s *Store, lq listQuery, full func([]T) bool,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	in, err := lq.input(s.table)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, s, in, lq.pkValue, full, decode)
}

// queryAll runs the Query in (of what) page after page until enough (as
// full judges it) or none are left.
func queryAll[T any](ctx context.Context, s *Store, in *dynamodb.QueryInput, what string, full func([]T) bool,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	var out []T
	pages := dynamodb.NewQueryPaginator(s.db, in)
	for pages.HasMorePages() && !full(out) {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", what, err)
		}
		if out, err = decodeEach(out, page.Items, decode); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeEach appends every item, decoded, to out.
func decodeEach[T any](out []T, items []map[string]types.AttributeValue, decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	for _, av := range items {
		v, err := decode(av)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// outletsQuery chooses the index for q: by last change (GSI2, newest
// first) when the list asks for a change date, which the sort key bounds;
// one load's outlets (GSI2, by code: they share the load's time); by code
// (GSI1) otherwise, a code prefix bounding it. Everything else is a filter.
// ok is false when nothing can match.
