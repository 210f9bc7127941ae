package acts

import (
	"context"
	"errors"
	"time"

	"aftersales/shared/blob"
	"aftersales/shared/eligibility"
	"aftersales/shared/mailer"
	"aftersales/shared/orders"
)

// The ports of the acts service, declared here where they are used: Store is
// implemented by shared/dynamo, Blobs by shared/blobstore.

// Store errors: the contract between the service and its storage adapter.
var (
	// ErrStale: the act changed since it was read (its version moved on, or
	// it was deleted); nothing was written.
	ErrStale = errors.New("stale act version")
	// ErrInternalNumberTaken: another act of the centre has this internal number.
	ErrInternalNumberTaken = errors.New("internal number taken")
	// ErrFileNotPending: the upload was already checked (a duplicate event).
	ErrFileNotPending = errors.New("file not pending")
	// ErrObjectChanged: an object's bytes were replaced since they were
	// described (its ETag moved on).
	ErrObjectChanged = errors.New("object changed")
	// ErrCategoryTaken: another category has this name.
	ErrCategoryTaken = errors.New("category name taken")
	// ErrRepairUnavailable: a new act's repair order is not one of its
	// centre's, or already has an act.
	ErrRepairUnavailable = errors.New("repair order unavailable")
)

// Store keeps acts and everything under them.
type Store interface {
	// Record reads an act with its history, comments and files; auth.ErrNotFound.
	Record(ctx context.Context, actID string) (Record, error)
	// Write stores one change atomically (see Write).
	Write(ctx context.Context, w Write) error
	// DeleteDraft removes a draft and everything under it, unless it changed
	// since r was read (ErrStale).
	DeleteDraft(ctx context.Context, r Record) error
	// List returns one page of acts (see ListQuery).
	List(ctx context.Context, q ListQuery) (Page, error)
	// Export returns every act the query matches, but stops after max+1 so
	// the caller can tell that there are more than max.
	Export(ctx context.Context, q ListQuery, max int) ([]Act, error)

	// Categories lists every category, active or not.
	Categories(ctx context.Context) ([]Category, error)
	// PutCategory creates (previousName "") or renames and updates a
	// category; ErrCategoryTaken when another one has the name.
	PutCategory(ctx context.Context, c Category, previousName string) error
}

// Write is one atomic change under an act: all of it is stored, or nothing.
type Write struct {
	ActID string
	// Before is the act as it was read; nil when After is a new act. The
	// write fails with ErrStale unless the stored act still has Before's
	// version — or, when After is nil, unless the act still exists.
	Before *Act
	// After is the act to store; nil leaves the act item untouched. Its
	// internal number is reserved (ErrInternalNumberTaken), and a changed
	// one released. A new act with a RepairID links the order to it, on
	// condition the order is its centre's and has no act yet
	// (ErrRepairUnavailable).
	After    *Act
	Events   []Event
	Comments []Comment
	// NewFiles are pending uploads to record.
	NewFiles []File
	// CheckedFiles replace pending ones (attached or rejected); the write
	// fails with ErrFileNotPending when one is no longer pending.
	CheckedFiles []File
	Order        *orders.Order
	// NumberYear, when not zero, gives After (an act without a number) the
	// next number of that year in this same write: After.Number is set when
	// the write succeeds and left empty when it fails, so a refused or stale
	// write uses no number and a year's numbers have no gaps.
	NumberYear int
	// Mails renders the e-mails this write queues (in the same transaction),
	// for the act as stored — after the store numbered it; nil queues none.
	// They are sent after the commit (Notifier.Send).
	Mails func(stored Act) []mailer.Queued
}

// Notifier writes and sends the e-mails that tell the other side of an act
// about a change it must act on (acts.md: every such event is e-mailed at
// once, or in the daily digest for those who chose it).
type Notifier interface {
	// Prepare looks up who must hear of w's events on act (as it was read)
	// and returns what renders their e-mails (Write.Mails); nil when nobody
	// must.
	Prepare(ctx context.Context, act Act, w Write) (func(stored Act) []mailer.Queued, error)
	// Send sends the mails of a committed write, each at most once. A send
	// that fails leaves its mail queued for the hourly job, so the change
	// that was committed stands either way.
	Send(ctx context.Context, mails []mailer.Queued) error
}

// View names the two orders of a list: the newest first, or the managers'
// queue (submitted acts only, pre-sale first, then the longest waiting).
type View string

// The list views.
const (
	ViewAll   View = ""
	ViewQueue View = "queue"
)

// ListQuery selects acts. The service fills ServiceCenter from the caller's
// scope, never from the request alone.
type ListQuery struct {
	View View
	// ServiceCenter restricts to one centre; "" means every centre (staff only).
	ServiceCenter string
	Statuses      []Status
	Category      string
	// Verdict keeps the acts with this eligibility verdict (the queue's filter).
	Verdict eligibility.Verdict
	// CreatedFrom and CreatedBefore bound the creation time (the queue: the
	// submission time); zero means unbounded.
	CreatedFrom, CreatedBefore time.Time
	// Search terms, lower case: an act matches when its number, internal
	// number, serial number, customer phone or article contains any of them.
	Search []string
	Limit  int
	Cursor string
}

// Page is one page of a list; Next is empty on the last page. A filtered page
// may hold fewer than Limit acts and still have a Next.
type Page struct {
	Acts []Act
	Next string
}

// Blobs is the object storage of uploads.
type Blobs interface {
	// PresignUpload returns a form that lets a browser post exactly one
	// object under u.Key, of u.ContentType and 1..u.MaxBytes bytes.
	PresignUpload(ctx context.Context, u Upload) (UploadForm, error)
	// PresignDownload returns a short-lived URL that reads key.
	PresignDownload(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
	// Head describes an object; auth.ErrNotFound when there is none.
	Head(ctx context.Context, key string) (ObjectInfo, error)
	// Read returns an object's bytes, at most max of them, provided its
	// ETag is still etag (ErrObjectChanged otherwise).
	Read(ctx context.Context, key, etag string, max int64) ([]byte, error)
	// Copy copies src to dst provided src's ETag is still etag
	// (ErrObjectChanged otherwise).
	Copy(ctx context.Context, src, dst, etag string) error
	// Delete removes an object; deleting a missing one is not an error.
	Delete(ctx context.Context, key string) error
}

// The values of an upload and a stored object, shared with the S3 adapter.
type (
	Upload     = blob.Upload
	UploadForm = blob.Form
	ObjectInfo = blob.Info
)
