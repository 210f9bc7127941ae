package imports

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"aftersales/shared/auth"
)

// The loader's fakes: in-memory stores with the same conditions as the
// DynamoDB adapter (one mutex stands for its conditional writes), files in a
// map, and a mailer that records what it was asked to send.

type memProtocols struct {
	mu    sync.Mutex
	items map[string]Protocol
	seqs  map[string]int
}

func (m *memProtocols) ClaimProtocol(_ context.Context, p Protocol) (Protocol, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.items[p.ID]; ok {
		return old, false, nil
	}
	m.items[p.ID] = p
	return p, true, nil
}

func (m *memProtocols) Protocol(_ context.Context, id string) (Protocol, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.items[id]
	if !ok {
		return Protocol{}, auth.ErrNotFound
	}
	return p, nil
}

func (m *memProtocols) held(id, owner string) bool {
	p, ok := m.items[id]
	return ok && p.Lease.Owner == owner && p.Status == LoadProcessing
}

func (m *memProtocols) TakeOver(_ context.Context, p Protocol, prev Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.held(p.ID, prev.Owner) || !m.items[p.ID].Lease.Until.Equal(prev.Until) {
		return ErrLeaseLost
	}
	m.items[p.ID] = p
	return nil
}

func (m *memProtocols) SaveProtocol(_ context.Context, p Protocol, owner string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.held(p.ID, owner) {
		return ErrLeaseLost
	}
	m.items[p.ID] = p
	return nil
}

func (m *memProtocols) RenewLease(_ context.Context, id string, l Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.held(id, l.Owner) {
		return ErrLeaseLost
	}
	p := m.items[id]
	p.Lease.Until = l.Until
	m.items[id] = p
	return nil
}

func (m *memProtocols) NextLoadSeq(_ context.Context, d string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seqs[d]++
	return m.seqs[d], nil
}

func (m *memProtocols) all() []Protocol {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Collect(maps.Values(m.items))
}

// memDirectory is the directory. gate, when set, holds the lookups until
// closed; failAfter, when positive, lets that many puts of a load succeed
// and fails the rest; broken fails every put; stall holds every lookup
// until its context ends (a load that runs out of time).
type memDirectory struct {
	mu        sync.Mutex
	outlets   map[string]StoredOutlet
	routes    map[string]Route // distributor + "/" + code
	serials   map[string]StoredSerial
	rdcs      map[string]RDCRecord
	puts      int
	gate      chan struct{}
	failAfter int
	broken    bool
	stall     bool
}

func (d *memDirectory) OutletStates(ctx context.Context, codes []string) (map[string]OutletState, error) {
	if d.gate != nil {
		<-d.gate
	}
	if d.stall {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]OutletState{}
	for _, c := range codes {
		if o, ok := d.outlets[c]; ok {
			out[c] = OutletState{Distributor: o.Distributor, Subtype: o.Subtype, Status: o.Status, LoadID: o.Changed.LoadID,
				Fingerprint: o.Fingerprint(), RDC: o.Link()}
		}
	}
	return out, nil
}

func (d *memDirectory) RDCMembers(_ context.Context, distributor string, rdcs []string) (map[string][]RDCMember, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string][]RDCMember{}
	for _, code := range slices.Sorted(maps.Keys(d.outlets)) {
		o := d.outlets[code]
		if o.Distributor == distributor && slices.Contains(rdcs, o.RDCCode) {
			out[o.RDCCode] = append(out[o.RDCCode], RDCMember{Code: code, RDCLink: o.Link()})
		}
	}
	return out, nil
}

func (d *memDirectory) LocalCodeOwners(_ context.Context, distributor string, locals []string) (map[string][]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string][]string{}
	for _, code := range slices.Sorted(maps.Keys(d.outlets)) {
		if o := d.outlets[code]; o.Distributor == distributor && slices.Contains(locals, o.LocalCode) {
			out[o.LocalCode] = append(out[o.LocalCode], code)
		}
	}
	return out, nil
}

func (d *memDirectory) Outlets(_ context.Context, codes []string) (map[string]StoredOutlet, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]StoredOutlet{}
	for _, c := range codes {
		if o, ok := d.outlets[c]; ok {
			out[c] = o
		}
	}
	return out, nil
}

func (d *memDirectory) Routes(_ context.Context, distributor string, codes []string) (map[string]Route, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]Route{}
	for _, c := range codes {
		if r, ok := d.routes[distributor+"/"+c]; ok {
			out[c] = r
		}
	}
	return out, nil
}

func (d *memDirectory) SerialStates(_ context.Context, serials []string) (map[string]SerialState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]SerialState{}
	for _, s := range serials {
		if r, ok := d.serials[s]; ok {
			out[s] = SerialState{LoadID: r.Changed.LoadID, Fingerprint: SerialFingerprint(r.SerialRecord)}
		}
	}
	return out, nil
}

func (d *memDirectory) NewWriter(context.Context) DirectoryWriter {
	return &memWriter{d: d, left: d.failAfter}
}

var errDiskOnFire = errors.New("the table is on fire")

type memWriter struct {
	d    *memDirectory
	left int
}

func (w *memWriter) put(f func()) error {
	if w.d.broken {
		return errDiskOnFire
	}
	if w.d.failAfter > 0 {
		if w.left == 0 {
			return errDiskOnFire
		}
		w.left--
	}
	w.d.mu.Lock()
	defer w.d.mu.Unlock()
	w.d.puts++
	f()
	return nil
}

func (w *memWriter) PutOutlet(o StoredOutlet) error {
	return w.put(func() { o.Row = 0; w.d.outlets[o.Code] = o })
}

func (w *memWriter) PutRDC(r RDCRecord) error {
	return w.put(func() {
		if w.d.rdcs == nil {
			w.d.rdcs = map[string]RDCRecord{}
		}
		w.d.rdcs[r.Code] = r
	})
}

func (d *memDirectory) RDCRecords(_ context.Context, codes []string) (map[string]RDCRecord, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]RDCRecord{}
	for _, c := range codes {
		if r, ok := d.rdcs[c]; ok {
			out[c] = r
		}
	}
	return out, nil
}

func (w *memWriter) PutRoute(r Route) error {
	return w.put(func() { w.d.routes[r.Distributor+"/"+r.Code] = r })
}

func (w *memWriter) PutSerial(r StoredSerial) error {
	return w.put(func() { w.d.serials[r.Serial] = r })
}

func (w *memWriter) Close() error { return nil }

type memObject struct {
	data     []byte
	uploader string
}

type memFiles struct {
	mu      sync.Mutex
	objects map[string]memObject // key + "@" + version
	reports map[string][]byte
}

func (f *memFiles) CurrentVersion(_ context.Context, o Object) (string, error) { return "v1", nil }

func (f *memFiles) Open(_ context.Context, o Object) (FileInfo, io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	obj, ok := f.objects[o.Key+"@"+o.VersionID]
	if !ok {
		return FileInfo{}, nil, ErrObjectGone
	}
	return FileInfo{Size: int64(len(obj.data)), Uploader: obj.uploader}, io.NopCloser(bytes.NewReader(obj.data)), nil
}

func (f *memFiles) PutReport(_ context.Context, key string, body io.ReadSeeker, size int64) error {
	b, err := io.ReadAll(body)
	if err != nil || int64(len(b)) != size {
		return errors.New("short report")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports[key] = b
	return nil
}

func (f *memFiles) Report(_ context.Context, key string, max int64) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.reports[key]
	return b[:min(int64(len(b)), max+1)], nil
}

type people struct {
	tenants map[string]auth.Tenant
	users   []auth.User
}

func (p people) Tenant(_ context.Context, _ auth.TenantKind, id string) (auth.Tenant, error) {
	t, ok := p.tenants[id]
	if !ok {
		return auth.Tenant{}, auth.ErrNotFound
	}
	return t, nil
}

func (p people) User(_ context.Context, id string) (auth.User, error) {
	for _, u := range p.users {
		if u.ID == id {
			return u, nil
		}
	}
	return auth.User{}, auth.ErrNotFound
}

func (p people) ListUsers(_ context.Context, tenant string, _ auth.ListOptions) (auth.Page[auth.User], error) {
	var out auth.Page[auth.User]
	for _, u := range p.users {
		if tenant == "" || u.Tenant == tenant { // "" lists everyone, as the store does
			out.Items = append(out.Items, u)
		}
	}
	return out, nil
}

// memMail keeps the first message per event key, as the ledger would, and
// counts every call.
type memMail struct {
	mu    sync.Mutex
	sent  map[string]Mail
	calls int
}

func (m *memMail) Send(_ context.Context, key string, msg Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if _, dup := m.sent[key]; !dup {
		m.sent[key] = msg
	}
	return nil
}

// of is the e-mail of one protocol.
func (m *memMail) of(t *testing.T, p Protocol) Mail {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	msg, ok := m.sent["import-protocol/"+p.ID]
	if !ok {
		t.Fatalf("no e-mail for load %d", p.Seq)
	}
	return msg
}

func (m *memMail) only(t *testing.T) Mail {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sent) != 1 {
		t.Fatalf("got %d e-mails, want 1", len(m.sent))
	}
	for _, msg := range m.sent {
		return msg
	}
	return Mail{}
}

// world is a loader on fakes with one distributor "D1", its key users
// (u-ku with an e-mail, u-ku2 too) and another distributor "D2".
type world struct {
	loader    *Loader
	protocols *memProtocols
	directory *memDirectory
	files     *memFiles
	mail      *memMail
	bucket    string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{
		protocols: &memProtocols{items: map[string]Protocol{}, seqs: map[string]int{}},
		directory: &memDirectory{outlets: map[string]StoredOutlet{}, routes: map[string]Route{}, serials: map[string]StoredSerial{}},
		files:     &memFiles{objects: map[string]memObject{}, reports: map[string][]byte{}},
		mail:      &memMail{sent: map[string]Mail{}},
		bucket:    "imports",
	}
	ppl := people{
		tenants: map[string]auth.Tenant{"D1": {ID: "D1", Name: "ООО «Дистрибьютор»"}, "D2": {ID: "D2", Name: "Другой"}},
		users: []auth.User{
			{ID: "u-ku", FullName: "Ключевой Пользователь", Email: "ku@d1.example", Role: auth.RoleKeyUser, Tenant: "D1"},
			{ID: "u-ku2", FullName: "Второй КП", Email: "ku2@d1.example", Role: auth.RoleKeyUser, Tenant: "D1"},
			{ID: "u-off", FullName: "Без почты", Role: auth.RoleKeyUser, Tenant: "D1"},
			{ID: "u-other", FullName: "Чужой", Email: "ku@d2.example", Role: auth.RoleKeyUser, Tenant: "D2"},
			{ID: "u-mgr", FullName: "Менеджер Сервиса", Email: "mgr@hq.example", Role: auth.RoleManager},
			{ID: "u-mgr2", FullName: "Второй менеджер", Email: "mgr2@hq.example", Role: auth.RoleManager},
		},
	}
	var n atomic.Int64
	l, err := NewLoader(LoaderConfig{Protocols: w.protocols, Directory: w.directory, Files: w.files, People: ppl, Mail: w.mail,
		Limits: sheetLimits(t), Location: time.UTC, WebBaseURL: "https://app.example",
		NewID:  func() string { return "owner-" + strconv.FormatInt(n.Add(1), 10) },
		Timing: Timing{Lease: 300 * time.Millisecond, Renew: 50 * time.Millisecond, Poll: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	w.loader = l
	return w
}

// put stores a file as version v of key and returns its object.
func (w *world) put(key, version string, data []byte, uploader string) Object {
	w.files.mu.Lock()
	defer w.files.mu.Unlock()
	w.files.objects[key+"@"+version] = memObject{data: data, uploader: uploader}
	return Object{Bucket: w.bucket, Key: key, VersionID: version}
}

func (w *world) process(t *testing.T, o Object) Protocol {
	t.Helper()
	p, err := w.loader.Process(context.Background(), o)
	if err != nil {
		t.Fatalf("process %s: %v", o.Key, err)
	}
	return p
}

// outletLine makes a row of the outlet template.
func outletLine(code, name, city, subtype string) []any {
	return []any{code, name, "", "", "ул. Ленина, 1", city, "", "", "", subtype, "", "", "", "", ""}
}
