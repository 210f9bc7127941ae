package imports

import (
	"context"
	"hash/fnv"
	"math"
	"strconv"

	"aftersales/shared/eligibility"
	"aftersales/shared/sheets"
)

// SerialRow is one row of a Serials file after parsing: one unit a supplier
// or factory lists as officially delivered.
type SerialRow struct {
	Row int // as Excel shows it
	eligibility.SerialRecord
}

// StoredSerial is a registry record as a load writes it: keyed by the
// serial alone, so an act's serial is looked up with one read. A later
// file's row for the same serial replaces the record.
type StoredSerial struct {
	eligibility.SerialRecord
	Changed Stamp
}

// SerialState is what a load must know of a stored record: whether the
// file's row would change it, and whether this very load wrote it (a retry
// after a crash).
type SerialState struct {
	LoadID      string
	Fingerprint uint64
}

// SerialFingerprint sums up a record's content, so a load tells an unchanged
// row from a changed one without reading the whole record. Stored with it.
func SerialFingerprint(r eligibility.SerialRecord) uint64 {
	h := fnv.New64a()
	for _, s := range []string{r.Serial, r.Article, dayText(r.Produced), dayText(r.ShippedToWholesaler), r.Dealer} {
		_, _ = h.Write([]byte(s))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

func dayText(d eligibility.Day) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// serialFieldOf names the column of each field eligibility.SerialRecord's
// Validate reports.
var serialFieldOf = map[string]Field{"serial": FieldSerial, "article": FieldArticle, "produced": FieldProduced,
	"shippedToWholesaler": FieldShipped, "dealer": FieldDealer}

// ParseSerialRow reads one row of a Serials file and applies the registry's
// own rules (eligibility.SerialRecord.Validate) on the day today; a field
// whose cell could not be read is not judged a second time.
func ParseSerialRow(cols Columns, row int, cells []sheets.Cell, today eligibility.Day) (SerialRow, []RowError) {
	r := &rowReader{cols: cols, row: row, cells: cells}
	sr := SerialRow{Row: row, SerialRecord: eligibility.SerialRecord{
		Serial:  eligibility.NormalizeSerial(r.text(FieldSerial)),
		Article: r.text(FieldArticle),
		Dealer:  r.text(FieldDealer),
	}}
	unread := map[Field]bool{}
	for f, d := range map[Field]*eligibility.Day{FieldProduced: &sr.Produced, FieldShipped: &sr.ShippedToWholesaler} {
		before := len(r.errs)
		if t := r.date(f); !t.IsZero() {
			*d = eligibility.NewDay(t.Date())
		}
		unread[f] = len(r.errs) > before
	}
	for _, e := range sr.Validate(today) {
		if f := serialFieldOf[e.Field]; !unread[f] {
			r.fail(f, e.Message)
		}
	}
	for _, f := range []Field{FieldSerial, FieldArticle, FieldDealer} {
		// Lengths are Validate's; this catches control characters only.
		if why := checkText(r.text(f), math.MaxInt); why != "" {
			r.fail(f, why)
		}
	}
	if len(r.errs) > 0 {
		sr.SerialRecord = eligibility.SerialRecord{Serial: sr.Serial}
	}
	return sr, r.errs
}

// serialRules are the checks of the serials procedure: each row's own, and a
// serial given twice in one file. They keep a 64-bit hash per serial, not
// the serial, so a 300,000-row file's rule state stays a few megabytes; two
// different serials sharing a hash (about one file in ten billion at that
// size) would be reported as a repeat and the file fixed by hand.
type serialRules struct {
	cols  Columns
	today eligibility.Day
	seen  map[uint64]int32 // serial hash → its first row
}

// NewSerialValidator validates the rows of a Serials file on the day today
// (the business time zone's), which no production or shipment may follow.
func NewSerialValidator(cols Columns, today eligibility.Day) *Validator[SerialRow] {
	return &Validator[SerialRow]{cols: cols, rules: &serialRules{cols: cols, today: today, seen: map[uint64]int32{}}}
}

func (sr *serialRules) parse(cols Columns, row int, cells []sheets.Cell) (SerialRow, []RowError) {
	return ParseSerialRow(cols, row, cells, sr.today)
}

func (sr *serialRules) track(r SerialRow) []RowError {
	if r.Serial == "" {
		return nil
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(r.Serial))
	key := h.Sum64()
	if first, dup := sr.seen[key]; dup {
		return []RowError{newRowError(r.Row, sr.cols.Header(FieldSerial), r.Serial,
			"серийный номер уже есть в файле (строка "+strconv.Itoa(int(first))+")")}
	}
	sr.seen[key] = int32(r.Row)
	return nil
}

func (sr *serialRules) finish(context.Context, OutletDirectory, func(RowError)) error { return nil }

// serialChunk is how many rows a serial plan handles together: one batch of
// state reads (BatchGetItem of 100 keys, several in flight).
const serialChunk = 1000

// serialPlan counts and writes the records of a Serials file: a serial not
// in the registry is created, one whose fingerprint differs is replaced, an
// equal one is left alone (a supplier's cumulative list loaded again costs
// reads, not writes).
type serialPlan struct {
	directory DirectoryStore
	p         *Protocol
	cols      Columns
	today     eligibility.Day
	writer    DirectoryWriter // nil in a check-only run
	pending   []eligibility.SerialRecord
}

func (sp *serialPlan) add(ctx context.Context, num int, cells []sheets.Cell) error {
	row, _ := ParseSerialRow(sp.cols, num, cells, sp.today)
	sp.pending = append(sp.pending, row.SerialRecord)
	if len(sp.pending) < serialChunk {
		return nil
	}
	return sp.finish(ctx)
}

func (sp *serialPlan) skip(Columns, int, []sheets.Cell) {}

func (sp *serialPlan) finish(ctx context.Context) error {
	defer func() { sp.pending = sp.pending[:0] }()
	serials := make([]string, len(sp.pending))
	for i, r := range sp.pending {
		serials[i] = r.Serial
	}
	stored, err := sp.directory.SerialStates(ctx, serials)
	if err != nil {
		return err
	}
	c := &sp.p.Counts
	for _, r := range sp.pending {
		fp := SerialFingerprint(r)
		switch st, exists := stored[r.Serial]; {
		case !exists:
			c.Created++
		case st.LoadID == sp.p.ID:
			c.Created++ // written by this load's crashed first attempt
			continue
		case st.Fingerprint == fp:
			c.Unchanged++
			continue
		default:
			c.Updated++
		}
		if sp.writer == nil {
			continue
		}
		if err := sp.writer.PutSerial(StoredSerial{SerialRecord: r, Changed: sp.p.Stamp()}); err != nil {
			return err
		}
	}
	return nil
}
