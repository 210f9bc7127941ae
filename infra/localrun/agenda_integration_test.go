package localrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/infra/localaws"
	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
)

// parsedFeed is what infra/icalcheck/parse.py read with the icalendar library.
type parsedFeed struct {
	Name   string `json:"name"`
	Events []struct {
		UID, Summary, Location, Description, Start, End string
		Sequence                                        int
	} `json:"events"`
	Problems []string `json:"problems"`
}

// parseFeed fetches a feed anonymously and reads it back with the Python
// icalendar library; status is the answer's when it is not 200.
func parseFeed(t *testing.T, base, link string) (parsedFeed, int) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		if !strings.Contains(resp.Header.Get("Content-Type"), "json") {
			t.Errorf("%s answered %d with %q, want a JSON error", u.Path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		return parsedFeed{}, resp.StatusCode
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	cmd := exec.Command("bash", "../icalcheck/run.sh")
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the icalendar library did not read the feed: %v\n%s\nfeed:\n%s", err, stderr.String(), body)
	}
	var f parsedFeed
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("parse.py printed %q: %v", out, err)
	}
	for _, p := range f.Problems {
		t.Errorf("feed: %s", p)
	}
	return f, http.StatusOK
}

// TestATechniciansCalendarFeedShowsTheirVisitsOnlyAndDiesWhenRevoked is
// the iCalendar feed end to end through the runner: the centre's admin
// makes a link for one technician, a calendar app (anonymous) reads it and
// the icalendar library parses it back — that technician's planned and done
// visits only, with text that needed escaping and folding intact, UIDs
// stable across an edit; a new link kills the old one, revoking kills the
// new one, and the table holds no token.
func TestATechniciansCalendarFeedShowsTheirVisitsOnlyAndDiesWhenRevoked(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	admin, err := e.token(ctx, auth.RoleServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	do := bearer(t, web.URL, admin)
	techA, err := e.newUser(ctx, auth.RoleServiceCenter, e.own.ServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	techB, err := e.newUser(ctx, auth.RoleServiceCenter, e.own.ServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 2)
	plan := func(tech string, hour int, address, notes string) map[string]any {
		t.Helper()
		start := day.Add(time.Duration(hour) * time.Hour)
		body, _ := json.Marshal(map[string]any{"kind": "repair", "technicianId": tech, "start": start, "end": start.Add(time.Hour),
			"address": address, "notes": notes, "contact": map[string]string{"name": "Ольга Дачная", "phone": "+7 912 000-11-22"}})
		return do("POST", "/api/agenda/visits", string(body), http.StatusCreated)
	}
	tricky := `Тверь, ул. Ленина; д. 1\2, «Дача»`
	longNotes := strings.Repeat("Газонокосилка не заводится после зимы; взять карбюратор. ", 5)
	a1 := plan(techA.ID, 6, tricky, longNotes)
	a2 := plan(techA.ID, 8, "Тверь, ул. Мира, 5", "")
	cancelled := plan(techA.ID, 10, "Отменённый адрес", "")
	do("POST", "/api/agenda/visits/"+cancelled["id"].(string)+"/status", `{"status":"cancelled","version":1}`, http.StatusOK)
	b1 := plan(techB.ID, 6, "Чужой мастер, 1", "")
	if _, err := matrixVisit(ctx, e, e.other, mustUser(t, e, e.other).ID); err != nil {
		t.Fatal(err)
	}

	made := do("POST", "/api/agenda/technicians/"+techA.ID+"/feed", "", http.StatusCreated)
	link, _ := made["url"].(string)
	token := strings.TrimSuffix(link[strings.LastIndex(link, "/")+1:], ".ics")
	if !strings.HasPrefix(link, e.srv.Env().Config.WebBaseURL+"/api/public/ical/") || len(token) < 43 {
		t.Fatalf("link %q: want %s/api/public/ical/<256-bit token>.ics", link, e.srv.Env().Config.WebBaseURL)
	}
	if st := do("GET", "/api/agenda/technicians/"+techA.ID+"/feed", "", http.StatusOK); st["active"] != true || st["url"] != nil {
		t.Errorf("feed state %v: want active, without the link", st)
	}

	feed, status := parseFeed(t, web.URL, link)
	if status != http.StatusOK {
		t.Fatalf("the feed answered %d", status)
	}
	var uids []string
	for _, ev := range feed.Events {
		uids = append(uids, ev.UID)
	}
	want := []string{a1["id"].(string) + "@aftersales", a2["id"].(string) + "@aftersales"}
	if !slices.Equal(uids, want) {
		t.Fatalf("the feed's events %v, want exactly technician A's live visits %v (not B's %v, not the cancelled %v)", uids, want, b1["id"], cancelled["id"])
	}
	first := feed.Events[0]
	if first.Location != tricky || !strings.Contains(first.Description, strings.TrimSpace(longNotes)) {
		t.Errorf("location %q / description %q did not survive escaping and folding", first.Location, first.Description)
	}
	if wantStart := day.Add(6 * time.Hour).Format("2006-01-02T15:04:05+00:00"); first.Start != wantStart {
		t.Errorf("start %s, want %s (UTC)", first.Start, wantStart)
	}

	// Moved: the same UID with a higher SEQUENCE and the new time.
	moved, _ := json.Marshal(map[string]any{"kind": "repair", "technicianId": techA.ID, "start": day.Add(12 * time.Hour),
		"end": day.Add(13 * time.Hour), "address": "Тверь, ул. Мира, 5", "contact": map[string]string{"name": "Ольга", "phone": "+7 912 000-11-22"}, "version": 1})
	do("PUT", "/api/agenda/visits/"+a2["id"].(string), string(moved), http.StatusOK)
	feed, _ = parseFeed(t, web.URL, link)
	if len(feed.Events) != 2 || feed.Events[1].UID != want[1] || feed.Events[1].Sequence != 1 ||
		feed.Events[1].Start != day.Add(12*time.Hour).Format("2006-01-02T15:04:05+00:00") {
		t.Errorf("after the move: %+v", feed.Events)
	}

	// The table keeps only the token's hash.
	table := dynamo.New(dynamodb.NewFromConfig(e.srv.Env().AWS), e.srv.opts.TableName())
	for _, k := range []dynamo.Key{dynamo.FeedKey(agenda.HashToken(token)), dynamo.TechnicianFeedKey(techA.ID)} {
		var item map[string]any
		if err := table.Get(ctx, k, &item); err != nil {
			t.Fatalf("item %v: %v", k, err)
		}
		if strings.Contains(fmt.Sprint(item), token) {
			t.Errorf("item %v holds the token itself", k)
		}
	}

	// A new link kills the old one; revoking kills the new one; a guess is 404.
	again := do("POST", "/api/agenda/technicians/"+techA.ID+"/feed", "", http.StatusCreated)
	if _, status := parseFeed(t, web.URL, link); status != http.StatusNotFound {
		t.Errorf("the replaced link answered %d, want 404", status)
	}
	if _, status := parseFeed(t, web.URL, again["url"].(string)); status != http.StatusOK {
		t.Errorf("the new link answered %d", status)
	}
	do("DELETE", "/api/agenda/technicians/"+techA.ID+"/feed", "", http.StatusNoContent)
	if _, status := parseFeed(t, web.URL, again["url"].(string)); status != http.StatusNotFound {
		t.Errorf("the revoked link answered %d, want 404", status)
	}
	if _, status := parseFeed(t, web.URL, "/api/public/ical/"+agenda.NewFeedToken()+".ics"); status != http.StatusNotFound {
		t.Errorf("a guessed token answered %d, want 404", status)
	}
	if st := do("GET", "/api/agenda/technicians/"+techA.ID+"/feed", "", http.StatusOK); st["active"] != false {
		t.Errorf("feed state after revoking: %v", st)
	}
}

func mustUser(t *testing.T, e *matrixEnv, w world) auth.User {
	t.Helper()
	u, err := e.newUser(context.Background(), auth.RoleServiceCenter, w.ServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestTheDailyJobRemindsTheDemoCustomerOfTomorrowsVisitOnce fires
// DailyDigestFunction as its schedule would: the demo's visit tomorrow at
// Петров's (linked to his order; he consented to e-mail and SMS) is
// reminded by one e-mail and one SMS through SNS, both recorded by moto,
// and a second run sends nothing more.
func TestTheDailyJobRemindsTheDemoCustomerOfTomorrowsVisitOnce(t *testing.T) {
	srv, web := integration(t)
	if _, err := srv.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	reminders := func() int {
		t.Helper()
		status, _, body := get(t, web.URL+"/_local/mail.json")
		var mails []localaws.Mail
		if status != http.StatusOK || json.Unmarshal([]byte(body), &mails) != nil {
			t.Fatalf("mail.json: %d %.200s", status, body)
		}
		n := 0
		for _, m := range mails {
			if slices.Contains(m.To, "petrov@demo.example") && strings.HasPrefix(m.Subject, "Напоминание: завтра к вам приедет мастер") &&
				strings.Contains(m.Text, "Дачный пр., 12, участок 4") && strings.Contains(m.Text, "с 10:00 до 12:00") {
				n++
			}
		}
		return n
	}
	// The demo's Петров: 8 (934) 734-12-34.
	texts := func() int {
		t.Helper()
		all, err := localaws.SMSs(context.Background(), srv.opts.Endpoints.Moto)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range all {
			if m.Phone == "+79347341234" && strings.Contains(m.Text, ": завтра ") && strings.Contains(m.Text, " с 10:00 до 12:00 приедет мастер, ") &&
				strings.HasSuffix(m.Text, "Дачный пр., 12, участок 4") {
				n++
			}
		}
		return n
	}
	fire := func() {
		t.Helper()
		resp, err := http.Post(web.URL+"/_local/schedules/DailyDigestFunction", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("firing the daily job: %d", resp.StatusCode)
		}
	}
	before, beforeSMS := reminders(), texts()
	fire()
	if got := reminders(); got != before+1 {
		t.Fatalf("%d reminders to Петров after the daily job, want %d", got, before+1)
	}
	if got := texts(); got != beforeSMS+1 {
		t.Fatalf("%d SMS reminders to Петров after the daily job, want %d", got, beforeSMS+1)
	}
	fire()
	if got := reminders(); got != before+1 {
		t.Errorf("%d reminders to Петров after running the job again, want still %d", got, before+1)
	}
	if got := texts(); got != beforeSMS+1 {
		t.Errorf("%d SMS reminders to Петров after running the job again, want still %d", got, beforeSMS+1)
	}
}
