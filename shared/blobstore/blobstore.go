// Package blobstore is the S3 adapter: presigned POST forms for browser
// uploads (the API never carries the bytes), presigned GET links for
// reading objects back, and the few reads and deletes the upload checks
// need. It knows no domain: the acts builder adapts it to acts.Blobs, and
// importfiles builds the loads' storage on it.
package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"aftersales/shared/auth"
	"aftersales/shared/blob"
)

// Store is one bucket.
type Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
}

// Bucket is the store's bucket.
func (s *Store) Bucket() string { return s.bucket }

// NewClient builds the S3 client of the functions that use S3. pathStyle
// addresses buckets as path segments, which S3-compatible endpoints without
// wildcard DNS (moto, MinIO) need.
func NewClient(awsCfg aws.Config, pathStyle bool) *s3.Client {
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) { o.UsePathStyle = pathStyle })
}

// New returns the store of bucket.
func New(client *s3.Client, bucket string) *Store {
	return &Store{client: client, presign: s3.NewPresignClient(client), bucket: bucket}
}

// PresignUpload signs a POST policy that allows exactly one object: the key,
// the content type and the metadata must be as given, and the size between
// 1 byte and u.MaxBytes. The returned fields carry those values, so a
// browser posts them as they are, with the file last.
func (s *Store) PresignUpload(ctx context.Context, u blob.Upload) (blob.Form, error) {
	fields := map[string]string{"Content-Type": u.ContentType}
	for k, v := range u.Metadata {
		fields["x-amz-meta-"+k] = v
	}
	conditions := []any{[]any{"content-length-range", 1, u.MaxBytes}}
	for k, v := range fields {
		conditions = append(conditions, map[string]string{k: v})
	}
	// The SDK signs with its own clock; the form expires u.TTL after that.
	expires := time.Now().Add(u.TTL)
	req, err := s.presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(u.Key)},
		func(o *s3.PresignPostOptions) {
			o.Expires = u.TTL
			o.Conditions = conditions
		})
	if err != nil {
		return blob.Form{}, fmt.Errorf("presign upload %s: %w", u.Key, err)
	}
	for k, v := range req.Values {
		fields[k] = v
	}
	return blob.Form{URL: req.URL, Fields: fields, ExpiresAt: expires}, nil
}

// PresignDownload signs a GET of key valid for ttl, offering fileName as the
// name to save it under.
func (s *Store) PresignDownload(ctx context.Context, key, fileName string, ttl time.Duration) (string, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}
	if fileName != "" {
		in.ResponseContentDisposition = aws.String("inline; filename*=UTF-8''" + url.PathEscape(fileName))
	}
	req, err := s.presign.PresignGetObject(ctx, in, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("presign download %s: %w", key, err)
	}
	return req.URL, nil
}

// Head describes an object; auth.ErrNotFound when there is none.
func (s *Store) Head(ctx context.Context, key string) (blob.Info, error) {
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if IsNotFound(err) {
		return blob.Info{}, auth.ErrNotFound
	}
	if err != nil {
		return blob.Info{}, fmt.Errorf("head %s: %w", key, err)
	}
	return blob.Info{Size: aws.ToInt64(out.ContentLength), ContentType: aws.ToString(out.ContentType), ETag: aws.ToString(out.ETag),
		Modified: aws.ToTime(out.LastModified)}, nil
}

// Find describes an object by listing its exact key (no content type);
// auth.ErrNotFound when there is none. Unlike Head it tells a missing
// object from a forbidden one under a ListBucket grant narrowed by
// s3:prefix, which a HEAD request does not carry.
func (s *Store) Find(ctx context.Context, key string) (blob.Info, error) {
	out, err := s.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(key), MaxKeys: aws.Int32(1)})
	if err != nil {
		return blob.Info{}, fmt.Errorf("find %s: %w", key, err)
	}
	if len(out.Contents) == 0 || aws.ToString(out.Contents[0].Key) != key {
		return blob.Info{}, auth.ErrNotFound
	}
	o := out.Contents[0]
	return blob.Info{Size: aws.ToInt64(o.Size), ETag: aws.ToString(o.ETag), Modified: aws.ToTime(o.LastModified)}, nil
}

// Read reads an object's bytes, at most max of them, with If-Match: bytes
// other than those HEAD described answer ErrChanged.
func (s *Store) Read(ctx context.Context, key, etag string, max int64) ([]byte, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key), IfMatch: aws.String(etag)})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, objectError(err))
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, max))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	return b, nil
}

// Copy copies src to dst inside the bucket, keeping its content type and
// metadata, only while src still has etag (ErrChanged otherwise).
func (s *Store) Copy(ctx context.Context, src, dst, etag string) error {
	_, err := s.client.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(dst), CopySource: aws.String(s.bucket + "/" + url.PathEscape(src)),
		CopySourceIfMatch: aws.String(etag),
	})
	if err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, dst, objectError(err))
	}
	return nil
}

// objectError names a failed If-Match (412) as ErrChanged.
func objectError(err error) error {
	var resp *smithyhttp.ResponseError
	if errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusPreconditionFailed {
		return fmt.Errorf("%w: %w", ErrChanged, err)
	}
	return err
}

// Delete removes an object; S3 answers a missing one with success too.
func (s *Store) Delete(ctx context.Context, key string) error {
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// ErrChanged: the object is no longer the version a conditional read or
// copy named (its ETag moved on).
var ErrChanged = errors.New("object changed")

// IsNotFound recognises a missing object: HEAD answers a bare 404.
func IsNotFound(err error) bool {
	var nf *types.NotFound
	var nsk *types.NoSuchKey
	var resp *smithyhttp.ResponseError
	return errors.As(err, &nf) || errors.As(err, &nsk) ||
		errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusNotFound
}
