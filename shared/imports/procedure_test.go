package imports

import (
	"strings"
	"testing"

	"aftersales/shared/apperr"
)

func TestParseKeySplitsTheImportsBucketLayout(t *testing.T) {
	tests := []struct {
		name                              string
		key                               string
		wantProc                          Procedure
		wantCheck                         bool
		wantDistributor, wantUpload, file string
		wantErr                           bool
	}{
		{"an outlets update", "outlets-update/D-17/01JD8ZK/Outlets_май.xlsx", OutletsUpdate, false, "D-17", "01JD8ZK", "Outlets_май.xlsx", false},
		{"a check-only first load", "outlets-first-load-check/D1/u_1/Outlets.xls", OutletsFirstLoad, true, "D1", "u_1", "Outlets.xls", false},
		{"a routes load with spaces in the name", "routes/D1/U1/Routes (копия).xlsx", Routes, false, "D1", "U1", "Routes (копия).xlsx", false},
		{"an unknown procedure", "prices/D1/U1/Outlets.xlsx", "", false, "", "", "", true},
		{"a check suffix on nothing", "-check/D1/U1/Outlets.xlsx", "", false, "", "", "", true},
		{"too few segments", "routes/D1/Routes.xlsx", "", false, "", "", "", true},
		{"a file in a sub-folder", "routes/D1/U1/sub/Routes.xlsx", "", false, "", "", "", true},
		{"an empty distributor", "routes//U1/Routes.xlsx", "", false, "", "", "", true},
		{"a distributor with a hash", "routes/D#1/U1/Routes.xlsx", "", false, "", "", "", true},
		{"no file name", "routes/D1/U1/", "", false, "", "", "", true},
		{"a managers' serial registry under hq", "serials/hq/U1/Serials_2026.xlsx", Serials, false, HQ, "U1", "Serials_2026.xlsx", false},
		{"a check-only serial registry", "serials-check/hq/U1/Serials.xls", Serials, true, HQ, "U1", "Serials.xls", false},
		{"a serial registry under a distributor", "serials/D1/U1/Serials.xlsx", "", false, "", "", "", true},
		{"a distributor's procedure under hq", "outlets-update/hq/U1/Outlets.xlsx", "", false, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proc, check, dist, upload, file, err := ParseKey(tt.key)
			if tt.wantErr {
				if apperr.CodeOf(err) != apperr.Invalid {
					t.Fatalf("got %v, want an invalid-key error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if proc != tt.wantProc || check != tt.wantCheck || dist != tt.wantDistributor || upload != tt.wantUpload || file != tt.file {
				t.Errorf("got %q %v %q %q %q, want %q %v %q %q %q", proc, check, dist, upload, file,
					tt.wantProc, tt.wantCheck, tt.wantDistributor, tt.wantUpload, tt.file)
			}
		})
	}
}

func TestNameMatchesFollowsTheSeedsFileNames(t *testing.T) {
	tests := []struct {
		proc Procedure
		name string
		want bool
	}{
		{OutletsUpdate, "Outlets.xlsx", true},
		{OutletsFirstLoad, "OUTLETS_new.XLS", true},
		{OutletsUpdate, "outlets 2024-05.Xlsx", true},
		{OutletsUpdate, "Routes.xlsx", false},
		{OutletsUpdate, "Outlets.csv", false},
		{OutletsUpdate, "MyOutlets.xlsx", false},
		{Routes, "Routes_week.xlsx", true},
		{Routes, "routes.xls", true},
		{Routes, "Outlets.xlsx", false},
		{Routes, "Routes.xlsx.pdf", false},
		{Serials, "Serials.xlsx", true},
		{Serials, "serials_factory A.XLS", true},
		{Serials, "Outlets.xlsx", false},
		{Procedure("prices"), "Outlets.xlsx", false},
	}
	for _, tt := range tests {
		if got := NameMatches(tt.proc, tt.name); got != tt.want {
			t.Errorf("NameMatches(%s, %q): got %v, want %v", tt.proc, tt.name, got, tt.want)
		}
	}
}

func TestTheFileNamesAreSaidInEachMessagesOwnLanguage(t *testing.T) {
	for _, p := range []Procedure{OutletsUpdate, Routes} {
		if ru, en := p.FileNames(), p.FileNamesEN(); !strings.Contains(ru, " или ") || strings.Contains(en, "или") || !strings.Contains(en, " or ") {
			t.Errorf("%s: %q / %q, want «или» in Russian only and «or» in English", p, ru, en)
		}
	}
}
