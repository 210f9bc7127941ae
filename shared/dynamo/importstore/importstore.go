package importstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/serialstore"
	"aftersales/shared/imports"
)

// Imports is the storage of outlet and route loads: their protocols, the
// outlets (one item per global code) and the routes (one item per route,
// replaced as a whole). Large loads read and write in batches: BatchGetItem
// of 100 keys and BatchWriteItem of 25 items, several in flight, with the
// unprocessed remainder retried after an exponential, jittered backoff.
type Imports struct {
	s *dynamo.Store
	// Workers is how many batch calls run at once (dynamo.DefaultWorkers).
	Workers int
}

// New returns the loads' storage of the store's table.
func New(s *dynamo.Store) *Imports { return &Imports{s: s, Workers: dynamo.DefaultWorkers} }

var (
	_ imports.ProtocolStore   = (*Imports)(nil)
	_ imports.DirectoryStore  = (*Imports)(nil)
	_ imports.ProtocolReader  = (*Imports)(nil)
	_ imports.DirectoryReader = (*Imports)(nil)
)

// ---------------------------------------------------------------- protocols

type countsItem struct {
	Total, Created, Updated, Unchanged, Removed, WithErrors, Errors int
}

type rowErrorItem struct {
	Row    int
	Column string
	Value  string
	Reason string
}

// loadItem is a protocol. Its GSI1 keys appear once the load has a number,
// so a distributor's list shows only loads it can tell apart.
type loadItem struct {
	PK, SK          string
	GSI1PK          string `dynamodbav:",omitempty"`
	GSI1SK          string `dynamodbav:",omitempty"`
	GSI2PK, GSI2SK  string
	Entity          string
	ID              string
	Seq             int    `dynamodbav:",omitempty"`
	Distributor     string `dynamodbav:",omitempty"`
	DistributorName string `dynamodbav:",omitempty"`
	Procedure       string `dynamodbav:",omitempty"`
	CheckOnly       bool
	FileName        string
	UploadID        string `dynamodbav:",omitempty"`
	Bucket          string
	ObjectKey       string
	VersionID       string
	Size            int64
	FileType        string   `dynamodbav:",omitempty"`
	UploaderID      string   `dynamodbav:",omitempty"`
	UploaderName    string   `dynamodbav:",omitempty"`
	Status          string   // a reserved word: expressions use the builder's placeholders
	Reason          string   `dynamodbav:",omitempty"`
	Warnings        []string `dynamodbav:",omitempty"`
	Counts          countsItem
	FirstErrors     []rowErrorItem `dynamodbav:",omitempty"`
	ReportKey       string         `dynamodbav:",omitempty"`
	Recipients      []string       `dynamodbav:",omitempty"`
	CreatedAt       time.Time
	ValidatedAt     *time.Time `dynamodbav:",omitempty"`
	FinishedAt      *time.Time `dynamodbav:",omitempty"`
	Attempts        int
	Owner           string
	// LeaseUntil is Unix milliseconds, compared for equality by TakeOver.
	LeaseUntil int64
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func newLoadItem(p imports.Protocol) loadItem {
	k := dynamo.LoadKey(p.ID)
	it := loadItem{PK: k.PK, SK: k.SK, GSI2PK: dynamo.LoadsPK, GSI2SK: dynamo.LoadsSK(p.CreatedAt, p.ID), Entity: "load",
		ID: p.ID, Seq: p.Seq, Distributor: p.Distributor, DistributorName: p.DistributorName, Procedure: string(p.Procedure),
		CheckOnly: p.CheckOnly, FileName: p.FileName, UploadID: p.UploadID,
		Bucket: p.Object.Bucket, ObjectKey: p.Object.Key, VersionID: p.Object.VersionID, Size: p.Size, FileType: p.FileType,
		UploaderID: p.UploaderID, UploaderName: p.UploaderName, Status: string(p.Status), Reason: p.Reason, Warnings: p.Warnings,
		Counts: countsItem(p.Counts), ReportKey: p.ReportKey, Recipients: p.Recipients,
		CreatedAt: p.CreatedAt, ValidatedAt: optionalTime(p.ValidatedAt), FinishedAt: optionalTime(p.FinishedAt),
		Attempts: p.Attempts, Owner: p.Lease.Owner, LeaseUntil: leaseMillis(p.Lease.Until)}
	if p.Seq > 0 && p.Distributor != "" {
		it.GSI1PK, it.GSI1SK = dynamo.DistributorLoadsPK(p.Distributor), dynamo.LoadSeqSK(p.Seq)
	}
	for _, e := range p.FirstErrors {
		it.FirstErrors = append(it.FirstErrors, rowErrorItem(e))
	}
	return it
}

func leaseMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func (it loadItem) protocol() imports.Protocol {
	p := imports.Protocol{ID: it.ID, Seq: it.Seq, Distributor: it.Distributor, DistributorName: it.DistributorName,
		Procedure: imports.Procedure(it.Procedure), CheckOnly: it.CheckOnly, FileName: it.FileName, UploadID: it.UploadID,
		Object: imports.Object{Bucket: it.Bucket, Key: it.ObjectKey, VersionID: it.VersionID}, Size: it.Size,
		FileType: it.FileType, UploaderID: it.UploaderID, UploaderName: it.UploaderName, Status: imports.LoadStatus(it.Status),
		Reason: it.Reason, Warnings: it.Warnings, Counts: imports.Counts(it.Counts), ReportKey: it.ReportKey,
		Recipients: it.Recipients, CreatedAt: it.CreatedAt, Attempts: it.Attempts, Lease: imports.Lease{Owner: it.Owner}}
	if it.LeaseUntil > 0 {
		p.Lease.Until = time.UnixMilli(it.LeaseUntil)
	}
	if it.ValidatedAt != nil {
		p.ValidatedAt = *it.ValidatedAt
	}
	if it.FinishedAt != nil {
		p.FinishedAt = *it.FinishedAt
	}
	for _, e := range it.FirstErrors {
		p.FirstErrors = append(p.FirstErrors, imports.RowError(e))
	}
	return p
}

func decodeProtocol(av map[string]types.AttributeValue) (imports.Protocol, error) {
	var it loadItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return imports.Protocol{}, fmt.Errorf("decode load protocol: %w", err)
	}
	return it.protocol(), nil
}

// putProtocol writes p on condition cond; a failed condition comes back as
// the stored item (ALL_OLD), without a second read.
func (i *Imports) putProtocol(ctx context.Context, p imports.Protocol, cond expression.ConditionBuilder) (map[string]types.AttributeValue, error) {
	old, err := i.s.PutIf(ctx, newLoadItem(p), cond)
	if errors.Is(err, dynamo.ErrConditionFailed) {
		return old, imports.ErrLeaseLost
	}
	if err != nil {
		return nil, fmt.Errorf("put load protocol %s: %w", p.ID, err)
	}
	return nil, nil
}

// heldBy is the condition that owner still holds a protocol being processed.
func heldBy(owner string) expression.ConditionBuilder {
	return expression.Name("Owner").Equal(expression.Value(owner)).
		And(expression.Name("Status").Equal(expression.Value(string(imports.LoadProcessing))))
}

// ClaimProtocol is one conditional PutItem: of any number of deliveries of
// an object's event, exactly one creates its protocol.
func (i *Imports) ClaimProtocol(ctx context.Context, p imports.Protocol) (imports.Protocol, bool, error) {
	old, err := i.putProtocol(ctx, p, expression.AttributeNotExists(expression.Name("PK")))
	if errors.Is(err, imports.ErrLeaseLost) {
		stored, err := decodeProtocol(old)
		return stored, false, err
	}
	if err != nil {
		return imports.Protocol{}, false, err
	}
	return p, true, nil
}

// TakeOver replaces a protocol whose lease ran out, on condition nobody
// renewed or took it meanwhile.
func (i *Imports) TakeOver(ctx context.Context, p imports.Protocol, prev imports.Lease) error {
	_, err := i.putProtocol(ctx, p, heldBy(prev.Owner).And(expression.Name("LeaseUntil").Equal(expression.Value(leaseMillis(prev.Until)))))
	return err
}

// SaveProtocol writes the holder's progress or outcome.
func (i *Imports) SaveProtocol(ctx context.Context, p imports.Protocol, owner string) error {
	_, err := i.putProtocol(ctx, p, heldBy(owner))
	return err
}

// RenewLease moves the end of the holder's lease.
func (i *Imports) RenewLease(ctx context.Context, id string, l imports.Lease) error {
	expr, err := expression.NewBuilder().WithCondition(heldBy(l.Owner)).
		WithUpdate(expression.Set(expression.Name("LeaseUntil"), expression.Value(leaseMillis(l.Until)))).Build()
	if err != nil {
		return err
	}
	_, err = i.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(i.s.Table()), Key: i.s.KeyAV(dynamo.LoadKey(id)),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if dynamo.IsConditionFailed(err) {
		return imports.ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("renew the lease on load %s: %w", id, err)
	}
	return nil
}

// NextLoadSeq takes a distributor's next load number with an atomic ADD.
func (i *Imports) NextLoadSeq(ctx context.Context, distributor string) (int, error) {
	update, err := expression.NewBuilder().WithUpdate(expression.Add(expression.Name("Seq"), expression.Value(1))).Build()
	if err != nil {
		return 0, err
	}
	out, err := i.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(i.s.Table()), Key: i.s.KeyAV(dynamo.LoadCounterKey(distributor)),
		UpdateExpression: update.Update(), ExpressionAttributeNames: update.Names(), ExpressionAttributeValues: update.Values(),
		ReturnValues: types.ReturnValueUpdatedNew,
	})
	if err != nil {
		return 0, fmt.Errorf("count loads of %s: %w", distributor, err)
	}
	var got struct{ Seq int }
	if err := attributevalue.UnmarshalMap(out.Attributes, &got); err != nil {
		return 0, fmt.Errorf("decode load number of %s: %w", distributor, err)
	}
	return got.Seq, nil
}

// Protocol reads a protocol strongly consistently.
func (i *Imports) Protocol(ctx context.Context, id string) (imports.Protocol, error) {
	var it loadItem
	if err := i.s.Get(ctx, dynamo.LoadKey(id), &it); err != nil {
		return imports.Protocol{}, err
	}
	return it.protocol(), nil
}

// ProtocolBySeq reads a distributor's load by its number from GSI1.
func (i *Imports) ProtocolBySeq(ctx context.Context, distributor string, seq int) (imports.Protocol, error) {
	kc := expression.Key("GSI1PK").Equal(expression.Value(dynamo.DistributorLoadsPK(distributor))).
		And(expression.Key("GSI1SK").Equal(expression.Value(dynamo.LoadSeqSK(seq))))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).Build()
	if err != nil {
		return imports.Protocol{}, err
	}
	out, err := i.s.DB().Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String(i.s.Table()), IndexName: aws.String(dynamo.IndexGSI1), KeyConditionExpression: expr.KeyCondition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(), Limit: aws.Int32(1),
	})
	if err != nil {
		return imports.Protocol{}, fmt.Errorf("read load %d of %s: %w", seq, distributor, err)
	}
	if len(out.Items) == 0 {
		return imports.Protocol{}, auth.ErrNotFound
	}
	return decodeProtocol(out.Items[0])
}

// ListProtocols pages through one distributor's loads by number (GSI1) or
// everybody's by time (GSI2), newest first; status, procedure and upload
// are filters.
func (i *Imports) ListProtocols(ctx context.Context, q imports.ProtocolQuery) (auth.Page[imports.Protocol], error) {
	p := dynamo.OnGSI2(dynamo.LoadsPK, false)
	if q.Distributor != "" {
		p = dynamo.OnGSI1(dynamo.DistributorLoadsPK(q.Distributor), false)
	}
	var filters []expression.ConditionBuilder
	filters = dynamo.EqualIf(filters, "Status", q.Status)
	filters = dynamo.EqualIf(filters, "Procedure", q.Procedure)
	filters = dynamo.EqualIf(filters, "UploadID", q.UploadID)
	lq := dynamo.NewList(p, p.Whole(), filters...)
	return dynamo.ListPage(ctx, i.s, lq, q.Limit, q.Cursor, decodeProtocol)
}

// ---------------------------------------------------------------- outlets

// outletItem is an outlet, keyed by its global code and indexed once, in
// its shard of the distributor's outlets (keys.go). NameLower and
// CityLower serve the list's case-insensitive filters; Fingerprint lets a
// load skip a row that changes nothing.
type outletItem struct {
	PK, SK         string
	GSI1PK, GSI1SK string
	Entity         string
	Code           string
	Distributor    string
	Name           string
	NameLower      string
	LegalName      string `dynamodbav:",omitempty"`
	INN            string `dynamodbav:",omitempty"`
	Address        string
	City           string
	CityLower      string
	Region         string   `dynamodbav:",omitempty"`
	Latitude       *float64 `dynamodbav:",omitempty"`
	Longitude      *float64 `dynamodbav:",omitempty"`
	Subtype        string
	Channel        string `dynamodbav:",omitempty"`
	Status         string
	RDCCode        string   `dynamodbav:",omitempty"`
	RDCShare       *float64 `dynamodbav:",omitempty"`
	LocalCode      string   `dynamodbav:",omitempty"`
	Fingerprint    uint64
	// Changed is the last change as a sortable time (the "changed since"
	// filter compares strings); items written before it carry ChangedAt.
	Changed   string
	ChangedAt *time.Time `dynamodbav:",omitempty"`
	LoadID    string
	LoadSeq   int
}

func newOutletItem(o imports.StoredOutlet) outletItem {
	k, pk := dynamo.OutletKey(o.Code), dynamo.DistributorOutletsPK(o.Distributor, dynamo.OutletShard(o.Code))
	it := outletItem{PK: k.PK, SK: k.SK, GSI1PK: pk, GSI1SK: o.Code,
		Entity: "outlet", Code: o.Code, Distributor: o.Distributor, Name: o.Name, NameLower: strings.ToLower(o.Name),
		LegalName: o.LegalName, INN: o.INN, Address: o.Address, City: o.City, CityLower: strings.ToLower(o.City),
		Region: o.Region, Subtype: string(o.Subtype), Channel: o.Channel, Status: string(o.Status), RDCCode: o.RDCCode,
		LocalCode: o.LocalCode, Fingerprint: o.Fingerprint(), Changed: dynamo.SortableTime(o.Changed.At), LoadID: o.Changed.LoadID, LoadSeq: o.Changed.LoadSeq}
	if o.HasCoordinates {
		it.Latitude, it.Longitude = &o.Latitude, &o.Longitude
	}
	if o.HasRDCShare {
		it.RDCShare = &o.RDCShare
	}
	return it
}

func (it outletItem) outlet() (imports.StoredOutlet, error) {
	changed, err := it.changedAt()
	if err != nil {
		return imports.StoredOutlet{}, err
	}
	o := imports.StoredOutlet{Outlet: imports.Outlet{Code: it.Code, Name: it.Name, LegalName: it.LegalName, INN: it.INN,
		Address: it.Address, City: it.City, Region: it.Region, Subtype: imports.Subtype(it.Subtype), Channel: it.Channel,
		Status: imports.Status(it.Status), RDCCode: it.RDCCode, LocalCode: it.LocalCode},
		Distributor: it.Distributor, Changed: imports.Stamp{LoadID: it.LoadID, LoadSeq: it.LoadSeq, At: changed}}
	if it.Latitude != nil && it.Longitude != nil {
		o.HasCoordinates, o.Latitude, o.Longitude = true, *it.Latitude, *it.Longitude
	}
	if it.RDCShare != nil {
		o.HasRDCShare, o.RDCShare = true, *it.RDCShare
	}
	return o, nil
}

func (it outletItem) link() imports.RDCLink {
	l := imports.RDCLink{Code: it.RDCCode}
	if it.RDCShare != nil {
		l.HasShare, l.Share = true, *it.RDCShare
	}
	return l
}

func (it outletItem) changedAt() (time.Time, error) {
	if it.Changed == "" && it.ChangedAt != nil {
		return *it.ChangedAt, nil
	}
	t, err := time.Parse(sortableLayout, it.Changed)
	if err != nil {
		return time.Time{}, fmt.Errorf("decode outlet %s change time: %w", it.Code, err)
	}
	return t, nil
}

// sortableLayout reads dynamo.SortableTime back.
const sortableLayout = "2006-01-02T15:04:05.000000000Z"

func decodeOutlet(av map[string]types.AttributeValue) (imports.StoredOutlet, error) {
	var it outletItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return imports.StoredOutlet{}, fmt.Errorf("decode outlet: %w", err)
	}
	return it.outlet()
}

// stateProjection reads only what validation needs of an outlet.
var stateProjection = expression.NamesList(expression.Name("Code"), expression.Name("Distributor"),
	expression.Name("Subtype"), expression.Name("Status"), expression.Name("LoadID"), expression.Name("Fingerprint"),
	expression.Name("RDCCode"), expression.Name("RDCShare"))

// OutletStates reads the stored outlets among codes with BatchGetItem.
func (i *Imports) OutletStates(ctx context.Context, codes []string) (map[string]imports.OutletState, error) {
	proj, err := expression.NewBuilder().WithProjection(stateProjection).Build()
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	out := make(map[string]imports.OutletState, len(codes))
	err = i.s.BatchGet(ctx, i.Workers, outletKeys(codes), &proj, func(av map[string]types.AttributeValue) error {
		var it outletItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode outlet state: %w", err)
		}
		mu.Lock()
		out[it.Code] = imports.OutletState{Distributor: it.Distributor, Subtype: imports.Subtype(it.Subtype),
			Status: imports.Status(it.Status), LoadID: it.LoadID, Fingerprint: it.Fingerprint, RDC: it.link()}
		mu.Unlock()
		return nil
	})
	return out, err
}

// Outlets reads whole stored outlets with BatchGetItem.
func (i *Imports) Outlets(ctx context.Context, codes []string) (map[string]imports.StoredOutlet, error) {
	return batchGetByCode(ctx, i, codes, dynamo.OutletKey, decodeOutlet, func(o imports.StoredOutlet) string { return o.Code })
}

// batchGetByCode reads the items of codes (keyed by key) with BatchGetItem
// and maps each decoded item by its code.
func batchGetByCode[T any](ctx context.Context, i *Imports, codes []string, key func(string) dynamo.Key,
	decode func(map[string]types.AttributeValue) (T, error), codeOf func(T) string) (map[string]T, error) {
	keys := make([]dynamo.Key, len(codes))
	for n, c := range codes {
		keys[n] = key(c)
	}
	var mu sync.Mutex
	out := make(map[string]T, len(codes))
	err := i.s.BatchGet(ctx, i.Workers, keys, nil, func(av map[string]types.AttributeValue) error {
		v, err := decode(av)
		if err != nil {
			return err
		}
		mu.Lock()
		out[codeOf(v)] = v
		mu.Unlock()
		return nil
	})
	return out, err
}

func outletKeys(codes []string) []dynamo.Key {
	keys := make([]dynamo.Key, len(codes))
	for n, c := range codes {
		keys[n] = dynamo.OutletKey(c)
	}
	return keys
}

// ---------------------------------------------------------------- routes

// stopItem is one stop of a route. Its attribute names are one letter: a
// route of MaxRouteStops stops must fit DynamoDB's 400 KB item.
type stopItem struct {
	Outlet    string `dynamodbav:"o"`
	Agent     string `dynamodbav:"a,omitempty"`
	Days      int    `dynamodbav:"d"`
	Frequency string `dynamodbav:"f"`
	StartDate string `dynamodbav:"s,omitempty"` // YYYY-MM-DD
	Order     int    `dynamodbav:"n,omitempty"`
}

// routeItem is a route with all its stops, so replacing it is one put.
// Outlets (a string set) serves the "visits this outlet" filter; Changed is
// the sortable change time for the "changed since" filter.
type routeItem struct {
	PK, SK      string
	Entity      string
	Code        string
	Territory   string
	Distributor string
	Stops       []stopItem
	Outlets     []string `dynamodbav:",stringset,omitempty"`
	Changed     string
	LoadID      string
	LoadSeq     int
}

const dateLayout = "2006-01-02"

func newRouteItem(r imports.Route) routeItem {
	k := dynamo.RouteKey(r.Distributor, r.Code)
	it := routeItem{PK: k.PK, SK: k.SK, Entity: "route", Code: r.Code, Territory: r.Territory, Distributor: r.Distributor,
		Changed: dynamo.SortableTime(r.Changed.At), LoadID: r.Changed.LoadID, LoadSeq: r.Changed.LoadSeq}
	seen := map[string]bool{}
	for _, s := range r.Stops {
		st := stopItem{Outlet: s.OutletCode, Agent: s.Agent, Days: int(s.VisitDays), Frequency: string(s.Frequency), Order: s.Order}
		if !s.StartDate.IsZero() {
			st.StartDate = s.StartDate.Format(dateLayout)
		}
		it.Stops = append(it.Stops, st)
		if !seen[s.OutletCode] {
			seen[s.OutletCode] = true
			it.Outlets = append(it.Outlets, s.OutletCode)
		}
	}
	return it
}

func decodeRoute(av map[string]types.AttributeValue) (imports.Route, error) {
	var it routeItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return imports.Route{}, fmt.Errorf("decode route: %w", err)
	}
	changed, err := time.Parse(sortableLayout, it.Changed)
	if err != nil {
		return imports.Route{}, fmt.Errorf("decode route %s change time: %w", it.Code, err)
	}
	r := imports.Route{Code: it.Code, Territory: it.Territory, Distributor: it.Distributor,
		Changed: imports.Stamp{LoadID: it.LoadID, LoadSeq: it.LoadSeq, At: changed}, Stops: make([]imports.Stop, 0, len(it.Stops))}
	for _, s := range it.Stops {
		st := imports.Stop{OutletCode: s.Outlet, Agent: s.Agent, VisitDays: imports.Weekdays(s.Days),
			Frequency: imports.Frequency(s.Frequency), Order: s.Order}
		if s.StartDate != "" {
			if st.StartDate, err = time.Parse(dateLayout, s.StartDate); err != nil {
				return imports.Route{}, fmt.Errorf("decode route %s start date: %w", it.Code, err)
			}
		}
		r.Stops = append(r.Stops, st)
	}
	return r, nil
}

// Routes reads a distributor's stored routes with BatchGetItem.
func (i *Imports) Routes(ctx context.Context, distributor string, codes []string) (map[string]imports.Route, error) {
	return batchGetByCode(ctx, i, codes, func(c string) dynamo.Key { return dynamo.RouteKey(distributor, c) }, decodeRoute,
		func(r imports.Route) string { return r.Code })
}

// ---------------------------------------------------------------- batches

// batchWriteSize is DynamoDB's own limit.
const batchWriteSize = 25

// NewWriter starts a batch writer: puts are gathered into BatchWriteItem
// calls of 25 and sent by i.Workers goroutines.
func (i *Imports) NewWriter(ctx context.Context) imports.DirectoryWriter {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &batchWriter{i: i, ctx: ctx, cancel: cancel, batches: make(chan []types.WriteRequest, max(i.Workers, 1))}
	for range max(i.Workers, 1) {
		w.wg.Add(1)
		go w.work()
	}
	return w
}

// batchWriter is one load's writes. Its puts come from one goroutine (the
// load's second pass); its workers stop at the first failure.
type batchWriter struct {
	i       *Imports
	ctx     context.Context
	cancel  context.CancelCauseFunc
	batches chan []types.WriteRequest
	pending []types.WriteRequest
	wg      sync.WaitGroup
	once    sync.Once
	err     error
}

func (w *batchWriter) PutOutlet(o imports.StoredOutlet) error { return w.put(newOutletItem(o)) }

func (w *batchWriter) PutRoute(r imports.Route) error { return w.put(newRouteItem(r)) }

func (w *batchWriter) PutSerial(r imports.StoredSerial) error {
	return w.put(serialstore.Item(r.SerialRecord, imports.SerialFingerprint(r.SerialRecord),
		serialstore.Stamp{LoadID: r.Changed.LoadID, LoadSeq: r.Changed.LoadSeq, At: r.Changed.At}))
}

// SerialStates reads the registry's records among serials with BatchGetItem.
func (i *Imports) SerialStates(ctx context.Context, serials []string) (map[string]imports.SerialState, error) {
	found, err := serialstore.New(i.s).States(ctx, i.Workers, serials)
	if err != nil {
		return nil, err
	}
	out := make(map[string]imports.SerialState, len(found))
	for s, st := range found {
		out[s] = imports.SerialState(st)
	}
	return out, nil
}

func (w *batchWriter) put(item any) error {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return fmt.Errorf("encode a directory item: %w", err)
	}
	w.pending = append(w.pending, types.WriteRequest{PutRequest: &types.PutRequest{Item: av}})
	if len(w.pending) < batchWriteSize {
		return nil
	}
	return w.send()
}

func (w *batchWriter) send() error {
	batch := w.pending
	w.pending = nil
	select {
	case w.batches <- batch:
		return nil
	case <-w.ctx.Done():
		return fmt.Errorf("write the directory: %w", context.Cause(w.ctx))
	}
}

func (w *batchWriter) work() {
	defer w.wg.Done()
	for batch := range w.batches {
		if w.ctx.Err() != nil {
			continue // drain: a write failed or the load was stopped
		}
		if err := w.write(batch); err != nil {
			w.cancel(err)
		}
	}
}

// write sends one batch, retrying its unprocessed items with backoff.
func (w *batchWriter) write(batch []types.WriteRequest) error {
	req := map[string][]types.WriteRequest{w.i.s.Table(): batch}
	for attempt := 0; ; attempt++ {
		out, err := w.i.s.DB().BatchWriteItem(w.ctx, &dynamodb.BatchWriteItemInput{RequestItems: req})
		if err != nil {
			return fmt.Errorf("batch write of %d items: %w", len(req[w.i.s.Table()]), err)
		}
		if len(out.UnprocessedItems) == 0 {
			return nil
		}
		if attempt+1 == dynamo.BatchAttempts {
			return fmt.Errorf("batch write: items still unprocessed after %d attempts", dynamo.BatchAttempts)
		}
		req = out.UnprocessedItems
		if err := dynamo.Backoff(w.ctx, attempt); err != nil {
			return err
		}
	}
}

// Close sends what is pending, waits for the workers and returns the
// first failure. Closing again returns the same result.
func (w *batchWriter) Close() error {
	w.once.Do(func() {
		var err error
		if len(w.pending) > 0 && w.ctx.Err() == nil {
			err = w.send()
		}
		close(w.batches)
		w.wg.Wait()
		if cause := context.Cause(w.ctx); cause != nil {
			err = cause
		}
		w.cancel(nil)
		w.err = err
	})
	return w.err
}
