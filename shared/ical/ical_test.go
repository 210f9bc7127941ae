package ical

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestLongLinesAreFoldedAt75OctetsWithoutSplittingALetter(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("Москва, ул. Ленина; дом 1\\корп. 2 ", 8)
	out := string(Calendar{ProdID: "-//t//t//RU", Events: []Event{{UID: "u1", Stamp: at, Start: at, End: at.Add(time.Hour),
		Summary: "Ремонт", Location: long}}}.Bytes())
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("does not end in CRLF: %q", out[len(out)-20:])
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	var unfolded []string
	for _, l := range lines {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("bare LF in %q", l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("line %q splits a UTF-8 character", l)
		}
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
		} else {
			unfolded = append(unfolded, l)
		}
	}
	want := "LOCATION:" + strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`).Replace(long)
	found := false
	for _, l := range unfolded {
		if l == want {
			found = true
		}
	}
	if !found {
		t.Errorf("unfolded lines %q\nhave no %q", unfolded, want)
	}
}

func TestTextEscapesSpecialCharactersAndLineBreaks(t *testing.T) {
	got := Text("a,b;c\\d\r\ne\nf\tg\x01")
	if want := `a\,b\;c\\d\ne\nf g`; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestTimesAreWrittenInUTC(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	if got := UTC(time.Date(2026, 12, 3, 10, 30, 0, 0, msk)); got != "20261203T073000Z" {
		t.Errorf("UTC = %s", got)
	}
}
