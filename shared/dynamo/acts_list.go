package dynamo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
)

var gsi3KeyAttrs = []string{"PK", "SK", "GSI3PK", "GSI3SK"}

// filteredReadBudget is how many acts one filtered list request reads at
// most: a filter (status, category, search) is applied after the read, so
// the page is filled from up to this many and may come back short, with a
// cursor to read on.
const filteredReadBudget = 500

// actsQuery is the one Query a list of acts runs.
type actsQuery struct {
	query
	in *dynamodb.QueryInput
	// filtered is set when a filter expression drops items after the read.
	filtered bool
}

// actsQuery chooses the index for q: the review queue (GSI3), one centre's
// acts (GSI1) or everybody's (GSI2), newest first with the dates as a key
// range; status, category and search are filters.
func (a *Acts) actsQuery(q acts.ListQuery) (actsQuery, error) {
	var aq actsQuery
	var kc expression.KeyConditionBuilder
	var filters []expression.ConditionBuilder
	// Sortable times start with a digit: "0" and "~" bound every one of them.
	from, before := "0", "~"
	if !q.CreatedFrom.IsZero() {
		from = sortableTime(q.CreatedFrom)
	}
	if !q.CreatedBefore.IsZero() {
		before = sortableTime(q.CreatedBefore)
	}
	switch {
	case q.View == acts.ViewQueue:
		aq.query = query{index: indexGSI3, pkName: "GSI3PK", pkValue: queuePK, forward: true, keyAttrs: gsi3KeyAttrs}
		kc = expression.Key("GSI3PK").Equal(expression.Value(queuePK))
		if !q.CreatedFrom.IsZero() || !q.CreatedBefore.IsZero() {
			filters = append(filters, expression.Name("QueuedAt").Between(expression.Value(from), expression.Value(before)))
		}
		filters = EqualIf(filters, "ServiceCenterID", q.ServiceCenter)
	case q.ServiceCenter != "":
		pk := centrePK(q.ServiceCenter)
		aq.query = query{index: indexGSI1, pkName: "GSI1PK", pkValue: pk, keyAttrs: gsi1KeyAttrs}
		kc = expression.Key("GSI1PK").Equal(expression.Value(pk)).And(expression.Key("GSI1SK").
			Between(expression.Value(prefixCentreAct+from), expression.Value(prefixCentreAct+before)))
	default:
		aq.query = query{index: indexGSI2, pkName: "GSI2PK", pkValue: actsPK, keyAttrs: gsi2KeyAttrs}
		kc = expression.Key("GSI2PK").Equal(expression.Value(actsPK)).And(expression.Key("GSI2SK").
			Between(expression.Value(from), expression.Value(before)))
	}
	if len(q.Statuses) > 0 {
		values := make([]expression.OperandBuilder, len(q.Statuses))
		for i, st := range q.Statuses {
			values[i] = expression.Value(string(st))
		}
		if len(values) == 1 {
			filters = append(filters, expression.Name("Status").Equal(values[0]))
		} else {
			filters = append(filters, expression.Name("Status").In(values[0], values[1:]...))
		}
	}
	filters = EqualIf(filters, "Verdict", q.Verdict)
	filters = EqualIf(filters, "Category", q.Category)
	if len(q.Search) > 0 {
		match := expression.Contains(expression.Name("Search"), q.Search[0])
		for _, term := range q.Search[1:] {
			match = match.Or(expression.Contains(expression.Name("Search"), term))
		}
		filters = append(filters, match)
	}
	b := expression.NewBuilder().WithKeyCondition(kc)
	if len(filters) > 0 {
		cond := filters[0]
		for _, f := range filters[1:] {
			cond = cond.And(f)
		}
		b, aq.filtered = b.WithFilter(cond), true
	}
	expr, err := b.Build()
	if err != nil {
		return actsQuery{}, fmt.Errorf("build acts query: %w", err)
	}
	aq.in = &dynamodb.QueryInput{
		TableName: aws.String(a.s.table), IndexName: aws.String(aq.index),
		KeyConditionExpression: expr.KeyCondition(), FilterExpression: expr.Filter(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ScanIndexForward: aws.Bool(aq.forward),
	}
	return aq, nil
}

// List runs exactly one Query. Unfiltered, it reads one page of the
// requested size; filtered, it reads up to filteredReadBudget acts and keeps
// the first Limit that match, continuing after the last one it returns.
func (a *Acts) List(ctx context.Context, q acts.ListQuery) (acts.Page, error) {
	aq, err := a.actsQuery(q)
	if err != nil {
		return acts.Page{}, err
	}
	page, err := queryPage(ctx, a.s, aq.in, aq.query, aq.filtered, q.Limit, q.Cursor, decodeAct)
	if err != nil {
		return acts.Page{}, err
	}
	return acts.Page{Acts: page.Items, Next: page.Next}, nil
}

// Export reads page after page until more than max acts matched or none are left.
func (a *Acts) Export(ctx context.Context, q acts.ListQuery, max int) ([]acts.Act, error) {
	aq, err := a.actsQuery(q)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, a.s, aq.in, "acts", func(out []acts.Act) bool { return len(out) > max }, decodeAct)
}

func decodeAct(av map[string]types.AttributeValue) (acts.Act, error) {
	var it actItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return acts.Act{}, fmt.Errorf("decode act: %w", err)
	}
	return it.act()
}

type categoryItem struct {
	PK, SK    string
	Entity    string
	ID        string
	Name      string
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Categories reads the whole list with one Query: it is one partition of a
// few dozen items.
func (a *Acts) Categories(ctx context.Context) ([]acts.Category, error) {
	expr, err := expression.NewBuilder().WithKeyCondition(expression.Key("PK").Equal(expression.Value(categoriesPK))).Build()
	if err != nil {
		return nil, err
	}
	pages := dynamodb.NewQueryPaginator(a.s.db, &dynamodb.QueryInput{
		TableName: aws.String(a.s.table), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	var out []acts.Category
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("read categories: %w", err)
		}
		var items []categoryItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode categories: %w", err)
		}
		for _, it := range items {
			out = append(out, acts.Category{ID: it.ID, Name: it.Name, Active: it.Active, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt})
		}
	}
	return out, nil
}

// PutCategory writes a category and keeps its name unique (ignoring case)
// with a reservation item, both in one transaction.
func (a *Acts) PutCategory(ctx context.Context, c acts.Category, previousName string) error {
	k := categoryKey(c.ID)
	t := &txn{}
	it := categoryItem{PK: k.PK, SK: k.SK, Entity: "category", ID: c.ID, Name: c.Name, Active: c.Active, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if previousName == "" {
		item, err := a.putIf(it, notExists)
		t.add(item, err, acts.ErrCategoryTaken)
	} else {
		item, err := a.putIf(it, exists)
		t.add(item, err, auth.ErrNotFound)
	}
	if !strings.EqualFold(previousName, c.Name) {
		if previousName != "" {
			owned := ownedBy(c.ID)
			item, err := a.deleteIf(categoryNameKey(previousName), &owned)
			t.add(item, err, nil)
		}
		nk := categoryNameKey(c.Name)
		item, err := a.putIf(uniqueItem{PK: nk.PK, SK: nk.SK, Owner: c.ID}, notExists)
		t.add(item, err, acts.ErrCategoryTaken)
	}
	return a.commit(ctx, "put category "+c.ID, t)
}
