package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/pagecursor"
)

// API is the part of the DynamoDB client the store uses; *dynamodb.Client
// satisfies it.
type API interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

// Store reads and writes the one table.
type Store struct {
	db    API
	table string
	// due is the domain's rule for when the hourly job must next look at an
	// act (timers.Policy.DueAt); the adapter only stores what it computes.
	// Every function that writes acts must use the same rule as the job.
	due DueRule
	// cursors signs page cursors, so a client can only hand back a position
	// a list of the same key range gave it.
	cursors pagecursor.Codec
	// loc is the business time zone the ledger counts months in
	// (ledger.Moscow when not set).
	loc *time.Location
}

// DueRule tells when an act is next due for the hourly job, and whether it
// is due at all (acts without a running timer leave the due index).
type DueRule func(acts.Act) (time.Time, bool)

// New returns a store on table with a cursor key of its own: its cursors
// are good only in this process until WithCursors gives it the key every
// instance shares. A store that writes acts needs WithDue.
func New(db API, table string) *Store {
	return &Store{db: db, table: table, cursors: pagecursor.Random()}
}

// WithCursors returns a store that signs page cursors with c.
func (s *Store) WithCursors(c pagecursor.Codec) *Store {
	cp := *s
	cp.cursors = c
	return &cp
}

// WithLocation returns a store that counts the ledger's months in loc.
func (s *Store) WithLocation(loc *time.Location) *Store {
	c := *s
	c.loc = loc
	return &c
}

// WithDue returns a store that indexes acts by when rule says they are due.
func (s *Store) WithDue(rule DueRule) *Store {
	c := *s
	c.due = rule
	return &c
}

// Table is the table's name.
func (s *Store) Table() string { return s.table }

// Page sizes: a list answers DefaultLimit items unless asked, never more than MaxLimit.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

func clampLimit(n int) int32 {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return int32(n)
}

// get reads one item strongly consistently into out; auth.ErrNotFound when absent.
func (s *Store) get(ctx context.Context, k key, out any) error {
	av, err := attributevalue.MarshalMap(k)
	if err != nil {
		return err
	}
	res, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: av, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return fmt.Errorf("get %s/%s: %w", k.PK, k.SK, err)
	}
	if res.Item == nil {
		return auth.ErrNotFound
	}
	if err := attributevalue.UnmarshalMap(res.Item, out); err != nil {
		return fmt.Errorf("decode %s/%s: %w", k.PK, k.SK, err)
	}
	return nil
}

func (s *Store) keyAV(k key) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"PK": &types.AttributeValueMemberS{Value: k.PK},
		"SK": &types.AttributeValueMemberS{Value: k.SK},
	}
}

// putNew is a transaction Put of item on condition its key is not taken.
func (s *Store) putNew(item any) (types.TransactWriteItem, error) {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	expr, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("PK"))).Build()
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{
		TableName: aws.String(s.table), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(),
	}}, nil
}

// put is a transaction Put without condition (audit entries: unique keys).
func (s *Store) put(item any) (types.TransactWriteItem, error) {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.table), Item: av}}, nil
}

// updateExisting is a transaction Update of an item that must exist.
func (s *Store) updateExisting(k key, update expression.UpdateBuilder) (types.TransactWriteItem, error) {
	return s.updateIf(k, update, expression.AttributeExists(expression.Name("PK")))
}

// check is a transaction ConditionCheck on another item.
func (s *Store) check(k key, cond expression.ConditionBuilder) (types.TransactWriteItem, error) {
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: aws.String(s.table), Key: s.keyAV(k),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}}, nil
}

// transact writes items atomically. When a condition fails it returns the
// error failed maps that item's position to (nil means "not expected": the
// cancellation itself is returned).
func (s *Store) transact(ctx context.Context, what string, items []types.TransactWriteItem, failed func(i int) error) error {
	err := s.transactWrite(ctx, items)
	var cancelled *types.TransactionCanceledException
	if errors.As(err, &cancelled) {
		for i, r := range cancelled.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" {
				if mapped := failed(i); mapped != nil {
					return mapped
				}
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// isConditionFailed reports whether a single-item write lost its condition.
func isConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// query pages through one partition of the table or an index. The cursor is
// the page's LastEvaluatedKey, base64url JSON; one naming another partition
// or index is refused with auth.ErrBadCursor rather than sent to DynamoDB.
type query struct {
	index   string // "" for the table
	pkName  string
	pkValue string
	forward bool
	// keyAttrs are the attribute names a LastEvaluatedKey of this query holds.
	keyAttrs []string
}

func (s *Store) runQuery(ctx context.Context, q query, o auth.ListOptions, each func(map[string]types.AttributeValue) error) (string, error) {
	kc := expression.Key(q.pkName).Equal(expression.Value(q.pkValue))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).Build()
	if err != nil {
		return "", err
	}
	in := &dynamodb.QueryInput{
		TableName: aws.String(s.table), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ScanIndexForward: aws.Bool(q.forward), Limit: aws.Int32(clampLimit(o.Limit)),
	}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	}
	if o.Cursor != "" {
		start, err := s.decodeCursor(o.Cursor, in, q)
		if err != nil {
			return "", err
		}
		in.ExclusiveStartKey = start
	}
	res, err := s.db.Query(ctx, in)
	if err != nil {
		return "", fmt.Errorf("query %s %s: %w", q.pkName, q.pkValue, err)
	}
	for _, item := range res.Items {
		if err := each(item); err != nil {
			return "", err
		}
	}
	if len(res.LastEvaluatedKey) == 0 {
		return "", nil
	}
	return s.encodeCursor(in, res.LastEvaluatedKey)
}

// encodeCursor seals a LastEvaluatedKey of the query in as a cursor.
func (s *Store) encodeCursor(in *dynamodb.QueryInput, lek map[string]types.AttributeValue) (string, error) {
	plain := map[string]string{}
	for k, v := range lek {
		sv, ok := v.(*types.AttributeValueMemberS)
		if !ok {
			return "", fmt.Errorf("cursor attribute %s is not a string", k)
		}
		plain[k] = sv.Value
	}
	b, err := json.Marshal(plain)
	if err != nil {
		return "", err
	}
	return s.cursors.Seal(cursorScope(in), b), nil
}

// decodeCursor opens a cursor for the query in: only one this store sealed
// for the same key range opens, so DynamoDB never sees a start key outside
// the range (which it answers with a ValidationException).
func (s *Store) decodeCursor(c string, in *dynamodb.QueryInput, q query) (map[string]types.AttributeValue, error) {
	b, err := s.cursors.Open(cursorScope(in), c)
	if err != nil {
		return nil, auth.ErrBadCursor
	}
	var plain map[string]string
	if err := json.Unmarshal(b, &plain); err != nil || len(plain) != len(q.keyAttrs) || plain[q.pkName] != q.pkValue {
		return nil, auth.ErrBadCursor
	}
	out := map[string]types.AttributeValue{}
	for _, a := range q.keyAttrs {
		v, ok := plain[a]
		if !ok || v == "" {
			return nil, auth.ErrBadCursor
		}
		out[a] = &types.AttributeValueMemberS{Value: v}
	}
	return out, nil
}

// placeholder matches the names and values an expression refers to.
var placeholder = regexp.MustCompile(`[#:][A-Za-z0-9_]+`)

// cursorScope names the key range of a query: table, index and key
// condition with the values it compares. Filters are left out: they do not
// bound where a query may start, and a client may change them between pages.
func cursorScope(in *dynamodb.QueryInput) string {
	var b strings.Builder
	b.WriteString(aws.ToString(in.TableName) + "|" + aws.ToString(in.IndexName) + "|" + aws.ToString(in.KeyConditionExpression))
	for _, p := range placeholder.FindAllString(aws.ToString(in.KeyConditionExpression), -1) {
		b.WriteString("|" + p + "=")
		if p[0] == '#' {
			b.WriteString(in.ExpressionAttributeNames[p])
			continue
		}
		switch v := in.ExpressionAttributeValues[p].(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S:" + v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N:" + v.Value)
		default:
			fmt.Fprintf(&b, "%T", v)
		}
	}
	return b.String()
}

// Attribute names of the index keys, for cursors.
var (
	tableKeyAttrs = []string{"PK", "SK"}
	gsi1KeyAttrs  = []string{"PK", "SK", "GSI1PK", "GSI1SK"}
	gsi2KeyAttrs  = []string{"PK", "SK", "GSI2PK", "GSI2SK"}
)
