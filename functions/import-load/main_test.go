package main

// The tests of this package run ImportLoadFunction and ImportsApiFunction
// through the local runner (infra/localrun): files put into moto's imports
// bucket reach the function through moto's S3 notification and the
// runner's SQS poll loop (or are handed over with DeliverS3, to deliver an
// event more than once), DynamoDB Local and moto's SES through the real SDK.
// They need AFTERSALES_INTEGRATION=1 and the emulators (make test starts
// them).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun/e2e"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/identity"
	"aftersales/shared/imports"
	"aftersales/shared/sheets/sheetstest"
)

// h is the one runner of this test binary: the runner sets process-wide
// environment variables, so there is exactly one, made in TestMain.
var h *harness

type harness struct {
	*e2e.Runner
	// capacity adds up the DynamoDB units consumed (the cost model's input).
	capacity *localaws.CapacityCounter
	// writeKeys counts the partition key values the writes land on.
	writeKeys *localaws.WriteKeyCounter
	s3        *s3.Client
	store     *importstore.Imports
	moto      string
	bucket    string // the local imports bucket
}

func TestMain(m *testing.M) { e2e.Main(m, &h, start) }

// needStack skips a test when the emulators are not there.
func needStack(t testing.TB) {
	t.Helper()
	e2e.Skip(t, h != nil)
}

func start(ctx context.Context) (*harness, error) {
	capacity := localaws.NewCapacityCounter()
	writeKeys := localaws.NewWriteKeyCounter(map[string]string{"GSI1": "GSI1PK", "GSI2": "GSI2PK", "GSI3": "GSI3PK", "DueIndex": "DuePK"})
	r, err := e2e.Start(ctx, "imports-e2e", capacity.Option(), writeKeys.Option())
	if err != nil {
		return nil, err
	}
	e := &harness{Runner: r, capacity: capacity, writeKeys: writeKeys, moto: localaws.DefaultEndpoints().Moto}
	setup := e.Srv.Env()
	e.s3, e.bucket = blobstore.NewClient(setup.AWS, setup.Config.S3PathStyle), setup.Config.ImportsBucket
	e.store = importstore.New(dynamo.New(dynamodb.NewFromConfig(setup.AWS), setup.Config.TableName))
	return e, nil
}

var randomHex = e2e.RandomHex

// user is a signed-in account.
type user e2e.Account

// distributor is a fresh distributor with two key users who have e-mail
// addresses (the uploader, and a colleague who hears of dropped files).
type distributor struct {
	id        string
	uploader  *user
	colleague *user
	// prefix keeps this test's outlet codes apart: codes are global.
	prefix string
}

func newDistributor(t testing.TB) *distributor {
	t.Helper()
	ctx := context.Background()
	tn, err := h.NewTenant(ctx, auth.KindDistributor, "Дистрибьютор")
	if err != nil {
		t.Fatal(err)
	}
	d := &distributor{id: tn.ID, prefix: strings.ToUpper(randomHex(3)) + "-"}
	d.uploader = newUser(t, auth.RoleKeyUser, tn.ID)
	d.colleague = newUser(t, auth.RoleKeyUser, tn.ID)
	return d
}

// newUser creates an account with an e-mail and signs it in.
func newUser(t testing.TB, role auth.Role, tenant string) *user {
	t.Helper()
	login := "imp-" + randomHex(6)
	u, err := h.NewAccount(context.Background(), identity.NewUser{Login: login, Email: login + "@example.com", Role: role, Tenant: tenant})
	if err != nil {
		t.Fatal(err)
	}
	return (*user)(u)
}

// answer is one response of the API.
type answer struct {
	status int
	header http.Header
	raw    []byte
}

func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	e2e.Answer{Status: a.status, Header: a.header, Raw: a.raw}.Decode(t, v)
}

// call makes a request as u, checked against the OpenAPI document
// (e2e.Runner.Call).
func (u *user) call(t testing.TB, method, path string, body any) answer {
	t.Helper()
	a := h.Call(t, u.Token, method, path, body)
	return answer{status: a.Status, header: a.Header, raw: a.Raw}
}

// protocolView is a protocol as the API answers it.
type protocolView struct {
	ID, FileName, FileType, Status, StatusText, Reason, UploadID, UploadedBy string
	Seq                                                                      int
	CheckOnly, HasReport                                                     bool
	Warnings, EmailedTo                                                      []string
	Counts                                                                   imports.Counts
	FirstErrors                                                              []imports.RowError
}

// put puts a file into the imports bucket as an integration would (with
// metadata when the upload form would have set it) and returns the object
// version it made. moto then notifies the runner.
func put(t testing.TB, key string, data []byte, meta map[string]string) imports.Object {
	t.Helper()
	return putIn(t, h.bucket, key, data, meta)
}

func putIn(t testing.TB, bucket, key string, data []byte, meta map[string]string) imports.Object {
	t.Helper()
	out, err := h.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(data), Metadata: meta})
	if err != nil {
		t.Fatal(err)
	}
	return imports.Object{Bucket: bucket, Key: key, VersionID: aws.ToString(out.VersionId)}
}

// event is the S3 notification of an object, shaped as S3 sends it (the
// key URL-encoded).
func event(o imports.Object, size int) string {
	b, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
		"s3": map[string]any{
			"bucket": map[string]any{"name": o.Bucket, "arn": "arn:aws:s3:::" + o.Bucket},
			"object": map[string]any{"key": url.QueryEscape(o.Key), "size": size, "versionId": o.VersionID},
		},
	}}})
	return string(b)
}

func sleep() { time.Sleep(200 * time.Millisecond) }

// waitFinal waits until an object's protocol is final.
func waitFinal(t testing.TB, o imports.Object) imports.Protocol {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		p, err := h.store.Protocol(context.Background(), o.ProtocolID())
		if err == nil && p.Status.Final() {
			return p
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the load of %s is not final after 90 s", o.Key)
	return imports.Protocol{}
}

// mailsTo waits for n e-mails to addr (and a moment longer, to see a
// duplicate) and returns them.
func mailsTo(t testing.TB, addr string, n int) []localaws.Mail {
	t.Helper()
	to := func(m localaws.Mail) bool {
		for _, a := range m.To {
			if a == addr {
				return true
			}
		}
		return false
	}
	mails(t, n, 30*time.Second, to)
	time.Sleep(500 * time.Millisecond)
	return mails(t, n, 0, to)
}

// mails reads moto's e-mails, retrying its state dump, which answers 500
// now and then while other requests change it.
func mails(t testing.TB, n int, wait time.Duration, keep func(localaws.Mail) bool) []localaws.Mail {
	t.Helper()
	var err error
	for range 10 {
		var got []localaws.Mail
		if got, err = localaws.WaitForMails(context.Background(), h.moto, n, wait, keep); err == nil {
			return got
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatal(err)
	return nil
}

// outlets is an Outlets file of the template with the given rows.
func outlets(t testing.TB, rows ...[]any) []byte {
	return sheetstest.Workbook(t, append([][]any{sheetstest.Header(imports.OutletTemplate())}, rows...)...)
}

// outlet is a valid template row.
func (d *distributor) outlet(n int, name, city, subtype string) []any {
	return []any{d.code(n), name, "ООО «" + name + "»", "7707083893", "ул. Ленина, " + fmt.Sprint(n), city, "", "55,75", "37,61",
		subtype, "Розница", "Активна", "", "", ""}
}

func (d *distributor) code(n int) string { return fmt.Sprintf("%s%03d", d.prefix, n) }

// upload is what POST /api/imports answers: the upload's key and the
// presigned form to post the file with.
type upload struct {
	UploadID string
	Key      string
	MaxBytes int64
	Upload   struct {
		URL    string
		Fields map[string]string
	}
}

// startUpload starts u's upload of fileName for procedure through the API.
func (u *user) startUpload(t testing.TB, procedure, fileName string) upload {
	t.Helper()
	a := u.call(t, "POST", "/api/imports", map[string]any{"procedure": procedure, "fileName": fileName})
	if a.status != http.StatusCreated {
		t.Fatalf("start: %d %s", a.status, a.raw)
	}
	var up upload
	a.decode(t, &up)
	return up
}

// post posts file to the upload's form as a browser does and returns the
// storage's status.
func (up upload) post(t testing.TB, name string, file []byte) int {
	t.Helper()
	return e2e.PostForm(t, up.Upload.URL, up.Upload.Fields, name, file)
}

// loaded waits until the upload's load is no longer processing and returns
// its protocol as u lists it (the zero view if it never finished).
func (u *user) loaded(t testing.TB, up upload) protocolView {
	t.Helper()
	for range 300 { // moto → SQS → the runner's poll loop → ImportLoadFunction
		var list struct{ Items []protocolView }
		u.call(t, "GET", "/api/imports/protocols?upload="+up.UploadID, nil).decode(t, &list)
		if len(list.Items) == 1 && list.Items[0].Status != "processing" {
			return list.Items[0]
		}
		sleep()
	}
	return protocolView{}
}

// deliverConcurrently hands the same event to the runner n times at once.
func deliverConcurrently(t testing.TB, ev string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.Srv.DeliverS3(context.Background(), ev); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
