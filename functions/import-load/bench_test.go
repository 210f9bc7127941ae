package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws"
	"aftersales/shared/imports"
	"aftersales/shared/imports/importstest"
	"aftersales/shared/sheets"
)

// benchRows is the file: 100,000 rows of 16 columns.
const benchRows = 100_000

// BenchmarkLoadOutlets100k loads a generated 100,000-row Outlets file into
// DynamoDB Local end to end — moto's S3, the real handler, BatchWriteItem
// of 25 from 4 workers — and reports, per load:
//
//	parse-rows/s    reading and validating the file in process (no DynamoDB)
//	load-s          the whole load: claim, download, both passes, lookups, writes, report, e-mail
//	validate-s      the load's first pass: download, parse, validate, look up every code
//	write-s         its second pass: parse again and write every outlet
//	ceiling-items/s raw BatchWriteItem throughput of the same writer on ready items, just before and after
//	write-share-%   the load's write rate as a share of that ceiling
//	ddb-calls, BatchGetItem, BatchWriteItem   DynamoDB calls the load made (localaws.CallCounter)
//	peak-heap-MB    the Go heap's peak during the load (sampled)
//	peak-RSS-MB     the process's resident peak during the load (VmHWM, reset before)
//	hot-key-%       the largest share of the load's item writes (table and index entries)
//	                that one partition key value receives (localaws.WriteKeyCounter)
//	hot-index-key-% the same among the index entries alone
//
// Run it with `make bench` or: go test -run '^$' -bench LoadOutlets100k -benchtime 1x ./functions/import-load
func BenchmarkLoadOutlets100k(b *testing.B) {
	ownDeliveries(b, func(sums map[string]float64) {
		d := newDistributor(b)
		o, file := d.benchFirstLoad(b, benchRows, "Outlets_100k.xlsx")
		sums["parse-rows/s"] += parseRate(b, file)
		before := writeCeiling(b, d.prefix+"CEIL-A-")
		h.Calls.Snapshot()
		h.writeKeys.Take()
		took := timedDelivery(b, event(o, len(file)), sums)

		counts := h.Calls.Snapshot()
		keys := h.writeKeys.Take()
		hotKey, hotShare := localaws.Hottest(keys)
		sums["hot-key-%"] += 100 * hotShare
		indexKeys := maps.Clone(keys)
		maps.DeleteFunc(indexKeys, func(k string, _ int) bool { return strings.HasPrefix(k, "|") })
		hotIndexKey, hotIndexShare := localaws.Hottest(indexKeys)
		sums["hot-index-key-%"] += 100 * hotIndexShare
		b.Logf("hottest partition key %s: %.1f %% of all item writes; among index entries %s: %.1f %%",
			hotKey, 100*hotShare, hotIndexKey, 100*hotIndexShare)
		// The ceiling is measured on both sides of the load, so a machine
		// that gets busier or quieter meanwhile skews the share less.
		c := (before + writeCeiling(b, d.prefix+"CEIL-B-")) / 2
		sums["ceiling-items/s"] += c
		addLoadTimes(sums, took, createdAll(b, o, benchRows), c)
		addCalls(sums, counts)
	})
}

// ownDeliveries runs iteration b.N times with the timer stopped — each
// starts it only around what it measures (timedDelivery) — on a runner that
// no longer delivers S3 events itself: the benchmark hands its events over.
// It then reports the means of what the iterations added to sums.
func ownDeliveries(b *testing.B, iteration func(sums map[string]float64)) {
	needStack(b)
	h.StopEvents()
	sums := map[string]float64{}
	for range b.N {
		b.StopTimer()
		iteration(sums)
	}
	reportMeans(b, sums)
}

// generated is a workbook that write (one of importstest's generators)
// makes of n rows whose codes start with prefix.
func generated(t testing.TB, write func(io.Writer, int, string) error, n int, prefix string) []byte {
	t.Helper()
	var file bytes.Buffer
	if err := write(&file, n, prefix); err != nil {
		t.Fatal(err)
	}
	return file.Bytes()
}

// benchFirstLoad generates an Outlets file of n rows with d's codes and
// puts it into the imports bucket as a first load by d's uploader, named
// name; the benchmark then delivers its event (ownDeliveries).
func (d *distributor) benchFirstLoad(b *testing.B, n int, name string) (imports.Object, []byte) {
	b.Helper()
	file := generated(b, importstest.WriteOutlets, n, d.prefix)
	return put(b, "outlets-first-load/"+d.id+"/bench/"+name, file, map[string]string{"uploader": d.uploader.ID}), file
}

// timedDelivery hands ev to the runner with the benchmark's timer running,
// adds the delivery's peak heap and resident memory to sums (peak-heap-MB,
// peak-RSS-MB) and returns how long it took. The timer is stopped before
// and after.
func timedDelivery(b *testing.B, ev string, sums map[string]float64) time.Duration {
	b.Helper()
	resetPeakRSS()
	peak := sampleHeap()
	b.StartTimer()
	start := time.Now()
	if err := h.Srv.DeliverS3(context.Background(), ev); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	b.StopTimer()
	sums["peak-heap-MB"] += peak()
	sums["peak-RSS-MB"] += peakRSS()
	return took
}

// createdAll is the protocol of o's load, failing b unless the load
// succeeded and created rows records.
func createdAll(b *testing.B, o imports.Object, rows int) imports.Protocol {
	b.Helper()
	p, err := h.store.Protocol(context.Background(), o.ProtocolID())
	if err != nil || p.Status != imports.LoadSucceeded || p.Counts.Created != rows {
		b.Fatalf("the load: %s %+v %q, %v", p.Status, p.Counts, p.Reason, err)
	}
	return p
}

// addLoadTimes adds a load of p.Counts.Created rows to sums: the whole
// delivery (load-s, took), its passes as the protocol times them
// (validate-s, write-s) and its write rate as a share of the writer's
// ceiling (write-share-%).
func addLoadTimes(sums map[string]float64, took time.Duration, p imports.Protocol, ceiling float64) {
	sums["load-s"] += took.Seconds()
	sums["validate-s"] += p.ValidatedAt.Sub(p.CreatedAt).Seconds()
	w := p.FinishedAt.Sub(p.ValidatedAt).Seconds()
	sums["write-s"] += w
	sums["write-share-%"] += 100 * float64(p.Counts.Created) / w / ceiling
}

// addCalls adds the DynamoDB calls a load made to sums (ddb-calls,
// BatchGetItem, BatchWriteItem).
func addCalls(sums map[string]float64, counts map[string]int) {
	sums["ddb-calls"] += float64(localaws.Count(counts, "DynamoDB"))
	sums["BatchGetItem"] += float64(counts["DynamoDB.BatchGetItem"])
	sums["BatchWriteItem"] += float64(counts["DynamoDB.BatchWriteItem"])
}

// reportMeans reports every sum's mean over the benchmark's iterations
// (the testing package prints them sorted by unit).
func reportMeans(b *testing.B, sums map[string]float64) {
	for unit, v := range sums {
		b.ReportMetric(v/float64(b.N), unit)
	}
}

// parseRate reads and validates the file in process, as the load's first
// pass does but against an empty directory, and returns rows per second.
func parseRate(b *testing.B, file []byte) float64 {
	b.Helper()
	start := time.Now()
	r, err := sheets.Open(bytes.NewReader(file), int64(len(file)), sheets.Limits{TempDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	if !r.Next() {
		b.Fatal(r.Err())
	}
	var header []string
	for _, c := range r.Row() {
		header = append(header, c.Text)
	}
	cols, _, err := imports.MatchHeaders(imports.OutletsFirstLoad, header)
	if err != nil {
		b.Fatal(err)
	}
	v := imports.NewOutletValidator(imports.OutletsFirstLoad, cols)
	for r.Next() {
		v.Add(r.RowNumber(), r.Row())
	}
	res, err := v.Finish(context.Background(), emptyDirectory{})
	if err != nil || r.Err() != nil || res.Rows != benchRows || res.TotalErrors != 0 {
		b.Fatalf("parse: %d rows, %d errors, %v %v", res.Rows, res.TotalErrors, err, r.Err())
	}
	return benchRows / time.Since(start).Seconds()
}

type emptyDirectory struct{}

func (emptyDirectory) LookupOutlets(context.Context, []string) (map[string]imports.KnownOutlet, error) {
	return nil, nil
}

func (emptyDirectory) RDCRecords(context.Context, []string) (map[string]imports.RDCRecord, error) {
	return nil, nil
}

func (emptyDirectory) RDCMembers(context.Context, []string) (map[string][]imports.RDCMember, error) {
	return nil, nil
}

func (emptyDirectory) LocalCodeOwners(context.Context, []string) (map[string][]string, error) {
	return nil, nil
}

// writeCeiling writes benchRows ready outlets through the loads' batch
// writer and returns items per second: what the load's writes could reach.
func writeCeiling(b *testing.B, prefix string) float64 {
	b.Helper()
	items := make([]imports.StoredOutlet, benchRows)
	stamp := imports.Stamp{LoadID: "ceiling", LoadSeq: 1, At: time.Now()}
	for i := range items {
		items[i] = imports.StoredOutlet{Outlet: imports.Outlet{Code: importstest.Code(prefix, i),
			Name: "Магазин №" + strconv.Itoa(i) + " «Продукты у дома»", LegalName: "ООО «Торговый дом»", INN: importstest.INN(i),
			Address: "ул. Ленина, д. 1, кв. 1", City: "Москва", Region: "Москва и область", HasCoordinates: true,
			Latitude: 55.7, Longitude: 37.6, Subtype: imports.SubtypeOutlet, Channel: "Розница", Status: imports.StatusActive,
			LocalCode: "L-" + strconv.Itoa(i)}, Distributor: "ceiling", Changed: stamp}
	}
	start := time.Now()
	w := h.store.NewWriter(context.Background())
	for _, o := range items {
		if err := w.PutOutlet(o); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return benchRows / time.Since(start).Seconds()
}

// sampleHeap samples the Go heap every 10 ms until the returned function is
// called, which returns the peak in MB.
func sampleHeap() func() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		return float64(peak) / (1 << 20)
	}
}

// resetPeakRSS restarts the kernel's count of the process's peak resident
// memory (VmHWM), so peakRSS covers only what follows.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM in MB, or 0 where /proc does not tell it.
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%f kB", &kb); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

// capacityRows is the size of the cost model's loads: big enough that the
// per-load work (protocol, numbering, e-mail) is a small share.
const capacityRows = 2_000

// BenchmarkOutletRowCapacity loads one distributor's Outlets file three
// times end to end on DynamoDB Local with ReturnConsumedCapacity: first
// every row new, then every row changed (another name), then every row
// unchanged; and reports the read and write units per row of each kind,
// which infra/bench/cost turns into the monthly cost model.
//
// go test -run '^$' -bench OutletRowCapacity -benchtime 1x ./functions/import-load
func BenchmarkOutletRowCapacity(b *testing.B) {
	ctx := context.Background()
	ownDeliveries(b, func(sums map[string]float64) {
		d := newDistributor(b)
		for i, kind := range []struct{ name, procedure, suffix string }{
			{"new", "outlets-first-load", ""}, {"changed", "outlets-update", " (изм.)"}, {"unchanged", "outlets-update", " (изм.)"}} {
			file := generated(b, func(w io.Writer, n int, prefix string) error {
				return importstest.WriteOutletsNamed(w, n, prefix, kind.suffix)
			}, capacityRows, d.prefix)
			o := put(b, fmt.Sprintf("%s/%s/cost%d/Outlets.xlsx", kind.procedure, d.id, i), file, map[string]string{"uploader": d.uploader.ID})
			h.capacity.Take()
			b.StartTimer()
			if err := h.Srv.DeliverS3(ctx, event(o, len(file))); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			r, w := h.capacity.Take()
			p, err := h.store.Protocol(ctx, o.ProtocolID())
			if err != nil || p.Status != imports.LoadSucceeded {
				b.Fatalf("%s load: %s %q, %v", kind.name, p.Status, p.Reason, err)
			}
			if got := map[string]int{"new": p.Counts.Created, "changed": p.Counts.Updated, "unchanged": p.Counts.Unchanged}[kind.name]; got != capacityRows {
				b.Fatalf("%s load counted %+v", kind.name, p.Counts)
			}
			sums["RRU/"+kind.name+"-row"] += r / capacityRows
			sums["WRU/"+kind.name+"-row"] += w / capacityRows
		}
	})
}
