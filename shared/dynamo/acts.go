package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
)

// Acts is the storage of warranty acts, their orders and the category list.
// It shares the table and helpers of Store but has its own method set, so
// acts.Store's names (List, Write, …) do not mix with identity's.
type Acts struct {
	s *Store
}

// Acts returns the acts storage of the store's table.
func (s *Store) Acts() *Acts { return &Acts{s: s} }

var _ acts.Store = (*Acts)(nil)

// actItem is an act. Form holds the act's fields as their API JSON; the
// attributes lists and filters read are copied beside it.
type actItem struct {
	PK, SK         string
	GSI1PK, GSI1SK string
	GSI2PK, GSI2SK string
	GSI3PK         string `dynamodbav:",omitempty"`
	GSI3SK         string `dynamodbav:",omitempty"`
	// QueuedAt is the sortable submission time of a queued act: the queue's
	// date filter (a filter may not read GSI3SK, an index key).
	QueuedAt        string `dynamodbav:",omitempty"`
	Entity          string
	ID              string
	Number          string
	ServiceCenterID string
	Status          string
	Version         int
	Category        string `dynamodbav:",omitempty"`
	Search          string
	Form            string
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	StatusChangedAt time.Time
	SubmittedAt     *time.Time   `dynamodbav:",omitempty"`
	ReplyDeadline   *time.Time   `dynamodbav:",omitempty"`
	OrderIDs        []string     `dynamodbav:",omitempty"`
	CompensationID  string       `dynamodbav:",omitempty"`
	Parcels         []parcelItem `dynamodbav:",omitempty"`
	// RepairID: the front desk's order the act was filed from.
	RepairID string `dynamodbav:",omitempty"`
	// DuePK and DueAt put an act with a running timer (info_requested,
	// parts_delivered) on the sparse DueIndex, due at its reminder; every
	// other act leaves the index with the write that changes its status.
	DuePK string `dynamodbav:",omitempty"`
	DueAt string `dynamodbav:",omitempty"`
	// Verdict is the eligibility verdict, top level for the queue's filter;
	// Eligibility the verdict with its reasons as the API's JSON.
	Verdict     string `dynamodbav:",omitempty"`
	Eligibility string `dynamodbav:",omitempty"`
}

// newActItem is a's item, on the due index when the store's due rule says so.
func (s *Store) newActItem(a acts.Act) (actItem, error) {
	form, err := json.Marshal(a.Fields)
	if err != nil {
		return actItem{}, fmt.Errorf("encode act %s form: %w", a.ID, err)
	}
	k := actKey(a.ID)
	it := actItem{PK: k.PK, SK: k.SK,
		GSI1PK: centrePK(a.ServiceCenterID), GSI1SK: centreActSK(a.CreatedAt, a.ID),
		GSI2PK: actsPK, GSI2SK: actsSK(a.CreatedAt, a.ID),
		Entity: "act", ID: a.ID, Number: a.Number, ServiceCenterID: a.ServiceCenterID, Status: string(a.Status),
		Version: a.Version, Search: a.SearchText(), Form: string(form),
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, StatusChangedAt: a.StatusChangedAt,
		SubmittedAt: a.SubmittedAt, ReplyDeadline: a.ReplyDeadline, OrderIDs: a.OrderIDs, CompensationID: a.CompensationID,
		RepairID: a.RepairID}
	if a.Category != nil {
		it.Category = *a.Category
	}
	if a.Eligibility != nil {
		e, err := json.Marshal(a.Eligibility)
		if err != nil {
			return actItem{}, fmt.Errorf("encode act %s verdict: %w", a.ID, err)
		}
		it.Verdict, it.Eligibility = string(a.Eligibility.Verdict), string(e)
	}
	for _, p := range a.Parcels {
		it.Parcels = append(it.Parcels, parcelItem(p))
	}
	if a.Status == acts.StatusSubmitted && a.SubmittedAt != nil {
		preSale := a.Appearance != nil && *a.Appearance == acts.AppearancePreSale
		it.GSI3PK, it.GSI3SK = queuePK, queueSK(preSale, *a.SubmittedAt, a.ID)
		it.QueuedAt = sortableTime(*a.SubmittedAt)
	}
	if s.due == nil {
		return actItem{}, fmt.Errorf("store act %s: the store has no due rule (dynamo.Store.WithDue)", a.ID)
	}
	if at, ok := s.due(a); ok {
		it.DuePK, it.DueAt = duePK(k.PK), sortableTime(at)
	}
	return it, nil
}

func (it actItem) act() (acts.Act, error) {
	a := acts.Act{ID: it.ID, Number: it.Number, ServiceCenterID: it.ServiceCenterID, Status: acts.Status(it.Status),
		Version: it.Version, CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt,
		StatusChangedAt: it.StatusChangedAt, SubmittedAt: it.SubmittedAt, ReplyDeadline: it.ReplyDeadline, OrderIDs: it.OrderIDs,
		CompensationID: it.CompensationID, RepairID: it.RepairID}
	if err := json.Unmarshal([]byte(it.Form), &a.Fields); err != nil {
		return acts.Act{}, fmt.Errorf("decode act %s form: %w", it.ID, err)
	}
	if it.Eligibility != "" {
		a.Eligibility = new(eligibility.Result)
		if err := json.Unmarshal([]byte(it.Eligibility), a.Eligibility); err != nil {
			return acts.Act{}, fmt.Errorf("decode act %s verdict: %w", it.ID, err)
		}
	}
	for _, p := range it.Parcels {
		a.Parcels = append(a.Parcels, acts.Parcel(p))
	}
	return a, nil
}

// parcelItem is one of an act's parcels (acts.Parcel), stored in the act.
type parcelItem struct {
	ShipmentID, Carrier, TrackingNumber string
	TrackingURL                         string `dynamodbav:",omitempty"`
}

// eventItem is one history entry; Changes holds the field changes as JSON,
// since their old and new values are of any type.
type eventItem struct {
	PK, SK    string
	Entity    string
	ID        string
	At        time.Time
	ActorID   string
	ActorRole string
	Type      string
	Action    string `dynamodbav:",omitempty"`
	From      string `dynamodbav:",omitempty"`
	To        string `dynamodbav:",omitempty"`
	Changes   string `dynamodbav:",omitempty"`
	Reason    string `dynamodbav:",omitempty"`
	CommentID string `dynamodbav:",omitempty"`
	FileID    string `dynamodbav:",omitempty"`
	OrderID   string `dynamodbav:",omitempty"`
	ActorName string `dynamodbav:",omitempty"`
}

func newEventItem(e acts.Event) (eventItem, error) {
	k := historyKey(e.ActID, e.At, e.ID)
	it := eventItem{PK: k.PK, SK: k.SK, Entity: "act_event", ID: e.ID, At: e.At, ActorID: e.ActorID,
		ActorRole: string(e.ActorRole), ActorName: e.ActorName, Type: string(e.Type), Action: string(e.Action), From: string(e.From),
		To: string(e.To), Reason: e.Reason, CommentID: e.CommentID, FileID: e.FileID, OrderID: e.OrderID}
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return eventItem{}, fmt.Errorf("encode changes of event %s: %w", e.ID, err)
		}
		it.Changes = string(b)
	}
	return it, nil
}

func (it eventItem) event(actID string) (acts.Event, error) {
	e := acts.Event{ID: it.ID, ActID: actID, At: it.At, ActorID: it.ActorID, ActorRole: auth.Role(it.ActorRole),
		ActorName: it.ActorName, Type: acts.EventType(it.Type), Action: acts.Action(it.Action), From: acts.Status(it.From), To: acts.Status(it.To),
		Reason: it.Reason, CommentID: it.CommentID, FileID: it.FileID, OrderID: it.OrderID}
	if it.Changes != "" {
		if err := json.Unmarshal([]byte(it.Changes), &e.Changes); err != nil {
			return acts.Event{}, fmt.Errorf("decode changes of event %s: %w", it.ID, err)
		}
	}
	return e, nil
}

type commentItem struct {
	PK, SK        string
	Entity        string
	ID            string
	At            time.Time
	AuthorID      string
	AuthorRole    string
	Text          string
	FileIDs       []string `dynamodbav:",omitempty"`
	InfoRequest   bool
	ReplyDeadline *time.Time `dynamodbav:",omitempty"`
}

func newCommentItem(c acts.Comment) commentItem {
	k := commentKey(c.ActID, c.At, c.ID)
	return commentItem{PK: k.PK, SK: k.SK, Entity: "act_comment", ID: c.ID, At: c.At, AuthorID: c.AuthorID,
		AuthorRole: string(c.AuthorRole), Text: c.Text, FileIDs: c.FileIDs, InfoRequest: c.InfoRequest, ReplyDeadline: c.ReplyDeadline}
}

func (it commentItem) comment(actID string) acts.Comment {
	return acts.Comment{ID: it.ID, ActID: actID, At: it.At, AuthorID: it.AuthorID, AuthorRole: auth.Role(it.AuthorRole),
		Text: it.Text, FileIDs: it.FileIDs, InfoRequest: it.InfoRequest, ReplyDeadline: it.ReplyDeadline}
}

type fileItem struct {
	PK, SK       string
	Entity       string
	ID           string
	Kind         string
	ContentType  string
	Size         int64
	Name         string `dynamodbav:",omitempty"`
	Status       string
	RejectReason string `dynamodbav:",omitempty"`
	UploadedBy   string
	UploaderRole string
	CreatedAt    time.Time
	CheckedAt    *time.Time `dynamodbav:",omitempty"`
	ETag         string     `dynamodbav:",omitempty"`
	StoredKey    string     `dynamodbav:",omitempty"`
	// ExpiresAt (epoch seconds) is set only while pending: an upload never
	// made is forgotten once its slot is released (acts.File.SlotEnds).
	ExpiresAt int64 `dynamodbav:",omitempty"`
}

func newFileItem(f acts.File) fileItem {
	k := fileKey(f.ActID, f.ID)
	it := fileItem{PK: k.PK, SK: k.SK, Entity: "act_file", ID: f.ID, Kind: string(f.Kind), ContentType: f.ContentType,
		Size: f.Size, Name: f.Name, Status: string(f.Status), RejectReason: f.RejectReason, UploadedBy: f.UploadedBy,
		UploaderRole: string(f.UploaderRole), CreatedAt: f.CreatedAt, CheckedAt: f.CheckedAt, ETag: f.ETag, StoredKey: f.Key}
	if f.Status == acts.FilePending {
		it.ExpiresAt = f.SlotEnds().Unix()
	}
	return it
}

func (it fileItem) file(actID string) acts.File {
	return acts.File{ID: it.ID, ActID: actID, Kind: acts.FileKind(it.Kind), ContentType: it.ContentType, Size: it.Size,
		Name: it.Name, Status: acts.FileStatus(it.Status), RejectReason: it.RejectReason, UploadedBy: it.UploadedBy,
		UploaderRole: auth.Role(it.UploaderRole), CreatedAt: it.CreatedAt, CheckedAt: it.CheckedAt, ETag: it.ETag, Key: it.StoredKey}
}

// uniqueItem reserves a value (an internal number, a category name) for one owner.
type uniqueItem struct {
	PK, SK string
	Owner  string
}

// counterItem is a year's act-number counter: Seq is the last number given.
type counterItem struct {
	PK, SK string
	Seq    int
}

// errCounterMoved: another submission took a number between the read of the
// counter and the transaction; the write is tried again with the next one.
var errCounterMoved = errors.New("act number counter moved")

// maxNumberTries bounds the retries of a numbered write when submissions
// race for the same counter; between tries a submission waits a random
// while up to numberBackoff doubled per try (at most maxNumberBackoff), so
// racing submissions spread out instead of colliding again.
const (
	maxNumberTries   = 60
	numberBackoff    = 5 * time.Millisecond
	maxNumberBackoff = 400 * time.Millisecond
)

// writeNumbered gives w.After the next number of w.NumberYear in the same
// transaction as the rest of the write: the counter is read, and put back one
// higher on condition it still holds what was read. A refused or stale write
// therefore uses no number, and yearly numbers have no gaps.
func (a *Acts) writeNumbered(ctx context.Context, w acts.Write) error {
	if w.After == nil {
		return fmt.Errorf("number act %s: the write has no act to number", w.ActID)
	}
	k := counterKey(w.NumberYear)
	for try := 0; try < maxNumberTries; try++ {
		if try > 0 {
			wait := min(numberBackoff<<min(try, 10), maxNumberBackoff)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(rand.N(wait)):
			}
		}
		var c counterItem
		if err := a.s.get(ctx, k, &c); err != nil && !errors.Is(err, auth.ErrNotFound) {
			return fmt.Errorf("read act number counter of %d: %w", w.NumberYear, err)
		}
		w.After.Number = acts.FormatNumber(w.NumberYear, c.Seq+1)
		t := &txn{}
		if err := a.actChange(t, w); err != nil {
			return err
		}
		cond := expression.Name("Seq").Equal(expression.Value(c.Seq))
		if c.Seq == 0 {
			cond = notExists
		}
		item, err := a.putIf(counterItem{PK: k.PK, SK: k.SK, Seq: c.Seq + 1}, cond)
		t.add(item, err, errCounterMoved)
		err = a.commit(ctx, "write act "+w.ActID, t)
		if !errors.Is(err, errCounterMoved) {
			if err != nil {
				w.After.Number = ""
			}
			return err
		}
	}
	w.After.Number = ""
	return fmt.Errorf("number act %s: the counter of %d kept moving", w.ActID, w.NumberYear)
}

// Record reads an act's partition with one strongly consistent Query (more
// only past 1 MB, which an act does not reach).
func (a *Acts) Record(ctx context.Context, actID string) (acts.Record, error) {
	kc, err := expression.NewBuilder().WithKeyCondition(expression.Key("PK").Equal(expression.Value(actPK(actID)))).Build()
	if err != nil {
		return acts.Record{}, err
	}
	pages := dynamodb.NewQueryPaginator(a.s.db, &dynamodb.QueryInput{
		TableName: aws.String(a.s.table), KeyConditionExpression: kc.KeyCondition(),
		ExpressionAttributeNames: kc.Names(), ExpressionAttributeValues: kc.Values(), ConsistentRead: aws.Bool(true),
	})
	var rec acts.Record
	found := false
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return acts.Record{}, fmt.Errorf("read act %s: %w", actID, err)
		}
		for _, av := range page.Items {
			isAct, err := addToRecord(&rec, actID, av)
			if err != nil {
				return acts.Record{}, err
			}
			found = found || isAct
		}
	}
	if !found {
		return acts.Record{}, auth.ErrNotFound
	}
	return rec, nil
}

// recordItem is one item of an act's partition: the act, or a part of its record.
type recordItem interface {
	addTo(r *acts.Record, actID string) error
}

func (it actItem) addTo(r *acts.Record, _ string) (err error) {
	r.Act, err = it.act()
	return err
}

func (it eventItem) addTo(r *acts.Record, actID string) error {
	e, err := it.event(actID)
	r.History = append(r.History, e)
	return err
}

func (it commentItem) addTo(r *acts.Record, actID string) error {
	r.Comments = append(r.Comments, it.comment(actID))
	return nil
}

func (it fileItem) addTo(r *acts.Record, actID string) error {
	r.Files = append(r.Files, it.file(actID))
	return nil
}

// addToRecord decodes one item of an act's partition into r by its sort
// key, and reports whether it was the act itself.
func addToRecord(r *acts.Record, actID string, av map[string]types.AttributeValue) (bool, error) {
	sk, _ := av["SK"].(*types.AttributeValueMemberS)
	if sk == nil {
		return false, fmt.Errorf("item of act %s without a sort key", actID)
	}
	var it recordItem
	switch {
	case sk.Value == skMeta:
		it = &actItem{}
	case strings.HasPrefix(sk.Value, prefixHistory):
		it = &eventItem{}
	case strings.HasPrefix(sk.Value, prefixComment):
		it = &commentItem{}
	case strings.HasPrefix(sk.Value, prefixFile):
		it = &fileItem{}
	default:
		return false, nil
	}
	if err := attributevalue.UnmarshalMap(av, it); err != nil {
		return false, fmt.Errorf("decode %s of act %s: %w", sk.Value, actID, err)
	}
	return sk.Value == skMeta, it.addTo(r, actID)
}

// txn collects the items of one transaction and what a failed condition on
// each of them means.
type txn struct {
	items  []types.TransactWriteItem
	onFail []error
	err    error
}

func (t *txn) add(item types.TransactWriteItem, err, failed error) {
	if t.err == nil && err != nil {
		t.err = err
	}
	t.items, t.onFail = append(t.items, item), append(t.onFail, failed)
}

func (a *Acts) putIf(item any, cond expression.ConditionBuilder) (types.TransactWriteItem, error) {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{
		TableName: aws.String(a.s.table), Item: av, ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}}, nil
}

func (a *Acts) deleteIf(k key, cond *expression.ConditionBuilder) (types.TransactWriteItem, error) {
	del := &types.Delete{TableName: aws.String(a.s.table), Key: a.s.keyAV(k)}
	if cond != nil {
		expr, err := expression.NewBuilder().WithCondition(*cond).Build()
		if err != nil {
			return types.TransactWriteItem{}, err
		}
		del.ConditionExpression, del.ExpressionAttributeNames, del.ExpressionAttributeValues = expr.Condition(), expr.Names(), expr.Values()
	}
	return types.TransactWriteItem{Delete: del}, nil
}

// commit runs a transaction. A failed condition is reported as the error
// the item was added with; a conflict with a concurrent transaction on the
// same items is retried (transactWrite), never reported as a stale act.
func (a *Acts) commit(ctx context.Context, what string, t *txn) error {
	if t.err != nil {
		return fmt.Errorf("%s: %w", what, t.err)
	}
	err := a.s.transactWrite(ctx, t.items)
	var cancelled *types.TransactionCanceledException
	if errors.As(err, &cancelled) {
		for i, r := range cancelled.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" && i < len(t.onFail) && t.onFail[i] != nil {
				return t.onFail[i]
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

var (
	notExists = expression.AttributeNotExists(expression.Name("PK"))
	exists    = expression.AttributeExists(expression.Name("PK"))
)

func versionIs(v int) expression.ConditionBuilder {
	return expression.Name("Version").Equal(expression.Value(v))
}

func ownedBy(id string) expression.ConditionBuilder {
	return expression.Name("Owner").Equal(expression.Value(id))
}

// Write stores one change of an act as a single TransactWriteItems (see
// actChange); a write that numbers the act also moves the year's counter
// (writeNumbered).
func (a *Acts) Write(ctx context.Context, w acts.Write) error {
	if w.NumberYear != 0 {
		return a.writeNumbered(ctx, w)
	}
	t := &txn{}
	if err := a.actChange(t, w); err != nil {
		return err
	}
	return a.commit(ctx, "write act "+w.ActID, t)
}

// actChange adds one change of an act to t: the act at its new version (on
// condition of the version it was read at), its internal-number
// reservation, history events, comments, files and order. Shipments and
// timers add their own items to the same transaction.
func (a *Acts) actChange(t *txn, w acts.Write) error {
	switch {
	case w.After != nil:
		it, err := a.s.newActItem(*w.After)
		if err != nil {
			return err
		}
		cond := notExists
		if w.Before != nil {
			cond = versionIs(w.Before.Version)
		}
		item, err := a.putIf(it, cond)
		t.add(item, err, acts.ErrStale)
		a.reserveInternalNumber(t, w.Before, *w.After)
		if w.Before == nil && w.After.RepairID != "" {
			a.linkRepair(t, *w.After)
		}
	case w.Before != nil:
		item, err := a.s.check(actKey(w.ActID), versionIs(w.Before.Version))
		t.add(item, err, acts.ErrStale)
	default:
		item, err := a.s.check(actKey(w.ActID), exists)
		t.add(item, err, acts.ErrStale)
	}
	for _, e := range w.Events {
		it, err := newEventItem(e)
		if err != nil {
			return err
		}
		item, err := a.s.put(it)
		t.add(item, err, nil)
	}
	for _, c := range w.Comments {
		item, err := a.s.put(newCommentItem(c))
		t.add(item, err, nil)
	}
	for _, f := range w.NewFiles {
		item, err := a.putIf(newFileItem(f), notExists)
		t.add(item, err, nil)
	}
	for _, f := range w.CheckedFiles {
		item, err := a.putIf(newFileItem(f), expression.Name("Status").Equal(expression.Value(string(acts.FilePending))))
		t.add(item, err, acts.ErrFileNotPending)
	}
	if w.Order != nil {
		item, err := a.putIf(newOrderItem(*w.Order), notExists)
		t.add(item, err, nil)
		a.addLedgerEntries(t, a.orderEntries(*w.Order, w.After), nil)
	}
	if w.Mails != nil {
		var stored acts.Act
		switch {
		case w.After != nil:
			stored = *w.After
		case w.Before != nil:
			stored = *w.Before
		}
		for _, m := range w.Mails(stored) {
			if item, ok, err := a.s.queueMail(m); ok || err != nil {
				t.add(item, err, nil)
			}
		}
	}
	return nil
}

// reserveInternalNumber adds the items that keep internal numbers unique
// within a centre: a new or changed number is reserved for the act, and the
// number it had before is released.
func (a *Acts) reserveInternalNumber(t *txn, before *acts.Act, after acts.Act) {
	var old, cur string
	if before != nil && before.InternalNumber != nil {
		old = *before.InternalNumber
	}
	if after.InternalNumber != nil {
		cur = *after.InternalNumber
	}
	if strings.EqualFold(old, cur) {
		return
	}
	if old != "" {
		owned := ownedBy(after.ID)
		item, err := a.deleteIf(internalNumberKey(after.ServiceCenterID, old), &owned)
		t.add(item, err, nil)
	}
	if cur != "" {
		k := internalNumberKey(after.ServiceCenterID, cur)
		item, err := a.putIf(uniqueItem{PK: k.PK, SK: k.SK, Owner: after.ID}, notExists)
		t.add(item, err, acts.ErrInternalNumberTaken)
	}
}

// maxTransactItems is DynamoDB's limit on one transaction.
const maxTransactItems = 100

// DeleteDraft deletes the act and its internal-number reservation in one
// transaction on condition it is still the draft that was read; the rest of
// its partition follows in further transactions (an act without its META
// item is already gone for every reader).
func (a *Acts) DeleteDraft(ctx context.Context, r acts.Record) error {
	id := r.Act.ID
	t := &txn{}
	cond := versionIs(r.Act.Version).And(expression.Name("Status").Equal(expression.Value(string(acts.StatusDraft))))
	item, err := a.deleteIf(actKey(id), &cond)
	t.add(item, err, acts.ErrStale)
	if n := r.Act.InternalNumber; n != nil && *n != "" {
		owned := ownedBy(id)
		item, err := a.deleteIf(internalNumberKey(r.Act.ServiceCenterID, *n), &owned)
		t.add(item, err, nil)
	}
	a.unlinkRepair(t, r.Act)
	var rest []key
	for _, e := range r.History {
		rest = append(rest, historyKey(id, e.At, e.ID))
	}
	for _, c := range r.Comments {
		rest = append(rest, commentKey(id, c.At, c.ID))
	}
	for _, f := range r.Files {
		rest = append(rest, fileKey(id, f.ID))
	}
	for len(rest) > 0 {
		n := min(len(rest), maxTransactItems-len(t.items))
		for _, k := range rest[:n] {
			item, err := a.deleteIf(k, nil)
			t.add(item, err, nil)
		}
		rest = rest[n:]
		if err := a.commit(ctx, "delete draft "+id, t); err != nil {
			return err
		}
		t = &txn{}
	}
	if len(t.items) > 0 {
		return a.commit(ctx, "delete draft "+id, t)
	}
	return nil
}
