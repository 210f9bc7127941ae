package httpapi

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
)

func TestAPageSizeIsOneToTwoHundredOrTheDefault(t *testing.T) {
	for _, c := range []struct {
		limit string
		want  int
		bad   bool
	}{{"", 0, false}, {"1", 1, false}, {"200", 200, false}, {"0", 0, true}, {"201", 0, true}, {"-5", 0, true}, {"ten", 0, true}} {
		r := &Request{Event: events.APIGatewayV2HTTPRequest{QueryStringParameters: map[string]string{}}}
		if c.limit != "" {
			r.Event.QueryStringParameters["limit"] = c.limit
		}
		n, fe := Limit(r)
		if n != c.want || (fe != nil) != c.bad {
			t.Errorf("limit=%q: got %d, %v; want %d, bad %v", c.limit, n, fe, c.want, c.bad)
		}
		if fe != nil && fe.Field != "limit" {
			t.Errorf("limit=%q: the error names %q", c.limit, fe.Field)
		}
		if _, err := LimitOf(r); (err != nil) != c.bad {
			t.Errorf("LimitOf(limit=%q) = %v", c.limit, err)
		}
	}
}

func TestAnAttachmentIsSavedUnderItsName(t *testing.T) {
	resp := Attachment("akty-2026-01-02.xlsx", "application/x-test", []byte("PK"))
	if resp.Status != 200 || string(resp.Raw) != "PK" || resp.Headers["content-type"] != "application/x-test" ||
		resp.Headers["content-disposition"] != `attachment; filename="akty-2026-01-02.xlsx"` {
		t.Errorf("attachment answer: %+v", resp)
	}
}

func TestAListShowsEachItemAndAnEmptyPageAsAnEmptyArray(t *testing.T) {
	got, err := json.Marshal(ListOf(auth.Page[int]{Items: []int{1, 2}, Next: "c2"}, strconv.Itoa))
	if want := `{"items":["1","2"],"next":"c2"}`; err != nil || string(got) != want {
		t.Errorf("a page: %s, %v; want %s", got, err, want)
	}
	got, err = json.Marshal(ListOf(auth.Page[int]{}, strconv.Itoa))
	if want := `{"items":[]}`; err != nil || string(got) != want {
		t.Errorf("an empty page: %s, %v; want %s", got, err, want)
	}
}
