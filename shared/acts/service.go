package acts

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/mailer"
)

// Service carries out what people and the upload checker do to acts: the
// rules of acts.md that need storage, object storage, the clock or ids. Every
// method takes the caller the authorizer established and checks its scope
// before it reveals or changes anything.
type Service struct {
	store  Store
	blobs  Blobs
	now    auth.Clock
	newID  auth.IDGen
	loc    *time.Location
	image  ImageCheck
	notify Notifier
	judges Judge
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
	// Notify, when set, e-mails the other side of each change it must act
	// on; without it (tools, tests of other rules) nothing is mailed.
	Notify Notifier
	// Judge, when set, computes the eligibility verdict at submission and
	// when the fields it reads change; without it acts carry none.
	Judge Judge
}

// NewService checks the configuration and returns the service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil || c.Blobs == nil || c.Location == nil {
		return nil, errors.New("acts: Store, Blobs and Location are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	return &Service{store: c.Store, blobs: c.Blobs, now: c.Clock, newID: c.NewID, loc: c.Location, image: c.CheckImage,
		notify: c.Notify, judges: c.Judge}, nil
}

// write stores w, a change of act (as it was read), with the e-mails its
// events call for, queued in the same transaction, and sends them once it
// has committed. A failed send is not the caller's failure: the mail stays
// queued and the hourly job sends it.
func (s *Service) write(ctx context.Context, act Act, w Write) error {
	if s.notify == nil {
		return s.store.Write(ctx, w)
	}
	render, err := s.notify.Prepare(ctx, act, w)
	if err != nil {
		return fmt.Errorf("prepare e-mails of act %s: %w", w.ActID, err)
	}
	var mails []mailer.Queued
	if render != nil {
		w.Mails = func(stored Act) []mailer.Queued {
			mails = render(stored)
			return mails
		}
	}
	if err := s.store.Write(ctx, w); err != nil {
		return err
	}
	_ = s.notify.Send(ctx, mails) // recorded in the ledger and retried by the hourly job
	return nil
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

// storeError turns a store error into what callers see.
func storeError(err error, what string) error {
	switch {
	case errors.Is(err, ErrStale):
		return errStale
	case errors.Is(err, ErrInternalNumberTaken):
		return apperr.WithFields(WithSteps([]apperr.FieldError{internalNumberTaken}))
	case errors.Is(err, ErrRepairUnavailable):
		return errNoRepair
	case errors.Is(err, ErrCategoryTaken):
		return apperr.Field("name", "duplicate", "Такая категория уже есть", "This category already exists")
	}
	return auth.StoreError(err, what)
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
	return Event{ID: s.newID(), ActID: actID, At: at, ActorID: c.UserID, ActorRole: c.Role, ActorName: c.Name, Type: t}
}

// Get returns an act with everything under it.
func (s *Service) Get(ctx context.Context, c auth.Caller, id string) (Record, error) {
	return s.record(ctx, c, id)
}

// Create files a new draft for the caller's service centre. A draft has no
// number: it takes one when it is first submitted (see plan). The save is per
// field (see keepValid): the draft is filed with every valid field, and the
// refused ones are returned beside it.
func (s *Service) Create(ctx context.Context, c auth.Caller, f Fields) (Act, []apperr.FieldError, error) {
	return s.create(ctx, c, f, "")
}

// CreateFromRepair is Create for «Оформить гарантийный акт» on a repair
// order of the caller's centre: the draft and the order are linked to each
// other in the draft's own write, and an order has at most one act.
func (s *Service) CreateFromRepair(ctx context.Context, c auth.Caller, repairID string, f Fields) (Act, []apperr.FieldError, error) {
	if repairID == "" || len(repairID) > 100 {
		return Act{}, nil, errNoRepair
	}
	return s.create(ctx, c, f, repairID)
}

var errNoRepair = apperr.Field("repair", CodeInvalidValue, "Заказ не найден или по нему уже оформлен гарантийный акт",
	"No such repair order, or it already has an act")

func (s *Service) create(ctx context.Context, c auth.Caller, f Fields, repairID string) (Act, []apperr.FieldError, error) {
	if c.Role != auth.RoleServiceCenter || c.Tenant == "" {
		return Act{}, nil, errCentresOnly
	}
	now := s.now()
	kept, refused, err := s.keepValid(ctx, Fields{}, f, StatusDraft, now)
	if err != nil {
		return Act{}, nil, err
	}
	act := Act{
		ID: s.newID(), ServiceCenterID: c.Tenant,
		Status: StatusDraft, Version: 1, Fields: kept, CreatedBy: c.UserID,
		CreatedAt: now, UpdatedAt: now, StatusChangedAt: now, RepairID: repairID,
	}
	write := func() error {
		ev := s.event(c, act.ID, now, EventCreated)
		ev.To, ev.Changes = StatusDraft, Changes(Fields{}, act.Fields)
		return s.store.Write(ctx, Write{ActID: act.ID, After: &act, Events: []Event{ev}})
	}
	err = write()
	if errors.Is(err, ErrInternalNumberTaken) {
		act.InternalNumber, refused = nil, append(refused, internalNumberTaken)
		err = write()
	}
	return act, WithSteps(refused), storeError(err, "create act")
}

// Update changes fields of an act read at version. A centre edits only its
// drafts; managers correct any act at any time, and every change is recorded
// with old and new values. The save is per field (see keepValid): valid
// fields are stored and the refused ones returned. An update that changes
// nothing writes nothing.
func (s *Service) Update(ctx context.Context, c auth.Caller, id string, version int, patch Fields) (Act, []apperr.FieldError, error) {
	rec, err := s.record(ctx, c, id)
	if err != nil {
		return Act{}, nil, err
	}
	act := rec.Act
	if !CanEdit(act.Status, c.Role) {
		return Act{}, nil, errNotEditable
	}
	if version != act.Version {
		return Act{}, nil, errStale
	}
	now := s.now()
	after, refused, err := s.keepValid(ctx, act.Fields, patch, act.Status, now)
	if err != nil {
		return Act{}, nil, err
	}
	for {
		changes := Changes(act.Fields, after)
		if len(changes) == 0 {
			return act, WithSteps(refused), nil
		}
		next := act
		next.Fields, next.Version, next.UpdatedAt = after, act.Version+1, now
		ev := s.event(c, id, now, EventEdited)
		ev.Changes = changes
		if act.Status != StatusDraft && rejudge(changes) {
			if err := s.judge(ctx, &next); err != nil {
				return Act{}, nil, err
			}
		}
		err = s.store.Write(ctx, Write{ActID: id, Before: &act, After: &next, Events: []Event{ev}})
		if errors.Is(err, ErrInternalNumberTaken) && !slices.Contains(refused, internalNumberTaken) {
			after.InternalNumber, refused = act.InternalNumber, append(refused, internalNumberTaken)
			continue
		}
		return next, WithSteps(refused), storeError(err, "edit act "+id)
	}
}

// keepValid applies patch to before and checks the result as an act in
// status would be checked (checkFields). A field that is refused keeps its
// value from before, and the check runs again, so one bad field never costs
// the others; the refused fields are returned with the fields kept. Only when
// a problem remains on a field the patch did not change (a rule across
// fields that before's values cannot satisfy either) is the whole save
// refused.
func (s *Service) keepValid(ctx context.Context, before, patch Fields, status Status, now time.Time) (Fields, []apperr.FieldError, error) {
	after := before.Apply(patch).Normalized()
	var refused []apperr.FieldError
	for {
		checked, errs, err := s.checkFields(ctx, before, after, status, now)
		if err != nil || len(errs) == 0 {
			return checked, refused, err
		}
		// Rules of one field first: a rule across fields may hold once
		// the bad value of one of them is taken back.
		if own := slices.DeleteFunc(slices.Clone(errs), func(e apperr.FieldError) bool { return slices.Contains(acrossFields, e.Code) }); len(own) > 0 {
			errs = own
		}
		reverted := false
		for _, e := range errs {
			for _, name := range append([]string{rootField(e.Field)}, dependsOn[rootField(e.Field)]...) {
				if revertField(&after, before, name) {
					reverted = true
					break
				}
			}
			if !slices.ContainsFunc(refused, func(r apperr.FieldError) bool { return r.Field == e.Field }) {
				refused = append(refused, e)
			}
		}
		if !reverted {
			return Fields{}, nil, apperr.WithFields(WithSteps(errs))
		}
	}
}

// acrossFields are the codes of rules that read more than one field.
var acrossFields = []string{CodeBeforeSaleDate, CodeBeforeAcceptedDate, CodeRefusal14TooLate, CodePriceRequired}

// dependsOn names, for a field whose rule reads other fields, those fields:
// when the field itself was not changed, the change that broke its rule was
// made to one of them, and that one is kept as it was.
var dependsOn = map[string][]string{
	"acceptedDate":  {"saleDate"},
	"repairEndDate": {"acceptedDate"},
	"refusal14":     {"acceptedDate", "saleDate"},
	"parts":         {"warrantyCase"},
	"serialNumber":  {"noSerial"},
}

// revertField sets the field name of f back to its value in before and
// reports whether that changed anything.
func revertField(f *Fields, before Fields, name string) bool {
	i := slices.Index(fieldNames, name)
	if i < 0 {
		return false
	}
	cur, old := reflect.ValueOf(f).Elem().Field(i), reflect.ValueOf(before).Field(i)
	if reflect.DeepEqual(held(cur), held(old)) {
		return false
	}
	cur.Set(old)
	return true
}

// internalNumberTaken refuses an internal number another act of the centre
// already has (the guard against filing the same act twice).
var internalNumberTaken = apperr.FieldError{Field: "internalNumber", Code: "duplicate",
	Message:   "У вашего сервисного центра уже есть акт с таким внутренним номером",
	MessageEN: "Your service centre already has an act with this internal number"}

// checkFields validates after, the fields an act in status would have: a
// draft by ValidateSave, any other act by the submission rules. A category
// that changed must be one managers keep; it is stored as they spell it.
func (s *Service) checkFields(ctx context.Context, before, after Fields, status Status, now time.Time) (Fields, []apperr.FieldError, error) {
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
			return Fields{}, nil, err
		default:
			after.Category = &name
		}
	}
	return after, errs, nil
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
