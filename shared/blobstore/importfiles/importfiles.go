// Package importfiles is the object storage of outlet and route loads, on
// blobstore: only the two import functions link it.
package importfiles

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"aftersales/shared/blobstore"
	"aftersales/shared/imports"
)

// ImportFiles is the object storage of outlet and route loads: the imports
// bucket files arrive in (versioned: a version is one load) and the reports
// bucket error reports go to. Signing reuses Store's forms and links.
type ImportFiles struct {
	client  *s3.Client
	uploads *blobstore.Store
	reports *blobstore.Store
}

// New returns the loads' storage of two buckets.
func New(client *s3.Client, importsBucket, reportsBucket string) *ImportFiles {
	return &ImportFiles{client: client, uploads: blobstore.New(client, importsBucket), reports: blobstore.New(client, reportsBucket)}
}

var (
	_ imports.LoadFiles   = (*ImportFiles)(nil)
	_ imports.UploadFiles = (*ImportFiles)(nil)
)

// uploaderMeta is the metadata key the upload form records the user in.
const uploaderMeta = "uploader"

// object checks that an event names the imports bucket: a version id is
// only meaningful there.
func (f *ImportFiles) object(o imports.Object) error {
	if o.Bucket != f.uploads.Bucket() {
		return fmt.Errorf("object %s is in bucket %q, not the imports bucket %q", o.Key, o.Bucket, f.uploads.Bucket())
	}
	return nil
}

// CurrentVersion reads the object's current version id ("null" in an
// unversioned bucket).
func (f *ImportFiles) CurrentVersion(ctx context.Context, o imports.Object) (string, error) {
	if err := f.object(o); err != nil {
		return "", err
	}
	out, err := f.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)})
	if blobstore.IsNotFound(err) {
		return "", imports.ErrObjectGone
	}
	if err != nil {
		return "", fmt.Errorf("head %s: %w", o.Key, err)
	}
	if v := aws.ToString(out.VersionId); v != "" {
		return v, nil
	}
	return "null", nil
}

// Open starts a GET of one version. The body is streamed: a caller that
// refuses the object by its size closes it unread.
func (f *ImportFiles) Open(ctx context.Context, o imports.Object) (imports.FileInfo, io.ReadCloser, error) {
	if err := f.object(o); err != nil {
		return imports.FileInfo{}, nil, err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)}
	if o.VersionID != "" && o.VersionID != "null" {
		in.VersionId = aws.String(o.VersionID)
	}
	out, err := f.client.GetObject(ctx, in)
	if blobstore.IsNotFound(err) {
		return imports.FileInfo{}, nil, imports.ErrObjectGone
	}
	if err != nil {
		return imports.FileInfo{}, nil, fmt.Errorf("get %s version %s: %w", o.Key, o.VersionID, err)
	}
	return imports.FileInfo{Size: aws.ToInt64(out.ContentLength), Uploader: out.Metadata[uploaderMeta]}, out.Body, nil
}

// PutReport stores an error report.
func (f *ImportFiles) PutReport(ctx context.Context, key string, body io.ReadSeeker, size int64) error {
	_, err := f.client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(f.reports.Bucket()), Key: aws.String(key),
		Body: body, ContentLength: aws.Int64(size), ContentType: aws.String(imports.XLSXType)})
	if err != nil {
		return fmt.Errorf("put report %s: %w", key, err)
	}
	return nil
}

// Report reads at most max+1 bytes of a stored report.
func (f *ImportFiles) Report(ctx context.Context, key string, max int64) ([]byte, error) {
	out, err := f.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(f.reports.Bucket()), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("get report %s: %w", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", key, err)
	}
	return b, nil
}

// PresignUpload signs a form for one upload into the imports bucket.
func (f *ImportFiles) PresignUpload(ctx context.Context, u imports.Upload) (imports.UploadForm, error) {
	return f.uploads.PresignUpload(ctx, u)
}

// ReportURL signs a download of a report under a readable name.
func (f *ImportFiles) ReportURL(ctx context.Context, key, fileName string, ttl time.Duration) (string, error) {
	return f.reports.PresignDownload(ctx, key, fileName, ttl)
}

// ReportStored is when an object was stored in the reports bucket;
// auth.ErrNotFound when it is not there.
func (f *ImportFiles) ReportStored(ctx context.Context, key string) (time.Time, error) {
	info, err := f.reports.Find(ctx, key)
	if err != nil {
		return time.Time{}, err
	}
	return info.Modified, nil
}

var _ imports.ExportFiles = (*ImportFiles)(nil)

// QueueExport puts a background export's request into the imports bucket,
// whose event starts ImportLoadFunction.
func (f *ImportFiles) QueueExport(ctx context.Context, distributor, id string, body []byte) error {
	key := imports.ExportRequestKey(distributor, id)
	_, err := f.client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(f.uploads.Bucket()), Key: aws.String(key),
		Body: bytes.NewReader(body), ContentType: aws.String("application/json")})
	if err != nil {
		return fmt.Errorf("put export request %s: %w", key, err)
	}
	return nil
}

// ExportRequest reads a request object, at most 64 KB of it.
func (f *ImportFiles) ExportRequest(ctx context.Context, o imports.Object) ([]byte, error) {
	_, body, err := f.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	b, err := io.ReadAll(io.LimitReader(body, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("read export request %s: %w", o.Key, err)
	}
	return b, nil
}
