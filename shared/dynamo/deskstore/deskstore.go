// Package deskstore keeps the front desk's customers and devices (shared/desk)
// on the one table: each customer with its phone and name search keys in
// one transaction, each device with its serial key, and the search that
// answers in at most three calls — the phone or name Query and the serial
// Query, then one BatchGetItem of what they found. Key formats are in
// shared/dynamo/keys.go.
package deskstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
)

// Desk is the front desk's store.
type Desk struct {
	s *dynamo.Store
}

// New returns the desk's store on the table.
func New(s *dynamo.Store) *Desk { return &Desk{s: s} }

var _ desk.Store = (*Desk)(nil)

const (
	entityCustomer = "customer"
	entityDevice   = "device"
	entitySearch   = "desk-search-key"
)

type customerItem struct {
	PK, SK       string
	Entity       string
	ID           string
	CentreID     string
	Name         string
	Phones       []string
	Email        string `dynamodbav:",omitempty"`
	Address      string `dynamodbav:",omitempty"`
	Notes        string `dynamodbav:",omitempty"`
	ConsentSMS   bool
	ConsentEmail bool
	Version      int
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// searchItem is a phone, name or serial key: it only points at its owner.
type searchItem struct {
	PK, SK     string
	Entity     string
	CustomerID string
	DeviceID   string `dynamodbav:",omitempty"`
}

type deviceItem struct {
	PK, SK       string
	Entity       string
	GSI1PK       string
	GSI1SK       string
	ID           string
	CentreID     string
	CustomerID   string
	Category     string
	Maker        string `dynamodbav:",omitempty"`
	Model        string
	Serial       string `dynamodbav:",omitempty"`
	SaleDate     string `dynamodbav:",omitempty"`
	Seller       string `dynamodbav:",omitempty"`
	WarrantyCard bool
	CreatedBy    string
	CreatedAt    time.Time
}

func toCustomerItem(c desk.Customer) customerItem {
	k := dynamo.CustomerKey(c.ID)
	return customerItem{PK: k.PK, SK: k.SK, Entity: entityCustomer, ID: c.ID, CentreID: c.CentreID, Name: c.Name,
		Phones: c.Phones, Email: c.Email, Address: c.Address, Notes: c.Notes, ConsentSMS: c.ConsentSMS,
		ConsentEmail: c.ConsentEmail, Version: c.Version, CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (it customerItem) customer() desk.Customer {
	return desk.Customer{ID: it.ID, CentreID: it.CentreID, Name: it.Name, Phones: it.Phones, Email: it.Email,
		Address: it.Address, Notes: it.Notes, ConsentSMS: it.ConsentSMS, ConsentEmail: it.ConsentEmail,
		Version: it.Version, CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
}

func toDeviceItem(d desk.Device) deviceItem {
	k := dynamo.DeviceKey(d.ID)
	return deviceItem{PK: k.PK, SK: k.SK, Entity: entityDevice,
		GSI1PK: dynamo.CustomerDevicesPK(d.CustomerID), GSI1SK: dynamo.CustomerDevicesSK(d.CreatedAt, d.ID),
		ID: d.ID, CentreID: d.CentreID, CustomerID: d.CustomerID, Category: d.Category, Maker: d.Maker, Model: d.Model,
		Serial: d.Serial, SaleDate: d.SaleDate, Seller: d.Seller, WarrantyCard: d.WarrantyCard,
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt}
}

func (it deviceItem) device() desk.Device {
	return desk.Device{ID: it.ID, CentreID: it.CentreID, CustomerID: it.CustomerID, Category: it.Category,
		Maker: it.Maker, Model: it.Model, Serial: it.Serial, SaleDate: it.SaleDate, Seller: it.Seller,
		WarrantyCard: it.WarrantyCard, CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt}
}

// searchKeys are a customer's phone and name keys.
func searchKeys(c desk.Customer) []dynamo.Key {
	var keys []dynamo.Key
	seen := map[dynamo.Key]bool{}
	add := func(k dynamo.Key) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, p := range c.Phones {
		add(dynamo.CustomerPhoneKey(c.CentreID, p[1:], c.ID))
	}
	for _, w := range desk.NameWords(c.Name) {
		add(dynamo.CustomerNameKey(c.CentreID, w, c.ID))
	}
	return keys
}

func (d *Desk) putSearchKeys(keys []dynamo.Key, customer string) ([]types.TransactWriteItem, error) {
	var out []types.TransactWriteItem
	for _, k := range keys {
		w, err := d.s.Put(searchItem{PK: k.PK, SK: k.SK, Entity: entitySearch, CustomerID: customer})
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// CreateCustomer writes the customer and its search keys.
func (d *Desk) CreateCustomer(ctx context.Context, c desk.Customer) error {
	put, err := d.s.PutNew(toCustomerItem(c))
	if err != nil {
		return err
	}
	keys, err := d.putSearchKeys(searchKeys(c), c.ID)
	if err != nil {
		return err
	}
	return d.s.Transact(ctx, "create customer "+c.ID, append([]types.TransactWriteItem{put}, keys...), func(int) error { return nil })
}

// UpdateCustomer writes after on condition of before's version, deletes the
// search keys after no longer has and puts the ones it gained.
func (d *Desk) UpdateCustomer(ctx context.Context, before, after desk.Customer) error {
	av, err := attributevalue.MarshalMap(toCustomerItem(after))
	if err != nil {
		return err
	}
	expr, err := expression.NewBuilder().WithCondition(
		expression.Name("Version").Equal(expression.Value(before.Version))).Build()
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String(d.s.Table()), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}}}
	old, now := searchKeys(before), searchKeys(after)
	for _, k := range old {
		if !slices.Contains(now, k) {
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(d.s.Table()), Key: d.s.KeyAV(k)}})
		}
	}
	var gained []dynamo.Key
	for _, k := range now {
		if !slices.Contains(old, k) {
			gained = append(gained, k)
		}
	}
	puts, err := d.putSearchKeys(gained, after.ID)
	if err != nil {
		return err
	}
	return d.s.Transact(ctx, "update customer "+after.ID, append(items, puts...), func(i int) error {
		if i == 0 {
			return auth.ErrStale
		}
		return nil
	})
}

// Customer reads one customer.
func (d *Desk) Customer(ctx context.Context, id string) (desk.Customer, error) {
	var it customerItem
	if err := d.s.Get(ctx, dynamo.CustomerKey(id), &it); err != nil {
		return desk.Customer{}, err
	}
	return it.customer(), nil
}

// CreateDevice writes the device and, when it has a serial, the centre's
// serial key on condition no device holds it yet.
func (d *Desk) CreateDevice(ctx context.Context, dev desk.Device) error {
	put, err := d.s.PutNew(toDeviceItem(dev))
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{put}
	if dev.Serial != "" {
		k := dynamo.SerialKey(dev.CentreID, dev.Serial)
		serial, err := d.s.PutNew(searchItem{PK: k.PK, SK: k.SK, Entity: entitySearch, CustomerID: dev.CustomerID, DeviceID: dev.ID})
		if err != nil {
			return err
		}
		items = append(items, serial)
	}
	err = d.s.Transact(ctx, "create device "+dev.ID, items, func(i int) error {
		if i == 1 {
			return errSerialTaken
		}
		return nil
	})
	if errors.Is(err, errSerialTaken) {
		holder, err := d.DeviceBySerial(ctx, dev.CentreID, dev.Serial)
		if err != nil {
			return fmt.Errorf("read the device holding serial %s: %w", dev.Serial, err)
		}
		return &desk.SerialTakenError{DeviceID: holder.ID}
	}
	return err
}

var errSerialTaken = errors.New("serial taken")

// Device reads one device.
func (d *Desk) Device(ctx context.Context, id string) (desk.Device, error) {
	var it deviceItem
	if err := d.s.Get(ctx, dynamo.DeviceKey(id), &it); err != nil {
		return desk.Device{}, err
	}
	return it.device(), nil
}

// DeviceBySerial reads the serial key (strongly consistent), then the device.
func (d *Desk) DeviceBySerial(ctx context.Context, centre, serial string) (desk.Device, error) {
	var it searchItem
	if err := d.s.Get(ctx, dynamo.SerialKey(centre, serial), &it); err != nil {
		return desk.Device{}, err
	}
	return d.Device(ctx, it.DeviceID)
}

// CustomerDevices are the customer's devices, newest first.
func (d *Desk) CustomerDevices(ctx context.Context, customer string) ([]desk.Device, error) {
	p := dynamo.OnGSI1(dynamo.CustomerDevicesPK(customer), false)
	page, err := dynamo.QueryPage(ctx, d.s, p, auth.ListOptions{Limit: dynamo.MaxLimit}, "device", deviceItem.device)
	if err != nil {
		return nil, fmt.Errorf("devices of customer %s: %w", customer, err)
	}
	return page.Items, nil
}

// Search queries the key partitions q names at once, then reads every
// customer and device they point at in one BatchGetItem.
func (d *Desk) Search(ctx context.Context, centre string, q desk.Query, limit int) (desk.Found, error) {
	type lookup struct {
		pk, prefix string
		hits       []searchItem
		err        error
	}
	var lookups []*lookup
	var customers, devices *lookup
	if q.PhoneSuffix != "" {
		customers = &lookup{pk: dynamo.CustomerPhonePK(centre, q.PhoneSuffix), prefix: dynamo.CustomerPhoneSK(q.PhoneSuffix)}
	} else if q.NameToken != "" {
		customers = &lookup{pk: dynamo.CustomerNamePK(centre, q.NameToken), prefix: q.NameToken}
	}
	if customers != nil {
		lookups = append(lookups, customers)
	}
	if q.SerialPrefix != "" {
		devices = &lookup{pk: dynamo.SerialPK(centre, q.SerialPrefix), prefix: q.SerialPrefix}
		lookups = append(lookups, devices)
	}
	var wg sync.WaitGroup
	for _, l := range lookups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.hits, l.err = d.prefix(ctx, l.pk, l.prefix, limit)
		}()
	}
	wg.Wait()
	for _, l := range lookups {
		if l.err != nil {
			return desk.Found{}, l.err
		}
	}

	var keys []dynamo.Key
	wanted := map[dynamo.Key]bool{}
	want := func(k dynamo.Key) {
		if !wanted[k] {
			wanted[k] = true
			keys = append(keys, k)
		}
	}
	var customerOrder, deviceOrder []string
	if customers != nil {
		for _, h := range customers.hits {
			if !slices.Contains(customerOrder, h.CustomerID) {
				customerOrder = append(customerOrder, h.CustomerID)
				want(dynamo.CustomerKey(h.CustomerID))
			}
		}
	}
	if devices != nil {
		for _, h := range devices.hits {
			deviceOrder = append(deviceOrder, h.DeviceID)
			want(dynamo.DeviceKey(h.DeviceID))
			want(dynamo.CustomerKey(h.CustomerID))
		}
	}
	found := desk.Found{Owners: map[string]desk.Customer{}}
	if len(keys) == 0 {
		return found, nil
	}
	byCustomer := map[string]desk.Customer{}
	byDevice := map[string]desk.Device{}
	var mu sync.Mutex
	err := d.s.BatchGet(ctx, 1, keys, nil, func(av map[string]types.AttributeValue) error {
		mu.Lock()
		defer mu.Unlock()
		var head struct{ Entity string }
		if err := attributevalue.UnmarshalMap(av, &head); err != nil {
			return err
		}
		switch head.Entity {
		case entityCustomer:
			var it customerItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode customer: %w", err)
			}
			byCustomer[it.ID] = it.customer()
		case entityDevice:
			var it deviceItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode device: %w", err)
			}
			byDevice[it.ID] = it.device()
		}
		return nil
	})
	if err != nil {
		return desk.Found{}, fmt.Errorf("read what the search found: %w", err)
	}
	for _, id := range customerOrder {
		if c, ok := byCustomer[id]; ok {
			found.Customers = append(found.Customers, c)
		}
	}
	for _, id := range deviceOrder {
		dev, ok := byDevice[id]
		if !ok {
			continue
		}
		found.Devices = append(found.Devices, dev)
		if c, ok := byCustomer[dev.CustomerID]; ok {
			found.Owners[c.ID] = c
		}
	}
	return found, nil
}

// prefix reads up to limit search keys of partition pk beginning with prefix.
func (d *Desk) prefix(ctx context.Context, pk, prefix string, limit int) ([]searchItem, error) {
	kc := expression.Key("PK").Equal(expression.Value(pk)).And(expression.Key("SK").BeginsWith(prefix))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).Build()
	if err != nil {
		return nil, err
	}
	out, err := d.s.DB().Query(ctx, &dynamodb.QueryInput{TableName: aws.String(d.s.Table()),
		KeyConditionExpression: expr.KeyCondition(), ExpressionAttributeNames: expr.Names(),
		ExpressionAttributeValues: expr.Values(), Limit: aws.Int32(int32(limit))})
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", pk, prefix, err)
	}
	hits := make([]searchItem, 0, len(out.Items))
	for _, av := range out.Items {
		var it searchItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return nil, fmt.Errorf("decode search key: %w", err)
		}
		hits = append(hits, it)
	}
	return hits, nil
}
