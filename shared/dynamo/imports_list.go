package dynamo

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/imports"
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

// listPage runs one Query for one page. Unfiltered, it reads the page's
// size; filtered, it reads up to filteredReadBudget items and keeps the
// first limit that match, so a page may come back short with a cursor to
// read on. The cursor continues after the last item returned.
func listPage[T any](ctx context.Context, s *Store, lq listQuery, limit int, cursor string,
	decode func(map[string]types.AttributeValue) (T, error)) (auth.Page[T], error) {
	in, err := lq.input(s.table)
	if err != nil {
		return auth.Page[T]{}, err
	}
	n := clampLimit(limit)
	in.Limit = aws.Int32(n)
	if len(lq.filters) > 0 {
		in.Limit = aws.Int32(filteredReadBudget)
	}
	if cursor != "" {
		if in.ExclusiveStartKey, err = s.decodeCursor(cursor, in, lq.query); err != nil {
			return auth.Page[T]{}, err
		}
	}
	out, err := s.db.Query(ctx, in)
	if err != nil {
		return auth.Page[T]{}, fmt.Errorf("list %s: %w", lq.pkValue, err)
	}
	items, last := out.Items, out.LastEvaluatedKey
	if len(items) > int(n) {
		items = items[:n]
		last = map[string]types.AttributeValue{}
		for _, name := range lq.keyAttrs {
			last[name] = items[len(items)-1][name]
		}
	}
	page := auth.Page[T]{Items: make([]T, 0, len(items))}
	for _, av := range items {
		v, err := decode(av)
		if err != nil {
			return auth.Page[T]{}, err
		}
		page.Items = append(page.Items, v)
	}
	if len(last) > 0 {
		if page.Next, err = s.encodeCursor(in, last); err != nil {
			return auth.Page[T]{}, err
		}
	}
	return page, nil
}

// exportAll reads page after page until enough (as full judges it) or
// none are left.
func exportAll[T any](ctx context.Context, s *Store, lq listQuery, full func([]T) bool,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	in, err := lq.input(s.table)
	if err != nil {
		return nil, err
	}
	var out []T
	pages := dynamodb.NewQueryPaginator(s.db, in)
	for pages.HasMorePages() && !full(out) {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", lq.pkValue, err)
		}
		for _, av := range page.Items {
			v, err := decode(av)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// outletsQuery chooses the index for q: by last change (GSI2, newest
// first) when the list asks for a change date, which the sort key bounds;
// one load's outlets (GSI2, by code: they share the load's time); by code
// (GSI1) otherwise, a code prefix bounding it. Everything else is a filter.
// ok is false when nothing can match.
func outletsQuery(q imports.OutletQuery) (lq listQuery, ok bool) {
	pk := distributorOutletsPK(q.Distributor)
	switch {
	case q.Load.LoadSeq > 0:
		if !q.ChangedSince.IsZero() && q.Load.At.Before(q.ChangedSince) {
			return lq, false
		}
		lq.query = query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk, forward: true, keyAttrs: gsi2KeyAttrs}
		lq.key = expression.Key("GSI2PK").Equal(expression.Value(pk)).
			And(expression.Key("GSI2SK").BeginsWith(sortableTime(q.Load.At) + "#"))
		lq.filters = append(lq.filters, expression.Name("LoadSeq").Equal(expression.Value(q.Load.LoadSeq)))
	case !q.ChangedSince.IsZero():
		lq.query = query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk, keyAttrs: gsi2KeyAttrs}
		lq.key = expression.Key("GSI2PK").Equal(expression.Value(pk)).
			And(expression.Key("GSI2SK").GreaterThanEqual(expression.Value(sortableTime(q.ChangedSince))))
	default:
		lq.query = query{index: indexGSI1, pkName: "GSI1PK", pkValue: pk, forward: true, keyAttrs: gsi1KeyAttrs}
		lq.key = expression.Key("GSI1PK").Equal(expression.Value(pk))
		if q.Code != "" {
			lq.key = lq.key.And(expression.Key("GSI1SK").BeginsWith(q.Code))
		}
	}
	if q.Code != "" && lq.index == indexGSI2 {
		lq.filters = append(lq.filters, expression.Name("Code").BeginsWith(q.Code))
	}
	if q.Name != "" {
		lq.filters = append(lq.filters, expression.Name("NameLower").Contains(strings.ToLower(q.Name)))
	}
	if q.City != "" {
		lq.filters = append(lq.filters, expression.Name("CityLower").Equal(expression.Value(strings.ToLower(q.City))))
	}
	if q.Subtype != "" {
		lq.filters = append(lq.filters, expression.Name("Subtype").Equal(expression.Value(string(q.Subtype))))
	}
	if q.Status != "" {
		lq.filters = append(lq.filters, expression.Name("Status").Equal(expression.Value(string(q.Status))))
	}
	return lq, true
}

// ListOutlets returns one page of a distributor's outlets: by code, or
// newest change first when a change date narrows the list.
func (i *Imports) ListOutlets(ctx context.Context, q imports.OutletQuery) (auth.Page[imports.StoredOutlet], error) {
	lq, ok := outletsQuery(q)
	if !ok {
		return auth.Page[imports.StoredOutlet]{Items: []imports.StoredOutlet{}}, nil
	}
	return listPage(ctx, i.s, lq, q.Limit, q.Cursor, decodeOutlet)
}

// ExportOutlets returns every outlet of the list, but stops after max+1.
func (i *Imports) ExportOutlets(ctx context.Context, q imports.OutletQuery, max int) ([]imports.StoredOutlet, error) {
	lq, ok := outletsQuery(q)
	if !ok {
		return nil, nil
	}
	return exportAll(ctx, i.s, lq, func(got []imports.StoredOutlet) bool { return len(got) > max }, decodeOutlet)
}

// routesQuery reads a distributor's route partition by code; territory,
// outlet, change date and load are filters.
func routesQuery(q imports.RouteQuery) listQuery {
	pk := routesPK(q.Distributor)
	lq := listQuery{query: query{pkName: "PK", pkValue: pk, forward: true, keyAttrs: tableKeyAttrs}}
	lq.key = expression.Key("PK").Equal(expression.Value(pk)).And(expression.Key("SK").BeginsWith(prefixRoute + q.Code))
	if q.Territory != "" {
		lq.filters = append(lq.filters, expression.Name("Territory").Equal(expression.Value(q.Territory)))
	}
	if q.Outlet != "" {
		lq.filters = append(lq.filters, expression.Name("Outlets").Contains(q.Outlet))
	}
	if !q.ChangedSince.IsZero() {
		lq.filters = append(lq.filters, expression.Name("Changed").GreaterThanEqual(expression.Value(sortableTime(q.ChangedSince))))
	}
	if q.Load.LoadSeq > 0 {
		lq.filters = append(lq.filters, expression.Name("LoadSeq").Equal(expression.Value(q.Load.LoadSeq)))
	}
	return lq
}

// ListRoutes returns one page of a distributor's routes by code.
func (i *Imports) ListRoutes(ctx context.Context, q imports.RouteQuery) (auth.Page[imports.Route], error) {
	return listPage(ctx, i.s, routesQuery(q), q.Limit, q.Cursor, decodeRoute)
}

// ExportRoutes returns every route of the list, but stops once their stops
// are more than maxStops.
func (i *Imports) ExportRoutes(ctx context.Context, q imports.RouteQuery, maxStops int) ([]imports.Route, error) {
	return exportAll(ctx, i.s, routesQuery(q), func(got []imports.Route) bool {
		stops := 0
		for _, r := range got {
			stops += len(r.Stops)
		}
		return stops > maxStops
	}, decodeRoute)
}
