package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/xlsxwrite"
)

// A directory export too large for a direct download (ExportCap) runs in
// the background: the API puts a request object into the imports bucket
// under exports/, whose S3 event reaches ImportLoadFunction like a load's
// file does; it writes the workbook into the reports bucket (expiring) and
// e-mails the user a link. The API links no mail code and no new AWS
// client this way (shared/fn's linkage test).
//
// The mailed link is to the web client, not to S3: a presigned URL lives no
// longer than the credentials that signed it, and a Lambda role's last
// hours, not 7 days. The page asks ExportLink, which checks the caller and
// the file's age and signs a fresh 5-minute download on every click.
const (
	// BackgroundCap bounds a background export as the loads bound a file.
	BackgroundCap = 200_000
	// ExportLinkTTL is how long the e-mailed link works, from the moment
	// the file is stored.
	ExportLinkTTL = 7 * 24 * time.Hour
	exportPrefix  = "exports/"
)

// ErrDropped marks a request that cannot be served however often it is
// delivered: log it, but do not have the event delivered again.
var ErrDropped = errors.New("export request dropped")

// ExportRequest is one background export of the outlet directory: exactly
// a view's filters, order and columns, for the user who asked.
type ExportRequest struct {
	ID          string         `json:"id"`
	UserID      string         `json:"userId"`
	Query       OutletQuery    `json:"query"`
	Columns     []OutletColumn `json:"columns"`
	RequestedAt time.Time      `json:"requestedAt"`
}

// ExportRequestKey is where a request is put in the imports bucket.
func ExportRequestKey(distributor, id string) string {
	return exportPrefix + distributor + "/" + id + ".json"
}

// IsExportRequest tells a request object from a load's file.
func IsExportRequest(key string) bool { return strings.HasPrefix(key, exportPrefix) }

// ExportFileKey is where an export's workbook is in the reports bucket.
func ExportFileKey(distributor, id string) string {
	return exportPrefix + distributor + "/" + id + ".xlsx"
}

// exportFileName is the name a workbook stored at t is downloaded under.
func exportFileName(t time.Time, loc *time.Location) string {
	return "torgovye-tochki-" + t.In(loc).Format("2006-01-02") + ".xlsx"
}

// ExportPagePath is the web client's page of an export, which the e-mail
// links to (see ExportLink).
func ExportPagePath(distributor, id string) string {
	return "/exports/" + url.PathEscape(id) + "?distributor=" + url.QueryEscape(distributor)
}

// ExportFiles is the storage a background export uses.
type ExportFiles interface {
	// ExportRequest reads a request object; ErrObjectGone.
	ExportRequest(ctx context.Context, o Object) ([]byte, error)
	// PutReport stores a workbook in the reports bucket.
	PutReport(ctx context.Context, key string, body io.ReadSeeker, size int64) error
}

// Exporter runs background exports.
type Exporter struct {
	Directory DirectoryReader
	Files     ExportFiles
	People    People
	Mail      Mailer
	Location  *time.Location
	Clock     auth.Clock
	// WebBaseURL is the web client's address, which the e-mail links to.
	WebBaseURL string
}

// ExportResult is what one run did.
type ExportResult struct {
	Rows int
	Key  string
	To   string
}

// Run exports what a request object asks for and mails the link, at most
// once per request. A request whose user may no longer read the
// distributor's directory (disabled, moved, without e-mail) is dropped with
// an error the caller logs; nothing is written or sent.
func (e *Exporter) Run(ctx context.Context, o Object) (ExportResult, error) {
	raw, err := e.Files.ExportRequest(ctx, o)
	if errors.Is(err, ErrObjectGone) {
		return ExportResult{}, fmt.Errorf("%w: %s: %w", ErrDropped, o.Key, err)
	}
	if err != nil {
		return ExportResult{}, err
	}
	var req ExportRequest
	if err := json.Unmarshal(raw, &req); err != nil || req.ID == "" || req.UserID == "" || req.Query.Distributor == "" {
		return ExportResult{}, fmt.Errorf("%w: %s is no export request", ErrDropped, o.Key)
	}
	u, err := e.People.User(ctx, req.UserID)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return ExportResult{}, fmt.Errorf("read user %s: %w", req.UserID, err)
	}
	mayRead := u.Role == auth.RoleAdmin || u.Role == auth.RoleKeyUser && u.Tenant == req.Query.Distributor
	if err != nil || u.Disabled || u.Email == "" || !mayRead {
		return ExportResult{}, fmt.Errorf("%w: export %s: user %s may not read distributor %s or has no e-mail", ErrDropped, req.ID, req.UserID, req.Query.Distributor)
	}
	found, err := e.Directory.ExportOutlets(ctx, req.Query, BackgroundCap)
	if err != nil {
		return ExportResult{}, fmt.Errorf("read the outlets of export %s: %w", req.ID, err)
	}
	// Beyond the cap the file says so in its mail; it still holds the first rows.
	over := len(found) > BackgroundCap
	found = found[:min(len(found), BackgroundCap)]
	if err := attachRDCRecords(ctx, e.Directory, found); err != nil {
		return ExportResult{}, fmt.Errorf("read the RDC records of export %s: %w", req.ID, err)
	}
	if !req.Query.Sort.ByCode() {
		SortOutlets(found, req.Query.Sort)
	}
	res := ExportResult{Rows: len(found), Key: ExportFileKey(req.Query.Distributor, req.ID), To: u.Email}
	if err := e.write(ctx, res.Key, req, found); err != nil {
		return res, err
	}
	// The file is stored now: its link counts from here, as ExportLink does.
	stored := e.Clock()
	name := exportFileName(stored, e.Location)
	link := strings.TrimRight(e.WebBaseURL, "/") + ExportPagePath(req.Query.Distributor, req.ID)
	until := stored.Add(ExportLinkTTL).In(e.Location).Format("02.01.2006 15:04")
	text := fmt.Sprintf("Здравствуйте!\n\nВыгрузка справочника торговых точек готова: %d строк, видимые столбцы и фильтры представления.\n\n"+
		"Скачать файл «%s»: %s\n(откроется в системе; войдите под своей учётной записью, если потребуется)\n\n"+
		"Ссылка действует 7 дней, до %s (по времени %s); потом файл удаляется.\n",
		len(found), name, link, until, e.Location)
	if over {
		text += fmt.Sprintf("\nПод фильтры попало больше %d точек: в файле первые %d. Добавьте фильтры, чтобы выгрузить остальные.\n", BackgroundCap, BackgroundCap)
	}
	m := Mail{To: []string{u.Email}, Subject: "Выгрузка торговых точек готова (" + name + ")", Text: text}
	if err := e.Mail.Send(ctx, "outlet-export/"+req.ID, m); err != nil {
		return res, fmt.Errorf("e-mail export %s: %w", req.ID, err)
	}
	return res, nil
}

// write streams the workbook through a temporary file, so a large export
// never sits in memory twice.
func (e *Exporter) write(ctx context.Context, key string, req ExportRequest, found []StoredOutlet) error {
	f, err := os.CreateTemp("", "export-*.xlsx")
	if err != nil {
		return fmt.Errorf("temporary file for export %s: %w", req.ID, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	header, rows := OutletTable(found, req.Columns, e.Location)
	if err := xlsxwrite.Write(f, "Торговые точки", header, rows); err != nil {
		return fmt.Errorf("write export %s: %w", req.ID, err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("size of export %s: %w", req.ID, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind export %s: %w", req.ID, err)
	}
	if err := e.Files.PutReport(ctx, key, f, size); err != nil {
		return fmt.Errorf("store export %s: %w", req.ID, err)
	}
	return nil
}

// ExportQueue takes background export requests.
type ExportQueue interface {
	QueueExport(ctx context.Context, distributor, id string, body []byte) error
}

// QueuedExport is what the API answers: the request and who gets the mail.
type QueuedExport struct {
	ID       string
	LinkDays int
}

// QueueOutletExport checks a view like a direct export and queues it in the
// background; the link is mailed to the caller.
func (s *Service) QueueOutletExport(ctx context.Context, c auth.Caller, q OutletQuery, cols []OutletColumn) (QueuedExport, error) {
	q.Cursor, q.Limit = "", 0
	q, ok, err := s.outletQuery(ctx, c, q)
	if err != nil {
		return QueuedExport{}, err
	}
	if !ok { // an unknown load number: its stamp would filter nothing
		return QueuedExport{}, apperr.New(apperr.NotFound, "Загрузки с таким номером нет", "No load has this number")
	}
	req := ExportRequest{ID: s.newID(), UserID: c.UserID, Query: q, Columns: cols, RequestedAt: s.now()}
	body, err := json.Marshal(req)
	if err != nil {
		return QueuedExport{}, fmt.Errorf("encode export request: %w", err)
	}
	if err := s.files.QueueExport(ctx, q.Distributor, req.ID, body); err != nil {
		return QueuedExport{}, auth.StoreError(err, "queue an outlet export")
	}
	return QueuedExport{ID: req.ID, LinkDays: int(ExportLinkTTL / (24 * time.Hour))}, nil
}

// ExportLink signs a fresh download of a background export for the page
// the e-mail links to. The caller must still read the distributor's
// directory (another distributor's export is NotFound, as every directory
// route answers); a file stored ExportLinkTTL ago or earlier is Gone, so
// the link dies when the mail says it does, whatever S3 still holds.
func (s *Service) ExportLink(ctx context.Context, c auth.Caller, distributor, id string) (Link, error) {
	d, err := directoryScope(c, distributor)
	if err != nil {
		return Link{}, err
	}
	noExport := apperr.New(apperr.NotFound, "Выгрузки по этой ссылке нет: файл ещё готовится (придёт письмо) или уже удалён",
		"No export at this link: it is still being made (an e-mail will come) or was deleted")
	if !exportID(id) {
		return Link{}, noExport
	}
	key := ExportFileKey(d, id)
	stored, err := s.files.ReportStored(ctx, key)
	if errors.Is(err, auth.ErrNotFound) {
		return Link{}, noExport
	}
	if err != nil {
		return Link{}, apperr.Wrap(err, "find export "+key)
	}
	if until := stored.Add(ExportLinkTTL); !s.now().Before(until) {
		return Link{}, apperr.New(apperr.Gone, fmt.Sprintf("Ссылка на выгрузку действовала 7 дней, до %s, и больше не работает. "+
			"Выгрузите справочник заново в разделе «Торговые точки».", until.In(s.loc).Format("02.01.2006 15:04")),
			"The export link worked for 7 days and has expired; export the directory again")
	}
	name := exportFileName(stored, s.loc)
	url, err := s.files.ReportURL(ctx, key, name, ReportTTL)
	if err != nil {
		return Link{}, apperr.Wrap(err, "presign export "+key)
	}
	return Link{URL: url, Name: name, ExpiresAt: s.now().Add(ReportTTL)}, nil
}

// exportID tells an id the service could have made (a ULID, or a test's
// stable id) from anything else a hand-edited link may carry.
func exportID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !('0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
