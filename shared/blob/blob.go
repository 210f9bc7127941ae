// Package blob holds the values of a browser upload and a stored object:
// what a presigned form allows, the form itself and what an object's head
// says. The domains that sign uploads (acts, imports) and blobstore, the
// S3 adapter that signs them, share these types instead of each declaring
// its own copy; the package has no AWS and no domain in it.
package blob

import "time"

// Upload is what a presigned upload form allows: one object under Key, of
// ContentType and 1..MaxBytes bytes, stored with Metadata (x-amz-meta-*);
// the form expires after TTL.
type Upload struct {
	Key         string
	ContentType string
	MaxBytes    int64
	Metadata    map[string]string
	TTL         time.Duration
}

// Form is what a browser posts to upload: the URL and the form fields to
// send before the file field.
type Form struct {
	URL       string            `json:"url"`
	Fields    map[string]string `json:"fields"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// Info describes a stored object.
type Info struct {
	Size        int64
	ContentType string
	// ETag identifies the object's bytes: a re-posted upload has another.
	ETag string
	// Modified is when the object was stored.
	Modified time.Time
}
