package importstore

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/imports"
)

var _ imports.ViewStore = (*Imports)(nil)

// viewItem is a saved view in its owner's partition.
type viewItem struct {
	PK, SK  string
	Entity  string
	ID      string
	Owner   string
	Name    string
	Filters map[string]string `dynamodbav:",omitempty"`
	Columns []string
	Sort    string `dynamodbav:",omitempty"`
	Saved   time.Time
}

// Views reads an owner's views (at most imports.MaxViews, one Query).
func (i *Imports) Views(ctx context.Context, owner string) ([]imports.View, error) {
	p := dynamo.OnTable(dynamo.UserKey(owner).PK, true)
	var out []imports.View
	var decodeErr error
	cursor := ""
	for {
		next, err := i.s.RunQuery(ctx, p, auth.ListOptions{Limit: dynamo.MaxLimit, Cursor: cursor}, func(av map[string]types.AttributeValue) error {
			var it viewItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode a view: %w", err)
			}
			if it.Entity != "view" {
				return nil // the user's profile shares the partition
			}
			v := imports.View{ID: it.ID, Owner: it.Owner, Name: it.Name, Filters: it.Filters, Saved: it.Saved}
			for _, c := range it.Columns {
				v.Columns = append(v.Columns, imports.OutletColumn(c))
			}
			v.Sort, decodeErr = imports.ParseOutletSort(it.Sort)
			out = append(out, v)
			return decodeErr
		})
		if err != nil {
			return nil, fmt.Errorf("list the views of %s: %w", owner, err)
		}
		if cursor = next; cursor == "" {
			return out, nil
		}
	}
}

// PutView stores a view whole.
func (i *Imports) PutView(ctx context.Context, v imports.View) error {
	k := dynamo.UserViewKey(v.Owner, v.ID)
	it := viewItem{PK: k.PK, SK: k.SK, Entity: "view", ID: v.ID, Owner: v.Owner, Name: v.Name, Filters: v.Filters,
		Sort: v.Sort.String(), Saved: v.Saved}
	for _, c := range v.Columns {
		it.Columns = append(it.Columns, string(c))
	}
	av, err := attributevalue.MarshalMap(it)
	if err != nil {
		return fmt.Errorf("encode view %s: %w", v.ID, err)
	}
	if _, err := i.s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(i.s.Table()), Item: av}); err != nil {
		return fmt.Errorf("put view %s: %w", v.ID, err)
	}
	return nil
}

// DeleteView removes an owner's view, on condition it exists.
func (i *Imports) DeleteView(ctx context.Context, owner, id string) error {
	expr, err := expression.NewBuilder().WithCondition(expression.AttributeExists(expression.Name("PK"))).Build()
	if err != nil {
		return err
	}
	_, err = i.s.DB().DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(i.s.Table()),
		Key: i.s.KeyAV(dynamo.UserViewKey(owner, id)), ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names()})
	if dynamo.IsConditionFailed(err) {
		return auth.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("delete view %s: %w", id, err)
	}
	return nil
}
