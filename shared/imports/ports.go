package imports

import (
	"context"
	"errors"
	"io"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/blob"
)

// The ports of the loader and the API service, declared here where they are
// used: ProtocolStore, DirectoryStore and the readers are implemented by
// shared/dynamo, the file ports by shared/blobstore, People by the identity
// store, Mailer by shared/mailer (wired in shared/fn/importloadfn).

// ProtocolStore keeps load protocols. Claim, TakeOver and Save are each one
// conditional write, so of two invocations racing for a protocol one wins.
type ProtocolStore interface {
	// ClaimProtocol stores p (status processing, with its lease) unless a
	// protocol with p.ID exists; then it returns the stored one and false.
	ClaimProtocol(ctx context.Context, p Protocol) (Protocol, bool, error)
	// Protocol reads a protocol strongly consistently; auth.ErrNotFound.
	Protocol(ctx context.Context, id string) (Protocol, error)
	// TakeOver stores p, whose lease replaces prev, on condition the stored
	// protocol still has the lease prev; ErrLeaseLost otherwise.
	TakeOver(ctx context.Context, p Protocol, prev Lease) error
	// SaveProtocol stores p on condition the stored protocol is still held by
	// owner and not final; ErrLeaseLost otherwise.
	SaveProtocol(ctx context.Context, p Protocol, owner string) error
	// RenewLease moves the lease's end on the same condition as SaveProtocol.
	RenewLease(ctx context.Context, id string, l Lease) error
	// NextLoadSeq atomically takes a distributor's next load number (1, 2, …).
	NextLoadSeq(ctx context.Context, distributor string) (int, error)
}

// DirectoryStore is the directory as a load reads and writes it.
type DirectoryStore interface {
	// OutletStates returns the stored outlets among codes (at most
	// LookupBatch), keyed by code; codes not stored are absent.
	OutletStates(ctx context.Context, codes []string) (map[string]OutletState, error)
	// Outlets reads stored outlets (at most LookupBatch codes), keyed by code.
	Outlets(ctx context.Context, codes []string) (map[string]StoredOutlet, error)
	// RDCMembers reads a distributor's stored outlets attached to each of
	// rdcs, by RDC code, in code order.
	RDCMembers(ctx context.Context, distributor string, rdcs []string) (map[string][]RDCMember, error)
	// LocalCodeOwners reads which of a distributor's stored outlets each of
	// locals (the distributor's own outlet codes) maps to, in code order.
	LocalCodeOwners(ctx context.Context, distributor string, locals []string) (map[string][]string, error)
	// RDCRecords reads the stored RDC records among codes (at most
	// LookupBatch), keyed by code.
	RDCRecords(ctx context.Context, codes []string) (map[string]RDCRecord, error)
	// Routes reads a distributor's stored routes among codes (at most
	// LookupBatch), keyed by code.
	Routes(ctx context.Context, distributor string, codes []string) (map[string]Route, error)
	// SerialStates returns the registry's records among serials (at most
	// LookupBatch), keyed by serial; serials not stored are absent.
	SerialStates(ctx context.Context, serials []string) (map[string]SerialState, error)
	// NewWriter starts a batch of writes that stops at ctx's end.
	NewWriter(ctx context.Context) DirectoryWriter
}

// DirectoryWriter writes outlets, routes and serial records in batches, several at a time.
// Writes are whole-item puts, so writing an entry twice is harmless: a
// retried load repeats what its crashed attempt did.
type DirectoryWriter interface {
	// PutOutlet and PutRoute queue one entry; they block while the writers
	// are busy and fail once a write has failed.
	PutOutlet(o StoredOutlet) error
	PutRDC(r RDCRecord) error
	PutRoute(r Route) error
	PutSerial(s StoredSerial) error
	// Close waits for every queued write and returns the first failure.
	Close() error
}

// FileInfo describes one version of an uploaded file.
type FileInfo struct {
	Size int64
	// Uploader is the user id the upload form recorded (object metadata);
	// empty for a file dropped into the bucket.
	Uploader string
}

// ErrObjectGone: the object version an event names no longer exists.
var ErrObjectGone = errors.New("import: the uploaded object is gone")

// LoadFiles is the object storage a load reads the file from and writes
// its error report to.
type LoadFiles interface {
	// CurrentVersion is the object's current version id, for an event that
	// names none (an unversioned bucket); ErrObjectGone.
	CurrentVersion(ctx context.Context, o Object) (string, error)
	// Open starts reading one version of an uploaded file; ErrObjectGone.
	Open(ctx context.Context, o Object) (FileInfo, io.ReadCloser, error)
	// PutReport stores an error report under key in the reports bucket.
	PutReport(ctx context.Context, key string, body io.ReadSeeker, size int64) error
	// Report reads at most max+1 bytes of a stored report, so a caller can
	// tell a report too large to attach.
	Report(ctx context.Context, key string, max int64) ([]byte, error)
}

// People is who a load's e-mail goes to: the uploader, or the distributor's
// key users.
type People interface {
	Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)
	User(ctx context.Context, id string) (auth.User, error)
	ListUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[auth.User], error)
}

// Mail is one e-mail in Russian, with at most one attachment.
type Mail struct {
	To         []string
	Subject    string
	Text       string
	Attachment *Attachment
}

// Attachment is an attached file.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Mailer sends a protocol's e-mail at most once per event key, however
// often a load is retried or duplicated.
type Mailer interface {
	Send(ctx context.Context, eventKey string, m Mail) error
}

// ProtocolReader is what the API reads of protocols.
type ProtocolReader interface {
	// Protocol reads one protocol; auth.ErrNotFound.
	Protocol(ctx context.Context, id string) (Protocol, error)
	// ProtocolBySeq reads a distributor's protocol by number; auth.ErrNotFound.
	ProtocolBySeq(ctx context.Context, distributor string, seq int) (Protocol, error)
	// ListProtocols pages through protocols, newest first; auth.ErrBadCursor.
	ListProtocols(ctx context.Context, q ProtocolQuery) (auth.Page[Protocol], error)
}

// DirectoryReader is what the API reads of the directory.
type DirectoryReader interface {
	// ListOutlets returns one page; auth.ErrBadCursor.
	ListOutlets(ctx context.Context, q OutletQuery) (auth.Page[StoredOutlet], error)
	// ExportOutlets returns every match, but stops after max+1.
	ExportOutlets(ctx context.Context, q OutletQuery, max int) ([]StoredOutlet, error)
	// RDCRecords reads the RDC records among codes, keyed by code.
	RDCRecords(ctx context.Context, codes []string) (map[string]RDCRecord, error)
	ListRoutes(ctx context.Context, q RouteQuery) (auth.Page[Route], error)
	// ExportRoutes returns every match, but stops once the routes hold more
	// than maxStops stops (an export's rows).
	ExportRoutes(ctx context.Context, q RouteQuery, maxStops int) ([]Route, error)
}

// UploadFiles signs the browser's way to the buckets: uploads into the
// imports bucket, downloads of error reports and background exports.
type UploadFiles interface {
	PresignUpload(ctx context.Context, u Upload) (UploadForm, error)
	ReportURL(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
	// ReportStored is when an object was stored in the reports bucket;
	// auth.ErrNotFound when it is not there.
	ReportStored(ctx context.Context, key string) (time.Time, error)
	ExportQueue
}

// The values of an upload form, shared with the S3 adapter.
type (
	Upload     = blob.Upload
	UploadForm = blob.Form
)

// ProtocolQuery selects protocols. The service fills Distributor from the
// caller's scope; "" means every distributor (admins only).
type ProtocolQuery struct {
	Distributor string
	Status      LoadStatus
	Procedure   Procedure
	UploadID    string
	Limit       int
	Cursor      string
}

// OutletQuery selects a distributor's outlets. Zero fields do not filter.
type OutletQuery struct {
	Distributor string
	// Code is a prefix of the code; Name a part of the name (any case);
	// City the whole city (any case).
	Code, Name, City string
	Subtype          Subtype
	Status           Status
	// ChangedSince keeps outlets changed at or after it.
	ChangedSince time.Time
	// Load keeps outlets last changed by this load (LoadSeq and At set).
	Load Stamp
	// LocalCode keeps the outlet the distributor's local code maps to;
	// Unmapped keeps outlets no local code maps to («Без привязки»).
	LocalCode string
	Unmapped  bool
	// Sort orders the list; any order but by code reads the whole filtered
	// list, so it holds at most SortCap outlets (ErrTooManyToSort).
	Sort   OutletSort
	Limit  int
	Cursor string
}

// SortCap is the most outlets a list sorted by another column than the
// code may hold: each of its pages reads and sorts them all.
const SortCap = ExportCap

// ErrTooManyToSort: more outlets than SortCap match a list sorted by
// another column than the code.
var ErrTooManyToSort = errors.New("imports: too many outlets to sort")

// RouteQuery selects a distributor's routes. Zero fields do not filter.
type RouteQuery struct {
	Distributor string
	Code        string // a prefix of the route code
	Territory   string
	Outlet      string // an outlet the route visits
	// ChangedSince and Load as in OutletQuery.
	ChangedSince time.Time
	Load         Stamp
	Limit        int
	Cursor       string
}
