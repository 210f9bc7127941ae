package acts

import (
	"strings"
	"time"

	"aftersales/shared/auth"
)

// EventType says what an entry of an act's history records.
type EventType string

// The kinds of history entry. Every change of an act is one of these.
const (
	EventCreated      EventType = "created"       // the draft was filed; Changes hold its fields
	EventEdited       EventType = "edited"        // fields changed; Changes hold old and new values
	EventStatus       EventType = "status"        // a move From → To by Action
	EventComment      EventType = "comment"       // a comment was written
	EventFileAttached EventType = "file_attached" // an upload passed the check
	EventFileRejected EventType = "file_rejected" // an upload failed it and was deleted
	EventDocumentSent EventType = "document_sent" // the act's PDF was e-mailed; Reason says to whom
)

// Event is one entry of an act's history: who did what, and when. Events are
// written in the same transaction as the change they record and never edited.
type Event struct {
	ID        string    `json:"id"`
	ActID     string    `json:"actId"`
	At        time.Time `json:"at"`
	ActorID   string    `json:"actorId"`
	ActorRole auth.Role `json:"actorRole"`
	// ActorName credits the person (full name, else login) as named when they acted.
	ActorName string        `json:"actorName,omitempty"`
	Type      EventType     `json:"type"`
	Action    Action        `json:"action,omitempty"`
	From      Status        `json:"from,omitempty"`
	To        Status        `json:"to,omitempty"`
	Changes   []FieldChange `json:"changes,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	CommentID string        `json:"commentId,omitempty"`
	FileID    string        `json:"fileId,omitempty"`
	OrderID   string        `json:"orderId,omitempty"`
}

// SystemActor is the author id of what the system itself writes: the request
// for missing photos, reports of refused uploads.
const SystemActor = "system"

// Comment is one message of an act's thread, immutable once written.
type Comment struct {
	ID         string    `json:"id"`
	ActID      string    `json:"actId"`
	At         time.Time `json:"at"`
	AuthorID   string    `json:"authorId"`
	AuthorRole auth.Role `json:"authorRole"`
	Text       string    `json:"text"`
	FileIDs    []string  `json:"fileIds,omitempty"`
	// InfoRequest marks a manager's (or the system's) request for
	// information; it moved the act to info_requested until ReplyDeadline.
	InfoRequest   bool       `json:"infoRequest"`
	ReplyDeadline *time.Time `json:"replyDeadline,omitempty"`
}

// FileStatus is where an upload stands: the API records it as pending when
// it hands out the upload form, and the upload checker decides.
type FileStatus string

// The file statuses.
const (
	FilePending  FileStatus = "pending"
	FileAttached FileStatus = "attached"
	FileRejected FileStatus = "rejected"
)

// Why the upload checker refuses a file; stable codes clients may show.
const (
	RejectEmpty       = "empty"
	RejectTooLarge    = "too_large"
	RejectUnsupported = "unsupported_type"
	RejectMismatch    = "type_mismatch"
	// RejectReplaced: a second upload to an attached file's form; the
	// attached bytes stay and the new ones are deleted.
	RejectReplaced = "replaced"
)

// File is one photo or document of an act. Its bytes live in object storage
// under FileKey; this is what the system knows about them.
type File struct {
	ID    string   `json:"id"`
	ActID string   `json:"actId"`
	Kind  FileKind `json:"kind"`
	// ContentType is what the uploader declared; an attached file's bytes
	// were checked to be of this type.
	ContentType  string     `json:"contentType"`
	Size         int64      `json:"size"`
	Name         string     `json:"name,omitempty"`
	Status       FileStatus `json:"status"`
	RejectReason string     `json:"rejectReason,omitempty"`
	UploadedBy   string     `json:"uploadedBy"`
	UploaderRole auth.Role  `json:"uploaderRole"`
	CreatedAt    time.Time  `json:"createdAt"`
	CheckedAt    *time.Time `json:"checkedAt,omitempty"`
	// ETag identifies the bytes the checker passed, and Key is where a copy
	// of them lives that no upload form can overwrite (CheckedKey); files
	// attached before checked bytes were copied have no Key and stay under
	// FileKey.
	ETag string `json:"-"`
	Key  string `json:"-"`
}

// StoredKey is where an attached file's bytes are read from.
func (f File) StoredKey() string {
	if f.Key != "" {
		return f.Key
	}
	return FileKey(f.ActID, f.ID)
}

// FileKey is where an upload form puts a file's bytes. The upload checker is
// triggered by the acts/ prefix and reads both ids back with ParseFileKey.
func FileKey(actID, fileID string) string { return "acts/" + actID + "/" + fileID }

// CheckedKey is where the checker copies bytes it passed: no upload form
// names it, so a still-valid form re-posted with other bytes cannot replace
// an attached file.
func CheckedKey(actID, fileID string) string { return FileKey(actID, fileID) + checkedSuffix }

const checkedSuffix = "/checked"

// IsCheckedKey reports whether key is a CheckedKey (its creation event needs
// no check).
func IsCheckedKey(key string) bool {
	actID, fileID, ok := ParseFileKey(strings.TrimSuffix(key, checkedSuffix))
	return ok && key == CheckedKey(actID, fileID)
}

// ParseFileKey reads the ids back from a FileKey; ok is false for any other key.
func ParseFileKey(key string) (actID, fileID string, ok bool) {
	rest, found := strings.CutPrefix(key, "acts/")
	actID, fileID, _ = strings.Cut(rest, "/")
	if !found || actID == "" || fileID == "" || strings.Contains(fileID, "/") {
		return "", "", false
	}
	return actID, fileID, true
}

// Record is an act with everything under it, as one read returns it: its
// history, comments and files, each oldest first.
type Record struct {
	Act      Act
	History  []Event
	Comments []Comment
	Files    []File
}

// File returns the act's file with id.
func (r Record) File(id string) (File, bool) {
	for _, f := range r.Files {
		if f.ID == id {
			return f, true
		}
	}
	return File{}, false
}

// AttachedKinds are the kinds of the files that passed the upload check,
// which is what submission counts.
func (r Record) AttachedKinds() FileKinds {
	var kinds FileKinds
	for _, f := range r.Files {
		if f.Status == FileAttached {
			kinds = append(kinds, f.Kind)
		}
	}
	return kinds
}

// Category is one entry of the product list managers keep («Наименование»).
// Acts store the name as text, so renaming or retiring a category leaves
// filed acts as they were.
type Category struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// DefaultCategories is the starting product list of a new installation: what
// the wholesaler's partner centres repair most.
// OtherCategory is for a product no category fits; the article then carries
// the product's full name (the seed: «можно указать полное название, если не
// нашли подходящего в категории»).
const OtherCategory = "Другое"

var DefaultCategories = []string{
	"Бензиновая газонокосилка",
	"Бензиновая газонокосилка на колесах",
	"Электрическая газонокосилка",
	"Триммер бензиновый",
	"Триммер электрический",
	"Бензопила",
	"Электропила",
	"Генератор бензиновый",
	"Генератор дизельный",
	"Мотоблок",
	"Культиватор",
	"Снегоуборщик",
	"Мойка высокого давления",
	"Мотопомпа",
	OtherCategory,
	"Воздуходувка",
	"Садовый измельчитель",
	"Компрессор",
	"Сварочный аппарат",
	"Бетономешалка",
	"Тепловая пушка",
	"Виброплита",
	"Лодочный мотор",
}
