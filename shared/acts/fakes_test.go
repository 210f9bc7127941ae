package acts

import (
	"context"
	"crypto/md5"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/shared/acts/imagecheck"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

// memStore keeps acts in memory with the store's rules: version conditions,
// pending-only file checks, all-or-nothing writes.
type memStore struct {
	lastQuery   ListQuery
	exportLimit int
	exportRows  int
	mu          sync.Mutex
	seq         int
	records     map[string]Record
	cats        []Category
	orders      []orders.Order
	writes      int
}

func (m *memStore) Record(_ context.Context, id string) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return Record{}, auth.ErrNotFound
	}
	r.History, r.Comments, r.Files = slices.Clone(r.History), slices.Clone(r.Comments), slices.Clone(r.Files)
	return r, nil
}

func (m *memStore) Write(_ context.Context, w Write) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, exists := m.records[w.ActID]
	switch {
	case w.After != nil && w.Before == nil && exists,
		w.Before != nil && (!exists || r.Act.Version != w.Before.Version),
		w.After == nil && w.Before == nil && !exists:
		return ErrStale
	}
	for _, f := range w.CheckedFiles {
		if i := slices.IndexFunc(r.Files, func(x File) bool { return x.ID == f.ID }); i < 0 || r.Files[i].Status != FilePending {
			return ErrFileNotPending
		}
	}
	if a := w.After; a != nil && a.InternalNumber != nil && *a.InternalNumber != "" {
		for id, other := range m.records {
			n := other.Act.InternalNumber
			if id != a.ID && other.Act.ServiceCenterID == a.ServiceCenterID && n != nil && strings.EqualFold(*n, *a.InternalNumber) {
				return ErrInternalNumberTaken
			}
		}
	}
	m.writes++
	if w.NumberYear != 0 {
		m.seq++
		w.After.Number = FormatNumber(w.NumberYear, m.seq)
	}
	if w.After != nil {
		r.Act = *w.After
	}
	r.History = append(r.History, w.Events...)
	r.Comments = append(r.Comments, w.Comments...)
	r.Files = append(r.Files, w.NewFiles...)
	for _, f := range w.CheckedFiles {
		r.Files[slices.IndexFunc(r.Files, func(x File) bool { return x.ID == f.ID })] = f
	}
	if w.Order != nil {
		m.orders = append(m.orders, *w.Order)
	}
	m.records[w.ActID] = r
	return nil
}

func (m *memStore) DeleteDraft(_ context.Context, r Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.records, r.Act.ID)
	return nil
}

// List and Export record the query they were asked; Export returns
// exportRows acts (the store reads one past the cap to say there are more).
func (m *memStore) List(_ context.Context, q ListQuery) (Page, error) {
	m.lastQuery = q
	return Page{}, nil
}

func (m *memStore) Export(_ context.Context, q ListQuery, limit int) ([]Act, error) {
	m.lastQuery, m.exportLimit = q, limit
	return make([]Act, m.exportRows), nil
}

func (m *memStore) Categories(context.Context) ([]Category, error) { return m.cats, nil }

func (m *memStore) PutCategory(_ context.Context, c Category, _ string) error {
	m.cats = append(m.cats, c)
	return nil
}

// memBlobs is object storage in memory; deleted lists what was deleted.
type memBlobs struct {
	objects map[string]memObject
	deleted []string
	// beforeCopy, when set, runs once before the next Copy (a form
	// re-posted in the middle of a check).
	beforeCopy func()
}

type memObject struct {
	contentType string
	body        []byte
}

func (b *memBlobs) PresignUpload(_ context.Context, u Upload) (UploadForm, error) {
	return UploadForm{URL: "https://photos.example/", Fields: map[string]string{"key": u.Key, "Content-Type": u.ContentType}}, nil
}

func (b *memBlobs) PresignDownload(_ context.Context, key, _ string, _ time.Duration) (string, error) {
	return "https://photos.example/" + key + "?signed", nil
}

func (b *memBlobs) Head(_ context.Context, key string) (ObjectInfo, error) {
	o, ok := b.objects[key]
	if !ok {
		return ObjectInfo{}, auth.ErrNotFound
	}
	return ObjectInfo{Size: int64(len(o.body)), ContentType: o.contentType, ETag: o.etag()}, nil
}

func (o memObject) etag() string { return fmt.Sprintf(`"%x"`, md5.Sum(o.body)) }

func (b *memBlobs) Read(_ context.Context, key, etag string, n int64) ([]byte, error) {
	o, ok := b.objects[key]
	switch {
	case !ok:
		return nil, auth.ErrNotFound
	case o.etag() != etag:
		return nil, ErrObjectChanged
	}
	return o.body[:min(n, int64(len(o.body)))], nil
}

func (b *memBlobs) Copy(_ context.Context, src, dst, etag string) error {
	if f := b.beforeCopy; f != nil {
		b.beforeCopy = nil
		f()
	}
	o, ok := b.objects[src]
	switch {
	case !ok:
		return auth.ErrNotFound
	case o.etag() != etag:
		return ErrObjectChanged
	}
	b.objects[dst] = o
	return nil
}

func (b *memBlobs) Delete(_ context.Context, key string) error {
	delete(b.objects, key)
	b.deleted = append(b.deleted, key)
	return nil
}

// testNow is the fixed time of these tests: the day after the seed act's
// repair, in Moscow.
var testNow = time.Date(2023, 6, 16, 10, 0, 0, 0, moscow)

var moscow = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		panic(err)
	}
	return loc
}()

// env is a service on the fakes with a fixed clock and counting ids.
type env struct {
	svc   *Service
	store *memStore
	blobs *memBlobs
}

func newEnv(t *testing.T) *env {
	t.Helper()
	store := &memStore{records: map[string]Record{}, cats: []Category{
		{ID: "c1", Name: "Бензиновая газонокосилка на колесах", Active: true},
		{ID: "c2", Name: "Снегоуборщик", Active: false},
	}}
	blobs := &memBlobs{objects: map[string]memObject{}}
	n := 0
	svc, err := NewService(Config{Store: store, Blobs: blobs, Location: moscow, CheckImage: imagecheck.Sound,
		Clock: func() time.Time { return testNow },
		NewID: func() string { n++; return fmt.Sprintf("id%04d", n) }})
	if err != nil {
		t.Fatal(err)
	}
	return &env{svc: svc, store: store, blobs: blobs}
}

var (
	centreUser  = auth.Caller{UserID: "u-centre", Role: auth.RoleServiceCenter, Tenant: "sc1"}
	otherCentre = auth.Caller{UserID: "u-other", Role: auth.RoleServiceCenter, Tenant: "sc2"}
	managerUser = auth.Caller{UserID: "u-manager", Role: auth.RoleManager}
)

// draft files the seed's act as a draft of centre.
func (e *env) draft(t *testing.T, f Fields) Act {
	t.Helper()
	act, _, err := e.svc.Create(context.Background(), centreUser, f)
	if err != nil {
		t.Fatal(err)
	}
	return act
}

// attach puts an attached file of kind on the act, as the upload checker would.
func (e *env) attach(t *testing.T, actID string, kinds ...FileKind) {
	t.Helper()
	for i, k := range kinds {
		f := File{ID: fmt.Sprintf("f-%s-%d", k, i), ActID: actID, Kind: k, ContentType: TypeJPEG, Status: FileAttached,
			UploadedBy: centreUser.UserID, UploaderRole: centreUser.Role}
		if err := e.store.Write(context.Background(), Write{ActID: actID, NewFiles: []File{f}}); err != nil {
			t.Fatal(err)
		}
	}
}

// current reads an act back from the store.
func (e *env) current(t *testing.T, id string) Record {
	t.Helper()
	r, err := e.store.Record(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// moved forces an act into a status, for tests that start there.
func (e *env) moved(t *testing.T, act Act, to Status) Act {
	t.Helper()
	next := act
	next.Status, next.Version = to, act.Version+1
	if to == StatusSubmitted {
		next.SubmittedAt = &testNow
	}
	if err := e.store.Write(context.Background(), Write{ActID: act.ID, Before: &act, After: &next}); err != nil {
		t.Fatal(err)
	}
	return next
}

func eventSummary(events []Event) string {
	var parts []string
	for _, e := range events {
		s := string(e.Type)
		if e.Type == EventStatus {
			s += fmt.Sprintf(" %s→%s by %s", e.From, e.To, e.ActorRole)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
