package localrun

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"aftersales/shared/auth"
)

// TestManagersSeeCentresByNameAndFilterTheQueueByCentre: an act, the list,
// the queue filtered by centre and the centres' list all name the centre
// for a manager (before: raw ids, and the centres' list was 403).
func TestManagersSeeCentresByNameAndFilterTheQueueByCentre(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	centreToken, err := e.token(ctx, auth.RoleServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	managerToken, err := e.token(ctx, auth.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	asCentre := []string{"Authorization", "Bearer " + centreToken, "Content-Type", "application/json"}
	asManager := []string{"Authorization", "Bearer " + managerToken}
	created := call(t, "POST", web.URL+"/api/acts", `{"article":"ЭГК-1500 Энергопром"}`, asCentre...)
	id, _ := created.body["id"].(string)
	if created.status != 201 || created.body["serviceCenterName"] != nil {
		t.Fatalf("create: %d %s (a centre's own answers carry no name)", created.status, created.rawBody)
	}
	centres := call(t, "GET", web.URL+"/api/service-centers?limit=100", "", asManager...)
	if centres.status != 200 {
		t.Fatalf("the centres' list for a manager: %d %s", centres.status, centres.rawBody)
	}
	name := ""
	for _, it := range centres.body["items"].([]any) {
		if c := it.(map[string]any); c["id"] == e.own.ServiceCenter {
			name, _ = c["name"].(string)
		}
	}
	if !strings.HasPrefix(name, "Матрица ") {
		t.Fatalf("the own centre is not in the managers' list of centres: %s", centres.rawBody)
	}
	if got := call(t, "GET", web.URL+"/api/acts/"+id, "", asManager...); got.body["serviceCenterName"] != name {
		t.Errorf("the act for a manager names %v, want %q", got.body["serviceCenterName"], name)
	}
	list := call(t, "GET", web.URL+"/api/acts?serviceCenter="+url.QueryEscape(e.own.ServiceCenter)+"&status=draft&limit=100", "", asManager...)
	items, _ := list.body["items"].([]any)
	found := false
	for _, it := range items {
		a := it.(map[string]any)
		if a["serviceCenterId"] != e.own.ServiceCenter || a["serviceCenterName"] != name {
			t.Errorf("listed act of %v named %v, want only %s named %q", a["serviceCenterId"], a["serviceCenterName"], e.own.ServiceCenter, name)
		}
		found = found || a["id"] == id
	}
	if list.status != 200 || !found {
		t.Errorf("the list filtered by centre: %d, act found %v", list.status, found)
	}
}
