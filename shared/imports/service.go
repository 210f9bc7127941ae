package imports

import (
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// Service is what key users and admins do through the API: start an
// upload, read protocols and their error reports, browse and export the
// directories. Every method takes the caller the authorizer established: a
// key user sees only their distributor (another's object is NotFound, never
// Forbidden); an admin sees every distributor; a manager only loads the
// serial registry and reads those loads' protocols (HQ's); nobody else sees any.
type Service struct {
	protocols ProtocolReader
	directory DirectoryReader
	files     UploadFiles
	views     ViewStore
	now       auth.Clock
	newID     auth.IDGen
	maxBytes  int64
	loc       *time.Location
}

// ServiceConfig holds the service's dependencies; Clock and NewID default
// to the wall clock and ULIDs, MaxBytes to the loads' 20 MB, Location to UTC.
type ServiceConfig struct {
	Protocols ProtocolReader
	Directory DirectoryReader
	Files     UploadFiles
	// Views keeps users' saved directory views.
	Views    ViewStore
	Clock    auth.Clock
	NewID    auth.IDGen
	MaxBytes int64
	// Location is the business time zone: exports are named by its days.
	Location *time.Location
}

// NewService checks the configuration and returns the service.
func NewService(c ServiceConfig) (*Service, error) {
	if c.Protocols == nil || c.Directory == nil || c.Files == nil || c.Views == nil {
		return nil, errors.New("imports: Protocols, Directory, Files and Views are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	if c.MaxBytes <= 0 {
		c.MaxBytes = 20 << 20
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	return &Service{protocols: c.Protocols, directory: c.Directory, files: c.Files, views: c.Views, now: c.Clock, newID: c.NewID,
		maxBytes: c.MaxBytes, loc: c.Location}, nil
}

// Periods and caps of the service.
const (
	// UploadTTL is how long an upload form works; ReportTTL a report link.
	UploadTTL = 15 * time.Minute
	ReportTTL = 5 * time.Minute
	// ExportCap is the most rows one export holds (seed 004).
	ExportCap = 10_000
	// maxFileName bounds an uploaded file's name.
	maxFileName = 200
)

var (
	errKeyUsersOnly = apperr.New(apperr.Forbidden,
		"Загружать файлы могут ключевые пользователи дистрибьютора", "Only a distributor's key users upload files")
	errManagersOnly = apperr.New(apperr.Forbidden,
		"Реестр серийных номеров загружают менеджеры", "Only managers load the serial registry")
	errNotYours = apperr.New(apperr.Forbidden,
		"Торговые точки и маршруты видят ключевые пользователи дистрибьютора и администраторы",
		"Outlets and routes are for a distributor's key users and admins")
)

// UploadRequest asks for a form to upload one file for a procedure.
type UploadRequest struct {
	Procedure Procedure
	FileName  string
	// CheckOnly asks for a dry run: validate and count, write nothing.
	CheckOnly bool
}

// UploadStart is where and how the browser posts the file.
type UploadStart struct {
	Key      string
	UploadID string
	Form     UploadForm
	MaxBytes int64
}

// StartUpload returns a presigned form that puts the caller's file under
// their distributor, recording them as the uploader. The file is loaded
// once it arrives; its protocol is listed under the upload id.
func (s *Service) StartUpload(ctx context.Context, c auth.Caller, in UploadRequest) (UploadStart, error) {
	owner := c.Tenant
	switch {
	case in.Procedure.ByStaff() && c.Role.Staff():
		owner = HQ
	case in.Procedure.ByStaff():
		return UploadStart{}, errManagersOnly
	case c.Role != auth.RoleKeyUser || c.Tenant == "":
		return UploadStart{}, errKeyUsersOnly
	}
	var errs []apperr.FieldError
	if !in.Procedure.Valid() {
		errs = append(errs, apperr.FieldError{Field: "procedure", Code: "invalid_value",
			Message:   "Неизвестная процедура: outlets-update, outlets-first-load, routes или serials",
			MessageEN: "Unknown procedure: outlets-update, outlets-first-load, routes or serials"})
	}
	name := strings.TrimSpace(in.FileName)
	switch {
	case name == "" || utf8.RuneCountInString(name) > maxFileName || name != path.Base(name) ||
		strings.ContainsAny(name, `\"`) || strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name):
		errs = append(errs, apperr.FieldError{Field: "fileName", Code: "invalid_value",
			Message:   fmt.Sprintf("Имя файла — без пути и кавычек, не длиннее %d символов", maxFileName),
			MessageEN: fmt.Sprintf("A file name without a path or quotes, at most %d characters", maxFileName)})
	case in.Procedure.Valid() && !NameMatches(in.Procedure, name):
		errs = append(errs, apperr.FieldError{Field: "fileName", Code: "name_mismatch",
			Message:   "Для процедуры «" + in.Procedure.Title() + "» нужен файл " + in.Procedure.FileNames(),
			MessageEN: "Procedure " + string(in.Procedure) + " takes " + in.Procedure.FileNamesEN()})
	}
	if len(errs) > 0 {
		return UploadStart{}, apperr.WithFields(errs)
	}
	id := s.newID()
	key := Key(in.Procedure, in.CheckOnly, owner, id, name)
	contentType := XLSXType
	if strings.EqualFold(path.Ext(name), ".xls") {
		contentType = "application/vnd.ms-excel"
	}
	form, err := s.files.PresignUpload(ctx, Upload{Key: key, ContentType: contentType, MaxBytes: s.maxBytes,
		Metadata: map[string]string{"uploader": c.UserID}, TTL: UploadTTL})
	if err != nil {
		return UploadStart{}, apperr.Wrap(err, "presign an import upload")
	}
	return UploadStart{Key: key, UploadID: id, Form: form, MaxBytes: s.maxBytes}, nil
}

// scope is the distributor a request may read: a key user's own (naming
// another is NotFound), or the one an admin names ("" for an admin's lists
// of every distributor's protocols).
func scope(c auth.Caller, asked string) (string, error) {
	switch c.Role {
	case auth.RoleKeyUser:
		if c.Tenant == "" || asked != "" && asked != c.Tenant {
			return "", auth.NotFound()
		}
		return c.Tenant, nil
	case auth.RoleAdmin:
		return asked, nil
	}
	return "", errNotYours
}

// protocolScope is scope for protocols, where managers also read the
// protocols of their own loads (HQ's) and only those.
func protocolScope(c auth.Caller, asked string) (string, error) {
	if c.Role == auth.RoleManager {
		if asked != "" && asked != HQ {
			return "", auth.NotFound()
		}
		return HQ, nil
	}
	return scope(c, asked)
}

// directoryScope is scope for the directories, which are kept per
// distributor: an admin must name one.
func directoryScope(c auth.Caller, asked string) (string, error) {
	d, err := scope(c, asked)
	if err == nil && d == "" {
		return "", apperr.Field("distributor", "required", "Укажите дистрибьютора", "Name the distributor")
	}
	return d, err
}

// Protocol returns one protocol the caller may see.
func (s *Service) Protocol(ctx context.Context, c auth.Caller, id string) (Protocol, error) {
	own, err := protocolScope(c, "")
	if err != nil {
		return Protocol{}, err
	}
	p, err := s.protocols.Protocol(ctx, id)
	if err != nil {
		return Protocol{}, auth.StoreError(err, "read load protocol "+id)
	}
	if own != "" && p.Distributor != own {
		return Protocol{}, auth.NotFound()
	}
	return p, nil
}

// Link is a short-lived download URL.
type Link struct {
	URL       string
	Name      string
	ExpiresAt time.Time
}

// ReportLink signs a download of a protocol's error report.
func (s *Service) ReportLink(ctx context.Context, c auth.Caller, id string) (Link, error) {
	p, err := s.Protocol(ctx, c, id)
	if err != nil {
		return Link{}, err
	}
	if p.ReportKey == "" {
		return Link{}, apperr.New(apperr.NotFound, "У этой загрузки нет отчёта об ошибках", "This load has no error report")
	}
	url, err := s.files.ReportURL(ctx, p.ReportKey, p.ReportName(), ReportTTL)
	if err != nil {
		return Link{}, apperr.Wrap(err, "presign the report of load "+id)
	}
	return Link{URL: url, Name: p.ReportName(), ExpiresAt: s.now().Add(ReportTTL)}, nil
}

// Protocols pages through the protocols the caller may see, newest first.
func (s *Service) Protocols(ctx context.Context, c auth.Caller, q ProtocolQuery) (auth.Page[Protocol], error) {
	d, err := protocolScope(c, q.Distributor)
	if err != nil {
		return auth.Page[Protocol]{}, err
	}
	q.Distributor = d
	var errs []apperr.FieldError
	if q.Status != "" && !slices.Contains([]LoadStatus{LoadProcessing, LoadSucceeded, LoadFailedValidation, LoadRejected, LoadFailed}, q.Status) {
		errs = append(errs, badValue("status", "Неизвестный статус загрузки", "Unknown load status"))
	}
	if q.Procedure != "" && !q.Procedure.Valid() {
		errs = append(errs, badValue("procedure", "Неизвестная процедура", "Unknown procedure"))
	}
	if len(errs) > 0 {
		return auth.Page[Protocol]{}, apperr.WithFields(errs)
	}
	page, err := s.protocols.ListProtocols(ctx, q)
	if err != nil {
		return auth.Page[Protocol]{}, auth.StoreError(err, "list load protocols")
	}
	return page, nil
}

func badValue(field, ru, en string) apperr.FieldError {
	return apperr.FieldError{Field: field, Code: "invalid_value", Message: ru, MessageEN: en}
}

// outletQuery checks a directory query and resolves its load number to the
// load's stamp. ok is false when the load does not exist, so nothing matches.
func (s *Service) outletQuery(ctx context.Context, c auth.Caller, q OutletQuery) (OutletQuery, bool, error) {
	d, err := directoryScope(c, q.Distributor)
	if err != nil {
		return q, false, err
	}
	q.Distributor = d
	var errs []apperr.FieldError
	if q.Subtype != "" && !slices.Contains([]Subtype{SubtypeOutlet, SubtypeRDC, SubtypeHoReCa, SubtypeKiosk, SubtypeOther}, q.Subtype) {
		errs = append(errs, badValue("subtype", "Неизвестный подтип: outlet, rdc, horeca, kiosk или other", "Unknown subtype"))
	}
	if q.Status != "" && q.Status != StatusActive && q.Status != StatusInactive {
		errs = append(errs, badValue("status", "Статус точки — active или inactive", "Status is active or inactive"))
	}
	if len(errs) > 0 {
		return q, false, apperr.WithFields(errs)
	}
	var ok bool
	q.Load, ok, err = s.loadStamp(ctx, d, q.Load.LoadSeq)
	return q, ok, err
}

// loadStamp resolves a load number to its stamp; ok is false for an unknown one.
func (s *Service) loadStamp(ctx context.Context, distributor string, seq int) (Stamp, bool, error) {
	if seq == 0 {
		return Stamp{}, true, nil
	}
	p, err := s.protocols.ProtocolBySeq(ctx, distributor, seq)
	if errors.Is(err, auth.ErrNotFound) {
		return Stamp{}, false, nil
	}
	if err != nil {
		return Stamp{}, false, auth.StoreError(err, "read load protocol by number")
	}
	return p.Stamp(), true, nil
}

// Outlets returns one page of the distributor's outlets.
func (s *Service) Outlets(ctx context.Context, c auth.Caller, q OutletQuery) (auth.Page[StoredOutlet], error) {
	q, ok, err := s.outletQuery(ctx, c, q)
	if err != nil || !ok {
		return auth.Page[StoredOutlet]{Items: []StoredOutlet{}}, err
	}
	page, err := s.directory.ListOutlets(ctx, q)
	if errors.Is(err, ErrTooManyToSort) {
		return auth.Page[StoredOutlet]{}, apperr.New(apperr.TooMany,
			fmt.Sprintf("Под фильтры попадает больше %d торговых точек — так много нельзя отсортировать по этому столбцу. Добавьте фильтры или сортируйте по коду", SortCap),
			fmt.Sprintf("More than %d outlets match: sort by code or narrow the filters", SortCap))
	}
	if err != nil {
		return auth.Page[StoredOutlet]{}, auth.StoreError(err, "list outlets")
	}
	if err := attachRDCRecords(ctx, s.directory, page.Items); err != nil {
		return auth.Page[StoredOutlet]{}, auth.StoreError(err, "read RDC records")
	}
	return page, nil
}

// attachRDCRecords gives each RDC outlet of list its record, read in
// batches of LookupBatch (BatchGetItem underneath): lists and exports show it.
func attachRDCRecords(ctx context.Context, dir DirectoryReader, list []StoredOutlet) error {
	var rdcs []int
	for n, o := range list {
		if o.Subtype == SubtypeRDC {
			rdcs = append(rdcs, n)
		}
	}
	for batch := range slices.Chunk(rdcs, LookupBatch) {
		codes := make([]string, len(batch))
		for i, n := range batch {
			codes[i] = list[n].Code
		}
		records, err := dir.RDCRecords(ctx, codes)
		if err != nil {
			return err
		}
		for _, n := range batch {
			if r, ok := records[list[n].Code]; ok {
				list[n].RDC = &r
			}
		}
	}
	return nil
}

// ExportOutlets returns every outlet of a list, at most ExportCap; beyond
// that it asks to narrow the filters.
func (s *Service) ExportOutlets(ctx context.Context, c auth.Caller, q OutletQuery) ([]StoredOutlet, error) {
	q.Cursor = ""
	q, ok, err := s.outletQuery(ctx, c, q)
	if err != nil || !ok {
		return []StoredOutlet{}, err
	}
	found, err := s.directory.ExportOutlets(ctx, q, ExportCap)
	if err != nil {
		return nil, auth.StoreError(err, "export outlets")
	}
	if len(found) > ExportCap {
		return nil, tooManyToExport("торговых точек", "(код, название, город, подтип, статус, дата изменения или номер загрузки)")
	}
	if err := attachRDCRecords(ctx, s.directory, found); err != nil {
		return nil, auth.StoreError(err, "read RDC records")
	}
	if !q.Sort.ByCode() {
		SortOutlets(found, q.Sort)
	}
	return found, nil
}

func tooManyToExport(what, filters string) error {
	return apperr.New(apperr.TooMany,
		fmt.Sprintf("Под фильтры попадает больше %d %s — выгрузка ограничена %d записями. Добавьте фильтры %s и повторите", ExportCap, what, ExportCap, filters),
		fmt.Sprintf("More than %d rows match: exports hold at most %d; narrow the filters and try again", ExportCap, ExportCap))
}

func (s *Service) routeQuery(ctx context.Context, c auth.Caller, q RouteQuery) (RouteQuery, bool, error) {
	d, err := directoryScope(c, q.Distributor)
	if err != nil {
		return q, false, err
	}
	q.Distributor = d
	var ok bool
	q.Load, ok, err = s.loadStamp(ctx, d, q.Load.LoadSeq)
	return q, ok, err
}

// Routes returns one page of the distributor's routes.
func (s *Service) Routes(ctx context.Context, c auth.Caller, q RouteQuery) (auth.Page[Route], error) {
	q, ok, err := s.routeQuery(ctx, c, q)
	if err != nil || !ok {
		return auth.Page[Route]{Items: []Route{}}, err
	}
	page, err := s.directory.ListRoutes(ctx, q)
	if err != nil {
		return auth.Page[Route]{}, auth.StoreError(err, "list routes")
	}
	return page, nil
}

// ExportRoutes returns every route of a list; the cap counts their stops,
// which are the export's rows.
func (s *Service) ExportRoutes(ctx context.Context, c auth.Caller, q RouteQuery) ([]Route, error) {
	q.Cursor = ""
	q, ok, err := s.routeQuery(ctx, c, q)
	if err != nil || !ok {
		return []Route{}, err
	}
	found, err := s.directory.ExportRoutes(ctx, q, ExportCap)
	if err != nil {
		return nil, auth.StoreError(err, "export routes")
	}
	rows := 0
	for _, r := range found {
		rows += len(r.Stops)
	}
	if rows > ExportCap {
		return nil, tooManyToExport("строк маршрутов", "(код маршрута, территория, точка, дата изменения или номер загрузки)")
	}
	return found, nil
}
