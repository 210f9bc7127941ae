package mailstore

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

	"aftersales/shared/dynamo"
	"aftersales/shared/mailer"
)

// MailLedger records each business event's e-mail (MAIL#<event key>) for
// mailer.Once, so that an e-mail is sent at most once however often the
// function that sends it is retried or duplicated.
type MailLedger struct {
	s *dynamo.Store
}

// New returns the e-mail ledger of the store's table.
func New(s *dynamo.Store) *MailLedger { return &MailLedger{s: s} }

var _ mailer.Ledger = (*MailLedger)(nil)

type mailItem struct {
	PK, SK    string
	Entity    string
	State     string
	ClaimedAt int64      // Unix milliseconds
	SentAt    *time.Time `dynamodbav:",omitempty"`
	MessageID string     `dynamodbav:",omitempty"`
	Failure   string     `dynamodbav:",omitempty"`
}

// Claim is one conditional PutItem: it wins for an event never claimed, one
// whose last attempt failed, or one whose sender has been silent longer
// than staleAfter. The entry it lost to comes back with the failed
// condition (ALL_OLD) and says which refusal applies.
func (l *MailLedger) Claim(ctx context.Context, eventKey string, now time.Time, staleAfter time.Duration) error {
	k := dynamo.MailKey(eventKey)
	av, err := attributevalue.MarshalMap(mailItem{PK: k.PK, SK: k.SK, Entity: "mail", State: dynamo.MailSending, ClaimedAt: now.UnixMilli()})
	if err != nil {
		return err
	}
	state := expression.Name("State")
	free := expression.AttributeNotExists(expression.Name("PK")).
		Or(state.Equal(expression.Value(dynamo.MailFailed))).
		Or(state.Equal(expression.Value(dynamo.MailSending)).
			And(expression.Name("ClaimedAt").LessThan(expression.Value(now.Add(-staleAfter).UnixMilli()))))
	expr, err := expression.NewBuilder().WithCondition(free).Build()
	if err != nil {
		return err
	}
	_, err = l.s.DB().PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(l.s.Table()), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		var prior mailItem
		if err := attributevalue.UnmarshalMap(failed.Item, &prior); err != nil {
			return fmt.Errorf("decode e-mail ledger entry %s: %w", eventKey, err)
		}
		if prior.State == dynamo.MailSent {
			return mailer.ErrAlreadySent
		}
		return mailer.ErrInFlight
	}
	if err != nil {
		return fmt.Errorf("claim e-mail %s: %w", eventKey, err)
	}
	return nil
}

// Sent records the provider's message id.
func (l *MailLedger) Sent(ctx context.Context, eventKey, messageID string, now time.Time) error {
	return l.finish(ctx, eventKey, expression.Set(expression.Name("State"), expression.Value(dynamo.MailSent)).
		Set(expression.Name("SentAt"), expression.Value(now)).
		Set(expression.Name("MessageID"), expression.Value(messageID)))
}

// Failed records why the attempt failed; the next Claim may retry.
func (l *MailLedger) Failed(ctx context.Context, eventKey, reason string, now time.Time) error {
	return l.finish(ctx, eventKey, expression.Set(expression.Name("State"), expression.Value(dynamo.MailFailed)).
		Set(expression.Name("Failure"), expression.Value(reason)).
		Set(expression.Name("ClaimedAt"), expression.Value(now.UnixMilli())))
}

func (l *MailLedger) finish(ctx context.Context, eventKey string, update expression.UpdateBuilder) error {
	expr, err := expression.NewBuilder().WithUpdate(update).Build()
	if err != nil {
		return err
	}
	_, err = l.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(l.s.Table()), Key: l.s.KeyAV(dynamo.MailKey(eventKey)),
		UpdateExpression: expr.Update(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		return fmt.Errorf("record e-mail %s: %w", eventKey, err)
	}
	return nil
}
