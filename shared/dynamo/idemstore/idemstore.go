package idemstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/dynamo"
	"aftersales/shared/httpapi"
)

// Idempotency keeps Idempotency-Key records (IDEM#<key>) for
// httpapi.Idempotent. DynamoDB deletes a record some time after ExpiresAt;
// until then Claim treats an expired record as absent.
type Idempotency struct {
	s   *dynamo.Store
	now func() time.Time
}

// New returns the idempotency records of the store's table; now decides
// when a record has expired.
func New(s *dynamo.Store, now func() time.Time) *Idempotency { return &Idempotency{s: s, now: now} }

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
	k := dynamo.IdempotencyKey(scoped)
	live := expression.AttributeNotExists(expression.Name("PK")).
		Or(expression.Name("ExpiresAt").LessThan(expression.Value(i.now().Unix())))
	old, err := i.s.PutIf(ctx, idemItem{PK: k.PK, SK: k.SK, Fingerprint: fingerprint, ExpiresAt: expires.Unix()}, live)
	if errors.Is(err, dynamo.ErrConditionFailed) {
		var prior idemItem
		if err := attributevalue.UnmarshalMap(old, &prior); err != nil {
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
	k := dynamo.IdempotencyKey(scoped)
	av, err := attributevalue.MarshalMap(idemItem{PK: k.PK, SK: k.SK, Fingerprint: rec.Fingerprint, Done: true,
		Status: rec.Status, Body: rec.Body, Headers: rec.Headers, ExpiresAt: expires.Unix()})
	if err != nil {
		return err
	}
	if _, err := i.s.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(i.s.Table()), Item: av}); err != nil {
		return fmt.Errorf("complete idempotency key: %w", err)
	}
	return nil
}

// Release forgets a claim whose request failed, so it may be retried.
func (i *Idempotency) Release(ctx context.Context, scoped string) error {
	if _, err := i.s.DB().DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(i.s.Table()), Key: i.s.KeyAV(dynamo.IdempotencyKey(scoped))}); err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}
