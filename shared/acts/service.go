package acts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// Service carries out what people and the upload checker do to acts: the
// rules of acts.md that need storage, object storage, the clock or ids. Every
// method takes the caller the authorizer established and checks its scope
// before it reveals or changes anything.
type Service struct {
	store Store
	blobs Blobs
	now   auth.Clock
	newID auth.IDGen
	loc   *time.Location
	image ImageCheck
}

// Config holds the service's dependencies. Clock and NewID default to the
// wall clock and ULIDs; tests set both.
type Config struct {
	Store Store
	Blobs Blobs
	Clock auth.Clock
	NewID auth.IDGen
	// Location is the business time zone: it decides "today" for dates and
	// the year of an act number.
	Location *time.Location
	// CheckImage decodes an upload's JPEG or PNG headers for CheckUpload
	// (imagecheck.Sound). Only the photo check sets it; without it
	// CheckUpload refuses to run rather than attach unchecked files.
	CheckImage ImageCheck
}

// NewService checks the configuration and returns the service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil || c.Blobs == nil || c.Location == nil {
		return nil, errors.New("acts: Store, Blobs and Location are required")
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.NewID == nil {
		c.NewID = auth.NewULID
	}
	return &Service{store: c.Store, blobs: c.Blobs, now: c.Clock, newID: c.NewID, loc: c.Location, image: c.CheckImage}, nil
}

// Limits and periods of the service.
const (
	// DefaultReplyDays is how long a centre has to answer an information
	// request unless the manager chooses MinReplyDays..MaxReplyDays.
	DefaultReplyDays = 5
	MinReplyDays     = 3
	MaxReplyDays     = 5
	// MaxCommentText bounds a comment; MaxCommentFiles the files it carries.
	MaxCommentText  = 4000
	MaxCommentFiles = 10
	// MaxFileName bounds the original name kept with an upload.
	MaxFileName = 255
	// UploadTTL is how long an upload form works; DownloadTTL a photo link.
	UploadTTL   = 15 * time.Minute
	DownloadTTL = 5 * time.Minute
	// ExportCap is the most rows one export holds (seed 004).
	ExportCap = 10000
)

// systemCaller is who the service acts as when it writes on its own: the
// request for missing photos, reports of refused uploads.
var systemCaller = auth.Caller{UserID: SystemActor, Role: ActorSystem}

// APIActions are the actions people take through POST /acts/{id}/actions.
// The rest are taken otherwise: reply by a comment or an upload, delete by
// DELETE, ship and deliver with the act's shipment (its dispatch, and its
// delivery confirmed by the centre: the parcel, its orders and all its acts
// move together), and the auto_* actions by the hourly job.
var APIActions = []Action{
	ActionSubmit, ActionRequestInfo, ActionApprove, ActionPaidOrder, ActionRefuse,
	ActionWithdraw, ActionReopen, ActionClaimMismatch, ActionMarkRepaired, ActionResumeWindow,
}

// ActionsFor lists the APIActions role may take on the act now, so clients
// show only the buttons that will work.
func (a Act) ActionsFor(role auth.Role) []Action {
	out := []Action{}
	for _, action := range APIActions {
		if _, err := a.Next(action, role); err == nil {
			out = append(out, action)
		}
	}
	return out
}

// SearchText is what list searches look in: the act number, internal number,
// serial number, customer phone (E.164) and article, lower case, one per
// line so that no search term spans two of them.
func (a Act) SearchText() string {
	parts := []string{a.Number}
	for _, s := range []*string{a.InternalNumber, a.SerialNumber, a.CustomerPhone, a.Article} {
		if s != nil {
			parts = append(parts, *s)
		}
	}
	return strings.ToLower(strings.Join(parts, "\n"))
}

// Errors the service answers with.
var (
	errStale = apperr.New(apperr.Precondition,
		"Акт изменился с тех пор, как вы его открыли: обновите страницу и повторите",
		"The act changed since you read it: reload it and try again")
	errCentresOnly = apperr.New(apperr.Forbidden,
		"Акты заводят сервисные центры", "Only service centres file acts")
	errNotEditable = apperr.New(apperr.Conflict,
		"Акт уже отправлен: исправления напишите в комментарии, менеджер поправит акт",
		"The act is no longer a draft: write corrections in a comment and a manager will fix the act")
)

func fieldError(field, code, ru, en string) *apperr.Error {
	return apperr.WithFields([]apperr.FieldError{{Field: field, Code: code, Message: ru, MessageEN: en}})
}

// storeError turns a store error into what callers see.
func storeError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, auth.ErrNotFound):
		return auth.NotFound()
	case errors.Is(err, ErrStale):
		return errStale
	case errors.Is(err, ErrInternalNumberTaken):
		return fieldError("internalNumber", "duplicate",
			"У вашего сервисного центра уже есть акт с таким внутренним номером",
			"Your service centre already has an act with this internal number")
	case errors.Is(err, ErrCategoryTaken):
		return fieldError("name", "duplicate", "Такая категория уже есть", "This category already exists")
	case errors.Is(err, auth.ErrBadCursor):
		return fieldError("cursor", CodeInvalidValue, "Неверный курсор страницы", "Invalid page cursor")
	}
	return apperr.Wrap(err, what)
}

// record reads an act with everything under it, as the caller may see it.
func (s *Service) record(ctx context.Context, c auth.Caller, id string) (Record, error) {
	rec, err := s.store.Record(ctx, id)
	if err != nil {
		return Record{}, storeError(err, "read act "+id)
	}
	if err := c.CheckTenant(rec.Act.ServiceCenterID); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// today is the business day of t.
func (s *Service) today(t time.Time) Date { return DateOf(t.In(s.loc)) }

func (s *Service) event(c auth.Caller, actID string, at time.Time, t EventType) Event {
	return Event{ID: s.newID(), ActID: actID, At: at, ActorID: c.UserID, ActorRole: c.Role, Type: t}
}

// Get returns an act with everything under it.
func (s *Service) Get(ctx context.Context, c auth.Caller, id string) (Record, error) {
	return s.record(ctx, c, id)
}

// Create files a new draft for the caller's service centre and gives it the
// next number of the year.
func (s *Service) Create(ctx context.Context, c auth.Caller, f Fields) (Act, error) {
	if c.Role != auth.RoleServiceCenter || c.Tenant == "" {
		return Act{}, errCentresOnly
	}
	now := s.now()
	f, err := s.checkFields(ctx, Fields{}, f.Normalized(), StatusDraft, now)
	if err != nil {
		return Act{}, err
	}
	year := now.In(s.loc).Year()
	seq, err := s.store.NextNumber(ctx, year)
	if err != nil {
		return Act{}, apperr.Wrap(err, fmt.Sprintf("take act number of %d", year))
	}
	act := Act{
		ID: s.newID(), Number: FormatNumber(year, seq), ServiceCenterID: c.Tenant,
		Status: StatusDraft, Version: 1, Fields: f, CreatedBy: c.UserID,
		CreatedAt: now, UpdatedAt: now, StatusChangedAt: now,
	}
	ev := s.event(c, act.ID, now, EventCreated)
	ev.To, ev.Changes = StatusDraft, Changes(Fields{}, f)
	err = s.store.Write(ctx, Write{ActID: act.ID, After: &act, Events: []Event{ev}})
	return act, storeError(err, "create act")
}

// Update changes fields of an act read at version. A centre edits only its
// drafts; managers correct any act at any time, and every change is recorded
// with old and new values. An update that changes nothing writes nothing.
func (s *Service) Update(ctx context.Context, c auth.Caller, id string, version int, patch Fields) (Act, error) {
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return Act{}, err
	}
	act := rec.Act
	if !CanEdit(act.Status, c.Role) {
		return Act{}, errNotEditable
	}
	if version != act.Version {
		return Act{}, errStale
	}
	now := s.now()
	after, err := s.checkFields(ctx, act.Fields, act.Fields.Apply(patch).Normalized(), act.Status, now)
	if err != nil {
		return Act{}, err
	}
	changes := Changes(act.Fields, after)
	if len(changes) == 0 {
		return act, nil
	}
	next := act
	next.Fields, next.Version, next.UpdatedAt = after, act.Version+1, now
	ev := s.event(c, id, now, EventEdited)
	ev.Changes = changes
	err = s.store.Write(ctx, Write{ActID: id, Before: &act, After: &next, Events: []Event{ev}})
	return next, storeError(err, "edit act "+id)
}

// checkFields validates after, the fields an act in status would have: a
// draft by ValidateSave, any other act by the submission rules. A category
// that changed must be one managers keep; it is stored as they spell it.
func (s *Service) checkFields(ctx context.Context, before, after Fields, status Status, now time.Time) (Fields, error) {
	var errs []apperr.FieldError
	if status == StatusDraft {
		errs = after.ValidateSave(s.today(now))
	} else {
		errs, _ = ValidateSubmit(after, nil, s.today(now))
	}
	if cat := after.Category; cat != nil && *cat != "" && (before.Category == nil || *before.Category != *cat) {
		name, err := s.categoryName(ctx, *cat)
		switch {
		case errors.Is(err, errUnknownCategory):
			errs = append(errs, unknownCategory)
		case err != nil:
			return Fields{}, err
		default:
			after.Category = &name
		}
	}
	if len(errs) > 0 {
		return Fields{}, apperr.WithFields(errs)
	}
	return after, nil
}

// Delete removes a draft (only its centre may) and its uploaded files. A
// version, when given, must be the current one.
func (s *Service) Delete(ctx context.Context, c auth.Caller, id string, version *int) error {
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return err
	}
	if _, err := rec.Act.Next(ActionDelete, c.Role); err != nil {
		return err
	}
	if version != nil && *version != rec.Act.Version {
		return errStale
	}
	if err := s.store.DeleteDraft(ctx, rec); err != nil {
		return storeError(err, "delete draft "+id)
	}
	var errs []error
	for _, f := range rec.Files {
		errs = append(errs, s.blobs.Delete(ctx, FileKey(id, f.ID)))
		if f.Key != "" {
			errs = append(errs, s.blobs.Delete(ctx, f.Key))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return apperr.Wrap(err, "draft "+id+" deleted, but not all of its files")
	}
	return nil
}

// History returns an act's history, oldest first.
func (s *Service) History(ctx context.Context, c auth.Caller, id string) ([]Event, error) {
	rec, err := s.record(ctx, c, id)
	return rec.History, err
}

// Comments returns an act's thread, oldest first.
func (s *Service) Comments(ctx context.Context, c auth.Caller, id string) ([]Comment, error) {
	rec, err := s.record(ctx, c, id)
	return rec.Comments, err
}

// usableFiles reports whether ids name distinct files of the act that were
// not refused, so a comment may carry them.
func (r Record) usableFiles(ids []string) bool {
	for _, id := range ids {
		f, ok := r.File(id)
		if !ok || f.Status == FileRejected {
			return false
		}
	}
	return !hasDuplicates(ids)
}

func hasDuplicates(ids []string) bool {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	return len(slices.Compact(sorted)) != len(ids)
}
