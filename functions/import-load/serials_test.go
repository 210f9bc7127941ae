package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/infra/localaws"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/serialstore"
	"aftersales/shared/eligibility"
	"aftersales/shared/imports"
	"aftersales/shared/imports/importstest"
	"aftersales/shared/sheets/sheetstest"
)

// registry is the serial registry on the runner's table through its own
// client, whose DynamoDB calls and units are counted apart from the
// runner's (other tests run meanwhile).
func registry(t testing.TB) (*serialstore.Registry, *localaws.CallCounter, *localaws.CapacityCounter) {
	t.Helper()
	calls, units := localaws.NewCallCounter(), localaws.NewCapacityCounter()
	env := h.Srv.Env()
	cfg := env.AWS.Copy()
	calls.Option()(&cfg)
	units.Option()(&cfg)
	return serialstore.New(dynamo.New(dynamodb.NewFromConfig(cfg), env.Config.TableName)), calls, units
}

func TestAManagersSerialFileIsLoadedMailedAndEachSerialIsOneRead(t *testing.T) {
	needStack(t)
	t.Parallel()
	manager := newUser(t, auth.RoleManager, "")
	prefix := "E2E-" + strings.ToUpper(randomHex(3)) + "-"
	up := manager.startUpload(t, "serials", "Serials_завод.xlsx")
	if up.Key != "serials/hq/"+up.UploadID+"/Serials_завод.xlsx" {
		t.Fatalf("upload %+v", up)
	}
	if status := up.post(t, "Serials_завод.xlsx", generated(t, importstest.WriteSerials, 3, prefix)); status/100 != 2 {
		t.Fatalf("post the file: %d", status)
	}
	if p := manager.loaded(t, up); p.Status != "succeeded" || p.Counts.Created != 3 || p.UploadedBy != manager.ID {
		t.Fatalf("protocol %+v", p)
	}
	// Every manager hears of dropped serial files, other tests' too: count
	// only this upload's e-mails.
	mine := func(m localaws.Mail) bool {
		return len(m.To) == 1 && m.To[0] == manager.Email && strings.Contains(m.Subject, "Serials_завод.xlsx")
	}
	mails(t, 1, 30*time.Second, mine)
	time.Sleep(500 * time.Millisecond)
	sent := mails(t, 1, 0, mine)
	if len(sent) != 1 || !strings.Contains(sent[0].Subject, "Загружено") || !strings.Contains(sent[0].Text, "Создано: 3") {
		t.Errorf("mails %+v", sent)
	}

	reg, calls, units := registry(t)
	calls.Snapshot()
	units.Take()
	rec, err := reg.Serial(context.Background(), eligibility.NormalizeSerial(" "+strings.ToLower(importstest.Serial(prefix, 1))))
	got := calls.Snapshot()
	read, _ := units.Take()
	want := eligibility.SerialRecord{Serial: importstest.Serial(prefix, 1), Article: "БТ-45 Садовод",
		Produced: eligibility.NewDay(2024, time.January, 1), ShippedToWholesaler: eligibility.NewDay(2024, time.February, 1)}
	if err != nil || rec == nil || *rec != want {
		t.Fatalf("lookup: %+v, %v; want %+v", rec, err, want)
	}
	if localaws.Count(got, "DynamoDB") != 1 || got["DynamoDB.GetItem"] != 1 || read != 1 {
		t.Errorf("one serial looked up cost %v calls and %v read units, want 1 GetItem of 1 unit", got, read)
	}
	if rec, err := reg.Serial(context.Background(), prefix+"NONE"); err != nil || rec != nil {
		t.Errorf("an unknown serial: %+v, %v", rec, err)
	}
}

func TestADroppedSerialFileWithAnErrorWritesNothingAndSaysWhichRow(t *testing.T) {
	needStack(t)
	t.Parallel()
	prefix := "E2E-" + strings.ToUpper(randomHex(3)) + "-"
	file := sheetstest.Workbook(t, sheetstest.Header(importstest.SerialHeader),
		[]any{prefix + "1", "М-1", "01.02.2025", "", ""}, []any{prefix + "1", "М-1", "01.02.2025", "", ""})
	o := put(t, "serials/hq/drop-"+randomHex(4)+"/Serials.xlsx", file, nil)
	p := waitFinal(t, o)
	if p.Status != imports.LoadFailedValidation || p.Counts.WithErrors != 1 || len(p.FirstErrors) != 1 ||
		p.FirstErrors[0].Row != 3 || !strings.Contains(p.FirstErrors[0].Reason, "строка 2") || p.ReportKey == "" {
		t.Fatalf("protocol %s %+v %+v", p.Status, p.Counts, p.FirstErrors)
	}
	reg, _, _ := registry(t)
	if rec, err := reg.Serial(context.Background(), prefix+"1"); err != nil || rec != nil {
		t.Errorf("a failed file wrote %+v, %v", rec, err)
	}
}

// serialBenchRows is the registry file: 300,000 units.
const serialBenchRows = 300_000

// BenchmarkLoadSerials300k loads a generated 300,000-row Serials file end to
// end — an S3 event for an object in moto's bucket, the real handler, the
// registry written into DynamoDB Local, the protocol and the e-mail sent
// through moto's SES — and reports, per load:
//
//	file-MB         the .xlsx's size
//	load-s          S3 event → protocol final → e-mail sent (DeliverS3 returns after the e-mail)
//	validate-s      the first pass: download, parse, validate every row
//	write-s         the second pass: parse again, read states, write every record
//	ceiling-items/s raw BatchWriteItem throughput of the same writer on ready records, just before and after
//	write-share-%   the second pass's rate as a share of that ceiling (the machine's load skews
//	                seconds, less so the share)
//	rows/s          rows per second of the whole load
//	ddb-calls, BatchGetItem, BatchWriteItem   DynamoDB calls the load made
//	WRU/row, RRU/row  write and read units per row (ReturnConsumedCapacity on DynamoDB Local)
//	peak-heap-MB, peak-RSS-MB  the Go heap's sampled peak and the process's resident peak
//
// go test -run '^$' -bench LoadSerials300k -benchtime 1x ./functions/import-load
func BenchmarkLoadSerials300k(b *testing.B) {
	ownDeliveries(b, func(sums map[string]float64) {
		prefix := "B" + strings.ToUpper(randomHex(3)) + "-"
		file := generated(b, importstest.WriteSerials, serialBenchRows, prefix)
		manager := newUser(b, auth.RoleManager, "")
		o := put(b, "serials/hq/bench-"+randomHex(4)+"/Serials_300k.xlsx", file, map[string]string{"uploader": manager.ID})
		before := serialCeiling(b, prefix+"CEIL-A-")
		h.Calls.Snapshot()
		h.capacity.Take()
		took := timedDelivery(b, event(o, len(file)), sums)
		counts := h.Calls.Snapshot()
		read, write := h.capacity.Take()
		ceiling := (before + serialCeiling(b, prefix+"CEIL-B-")) / 2
		sums["ceiling-items/s"] += ceiling
		p := createdAll(b, o, serialBenchRows)
		if got := mailsTo(b, manager.Email, 1); len(got) != 1 || !strings.Contains(got[0].Text, "Создано: 300000") {
			b.Fatalf("e-mail %+v", got)
		}
		sums["file-MB"] += float64(len(file)) / (1 << 20)
		addLoadTimes(sums, took, p, ceiling)
		sums["rows/s"] += serialBenchRows / took.Seconds()
		addCalls(sums, counts)
		sums["WRU/row"] += write / serialBenchRows
		sums["RRU/row"] += read / serialBenchRows
	})
}

// serialCeilingRows are the ready records serialCeiling writes.
const serialCeilingRows = 50_000

// serialCeiling writes ready registry records through the loads' batch
// writer and returns items per second: what the load's writes could reach.
func serialCeiling(b *testing.B, prefix string) float64 {
	b.Helper()
	stamp := imports.Stamp{LoadID: "ceiling", LoadSeq: 1, At: time.Now()}
	rec := eligibility.SerialRecord{Article: "ЭГК-1500 Энергопром", Produced: eligibility.NewDay(2024, 1, 1),
		ShippedToWholesaler: eligibility.NewDay(2024, 2, 1), Dealer: "ООО «Планета радости»"}
	start := time.Now()
	w := h.store.NewWriter(context.Background())
	for i := range serialCeilingRows {
		rec.Serial = importstest.Serial(prefix, i)
		if err := w.PutSerial(imports.StoredSerial{SerialRecord: rec, Changed: stamp}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return serialCeilingRows / time.Since(start).Seconds()
}
