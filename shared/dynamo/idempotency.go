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

	"aftersales/shared/httpapi"
)

// Idempotency keeps Idempotency-Key records (IDEM#<key>) for
// httpapi.Idempotent. DynamoDB deletes a record some time after ExpiresAt;
// until then Claim treats an expired record as absent.
type Idempotency struct {
	s   *Store
	now func() time.Time
}

// Idempotency returns the idempotency records of the store's table; now
// decides when a record has expired.
func (s *Store) Idempotency(now func() time.Time) *Idempotency { return &Idempotency{s: s, now: now} }

var _ httpapi.IdempotencyStore = (*Idempotency)(nil)

type idemItem struct {
	PK, SK      string
	Fingerprint string
	Done        bool
	Status      int               `dynamodbav:",omitempty"`
	Body        []byte            `dynamodbav:",omitempty"`
	Headers     map[string]string `dynamodbav:",omitempty"`
	ExpiresAt   int64
}

// Claim is one conditional PutItem, so of two concurrent requests with one
// key exactly one runs. The record it lost to comes back with the failed
// condition (ALL_OLD), without a second read.
func (i *Idempotency) Claim(ctx context.Context, scoped, fingerprint string, expires time.Time) (*httpapi.IdempotencyRecord, error) {
	k := idempotencyKey(scoped)
	av, err := attributevalue.MarshalMap(idemItem{PK: k.PK, SK: k.SK, Fingerprint: fingerprint, ExpiresAt: expires.Unix()})
	if err != nil {
		return nil, err
	}
	live := expression.AttributeNotExists(expression.Name("PK")).
		Or(expression.Name("ExpiresAt").LessThan(expression.Value(i.now().Unix())))
	expr, err := expression.NewBuilder().WithCondition(live).Build()
	if err != nil {
		return nil, err
	}
	_, err = i.s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(i.s.table), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		var prior idemItem
		if err := attributevalue.UnmarshalMap(failed.Item, &prior); err != nil {
			return nil, fmt.Errorf("decode idempotency record: %w", err)
		}
		return &httpapi.IdempotencyRecord{Fingerprint: prior.Fingerprint, Done: prior.Done, Status: prior.Status, Body: prior.Body, Headers: prior.Headers},
			httpapi.ErrIdempotencyTaken
	}
	if err != nil {
		return nil, fmt.Errorf("claim idempotency key: %w", err)
	}
	return nil, nil
}

// Complete stores the first result for replays.
func (i *Idempotency) Complete(ctx context.Context, scoped string, rec httpapi.IdempotencyRecord, expires time.Time) error {
	k := idempotencyKey(scoped)
	av, err := attributevalue.MarshalMap(idemItem{PK: k.PK, SK: k.SK, Fingerprint: rec.Fingerprint, Done: true,
		Status: rec.Status, Body: rec.Body, Headers: rec.Headers, ExpiresAt: expires.Unix()})
	if err != nil {
		return err
	}
	if _, err := i.s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(i.s.table), Item: av}); err != nil {
		return fmt.Errorf("complete idempotency key: %w", err)
	}
	return nil
}

// Release forgets a claim whose request failed, so it may be retried.
func (i *Idempotency) Release(ctx context.Context, scoped string) error {
	if _, err := i.s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(i.s.table), Key: i.s.keyAV(idempotencyKey(scoped))}); err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}
