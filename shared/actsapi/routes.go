// Package actsapi is the HTTP side of warranty acts: the routes of
// ActsApiFunction, turning requests into calls of acts.Service and its
// answers into JSON (and .xlsx for exports). Rules live in shared/acts; this
// package only translates.
package actsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
	"aftersales/shared/httpapi"
	"aftersales/shared/orders"
)

// API serves ActsApiFunction's routes.
type API struct {
	Acts        *acts.Service
	Idempotency httpapi.IdempotencyStore
	Clock       auth.Clock
	// Location is the business time zone exports show times in.
	Location *time.Location
	// Centres names the service centres of the acts staff read; nil names
	// none.
	Centres Centres
}

// Centres reads service centres' names by id (one call for a page of acts).
type Centres interface {
	ServiceCentreNames(ctx context.Context, ids []string) (map[string]string, error)
}

// nameCentres fills in the centre's name of each act a staff caller reads:
// managers see centres by name wherever an act appears. A centre's own
// users know their centre, and their reads cost no extra call.
func (a *API) nameCentres(ctx context.Context, c auth.Caller, list ...*acts.Act) error {
	if a.Centres == nil || !c.Role.Staff() || len(list) == 0 {
		return nil
	}
	var ids []string
	for _, act := range list {
		if !slices.Contains(ids, act.ServiceCenterID) {
			ids = append(ids, act.ServiceCenterID)
		}
	}
	names, err := a.Centres.ServiceCentreNames(ctx, ids)
	if err != nil {
		return apperr.Wrap(err, "name service centres")
	}
	for _, act := range list {
		act.ServiceCenterName = names[act.ServiceCenterID]
	}
	return nil
}

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways).
func (a *API) Routes(rt *httpapi.Router) {
	rt.Handle("GET /api/categories", auth.ActRoles, a.listCategories)
	rt.Handle("POST /api/categories", auth.StaffRoles, a.createCategory)
	rt.Handle("PATCH /api/categories/{id}", auth.StaffRoles, a.updateCategory)

	rt.Handle("GET /api/acts", auth.ActRoles, a.listActs)
	rt.Handle("POST /api/acts", auth.CentreRoles, httpapi.Idempotent(a.Idempotency, a.Clock, a.createAct))
	rt.Handle("GET /api/acts/export", auth.ActRoles, a.exportActs)
	rt.Handle("GET /api/acts/{id}", auth.ActRoles, a.getAct)
	rt.Handle("PATCH /api/acts/{id}", auth.ActRoles, a.updateAct)
	rt.Handle("DELETE /api/acts/{id}", auth.CentreRoles, a.deleteAct)
	rt.Handle("POST /api/acts/{id}/actions", auth.ActRoles, a.takeAction)
	rt.Handle("GET /api/acts/{id}/history", auth.ActRoles, a.history)
	rt.Handle("GET /api/acts/{id}/comments", auth.ActRoles, a.listComments)
	rt.Handle("POST /api/acts/{id}/comments", auth.ActRoles, httpapi.Idempotent(a.Idempotency, a.Clock, a.addComment))
	rt.Handle("GET /api/acts/{id}/files", auth.ActRoles, a.listFiles)
	rt.Handle("POST /api/acts/{id}/files", auth.ActRoles, a.startUpload)
}

// ---------------------------------------------------------------- categories

func (a *API) listCategories(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	// Retired categories are shown only to those who manage the list.
	all := false
	switch v, given := r.Event.QueryStringParameters["all"]; {
	case !given || v == "false":
	case v == "true":
		all = r.Caller.Role.Staff()
	default:
		return nil, apperr.Field("all", acts.CodeInvalidValue, "all — true или false", "all is true or false")
	}
	cats, err := a.Acts.Categories(ctx, all)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[acts.Category]{Items: cats}), nil
}

type categoryInput struct {
	Name string `json:"name"`
}

func (a *API) createCategory(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in categoryInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cat, err := a.Acts.CreateCategory(ctx, r.Caller, in.Name)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, cat), nil
}

type categoryPatch struct {
	Name   *string `json:"name"`
	Active *bool   `json:"active"`
}

func (a *API) updateCategory(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in categoryPatch
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cat, err := a.Acts.UpdateCategory(ctx, r.Caller, r.Param("id"), acts.CategoryPatch{Name: in.Name, Active: in.Active})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, cat), nil
}

// ---------------------------------------------------------------- acts

// actBody is an act as every act route answers it: its fields, the warnings
// the centre should see, and the actions the caller may take now.
type actBody struct {
	acts.Act
	Warnings []apperr.FieldError `json:"warnings"`
	Actions  []acts.Action       `json:"actions"`
	// PartsToShip counts the rows the wholesaler sends; with none, an
	// approval ships nothing and the centre marks the repair itself.
	PartsToShip int `json:"partsToShip"`
	// Compensation is what the centre's own parts are paid back with.
	Compensation acts.Money `json:"compensation"`
}

func newActBody(act acts.Act, role auth.Role) actBody {
	return actBody{Act: act, Warnings: orEmpty(act.Warnings()), Actions: act.ActionsFor(role),
		PartsToShip: len(act.PartsToShip()), Compensation: act.Compensation()}
}

// actResponse answers an act with its version as the ETag, for If-Match.
func actResponse(status int, act acts.Act, role auth.Role) *httpapi.Response {
	resp := httpapi.JSON(status, newActBody(act, role))
	resp.Headers = map[string]string{"etag": etag(act.Version)}
	return resp
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// etagRe is an act's ETag as actResponse writes it, weak or strong.
var etagRe = regexp.MustCompile(`^(?:W/)?(?:"([0-9]{1,9})"|([0-9]{1,9}))$`)

// versionOf reads the version an update is based on: If-Match (the ETag of
// a read) or the body's version. Both may be given only if they agree.
func versionOf(r *httpapi.Request, body *int) (int, error) {
	header, given := r.Event.Headers["if-match"]
	if !given {
		if body == nil {
			return 0, apperr.Field("version", acts.CodeRequired,
				"Укажите версию акта, которую вы меняете (If-Match или version)",
				"Give the version of the act you change (If-Match or version)")
		}
		return *body, nil
	}
	m := etagRe.FindStringSubmatch(header)
	if m == nil {
		return 0, apperr.New(apperr.Invalid, `Неверный заголовок If-Match: нужна версия, например "3"`,
			`Malformed If-Match header: want a version such as "3"`)
	}
	v, _ := strconv.Atoi(m[1] + m[2]) // at most 9 digits: always a number
	if body != nil && *body != v {
		return 0, apperr.New(apperr.Invalid, "Версия в If-Match и в теле запроса (version) не совпадают: укажите одну",
			"If-Match and the body's version disagree: give one")
	}
	return v, nil
}

func (a *API) createAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	f, _, badValues, err := decodeFields(r, false)
	if err != nil {
		return nil, err
	}
	var act acts.Act
	var refused []apperr.FieldError
	if repair, ok := r.Event.QueryStringParameters["repair"]; ok {
		// «Оформить гарантийный акт» on a repair order: the two are linked.
		act, refused, err = a.Acts.CreateFromRepair(ctx, r.Caller, repair, f)
	} else {
		act, refused, err = a.Acts.Create(ctx, r.Caller, f)
	}
	if err != nil {
		return nil, err
	}
	resp := savedResponse(http.StatusCreated, act, r.Caller.Role, append(badValues, refused...))
	resp.Headers["location"] = "/api/acts/" + act.ID
	return resp, nil
}

// actDetail is an act with everything under it, as one read returns it.
type actDetail struct {
	actBody
	Comments []acts.Comment `json:"comments"`
	Files    []acts.File    `json:"files"`
	History  []acts.Event   `json:"history"`
}

func (a *API) getAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	rec, err := a.Acts.Get(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	if err := a.nameCentres(ctx, r.Caller, &rec.Act); err != nil {
		return nil, err
	}
	resp := httpapi.JSON(http.StatusOK, actDetail{actBody: newActBody(rec.Act, r.Caller.Role),
		Comments: orEmpty(rec.Comments), Files: orEmpty(rec.Files), History: orEmpty(rec.History)})
	resp.Headers = map[string]string{"etag": etag(rec.Act.Version)}
	return resp, nil
}

// orEmpty keeps empty lists as [] in JSON, as the OpenAPI document promises.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// decodeFields reads an act form body (a create or a PATCH) field by field,
// because a save is per field: a value of the wrong type or format (a date
// that is not ГГГГ-ММ-ДД) refuses that field alone, and the others are still
// saved. A body that is not a JSON object, an unknown field or a null
// refuses the whole request. A PATCH may carry the version it is based on
// (instead of If-Match); it is taken out first, so errors name fields as the
// API does ("article", not a Go path through an embedding struct).
func decodeFields(r *httpapi.Request, withVersion bool) (acts.Fields, *int, []apperr.FieldError, error) {
	body, err := r.Body()
	if err != nil {
		return acts.Fields{}, nil, nil, err
	}
	var raw map[string]json.RawMessage
	if err := httpapi.DecodeJSON(body, &raw); err != nil {
		return acts.Fields{}, nil, nil, err
	}
	var version *int
	if v, ok := raw["version"]; ok && withVersion {
		delete(raw, "version")
		version = new(int)
		if err := json.Unmarshal(v, version); err != nil {
			return acts.Fields{}, nil, nil, apperr.Field("version", "wrong_type",
				"Версия — целое число", "The version is an integer")
		}
	}
	var f acts.Fields
	var refused []apperr.FieldError
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		one, err := json.Marshal(map[string]json.RawMessage{name: raw[name]})
		if err != nil {
			return acts.Fields{}, nil, nil, apperr.Wrap(err, "re-encode field "+name)
		}
		var value acts.Fields
		err = httpapi.DecodeJSON(one, &value)
		if e := apperr.As(err); err != nil && e.Code == apperr.Invalid && len(e.Fields) == 1 && e.Fields[0].Code != "unknown_field" {
			refused = append(refused, e.Fields[0])
			continue
		}
		if err != nil {
			return acts.Fields{}, nil, nil, err
		}
		f = f.Apply(value)
	}
	return f, version, refused, nil
}

// savedBody is the answer of a save: the act as stored and the fields that
// were refused (each with its step of the form); every other field was saved.
type savedBody struct {
	actBody
	FieldErrors []apperr.FieldError `json:"fieldErrors"`
}

// savedResponse answers a per-field save: 200/201 with the act and the
// refused fields (those whose value could not be read first).
func savedResponse(status int, act acts.Act, role auth.Role, refused []apperr.FieldError) *httpapi.Response {
	refused = acts.WithSteps(orEmpty(refused))
	resp := httpapi.JSON(status, savedBody{actBody: newActBody(act, role), FieldErrors: refused})
	resp.Headers = map[string]string{"etag": etag(act.Version)}
	return resp
}

func (a *API) updateAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	patch, bodyVersion, badValues, err := decodeFields(r, true)
	if err != nil {
		return nil, err
	}
	version, err := versionOf(r, bodyVersion)
	if err != nil {
		return nil, err
	}
	act, refused, err := a.Acts.Update(ctx, r.Caller, r.Param("id"), version, patch)
	if err != nil {
		return nil, err
	}
	return savedResponse(http.StatusOK, act, r.Caller.Role, append(badValues, refused...)), nil
}

func (a *API) deleteAct(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var version *int
	if _, given := r.Event.Headers["if-match"]; given {
		v, err := versionOf(r, nil)
		if err != nil {
			return nil, err
		}
		version = &v
	}
	if err := a.Acts.Delete(ctx, r.Caller, r.Param("id"), version); err != nil {
		return nil, err
	}
	return httpapi.NoContent(), nil
}

type actionInput struct {
	Action        acts.Action   `json:"action"`
	Version       *int          `json:"version"`
	Reason        string        `json:"reason"`
	DeadlineDays  *int          `json:"deadlineDays"`
	ReplyDeadline *acts.Date    `json:"replyDeadline"`
	Payer         *orders.Payer `json:"payer"`
}

func (a *API) takeAction(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in actionInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	version, err := versionOf(r, in.Version)
	if err != nil {
		return nil, err
	}
	act, err := a.Acts.Do(ctx, r.Caller, r.Param("id"), acts.Move{Action: in.Action, Version: version, Reason: in.Reason,
		DeadlineDays: in.DeadlineDays, ReplyDeadline: in.ReplyDeadline, Payer: in.Payer})
	if err != nil {
		return nil, err
	}
	if err := a.nameCentres(ctx, r.Caller, &act); err != nil {
		return nil, err
	}
	return actResponse(http.StatusOK, act, r.Caller.Role), nil
}

func (a *API) history(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	events, err := a.Acts.History(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[acts.Event]{Items: orEmpty(events)}), nil
}

// ---------------------------------------------------------------- comments

func (a *API) listComments(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	comments, err := a.Acts.Comments(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[acts.Comment]{Items: orEmpty(comments)}), nil
}

type commentInput struct {
	Text          string     `json:"text"`
	FileIDs       []string   `json:"fileIds"`
	InfoRequest   bool       `json:"infoRequest"`
	DeadlineDays  *int       `json:"deadlineDays"`
	ReplyDeadline *acts.Date `json:"replyDeadline"`
}

// commentResult is a new comment and the act as it now stands (a comment
// may have moved it).
type commentResult struct {
	Comment acts.Comment `json:"comment"`
	Act     actBody      `json:"act"`
}

func (a *API) addComment(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in commentInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cm, act, err := a.Acts.AddComment(ctx, r.Caller, r.Param("id"), acts.CommentInput{Text: in.Text, FileIDs: in.FileIDs,
		InfoRequest: in.InfoRequest, DeadlineDays: in.DeadlineDays, ReplyDeadline: in.ReplyDeadline})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, commentResult{Comment: cm, Act: newActBody(act, r.Caller.Role)}), nil
}

// ---------------------------------------------------------------- files

func (a *API) listFiles(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	files, err := a.Acts.Files(ctx, r.Caller, r.Param("id"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[acts.FileLink]{Items: files}), nil
}

type uploadInput struct {
	Kind        acts.FileKind `json:"kind"`
	ContentType string        `json:"contentType"`
	Size        int64         `json:"size"`
	Name        string        `json:"name"`
}

// uploadResult is a pending file and the form to post its bytes with.
type uploadResult struct {
	File   acts.File       `json:"file"`
	Upload acts.UploadForm `json:"upload"`
}

func (a *API) startUpload(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in uploadInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	f, form, err := a.Acts.StartUpload(ctx, r.Caller, r.Param("id"),
		acts.UploadRequest{Kind: in.Kind, ContentType: in.ContentType, Size: in.Size, Name: in.Name})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, uploadResult{File: f, Upload: form}), nil
}

// ---------------------------------------------------------------- lists

// listRequest reads a list's query string: view, status (comma-separated),
// category, verdict, serviceCenter, from and to (YYYY-MM-DD), q, limit, cursor.
func listRequest(r *httpapi.Request) (acts.ListRequest, error) {
	req := acts.ListRequest{View: acts.View(r.Query("view")), Category: r.Query("category"), Verdict: eligibility.Verdict(r.Query("verdict")),
		ServiceCenter: r.Query("serviceCenter"), Query: r.Query("q"), Cursor: r.Query("cursor")}
	var errs []apperr.FieldError
	if v, ok := r.Event.QueryStringParameters["status"]; ok {
		// Every comma-separated value must be a status: "a,,b" or " a" is
		// refused as the document's pattern says, not quietly mended.
		for _, s := range strings.Split(v, ",") {
			req.Statuses = append(req.Statuses, acts.Status(s))
		}
	}
	for _, d := range []struct {
		name string
		to   **acts.Date
	}{{"from", &req.From}, {"to", &req.To}} {
		if v := r.Query(d.name); v != "" {
			day, err := acts.ParseDate(v)
			if err != nil {
				e := apperr.As(err)
				errs = append(errs, apperr.FieldError{Field: d.name, Code: acts.CodeInvalidValue, Message: e.Message, MessageEN: e.MessageEN})
				continue
			}
			*d.to = &day
		}
	}
	if n, fe := httpapi.Limit(r); fe != nil {
		errs = append(errs, *fe)
	} else {
		req.Limit = n
	}
	if len(errs) > 0 {
		return acts.ListRequest{}, apperr.WithFields(errs)
	}
	return req, nil
}

func (a *API) listActs(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	req, err := listRequest(r)
	if err != nil {
		return nil, err
	}
	items, next, err := a.Acts.List(ctx, r.Caller, req)
	if err != nil {
		return nil, err
	}
	named := make([]*acts.Act, len(items))
	for i := range items {
		named[i] = &items[i].Act
	}
	if err := a.nameCentres(ctx, r.Caller, named...); err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[acts.Listed]{Items: items, Next: next}), nil
}

func (a *API) exportActs(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	req, err := listRequest(r)
	if err != nil {
		return nil, err
	}
	found, err := a.Acts.Export(ctx, r.Caller, req)
	if err != nil {
		return nil, err
	}
	named := make([]*acts.Act, len(found))
	for i := range found {
		named[i] = &found[i]
	}
	if err := a.nameCentres(ctx, r.Caller, named...); err != nil {
		return nil, err
	}
	book, err := a.workbook(found)
	if err != nil {
		return nil, apperr.Wrap(err, "write acts export")
	}
	name := fmt.Sprintf("akty-%s.xlsx", a.Clock().In(a.Location).Format("2006-01-02"))
	return httpapi.Attachment(name, xlsxType, book), nil
}
