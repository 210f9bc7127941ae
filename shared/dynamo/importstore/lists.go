package importstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/imports"
)

// outletsQuery reads a distributor's outlets by code over every shard of
// GSI1, a code prefix bounding each shard's read. Everything else is a
// filter: change date and load included, since an outlet is indexed only
// under keys that never change (keys.go). ok is false when nothing can
// match.
func outletsQuery(q imports.OutletQuery) (lq dynamo.ShardedList, ok bool) {
	var filters []expression.ConditionBuilder
	if q.Load.LoadSeq > 0 {
		if !q.ChangedSince.IsZero() && q.Load.At.Before(q.ChangedSince) {
			return lq, false
		}
		filters = append(filters, expression.Name("LoadSeq").Equal(expression.Value(q.Load.LoadSeq)))
	}
	if !q.ChangedSince.IsZero() {
		filters = append(filters, expression.Name("Changed").GreaterThanEqual(expression.Value(dynamo.SortableTime(q.ChangedSince))))
	}
	if q.Name != "" {
		filters = append(filters, expression.Name("NameLower").Contains(strings.ToLower(q.Name)))
	}
	if q.City != "" {
		filters = append(filters, expression.Name("CityLower").Equal(expression.Value(strings.ToLower(q.City))))
	}
	filters = dynamo.EqualIf(filters, "Subtype", q.Subtype)
	filters = dynamo.EqualIf(filters, "Status", q.Status)
	filters = dynamo.EqualIf(filters, "LocalCode", q.LocalCode)
	if q.Unmapped {
		filters = append(filters, expression.AttributeNotExists(expression.Name("LocalCode")))
	}
	shards := make([]dynamo.Partition, dynamo.OutletShards)
	for n := range shards {
		shards[n] = dynamo.OnGSI1(dynamo.DistributorOutletsPK(q.Distributor, n), true)
	}
	return dynamo.NewShardedList(shards, func(p dynamo.Partition) expression.KeyConditionBuilder {
		if q.Code == "" {
			return p.Whole()
		}
		return p.Whole().And(expression.Key("GSI1SK").BeginsWith(q.Code))
	}, filters...), true
}

// ListOutlets returns one page of a distributor's outlets by code, or, in
// another order, one page of the whole filtered list sorted in memory.
func (i *Imports) ListOutlets(ctx context.Context, q imports.OutletQuery) (auth.Page[imports.StoredOutlet], error) {
	lq, ok := outletsQuery(q)
	if !ok {
		return auth.Page[imports.StoredOutlet]{Items: []imports.StoredOutlet{}}, nil
	}
	if q.Sort.ByCode() {
		return dynamo.ShardedPage(ctx, i.s, lq, q.Limit, q.Cursor, decodeOutlet)
	}
	return i.sortedOutlets(ctx, lq, q)
}

// sortedOutlets reads every outlet of the list (at most SortCap), sorts them
// and returns the page at the cursor's offset. The cursor is bound to the
// list: distributor, filters and order.
func (i *Imports) sortedOutlets(ctx context.Context, lq dynamo.ShardedList, q imports.OutletQuery) (auth.Page[imports.StoredOutlet], error) {
	scope := fmt.Sprintf("outlets|%s|%s|%s|%s|%s|%s|%s|%s|%d|%s|%t|%s", q.Distributor, q.Code, q.Name, q.City, q.Subtype, q.Status,
		dynamo.SortableTime(q.ChangedSince), q.Load.LoadID, q.Load.LoadSeq, q.LocalCode, q.Unmapped, q.Sort)
	from := 0
	if q.Cursor != "" {
		var err error
		if from, err = i.s.OpenOffset(scope, q.Cursor); err != nil {
			return auth.Page[imports.StoredOutlet]{}, err
		}
	}
	all, err := dynamo.ShardedExportAll(ctx, i.s, lq, func(got []imports.StoredOutlet) bool { return len(got) > imports.SortCap }, decodeOutlet)
	if err != nil {
		return auth.Page[imports.StoredOutlet]{}, err
	}
	if len(all) > imports.SortCap {
		return auth.Page[imports.StoredOutlet]{}, imports.ErrTooManyToSort
	}
	imports.SortOutlets(all, q.Sort)
	from = min(from, len(all))
	to := min(from+dynamo.ClampLimit(q.Limit), len(all))
	page := auth.Page[imports.StoredOutlet]{Items: all[from:to]}
	if to < len(all) {
		page.Next = i.s.SealOffset(scope, to)
	}
	return page, nil
}

// ExportOutlets returns every outlet of the list, but stops after max+1.
func (i *Imports) ExportOutlets(ctx context.Context, q imports.OutletQuery, max int) ([]imports.StoredOutlet, error) {
	lq, ok := outletsQuery(q)
	if !ok {
		return nil, nil
	}
	return dynamo.ShardedExportAll(ctx, i.s, lq, func(got []imports.StoredOutlet) bool { return len(got) > max }, decodeOutlet)
}

// routesQuery reads a distributor's route partition by code; territory,
// outlet, change date and load are filters.
func routesQuery(q imports.RouteQuery) dynamo.List {
	p := dynamo.OnTable(dynamo.RoutesPK(q.Distributor), true)
	var filters []expression.ConditionBuilder
	filters = dynamo.EqualIf(filters, "Territory", q.Territory)
	if q.Outlet != "" {
		filters = append(filters, expression.Name("Outlets").Contains(q.Outlet))
	}
	if !q.ChangedSince.IsZero() {
		filters = append(filters, expression.Name("Changed").GreaterThanEqual(expression.Value(dynamo.SortableTime(q.ChangedSince))))
	}
	if q.Load.LoadSeq > 0 {
		filters = append(filters, expression.Name("LoadSeq").Equal(expression.Value(q.Load.LoadSeq)))
	}
	return dynamo.NewList(p, p.Whole().And(expression.Key("SK").BeginsWith(dynamo.PrefixRoute+q.Code)), filters...)
}

// ListRoutes returns one page of a distributor's routes by code.
func (i *Imports) ListRoutes(ctx context.Context, q imports.RouteQuery) (auth.Page[imports.Route], error) {
	return dynamo.ListPage(ctx, i.s, routesQuery(q), q.Limit, q.Cursor, decodeRoute)
}

// ExportRoutes returns every route of the list, but stops once their stops
// are more than maxStops.
func (i *Imports) ExportRoutes(ctx context.Context, q imports.RouteQuery, maxStops int) ([]imports.Route, error) {
	return dynamo.ExportAll(ctx, i.s, routesQuery(q), func(got []imports.Route) bool {
		stops := 0
		for _, r := range got {
			stops += len(r.Stops)
		}
		return stops > maxStops
	}, decodeRoute)
}
