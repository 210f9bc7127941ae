package imports

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Object is one version of a file in the imports bucket, as an S3 event
// names it. Its identity is all three parts: the bucket is versioned, so a
// file uploaded again under the same name is a new Object, and an event
// delivered twice names the same one.
type Object struct {
	Bucket, Key, VersionID string
}

// ProtocolID is the id of the one protocol an object may have. Deriving it
// from the object's identity is what makes a duplicate or concurrent event
// find the protocol the first one created instead of starting another.
func (o Object) ProtocolID() string {
	sum := sha256.Sum256([]byte(o.Bucket + "\x00" + o.Key + "\x00" + o.VersionID))
	return hex.EncodeToString(sum[:16])
}

// LoadStatus is where a load protocol stands.
type LoadStatus string

// The statuses of imports.md. Every status but LoadProcessing is final.
const (
	// LoadProcessing: a function is reading or writing the file.
	LoadProcessing LoadStatus = "processing"
	// LoadSucceeded: every row was valid and the directory was updated (in a
	// check-only run: every row was valid; nothing was written).
	LoadSucceeded LoadStatus = "succeeded"
	// LoadFailedValidation: some rows had errors, so nothing was written.
	LoadFailedValidation LoadStatus = "failed_validation"
	// LoadRejected: the file itself was refused (name, size, type, layout).
	LoadRejected LoadStatus = "rejected"
	// LoadFailed: the system failed; Reason says what the key user may do.
	LoadFailed LoadStatus = "failed"
)

// Final reports whether nothing more will happen to a protocol in s.
func (s LoadStatus) Final() bool { return s != LoadProcessing && s != "" }

// Label is the status as key users read it in lists and e-mails.
func (s LoadStatus) Label(checkOnly bool) string {
	switch s {
	case LoadProcessing:
		return "Обрабатывается"
	case LoadSucceeded:
		if checkOnly {
			return "Проверка пройдена — ничего не записано"
		}
		return "Загружено"
	case LoadFailedValidation:
		if checkOnly {
			return "Проверка нашла ошибки — ничего не записано"
		}
		return "Ошибки в данных — ничего не записано"
	case LoadRejected:
		return "Файл отклонён"
	case LoadFailed:
		return "Сбой загрузки"
	}
	return string(s)
}

// Counts are a protocol's row counts. In a check-only run Created, Updated
// and Unchanged say what a load would do.
type Counts struct {
	Total     int // data rows in the file
	Created   int // rows that add an outlet or a route stop
	Updated   int // rows that change one
	Unchanged int // rows equal to what is stored
	// Removed counts stops the routes in the file had and the file drops:
	// a route is replaced as a whole.
	Removed    int
	WithErrors int // rows with at least one error
	Errors     int // all errors, of every row
}

// Lease is a function's hold on a protocol it is processing. The holder
// renews it while it works; a retried event takes over only once it has
// run out, so a crashed load is finished by the retry and a live one is
// never processed twice.
type Lease struct {
	Owner string
	Until time.Time
}

// Protocol is the record of one file's load («протокол загрузки»).
type Protocol struct {
	ID string
	// Seq numbers a distributor's loads 1, 2, …; outlets name the load that
	// last changed them by it. Zero until the distributor is known.
	Seq             int
	Distributor     string
	DistributorName string
	Procedure       Procedure
	CheckOnly       bool
	FileName        string
	UploadID        string
	Object          Object
	Size            int64
	// FileType is what the bytes are, in Russian (sheets.Kind.String()).
	FileType string
	// UploaderID is the user who uploaded through the API; empty for a file
	// dropped into the bucket by an integration.
	UploaderID   string
	UploaderName string
	Status       LoadStatus
	// Reason says in Russian why a file was rejected or a load failed.
	Reason string
	// Warnings are what the key user should know though the file loaded:
	// unknown columns, a file renamed to another extension.
	Warnings    []string
	Counts      Counts
	FirstErrors []RowError
	// ReportKey is the error report's key in the reports bucket; empty when
	// no row failed.
	ReportKey string
	// Recipients are the addresses the protocol's e-mail goes to.
	Recipients []string
	// CreatedAt is when the load was claimed; every entry it writes is
	// stamped with it, so a retried load stamps the same time.
	CreatedAt   time.Time
	ValidatedAt time.Time
	FinishedAt  time.Time
	// Attempts counts the invocations that have held the protocol.
	Attempts int
	Lease    Lease
}

// Stamp is the load a directory entry was last changed by (the seed's
// «Изменено» and load number).
func (p Protocol) Stamp() Stamp { return Stamp{LoadID: p.ID, LoadSeq: p.Seq, At: p.CreatedAt} }

// MaxFirstErrors is how many row errors a protocol keeps itself; the error
// report holds them all.
const MaxFirstErrors = 50

// ErrLeaseLost is a store's answer when a protocol is no longer held by the
// lease's owner: another invocation took it over, or it is already final.
var ErrLeaseLost = errors.New("import: lease on the protocol lost")
