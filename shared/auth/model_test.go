package auth

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"aftersales/shared/apperr"
)

// pages serves items in pages of the limit asked for, the cursor being the
// next item's index; failAt makes the read of that cursor fail.
type pages struct {
	items  []string
	failAt string
	asked  []ListOptions
}

var errRead = errors.New("read failed")

func (p *pages) list(o ListOptions) (Page[string], error) {
	p.asked = append(p.asked, o)
	if o.Cursor != "" && o.Cursor == p.failAt {
		return Page[string]{}, errRead
	}
	from, _ := strconv.Atoi(o.Cursor)
	to := min(from+o.Limit, len(p.items))
	page := Page[string]{Items: p.items[from:to]}
	if to < len(p.items) {
		page.Next = strconv.Itoa(to)
	}
	return page, nil
}

func TestWalkYieldsEveryItemAcrossPages(t *testing.T) {
	p := &pages{items: []string{"a", "b", "c", "d", "e"}}
	var got []string
	for it, err := range Walk(2, p.list) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it)
	}
	if !slices.Equal(got, p.items) {
		t.Errorf("walked %v, want %v", got, p.items)
	}
	want := []ListOptions{{Limit: 2}, {Limit: 2, Cursor: "2"}, {Limit: 2, Cursor: "4"}}
	if !slices.Equal(p.asked, want) {
		t.Errorf("asked for %v, want %v", p.asked, want)
	}
}

func TestWalkYieldsTheReadPagesThenTheFailure(t *testing.T) {
	p := &pages{items: []string{"a", "b", "c", "d", "e"}, failAt: "2"}
	var got []string
	var errs []error
	for it, err := range Walk(2, p.list) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, it)
	}
	if !slices.Equal(got, []string{"a", "b"}) || len(errs) != 1 || !errors.Is(errs[0], errRead) {
		t.Errorf("walked %v with errors %v; want the first page, then the one failure", got, errs)
	}
}

func TestWalkReadsNoFurtherPageOnceTheLoopStops(t *testing.T) {
	p := &pages{items: []string{"a", "b", "c", "d", "e"}}
	for it := range Walk(2, p.list) {
		if it == "b" {
			break
		}
	}
	if len(p.asked) != 1 {
		t.Errorf("read %d pages for the first two items, want 1", len(p.asked))
	}
}

func TestDefaultsFillOnlyWhatIsLeftOut(t *testing.T) {
	fixed := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	if got := Clock(func() time.Time { return fixed }).OrNow()(); !got.Equal(fixed) {
		t.Errorf("a given clock was replaced: %v", got)
	}
	if got := Clock(nil).OrNow()(); time.Since(got) > time.Minute || time.Until(got) > time.Minute {
		t.Errorf("the default clock says %v", got)
	}
	if got := IDGen(func() string { return "id-1" }).OrULID()(); got != "id-1" {
		t.Errorf("a given id generator was replaced: %q", got)
	}
	if a, b := IDGen(nil).OrULID()(), IDGen(nil).OrULID()(); len(a) != 26 || a == b {
		t.Errorf("the default ids are %q and %q, want two different ULIDs", a, b)
	}
}

func TestAListIsNarrowedToATenantUsersOwnWhateverTheyAsk(t *testing.T) {
	for _, c := range []struct {
		caller      Caller
		asked, want string
	}{
		{Caller{Role: RoleManager}, "sc2", "sc2"},
		{Caller{Role: RoleAdmin}, "", ""},
		{Caller{Role: RoleServiceCenter, Tenant: "sc1"}, "sc2", "sc1"},
		{Caller{Role: RoleServiceCenter, Tenant: "sc1"}, "", "sc1"},
		{Caller{Role: RoleServiceCenter}, "", "\x00none"},
	} {
		if got := c.caller.ListTenant(c.asked); got != c.want {
			t.Errorf("%s of %q asking %q: %q, want %q", c.caller.Role, c.caller.Tenant, c.asked, got, c.want)
		}
	}
}

func TestAStoreErrorIsNotFoundABadCursorOrInternal(t *testing.T) {
	if err := StoreError(nil, "read"); err != nil {
		t.Errorf("no error became %v", err)
	}
	if err := StoreError(fmt.Errorf("read act: %w", ErrNotFound), "read act"); err != NotFound() {
		t.Errorf("a missing object: %v", err)
	}
	var e *apperr.Error
	if err := StoreError(ErrBadCursor, "list"); !errors.As(err, &e) || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" {
		t.Errorf("a bad cursor: %v", err)
	}
	cause := errors.New("throttled")
	if err := StoreError(cause, "list acts"); !errors.As(err, &e) || e.Code != apperr.Internal || !errors.Is(err, cause) {
		t.Errorf("anything else: %v", err)
	}
}
