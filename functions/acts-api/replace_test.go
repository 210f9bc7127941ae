package main

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"

	"aftersales/infra/localrun/e2e"
	"aftersales/shared/acts"
)

// TestAnAttachedPhotoCannotBeReplacedWithItsForm: the upload form stays
// valid for minutes after the photo was checked and attached. Posting it
// again with other bytes (an HTML page behind a JPEG marker, then 9 MB) must
// neither change what the download serves nor pass unnoticed: the history
// records each refused replacement.
func TestAnAttachedPhotoCannotBeReplacedWithItsForm(t *testing.T) {
	needStack(t)
	centre := h.centre
	act := centre.fileAct(t)
	file, form := centre.uploadWithForm(t, act.ID, acts.FileDefect, acts.TypeJPEG, "поломка.jpg", int64(len(jpegBytes)), jpegBytes)
	if got := centre.checkedFile(t, act.ID, file.ID); got.Status != acts.FileAttached {
		t.Fatalf("the photo was not attached: %+v", got)
	}

	forged := [][]byte{
		append([]byte{0xFF, 0xD8, 0xFF}, "<html><script>alert(document.cookie)</script></html>"...),
		append(slices.Clone(jpegBytes), bytes.Repeat([]byte{0}, 9<<20)...),
	}
	for i, body := range forged {
		if status := postForm(t, form, "поломка.jpg", body); status/100 != 2 {
			t.Fatalf("re-post %d: %d (the local store accepts any post within the form's life)", i, status)
		}
		refusedReplacements(t, centre, act.ID, file.ID, i+1)
	}

	got := centre.checkedFile(t, act.ID, file.ID)
	if got.Status != acts.FileAttached || got.URL == "" {
		t.Fatalf("file after the re-posts: %+v", got)
	}
	if status, body := e2e.Download(t, got.URL); status != http.StatusOK || !bytes.Equal(body, jpegBytes) {
		t.Errorf("download: %d, %d bytes starting %q; want the photo that was checked (%d bytes)",
			status, len(body), body[:min(len(body), 12)], len(jpegBytes))
	}
}

// refusedReplacements waits until the act's history records want refused
// replacements of the file.
func refusedReplacements(t *testing.T, u *user, actID, fileID string, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		var history struct{ Items []acts.Event }
		u.call(t, "GET", "/api/acts/"+actID+"/history", nil).decode(t, &history)
		n = 0
		for _, e := range history.Items {
			if e.Type == acts.EventFileRejected && e.FileID == fileID && e.Reason == acts.RejectionWords(acts.RejectReplaced) {
				n++
			}
		}
		if n >= want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("history records %d refused replacements of %s, want %d", n, fileID, want)
}
