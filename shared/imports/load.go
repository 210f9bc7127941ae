package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strconv"
	"strings"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
	"aftersales/shared/sheets"
	"aftersales/shared/xlsxwrite"
)

// load reads, checks and (unless check-only) writes the protocol's file,
// filling p with the outcome. Its error is the system's, never the file's:
// everything wrong with the file ends in p.Status and p.Reason.
func (l *Loader) load(ctx context.Context, p *Protocol) error {
	if p.Reason != "" { // the key named no procedure and distributor
		return reject(p, p.Reason)
	}
	d := auth.Tenant{ID: HQ, Name: hqName}
	if !p.Procedure.ByStaff() {
		var err error
		d, err = l.people.Tenant(ctx, auth.KindDistributor, p.Distributor)
		if errors.Is(err, auth.ErrNotFound) {
			return reject(p, "Дистрибьютор «"+p.Distributor+"» не найден: проверьте путь, по которому положен файл")
		}
		if err != nil {
			return fmt.Errorf("read distributor %s: %w", p.Distributor, err)
		}
	}
	p.DistributorName = d.Name
	var err error
	if p.Seq == 0 {
		if p.Seq, err = l.protocols.NextLoadSeq(ctx, p.Distributor); err != nil {
			return fmt.Errorf("number the load of %s: %w", p.Distributor, err)
		}
		if err := l.save(ctx, p); err != nil {
			return err
		}
	}
	if d.Disabled {
		return reject(p, "Дистрибьютор «"+d.Name+"» отключён: его файлы не загружаются")
	}
	info, body, err := l.files.Open(ctx, p.Object)
	if errors.Is(err, ErrObjectGone) {
		return reject(p, "Файл не найден: его удалили из хранилища до обработки")
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", p.Object.Key, err)
	}
	defer body.Close()
	p.Size = info.Size
	if err := l.address(ctx, p, info.Uploader); err != nil {
		return err
	}
	switch {
	case !NameMatches(p.Procedure, p.FileName):
		return reject(p, "Имя файла «"+p.FileName+"» не подходит для процедуры «"+p.Procedure.Title()+
			"»: нужен файл "+p.Procedure.FileNames())
	case info.Size > l.limits.MaxBytes:
		return reject(p, l.tooLarge(info.Size))
	}
	file, remove, err := l.tempFile("import-*")
	if err != nil {
		return err
	}
	defer remove()
	n, err := io.Copy(file, io.LimitReader(body, l.limits.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("download %s: %w", p.Object.Key, err)
	}
	if n > l.limits.MaxBytes {
		return reject(p, l.tooLarge(n))
	}
	return l.check(ctx, p, file, n)
}

// hqName is who a managers' load (Serials) is for, in protocols and e-mails.
const hqName = "Оптовая компания"

// serialRowFactor widens the row limit of Serials files: five short columns
// where an Outlets file has sixteen, so the same unzipped-XML budget holds
// five times the rows, and factories' lists run to hundreds of thousands
// (1,000,000 rows with the default limits).
const serialRowFactor = 5

// limitsFor is the sheet limits of a procedure's files.
func (l *Loader) limitsFor(proc Procedure) sheets.Limits {
	lim := l.limits
	if proc == Serials {
		lim.MaxRows *= serialRowFactor
	}
	return lim
}

// maxWarnings bounds the unknown columns a protocol lists: a sheet may have
// thousands, and a protocol must fit one DynamoDB item.
const maxWarnings = 20

func reject(p *Protocol, reason string) error {
	p.Status, p.Reason = LoadRejected, reason
	return nil
}

func (l *Loader) tooLarge(size int64) string {
	return fmt.Sprintf("Файл больше %d МБ (%s МБ): разделите его на несколько файлов",
		l.limits.MaxBytes>>20, strings.Replace(strconv.FormatFloat(float64(size)/(1<<20), 'f', 1, 64), ".", ",", 1))
}

// rejectSheet records a *sheets.Error — the file cannot be read, and why —
// as a rejection; any other error is returned as the system's.
func rejectSheet(p *Protocol, err error) error {
	var se *sheets.Error
	if errors.As(err, &se) {
		p.FileType = se.Kind.String()
		return reject(p, se.Reason)
	}
	return fmt.Errorf("read %s: %w", p.Object.Key, err)
}

// errorMessage is an apperr error's Russian message.
func errorMessage(err error) string { return apperr.As(err).Message }

// address finds who hears of the load: the uploader the upload form
// recorded, when that is a key user of the distributor (a manager, for a
// managers' load) with an e-mail, or else every key user of the
// distributor (every manager) — a dropped file.
func (l *Loader) address(ctx context.Context, p *Protocol, uploader string) error {
	p.UploaderID, p.UploaderName, p.Recipients = "", "", nil
	role, tenant := auth.RoleKeyUser, p.Distributor
	if p.Procedure.ByStaff() {
		role, tenant = auth.RoleManager, ""
	}
	if uploader != "" {
		u, err := l.people.User(ctx, uploader)
		if err != nil && !errors.Is(err, auth.ErrNotFound) {
			return fmt.Errorf("read uploader %s: %w", uploader, err)
		}
		if err == nil && (u.Role == role || p.Procedure.ByStaff() && u.Role == auth.RoleAdmin) && u.Tenant == tenant {
			p.UploaderID, p.UploaderName = u.ID, u.FullName
			if !u.Disabled && u.Email != "" {
				p.Recipients = []string{u.Email}
				return nil
			}
		}
	}
	for u, err := range auth.Walk(200, func(o auth.ListOptions) (auth.Page[auth.User], error) {
		return l.people.ListUsers(ctx, tenant, o)
	}) {
		if err != nil {
			return fmt.Errorf("list key users of %s: %w", p.Distributor, err)
		}
		if u.Role == role && !u.Disabled && u.Email != "" {
			p.Recipients = append(p.Recipients, u.Email)
		}
	}
	return nil
}

// check validates the whole file, then reads it a second time to write (or,
// in a check-only run, to count) its rows and to write the error report.
func (l *Loader) check(ctx context.Context, p *Protocol, file *os.File, size int64) error {
	r, err := sheets.Open(file, size, l.limitsFor(p.Procedure))
	if err != nil {
		return rejectSheet(p, err)
	}
	defer r.Close()
	p.FileType = r.Kind().String()
	if m := sheets.NameMismatch(p.FileName, r.Kind()); m != "" {
		p.Warnings = append(p.Warnings, "Расширение не соответствует содержимому: "+m)
	}
	if !r.Next() {
		if err := r.Err(); err != nil {
			return rejectSheet(p, err)
		}
		return reject(p, "Первый лист пустой: нужна строка заголовка и под ней строки с данными")
	}
	header := cellTexts(r.Row())
	cols, warnings, err := MatchHeaders(p.Procedure, header)
	p.Warnings = append(p.Warnings, warnings[:min(len(warnings), maxWarnings)]...)
	if len(warnings) > maxWarnings {
		p.Warnings = append(p.Warnings, "и ещё "+strconv.Itoa(len(warnings)-maxWarnings)+" нераспознанных столбцов")
	}
	if err != nil {
		return reject(p, errorMessage(err))
	}
	dir := &recordingDirectory{store: l.directory, distributor: p.Distributor, loadID: p.ID, states: map[string]knownState{}}
	var res Result
	today := eligibility.DayOf(p.CreatedAt, l.loc)
	switch {
	case p.Procedure.LoadsOutlets():
		res, err = validate(ctx, r, NewOutletValidator(p.Procedure, cols), dir)
	case p.Procedure == Serials:
		res, err = validate(ctx, r, NewSerialValidator(cols, today), dir)
	default:
		res, err = validate(ctx, r, NewRouteValidator(cols), dir)
	}
	if err != nil {
		return rejectSheet(p, err)
	}
	_ = r.Close()
	if res.Rows == 0 {
		return reject(p, "В файле только строка заголовка: строк с данными нет")
	}
	p.ValidatedAt = l.now()
	p.Counts = Counts{Total: res.Rows, WithErrors: res.RowsWithErrors, Errors: res.TotalErrors}
	p.FirstErrors = res.Errors[:min(len(res.Errors), MaxFirstErrors)]
	if err := l.save(ctx, p); err != nil {
		return err
	}
	failed := res.TotalErrors > 0
	var (
		pl plan
		w  DirectoryWriter
	)
	if !failed || p.CheckOnly {
		if !failed && !p.CheckOnly {
			w = l.directory.NewWriter(ctx)
			defer w.Close() // stops the writers on the way out of a failure; Close twice is fine
		}
		switch {
		case p.Procedure.LoadsOutlets():
			pl = &outletPlan{directory: l.directory, p: p, cols: cols, known: dir.states, merge: p.Procedure == OutletsUpdate && !cols.Complete(),
				day: p.CreatedAt.In(l.loc), writer: w}
		case p.Procedure == Serials:
			pl = &serialPlan{directory: l.directory, p: p, cols: cols, today: today, writer: w}
		default:
			pl = &routePlan{directory: l.directory, p: p, cols: cols, routes: map[string]*Route{}, broken: map[string]bool{}, writer: w}
		}
	}
	if err := l.secondPass(ctx, p, file, size, header, cols, res.Errors, pl); err != nil {
		return err
	}
	if w != nil {
		if err := w.Close(); err != nil {
			return fmt.Errorf("write the directory of load %s: %w", p.ID, err)
		}
	}
	if failed {
		p.Status = LoadFailedValidation
	} else {
		p.Status = LoadSucceeded
	}
	return nil
}

// cellTexts is a row's cells as text.
func cellTexts(cells []sheets.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Text
	}
	return out
}

// validate runs the data rows of r through v.
func validate[T any](ctx context.Context, r *sheets.Reader, v *Validator[T], dir OutletDirectory) (Result, error) {
	for n := 0; r.Next(); n++ {
		if n%1000 == 0 && ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		v.Add(r.RowNumber(), r.Row())
	}
	if err := r.Err(); err != nil {
		return Result{}, err
	}
	return v.Finish(ctx, dir)
}

// knownState is what a load keeps of each stored outlet of its own
// distributor that the file names.
type knownState struct {
	fingerprint uint64
	thisLoad    bool
}

// recordingDirectory answers the validator from the store and keeps, for
// the write phase, the fingerprint of each of the distributor's outlets it
// saw, so a row is known to be unchanged without reading its outlet again.
type recordingDirectory struct {
	store       DirectoryStore
	distributor string
	loadID      string
	states      map[string]knownState
}

func (d *recordingDirectory) LookupOutlets(ctx context.Context, codes []string) (map[string]KnownOutlet, error) {
	found, err := d.store.OutletStates(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make(map[string]KnownOutlet, len(found))
	for code, st := range found {
		mine := st.Distributor == d.distributor
		k := KnownOutlet{Mine: mine, Subtype: st.Subtype, Status: st.Status, ThisLoad: mine && st.LoadID == d.loadID}
		if mine {
			k.RDC = st.RDC
		}
		out[code] = k
		if mine {
			d.states[code] = knownState{fingerprint: st.Fingerprint, thisLoad: k.ThisLoad}
		}
	}
	return out, nil
}

func (d *recordingDirectory) RDCRecords(ctx context.Context, codes []string) (map[string]RDCRecord, error) {
	return d.store.RDCRecords(ctx, codes)
}

func (d *recordingDirectory) RDCMembers(ctx context.Context, rdcs []string) (map[string][]RDCMember, error) {
	return d.store.RDCMembers(ctx, d.distributor, rdcs)
}

func (d *recordingDirectory) LocalCodeOwners(ctx context.Context, locals []string) (map[string][]string, error) {
	return d.store.LocalCodeOwners(ctx, d.distributor, locals)
}

// secondPass reads the file again. Rows without errors go to pl (when not
// nil); rows with errors go to the error report, which is stored and named
// in p. errs are in row order.
func (l *Loader) secondPass(ctx context.Context, p *Protocol, file *os.File, size int64, header []string, cols Columns,
	errs []RowError, pl plan) error {
	r, err := sheets.Open(file, size, l.limitsFor(p.Procedure))
	if err != nil {
		return fmt.Errorf("reopen %s: %w", p.Object.Key, err)
	}
	defer r.Close()
	r.Next() // the header, read in the first pass
	rows := func(yield func([]any, error) bool) {
		i := 0
		for n := 0; r.Next(); n++ {
			if n%1000 == 0 && ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			num := r.RowNumber()
			for i < len(errs) && errs[i].Row < num {
				i++
			}
			first := i
			for i < len(errs) && errs[i].Row == num {
				i++
			}
			if first == i {
				if pl != nil {
					if err := pl.add(ctx, num, r.Row()); err != nil {
						yield(nil, err)
						return
					}
				}
				continue
			}
			if pl != nil {
				pl.skip(cols, num, r.Row())
			}
			if !yield(reportRow(len(header), num, r.Row(), errs[first:i]), nil) {
				return
			}
		}
		if err := r.Err(); err != nil {
			yield(nil, fmt.Errorf("reread %s: %w", p.Object.Key, err))
		}
	}
	if len(errs) > 0 {
		if err := l.storeReport(ctx, p, header, rows); err != nil {
			return err
		}
	} else {
		for _, err := range rows {
			if err != nil {
				return err
			}
		}
	}
	if pl == nil {
		return nil
	}
	return pl.finish(ctx)
}

// reportRow is a failed row as the error report shows it: its number, its
// cells as they were, and every error of the row.
func reportRow(width, num int, cells []sheets.Cell, errs []RowError) []any {
	row := make([]any, 0, width+2)
	row = append(row, num)
	for i := range width {
		if i < len(cells) {
			row = append(row, cells[i])
		} else {
			row = append(row, nil)
		}
	}
	reasons := make([]string, len(errs))
	for i, e := range errs {
		reasons[i] = e.String()
	}
	return append(row, strings.Join(reasons, "; "))
}

// String is the error as one line of a report or an e-mail.
func (e RowError) String() string {
	var b strings.Builder
	if e.Column != "" {
		b.WriteString("«" + e.Column + "»")
		if e.Value != "" {
			b.WriteString(" = «" + e.Value + "»")
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// storeReport writes the error report (header: «Строка», the file's own
// columns, «Ошибки») and stores it in the reports bucket.
func (l *Loader) storeReport(ctx context.Context, p *Protocol, header []string, rows iter.Seq2[[]any, error]) error {
	f, remove, err := l.tempFile("report-*.xlsx")
	if err != nil {
		return err
	}
	defer remove()
	head := append(append([]string{"Строка"}, header...), "Ошибки")
	if err := xlsxwrite.Write(f, "Ошибки", head, rows); err != nil {
		return fmt.Errorf("write the error report of load %s: %w", p.ID, err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("measure the error report: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind the error report: %w", err)
	}
	key := "imports/" + p.Distributor + "/" + p.ID + "/errors.xlsx"
	if err := l.files.PutReport(ctx, key, f, size); err != nil {
		return fmt.Errorf("store the error report of load %s: %w", p.ID, err)
	}
	p.ReportKey = key
	return nil
}

// ReportName is the name an error report is offered under.
func (p Protocol) ReportName() string {
	return "Ошибки загрузки №" + strconv.Itoa(p.Seq) + ".xlsx"
}
