// Package warrantystore keeps what verdicts read besides the serial
// registry: the warranty policy book, one item replaced whole on condition
// of its version (a book is at most a few hundred policies, far below
// DynamoDB's 400 KB, read once per verdict), and the serial claims, one
// marker per act and serial, checked against the acts themselves.
package warrantystore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/eligibility"
	"aftersales/shared/warranty"
)

// Books is the policy book's storage.
type Books struct{ s *dynamo.Store }

// New returns the book storage of the store's table.
func New(s *dynamo.Store) *Books { return &Books{s: s} }

var _ warranty.BookStore = (*Books)(nil)

// item is the book; Book is its JSON (the API's shape), since no query
// looks inside it.
type item struct {
	PK, SK    string
	Entity    string
	Book      string
	Version   int
	UpdatedAt time.Time
	UpdatedBy string
}

// Book reads the book strongly consistently; version 0 when none was saved.
func (b *Books) Book(ctx context.Context) (warranty.Policies, error) {
	var it item
	err := b.s.Get(ctx, dynamo.PolicyBookKey(), &it)
	if errors.Is(err, auth.ErrNotFound) {
		return warranty.Policies{Book: eligibility.Book{Categories: []eligibility.CategoryPolicy{}, Articles: []eligibility.ArticleOverride{}}}, nil
	}
	if err != nil {
		return warranty.Policies{}, fmt.Errorf("read the policy book: %w", err)
	}
	p := warranty.Policies{Version: it.Version, UpdatedAt: it.UpdatedAt, UpdatedBy: it.UpdatedBy}
	if err := json.Unmarshal([]byte(it.Book), &p.Book); err != nil {
		return warranty.Policies{}, fmt.Errorf("decode the policy book: %w", err)
	}
	return p, nil
}

// PutBook is one conditional PutItem: the stored version must be
// p.Version-1 (no item at all for version 1).
func (b *Books) PutBook(ctx context.Context, p warranty.Policies) error {
	raw, err := json.Marshal(p.Book)
	if err != nil {
		return fmt.Errorf("encode the policy book: %w", err)
	}
	k := dynamo.PolicyBookKey()
	av, err := attributevalue.MarshalMap(item{PK: k.PK, SK: k.SK, Entity: "policy_book", Book: string(raw),
		Version: p.Version, UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy})
	if err != nil {
		return fmt.Errorf("encode the policy book: %w", err)
	}
	expr, err := expression.NewBuilder().WithCondition(dynamo.StillAt(p.Version - 1)).Build()
	if err != nil {
		return err
	}
	_, err = b.s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(b.s.Table()), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	if dynamo.IsConditionFailed(err) {
		return warranty.ErrVersionChanged
	}
	if err != nil {
		return fmt.Errorf("put the policy book: %w", err)
	}
	return nil
}
