package acts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// UploadRequest asks for a form to upload one file to an act. Size and
// ContentType are what the browser says; the form's policy enforces them and
// the upload checker verifies them against the bytes.
type UploadRequest struct {
	Kind        FileKind
	ContentType string
	Size        int64
	Name        string
}

// closed are the statuses in which a centre may no longer add files.
var closed = []Status{StatusRepaired, StatusRefused, StatusWithdrawn}

// StartUpload records a pending file and returns the presigned form the
// browser posts it with. The file joins the act once the upload checker has
// seen its bytes.
func (s *Service) StartUpload(ctx context.Context, c auth.Caller, id string, in UploadRequest) (File, UploadForm, error) {
	var errs fieldErrors
	switch {
	case !in.Kind.Valid():
		errs.add("kind", CodeInvalidValue, fmt.Sprintf("Неизвестный вид файла «%s»", in.Kind), fmt.Sprintf("Unknown file kind %q", in.Kind))
	case !in.Kind.Accepts(in.ContentType):
		errs.add("contentType", "unsupported_type",
			"Этот тип файла не принимается: нужны фото JPEG, PNG, WebP, HEIC (для чеков и заявлений — также PDF)",
			"This file type is not accepted: JPEG, PNG, WebP or HEIC photos (PDF too for receipts and statements)")
	}
	if in.Size < 1 || in.Size > MaxFileBytes {
		errs.add("size", RejectTooLarge, "Файл должен быть не больше 8 МБ", "A file must be at most 8 MB")
	}
	// The name as sent is measured, not what is left of it once cleaned:
	// the limit is the document's, which a client checks before it sends.
	errs.checkLength("name", in.Name, MaxFileName)
	name := cleanFileName(in.Name)
	if len(errs) > 0 {
		return File{}, UploadForm{}, apperr.WithFields(errs)
	}
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return File{}, UploadForm{}, err
	}
	if !c.Role.Staff() && slices.Contains(closed, rec.Act.Status) {
		return File{}, UploadForm{}, apperr.New(apperr.Conflict,
			"Акт закрыт: файлы к нему больше не добавляются", "The act is closed: no more files can be added")
	}
	live := 0
	for _, f := range rec.Files {
		if f.HoldsSlot(s.now()) {
			live++
		}
	}
	if live >= MaxFilesPerAct {
		return File{}, UploadForm{}, apperr.New(apperr.TooMany,
			fmt.Sprintf("К акту можно приложить не больше %d файлов", MaxFilesPerAct),
			fmt.Sprintf("An act holds at most %d files", MaxFilesPerAct))
	}
	now := s.now()
	f := File{ID: s.newID(), ActID: id, Kind: in.Kind, ContentType: in.ContentType, Size: in.Size, Name: name,
		Status: FilePending, UploadedBy: c.UserID, UploaderRole: c.Role, CreatedAt: now}
	form, err := s.blobs.PresignUpload(ctx, Upload{
		Key: FileKey(id, f.ID), ContentType: f.ContentType, MaxBytes: MaxFileBytes, TTL: UploadTTL,
		Metadata: map[string]string{"kind": string(f.Kind), "uploader": c.UserID},
	})
	if err != nil {
		return File{}, UploadForm{}, apperr.Wrap(err, "presign upload to act "+id)
	}
	if err := s.store.Write(ctx, Write{ActID: id, NewFiles: []File{f}}); err != nil {
		return File{}, UploadForm{}, storeError(err, "record upload to act "+id)
	}
	return f, form, nil
}

// PendingSlot is how long an upload form that was never used keeps its file
// counted against MaxFilesPerAct: the form's own life plus the time a late
// object's check may take (the checker's retries run within minutes).
const PendingSlot = UploadTTL + 45*time.Minute

// SlotEnds is when a pending file stops counting against the act's files
// (and its record may be forgotten).
func (f File) SlotEnds() time.Time { return f.CreatedAt.Add(PendingSlot) }

// HoldsSlot reports whether f counts against MaxFilesPerAct at now: attached
// files do, rejected ones do not, pending ones until SlotEnds.
func (f File) HoldsSlot(now time.Time) bool {
	switch f.Status {
	case FileAttached:
		return true
	case FilePending:
		return now.Before(f.SlotEnds())
	}
	return false
}

// cleanFileName keeps the base name a browser sent, without control
// characters, so it is safe to show and to offer as a download name.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '"' {
			return -1
		}
		return r
	}, name)
	return strings.TrimSpace(name)
}

// FileLink is a file with a short-lived link to its bytes (attached files only).
type FileLink struct {
	File
	URL          string     `json:"url,omitempty"`
	URLExpiresAt *time.Time `json:"urlExpiresAt,omitempty"`
}

// Files lists an act's files with download links valid for DownloadTTL.
func (s *Service) Files(ctx context.Context, c auth.Caller, id string) ([]FileLink, error) {
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return nil, err
	}
	expires := s.now().Add(DownloadTTL)
	out := make([]FileLink, 0, len(rec.Files))
	for _, f := range rec.Files {
		link := FileLink{File: f}
		if f.Status == FileAttached {
			if link.URL, err = s.blobs.PresignDownload(ctx, f.StoredKey(), f.Name, DownloadTTL); err != nil {
				return nil, apperr.Wrap(err, "presign download of "+f.ID)
			}
			link.URLExpiresAt = &expires
		}
		out = append(out, link)
	}
	return out, nil
}

// checkAttempts bounds how often CheckUpload re-reads an act or an object
// that changed under it before giving the event back to Lambda for a retry.
const checkAttempts = 3

// CheckUpload decides about one object created under acts/: a file whose
// bytes are within MaxFileBytes and of the type declared when its upload
// began is copied to its CheckedKey, which no upload form can write, and
// attached to its act (and, from the centre on an info_requested act, counts
// as its reply); anything else is deleted, and why is recorded in the act's
// history and thread. Bytes posted again with a still-valid form after the
// file was attached never replace it: they are deleted and the attempt is
// recorded in the history. Duplicate events change nothing. It returns an
// error only for failures worth a retry.
func (s *Service) CheckUpload(ctx context.Context, key string) error {
	if s.image == nil {
		return errors.New("check upload: the acts service was built without Config.CheckImage")
	}
	if IsCheckedKey(key) {
		return nil // the checker's own copy
	}
	actID, fileID, ok := ParseFileKey(key)
	if !ok {
		return s.blobs.Delete(ctx, key)
	}
	var err error
	for range checkAttempts {
		if err = s.checkUpload(ctx, key, actID, fileID); !errors.Is(err, ErrStale) && !errors.Is(err, ErrObjectChanged) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("check upload %s: %w", key, err)
	}
	return nil
}

func (s *Service) checkUpload(ctx context.Context, key, actID, fileID string) error {
	rec, err := s.store.Record(ctx, actID)
	if errors.Is(err, auth.ErrNotFound) {
		return s.blobs.Delete(ctx, key) // its draft was deleted, or it was never ours
	}
	if err != nil {
		return err
	}
	f, ok := rec.File(fileID)
	switch {
	case !ok:
		return s.blobs.Delete(ctx, key) // dropped without an upload form
	case f.Status == FileRejected:
		return s.blobs.Delete(ctx, key)
	}
	info, err := s.blobs.Head(ctx, key)
	if errors.Is(err, auth.ErrNotFound) {
		return nil // gone already: nothing to check
	}
	if err != nil {
		return err
	}
	if f.Status == FileAttached {
		return s.refuseReplacement(ctx, key, f, info)
	}
	reason, err := s.inspect(ctx, key, f, info)
	if err != nil {
		return err
	}
	now := s.now()
	f.Size, f.CheckedAt = info.Size, &now
	w := Write{ActID: actID}
	if reason != "" {
		f.Status, f.RejectReason = FileRejected, reason
		ev := s.event(systemCaller, actID, now, EventFileRejected)
		// The history shows the reason in words, never its code.
		ev.FileID, ev.Reason = f.ID, RejectionWords(reason)
		cm, cev := s.comment(systemCaller, actID, now, note{text: rejectionText(f)})
		w.CheckedFiles, w.Events, w.Comments = []File{f}, []Event{ev, cev}, []Comment{cm}
		if err := s.store.Write(ctx, w); err != nil {
			return ignoreDuplicate(err)
		}
		return s.blobs.Delete(ctx, key)
	}
	// The copy is of exactly the bytes inspected: a form re-posted since
	// makes it fail, and the check starts again on the new bytes.
	f.Key, f.ETag = CheckedKey(actID, fileID), info.ETag
	if err := s.blobs.Copy(ctx, key, f.Key, info.ETag); err != nil {
		return err
	}
	f.Status = FileAttached
	ev := s.event(auth.Caller{UserID: f.UploadedBy, Role: f.UploaderRole}, actID, now, EventFileAttached)
	ev.FileID = f.ID
	w.CheckedFiles, w.Events = []File{f}, []Event{ev}
	if rec.Act.Status == StatusInfoRequested && f.UploaderRole == auth.RoleServiceCenter {
		centre := auth.Caller{UserID: f.UploadedBy, Role: f.UploaderRole, Tenant: rec.Act.ServiceCenterID}
		reply, next, _, err := s.plan(ctx, centre, rec, Move{Action: ActionReply, Version: rec.Act.Version}, note{})
		if err != nil {
			return err
		}
		w.Before, w.After, w.Events = reply.Before, &next, append(w.Events, reply.Events...)
	}
	if err := ignoreDuplicate(s.write(ctx, rec.Act, w)); err != nil {
		return err
	}
	return s.blobs.Delete(ctx, key)
}

// refuseReplacement handles an object under an attached file's upload key.
// The bytes that were checked (a repeated event before the upload copy was
// deleted) are simply deleted; other bytes are a second upload with the same
// form, which is recorded in the history and deleted, so the attached file
// stays as it was checked.
func (s *Service) refuseReplacement(ctx context.Context, key string, f File, info ObjectInfo) error {
	if f.Key == "" {
		return nil // attached before checked bytes were copied: its bytes live here
	}
	if info.ETag != f.ETag {
		ev := s.event(systemCaller, f.ActID, s.now(), EventFileRejected)
		ev.FileID, ev.Reason = f.ID, RejectionWords(RejectReplaced)
		if err := s.store.Write(ctx, Write{ActID: f.ActID, Events: []Event{ev}}); err != nil {
			return err
		}
	}
	return s.blobs.Delete(ctx, key)
}

// ignoreDuplicate treats a file that is no longer pending as the work of an
// earlier delivery of the same event.
func ignoreDuplicate(err error) error {
	if errors.Is(err, ErrFileNotPending) {
		return nil
	}
	return err
}

// inspect returns why an object cannot be attached as f, or "". It reads the
// whole object (at most MaxFileBytes) so that its structure, not only its
// first bytes, decides its type.
func (s *Service) inspect(ctx context.Context, key string, f File, info ObjectInfo) (string, error) {
	switch {
	case info.Size == 0:
		return RejectEmpty, nil
	case info.Size > MaxFileBytes:
		return RejectTooLarge, nil
	}
	body, err := s.blobs.Read(ctx, key, info.ETag, MaxFileBytes+1)
	if err != nil {
		return "", err
	}
	if int64(len(body)) != info.Size {
		return "", ErrObjectChanged
	}
	real, ok := DetectType(body, s.image)
	switch {
	case !ok:
		return RejectUnsupported, nil
	case real != f.ContentType || info.ContentType != f.ContentType:
		return RejectMismatch, nil
	}
	return "", nil
}

var rejectionWords = map[string]string{
	RejectEmpty:       "файл пустой",
	RejectTooLarge:    "файл больше 8 МБ",
	RejectUnsupported: "это не фото JPEG, PNG, WebP, HEIC и не PDF",
	RejectMismatch:    "содержимое файла не соответствует его типу",
	RejectReplaced:    "повторная загрузка в форму уже принятого файла: принятый файл оставлен",
}

// RejectionWords says in Russian why an upload was refused: what screens,
// mails and the history show instead of the stable code.
func RejectionWords(code string) string {
	if w, ok := rejectionWords[code]; ok {
		return w
	}
	return "файл не принят"
}

// rejectionText is the system's comment about a refused upload.
func rejectionText(f File) string {
	name := f.Name
	if name == "" {
		name = f.Kind.Label()
	}
	return fmt.Sprintf("Файл «%s» не принят: %s. Файл удалён — загрузите его ещё раз.", name, RejectionWords(f.RejectReason))
}
