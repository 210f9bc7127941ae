package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// The service's fakes: protocols and a directory of fixed answers, and
// storage that signs anything.

type readers struct {
	protocols map[string]Protocol
	outlets   []StoredOutlet
	rdcs      map[string]RDCRecord
	asked     []OutletQuery
}

func (r *readers) Protocol(_ context.Context, id string) (Protocol, error) {
	p, ok := r.protocols[id]
	if !ok {
		return Protocol{}, auth.ErrNotFound
	}
	return p, nil
}

func (r *readers) ProtocolBySeq(_ context.Context, d string, seq int) (Protocol, error) {
	for _, p := range r.protocols {
		if p.Distributor == d && p.Seq == seq {
			return p, nil
		}
	}
	return Protocol{}, auth.ErrNotFound
}

func (r *readers) ListProtocols(context.Context, ProtocolQuery) (auth.Page[Protocol], error) {
	return auth.Page[Protocol]{}, nil
}

func (r *readers) ListOutlets(_ context.Context, q OutletQuery) (auth.Page[StoredOutlet], error) {
	r.asked = append(r.asked, q)
	return auth.Page[StoredOutlet]{Items: r.outlets}, nil
}

func (r *readers) ExportOutlets(_ context.Context, q OutletQuery, max int) ([]StoredOutlet, error) {
	r.asked = append(r.asked, q)
	return r.outlets[:min(len(r.outlets), max+1)], nil
}

func (r *readers) RDCRecords(_ context.Context, codes []string) (map[string]RDCRecord, error) {
	out := map[string]RDCRecord{}
	for _, c := range codes {
		if rec, ok := r.rdcs[c]; ok {
			out[c] = rec
		}
	}
	return out, nil
}

func (r *readers) ListRoutes(context.Context, RouteQuery) (auth.Page[Route], error) {
	return auth.Page[Route]{}, nil
}

func (r *readers) ExportRoutes(context.Context, RouteQuery, int) ([]Route, error) { return nil, nil }

type signer struct {
	last   Upload
	queued map[string][]byte    // export requests by key
	stored map[string]time.Time // objects in the reports bucket, by key
}

func (s *signer) ReportStored(_ context.Context, key string) (time.Time, error) {
	t, ok := s.stored[key]
	if !ok {
		return time.Time{}, auth.ErrNotFound
	}
	return t, nil
}

func (s *signer) QueueExport(_ context.Context, distributor, id string, body []byte) error {
	if s.queued == nil {
		s.queued = map[string][]byte{}
	}
	s.queued[ExportRequestKey(distributor, id)] = body
	return nil
}

func (s *signer) PresignUpload(_ context.Context, u Upload) (UploadForm, error) {
	s.last = u
	return UploadForm{URL: "https://s3/imports", Fields: map[string]string{"key": u.Key}}, nil
}

func (s *signer) ReportURL(_ context.Context, key, name string, _ time.Duration) (string, error) {
	return "https://s3/reports/" + key + "?name=" + name, nil
}

var (
	keyUser = auth.Caller{UserID: "u1", Role: auth.RoleKeyUser, Tenant: "D1"}
	admin   = auth.Caller{UserID: "a1", Role: auth.RoleAdmin}
	manager = auth.Caller{UserID: "m1", Role: auth.RoleManager}
)

func newService(t *testing.T) (*Service, *readers, *signer) {
	t.Helper()
	r := &readers{protocols: map[string]Protocol{
		"p1": {ID: "p1", Seq: 4, Distributor: "D1", ReportKey: "imports/D1/p1/errors.xlsx", CreatedAt: time.Unix(100, 0)},
		"p2": {ID: "p2", Seq: 1, Distributor: "D2"},
		"p3": {ID: "p3", Seq: 1, Distributor: HQ, Procedure: Serials},
	}}
	s := &signer{}
	svc, err := NewService(ServiceConfig{Protocols: r, Directory: r, Files: s, Views: &memViews{}, NewID: func() string { return "UP1" }})
	if err != nil {
		t.Fatal(err)
	}
	return svc, r, s
}

func code(err error) apperr.Code { return apperr.CodeOf(err) }

func TestAnUploadFormPutsTheFileUnderTheCallersDistributor(t *testing.T) {
	svc, _, s := newService(t)
	up, err := svc.StartUpload(context.Background(), keyUser, UploadRequest{Procedure: OutletsUpdate, FileName: "Outlets_1.xlsx", CheckOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if up.Key != "outlets-update-check/D1/UP1/Outlets_1.xlsx" || s.last.Metadata["uploader"] != "u1" || s.last.MaxBytes != 20<<20 ||
		s.last.ContentType != XLSXType {
		t.Errorf("upload %+v, signed %+v", up, s.last)
	}
	if _, err := svc.StartUpload(context.Background(), keyUser, UploadRequest{Procedure: Routes, FileName: "Routes.xls"}); err != nil ||
		s.last.ContentType != "application/vnd.ms-excel" {
		t.Errorf("an .xls upload: %v, %q", err, s.last.ContentType)
	}
}

func TestAManagersSerialUploadGoesUnderHQ(t *testing.T) {
	svc, _, s := newService(t)
	up, err := svc.StartUpload(context.Background(), manager, UploadRequest{Procedure: Serials, FileName: "Serials_завод.xlsx"})
	if err != nil || up.Key != "serials/hq/UP1/Serials_завод.xlsx" || s.last.Metadata["uploader"] != "m1" {
		t.Errorf("upload %+v, %v", up, err)
	}
}

func TestAnUploadIsRefusedBeforeTheFileIsSent(t *testing.T) {
	svc, _, _ := newService(t)
	tests := []struct {
		name   string
		caller auth.Caller
		in     UploadRequest
		want   string
	}{
		{"an admin has no distributor", admin, UploadRequest{Procedure: Routes, FileName: "Routes.xlsx"}, "forbidden"},
		{"an unknown procedure", keyUser, UploadRequest{Procedure: "prices", FileName: "Outlets.xlsx"}, "procedure:invalid_value"},
		{"a name the procedure does not take", keyUser, UploadRequest{Procedure: Routes, FileName: "Outlets.xlsx"}, "fileName:name_mismatch"},
		{"a path in the name", keyUser, UploadRequest{Procedure: Routes, FileName: "../Routes.xlsx"}, "fileName:invalid_value"},
		{"no name", keyUser, UploadRequest{Procedure: Routes}, "fileName:invalid_value"},
		{"a key user does not load the serial registry", keyUser, UploadRequest{Procedure: Serials, FileName: "Serials.xlsx"}, "forbidden"},
		{"a manager loads no outlets", manager, UploadRequest{Procedure: OutletsUpdate, FileName: "Outlets.xlsx"}, "forbidden"},
		{"a serial registry named otherwise", manager, UploadRequest{Procedure: Serials, FileName: "Outlets.xlsx"}, "fileName:name_mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.StartUpload(context.Background(), tt.caller, tt.in)
			got := string(code(err))
			if e := apperr.As(err); len(e.Fields) > 0 {
				got = e.Fields[0].Field + ":" + e.Fields[0].Code
			}
			if got != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}

func TestAKeyUserSeesOnlyTheirDistributorsProtocolsAndAnAdminEvery(t *testing.T) {
	svc, _, _ := newService(t)
	ctx := context.Background()
	if _, err := svc.Protocol(ctx, keyUser, "p1"); err != nil {
		t.Errorf("own: %v", err)
	}
	if _, err := svc.Protocol(ctx, keyUser, "p2"); code(err) != apperr.NotFound {
		t.Errorf("another distributor's: %v", err)
	}
	if _, err := svc.Protocol(ctx, admin, "p2"); err != nil {
		t.Errorf("admin: %v", err)
	}
	if _, err := svc.Protocol(ctx, manager, "p1"); code(err) != apperr.NotFound {
		t.Errorf("manager reading a distributor's load: %v", err)
	}
	if _, err := svc.Protocol(ctx, manager, "p3"); err != nil {
		t.Errorf("manager reading the serial registry's load: %v", err)
	}
	if _, err := svc.Protocol(ctx, keyUser, "p3"); code(err) != apperr.NotFound {
		t.Errorf("key user reading the serial registry's load: %v", err)
	}
	link, err := svc.ReportLink(ctx, keyUser, "p1")
	if err != nil || !strings.Contains(link.URL, "imports/D1/p1/errors.xlsx") || link.Name != "Ошибки загрузки №4.xlsx" {
		t.Errorf("report %+v, %v", link, err)
	}
	if _, err := svc.ReportLink(ctx, admin, "p2"); code(err) != apperr.NotFound {
		t.Errorf("a load without a report: %v", err)
	}
}

func TestDirectoriesAreScopedToOneDistributor(t *testing.T) {
	svc, r, _ := newService(t)
	ctx := context.Background()
	if _, err := svc.Outlets(ctx, keyUser, OutletQuery{}); err != nil || r.asked[0].Distributor != "D1" {
		t.Errorf("own: %v %+v", err, r.asked)
	}
	if _, err := svc.Outlets(ctx, keyUser, OutletQuery{Distributor: "D2"}); code(err) != apperr.NotFound {
		t.Errorf("naming another: %v", err)
	}
	if _, err := svc.Outlets(ctx, admin, OutletQuery{}); code(err) != apperr.Invalid {
		t.Errorf("an admin naming none: %v", err)
	}
	if _, err := svc.Outlets(ctx, admin, OutletQuery{Distributor: "D2", Subtype: "shop"}); code(err) != apperr.Invalid {
		t.Errorf("a bad subtype: %v", err)
	}
	r.asked = nil
	page, err := svc.Outlets(ctx, keyUser, OutletQuery{Load: Stamp{LoadSeq: 4}})
	if err != nil || len(r.asked) != 1 || r.asked[0].Load.LoadID != "p1" || !r.asked[0].Load.At.Equal(time.Unix(100, 0)) {
		t.Errorf("by load: %v %+v", err, r.asked)
	}
	if page, err = svc.Outlets(ctx, keyUser, OutletQuery{Load: Stamp{LoadSeq: 99}}); err != nil || len(page.Items) != 0 {
		t.Errorf("an unknown load: %+v %v", page, err)
	}
}

func TestAnExportOfMoreThanTenThousandRowsAsksToNarrowTheFilters(t *testing.T) {
	svc, r, _ := newService(t)
	for i := range ExportCap + 1 {
		r.outlets = append(r.outlets, StoredOutlet{Outlet: Outlet{Code: fmt.Sprint(i)}})
	}
	_, err := svc.ExportOutlets(context.Background(), keyUser, OutletQuery{})
	if e := apperr.As(err); e.Code != apperr.TooMany || !strings.Contains(e.Message, "больше 10000") || !strings.Contains(e.Message, "Добавьте фильтры") {
		t.Errorf("got %v", err)
	}
	r.outlets = r.outlets[:ExportCap]
	if got, err := svc.ExportOutlets(context.Background(), keyUser, OutletQuery{}); err != nil || len(got) != ExportCap {
		t.Errorf("exactly the cap: %d, %v", len(got), err)
	}
}

// Every refusal of an upload speaks one language per message: Russian for
// the key user, English alone in the English text (it once read «Procedure
// routes takes Routes*.xlsx или Routes*.xls»).
func TestUploadRefusalsDoNotMixLanguages(t *testing.T) {
	svc, _, _ := newService(t)
	for _, in := range []UploadRequest{
		{Procedure: Routes, FileName: "Outlets.xlsx"}, {Procedure: OutletsUpdate, FileName: "Routes.xlsx"},
		{Procedure: "prices", FileName: "Outlets.xlsx"}, {Procedure: Routes, FileName: "../Routes.xlsx"},
	} {
		_, err := svc.StartUpload(context.Background(), keyUser, in)
		e := apperr.As(err)
		if e == nil || len(e.Fields) == 0 {
			t.Fatalf("%+v: %v", in, err)
		}
		for _, f := range e.Fields {
			if strings.IndexFunc(f.MessageEN, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
				t.Errorf("%+v: English message %q has Russian in it", in, f.MessageEN)
			}
			if !strings.ContainsFunc(f.Message, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
				t.Errorf("%+v: the key user's message %q is not in Russian", in, f.Message)
			}
		}
	}
}

// A page of outlets carries each RDC's record; other outlets have none.
func TestAListedRDCCarriesItsRecord(t *testing.T) {
	svc, r, _ := newService(t)
	r.outlets = []StoredOutlet{{Outlet: Outlet{Code: "A", Subtype: SubtypeOutlet}}, {Outlet: Outlet{Code: "R", Subtype: SubtypeRDC}}}
	r.rdcs = map[string]RDCRecord{"R": {Code: "R", ActivityType: "Coffee"}, "A": {Code: "A"}}
	page, err := svc.Outlets(context.Background(), keyUser, OutletQuery{})
	if err != nil || page.Items[0].RDC != nil || page.Items[1].RDC == nil || page.Items[1].RDC.ActivityType != "Coffee" {
		t.Errorf("page %+v, %v", page.Items, err)
	}
}

// memViews keeps views in memory.
type memViews struct{ items []View }

func (m *memViews) Views(_ context.Context, owner string) ([]View, error) {
	var out []View
	for _, v := range m.items {
		if v.Owner == owner {
			out = append(out, v)
		}
	}
	return out, nil
}

func (m *memViews) PutView(_ context.Context, v View) error {
	for i, old := range m.items {
		if old.Owner == v.Owner && old.ID == v.ID {
			m.items[i] = v
			return nil
		}
	}
	m.items = append(m.items, v)
	return nil
}

func (m *memViews) DeleteView(_ context.Context, owner, id string) error {
	for i, v := range m.items {
		if v.Owner == owner && v.ID == id {
			m.items = append(m.items[:i], m.items[i+1:]...)
			return nil
		}
	}
	return auth.ErrNotFound
}

// A saved view is its owner's alone; a bad one is refused naming its fields.
func TestSavedViewsBelongToTheirOwner(t *testing.T) {
	svc, _, _ := newService(t)
	ctx := context.Background()
	in := ViewInput{Name: "РЦ Москвы", Filters: map[string]string{"city": "Москва", "subtype": "rdc"},
		Columns: []OutletColumn{"code", "name"}, Sort: OutletSort{Column: "name", Desc: true}}
	v, err := svc.SaveView(ctx, keyUser, "", in)
	if err != nil || v.ID != "UP1" || v.Owner != keyUser.UserID {
		t.Fatalf("saved %+v, %v", v, err)
	}
	other := keyUser
	other.UserID = "someone-else"
	if got, _ := svc.Views(ctx, other); len(got) != 0 {
		t.Errorf("another user sees %+v", got)
	}
	if _, err := svc.SaveView(ctx, other, v.ID, in); code(err) != apperr.NotFound {
		t.Errorf("another user replaced it: %v", err)
	}
	if err := svc.DeleteView(ctx, other, v.ID); code(err) != apperr.NotFound {
		t.Errorf("another user deleted it: %v", err)
	}
	if _, err := svc.Views(ctx, manager); code(err) != apperr.Forbidden {
		t.Errorf("a manager: %v", err)
	}
	bad := in
	bad.Filters = map[string]string{"password": "x"}
	bad.Columns = []OutletColumn{"code", "code"}
	_, err = svc.SaveView(ctx, keyUser, "", bad)
	if e := apperr.As(err); e == nil || len(e.Fields) != 2 {
		t.Errorf("a bad view: %v", err)
	}
	if got, _ := svc.Views(ctx, keyUser); len(got) != 1 || got[0].Sort.String() != "-name" {
		t.Errorf("own views %+v", got)
	}
	if err := svc.DeleteView(ctx, keyUser, v.ID); err != nil {
		t.Error(err)
	}
}

// A background export is queued for the caller's own distributor with the
// view's query and columns; another distributor's, or a manager's, is not.
func TestABackgroundExportIsQueuedForTheCallersDistributorOnly(t *testing.T) {
	svc, _, s := newService(t)
	ctx := context.Background()
	cols := []OutletColumn{"name", "code"}
	q, err := svc.QueueOutletExport(ctx, keyUser, OutletQuery{City: "Москва", Sort: OutletSort{Column: "name", Desc: true}, Cursor: "x"}, cols)
	if err != nil || q.ID != "UP1" || q.LinkDays != 7 {
		t.Fatalf("queued %+v, %v", q, err)
	}
	var req ExportRequest
	if err := json.Unmarshal(s.queued["exports/D1/UP1.json"], &req); err != nil {
		t.Fatalf("request %q: %v", s.queued, err)
	}
	if req.UserID != "u1" || req.Query.Distributor != "D1" || req.Query.City != "Москва" || req.Query.Sort.Column != "name" ||
		!req.Query.Sort.Desc || req.Query.Cursor != "" || !slices.Equal(req.Columns, cols) {
		t.Errorf("request %+v", req)
	}
	if _, err := svc.QueueOutletExport(ctx, keyUser, OutletQuery{Distributor: "D2"}, cols); code(err) != apperr.NotFound {
		t.Errorf("another distributor's: %v", err)
	}
	if _, err := svc.QueueOutletExport(ctx, manager, OutletQuery{Distributor: "D1"}, cols); code(err) != apperr.Forbidden {
		t.Errorf("a manager's: %v", err)
	}
	if _, err := svc.QueueOutletExport(ctx, keyUser, OutletQuery{Load: Stamp{LoadSeq: 99}}, cols); code(err) != apperr.NotFound {
		t.Errorf("an unknown load number: %v", err)
	}
	if len(s.queued) != 1 {
		t.Errorf("%d requests queued, want 1", len(s.queued))
	}
}

// An export carries each RDC outlet's record, as the list does, so its RDC
// columns are filled.
func TestAnExportCarriesTheRDCRecords(t *testing.T) {
	svc, r, _ := newService(t)
	r.outlets = []StoredOutlet{{Outlet: Outlet{Code: "R", Subtype: SubtypeRDC}, Distributor: "D1"}, {Outlet: Outlet{Code: "T"}, Distributor: "D1"}}
	r.rdcs = map[string]RDCRecord{"R": {Code: "R", ExternalCode: "EXT-R"}}
	got, err := svc.ExportOutlets(context.Background(), keyUser, OutletQuery{})
	if err != nil || len(got) != 2 || got[0].RDC == nil || got[0].RDC.ExternalCode != "EXT-R" || got[1].RDC != nil {
		t.Errorf("export %+v, %v", got, err)
	}
}
