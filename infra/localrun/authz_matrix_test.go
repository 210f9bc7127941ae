package localrun

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"aftersales/infra/samtemplate"
	"aftersales/shared/auth"
)

// matrixCallers are the matrix's columns after the route and request.
var matrixCallers = []string{"anonymous", string(auth.RoleServiceCenter), string(auth.RoleKeyUser), string(auth.RoleManager), string(auth.RoleAdmin)}

// matrixRow is one line of testdata/authz_matrix.txt, or of an area's own
// testdata/authz_matrix_<area>.txt (same columns), which keeps a feature's
// rows apart from the others' while several are written at once.
type matrixRow struct {
	at             string // file:line
	route          string
	method, target string
	body           string
	own, other     map[string]int // caller → status
}

func loadMatrix(t *testing.T) []matrixRow {
	t.Helper()
	files, err := filepath.Glob("testdata/authz_matrix*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/authz_matrix*.txt: %v", err)
	}
	var rows []matrixRow
	for _, file := range files {
		rows = append(rows, loadMatrixFile(t, file, matrixCallers)...)
	}
	return rows
}

// loadMatrixFile reads one file whose status columns are callers.
func loadMatrixFile(t *testing.T, file string, matrixCallers []string) []matrixRow {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []matrixRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		at := filepath.Base(file) + ":" + strconv.Itoa(n)
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) != 2+len(matrixCallers) {
			t.Fatalf("%s: %d cells, want route | request | %s", at, len(cells), strings.Join(matrixCallers, " | "))
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		r := matrixRow{at: at, route: cells[0], own: map[string]int{}, other: map[string]int{}}
		req := strings.SplitN(cells[1], " ", 3)
		if len(req) < 2 {
			t.Fatalf("%s: request %q, want METHOD PATH [BODY]", at, cells[1])
		}
		r.method, r.target = req[0], req[1]
		if len(req) == 3 {
			r.body = strings.TrimSpace(req[2])
		}
		for i, caller := range matrixCallers {
			own, other, pair := strings.Cut(cells[2+i], "/")
			if !pair {
				other = own
			}
			o, err1 := strconv.Atoi(own)
			x, err2 := strconv.Atoi(other)
			if err1 != nil || err2 != nil || pair && caller == "anonymous" {
				t.Fatalf("%s: %s status %q, want NNN or OWN/OTHER (anonymous: NNN)", at, caller, cells[2+i])
			}
			r.own[caller], r.other[caller] = o, x
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestTheMatrixCoversEveryRouteOfTheTemplate needs no emulator: a new route
// in template.yaml fails here until the matrix has its line.
func TestTheMatrixCoversEveryRouteOfTheTemplate(t *testing.T) {
	tpl, _ := loadTemplate(t)
	rows := loadMatrix(t)
	inMatrix := map[string]matrixRow{}
	for _, r := range rows {
		if prev, dup := inMatrix[r.route]; dup {
			t.Errorf("%s: %s already has line %s", r.at, r.route, prev.at)
		}
		inMatrix[r.route] = r
	}
	inTemplate := map[string]samtemplate.Route{}
	for _, fn := range tpl.Functions {
		for _, rt := range fn.Routes {
			inTemplate[rt.Key()] = rt
		}
	}
	var missing []string
	for key := range inTemplate {
		if _, ok := inMatrix[key]; !ok {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	for _, key := range missing {
		t.Errorf("route %s is in template.yaml but not in testdata/authz_matrix.txt: add its line", key)
	}
	for key, r := range inMatrix {
		rt, ok := inTemplate[key]
		if !ok {
			t.Errorf("%s: %s is not a route of template.yaml", r.at, key)
			continue
		}
		path := placeholder.ReplaceAllString(strings.SplitN(r.target, "?", 2)[0], "x")
		if _, ok := compileRoute("", rt).match(r.method, path); !ok {
			t.Errorf("%s: request %s %s does not reach route %s", r.at, r.method, r.target, key)
		}
		// A public route refuses anonymous callers only for what they sent
		// (400), or for the method on the catch-all routes (405).
		if rt.Public && r.own["anonymous"]/100 == 4 && r.own["anonymous"] != 400 && r.own["anonymous"] != 405 {
			t.Errorf("%s: %s is public but anonymous expects %d", r.at, key, r.own["anonymous"])
		}
		if !rt.Public && r.own["anonymous"] != http.StatusUnauthorized {
			t.Errorf("%s: %s needs a session, so anonymous must get 401, not %d", r.at, key, r.own["anonymous"])
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

// TestAuthorizationMatrix makes every request of the matrix as every caller,
// with the own tenant's and the other tenant's fixtures, through the runner.
func TestAuthorizationMatrix(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	for _, r := range loadMatrix(t) {
		t.Run(strings.NewReplacer("/", "_", " ", "_").Replace(r.route), func(t *testing.T) {
			t.Parallel()
			e.checkRow(t, web.URL, r, matrixCallers)
		})
	}
}

// checkRow makes the row's request as every caller, in the own and the
// other world (anonymous in the own only), and reports each status that
// is not the row's.
func (e *matrixEnv) checkRow(t *testing.T, base string, r matrixRow, callers []string) {
	t.Helper()
	var problems []string
	for _, caller := range callers {
		worlds := []world{e.own, e.other}
		if caller == "anonymous" {
			worlds = worlds[:1]
		}
		for _, w := range worlds {
			want := r.own[caller]
			if w.Name == "other" {
				want = r.other[caller]
			}
			got, body, err := e.do(context.Background(), base, r, caller, w)
			if err != nil {
				t.Fatalf("%s in the %s world: %v", caller, w.Name, err)
			}
			if got != want {
				problems = append(problems, fmt.Sprintf("  %-20s %-5s got %d, want %d: %.200s", caller, w.Name, got, want, body))
			}
		}
	}
	if len(problems) > 0 {
		t.Errorf("%s %s (%s %s):\n%s", r.at, r.route, r.method, r.target, strings.Join(problems, "\n"))
	}
}

// do fills the row's placeholders in world w, makes the request as caller
// and returns the status and body. Every answer of the API, refusals
// included, must be JSON (or empty for 204).
func (e *matrixEnv) do(ctx context.Context, base string, r matrixRow, caller string, w world) (int, string, error) {
	tok := ""
	if caller != "anonymous" {
		var err error
		if tok, err = e.tokenOf(ctx, caller); err != nil {
			return 0, "", err
		}
	}
	return e.doWith(ctx, base, r, tok, w)
}

// doWith is do with a given bearer token (none when empty).
func (e *matrixEnv) doWith(ctx context.Context, base string, r matrixRow, tok string, w world) (int, string, error) {
	var fillErr error
	fill := func(s string, escape func(string) string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string {
			name := placeholder.FindStringSubmatch(m)[1]
			fx, ok := authzFixtures[name]
			if !ok {
				fillErr = fmt.Errorf("no fixture %q: add it with registerFixture (authz_fixtures_test.go)", name)
				return ""
			}
			v, err := fx(ctx, e, w)
			if err != nil {
				fillErr = fmt.Errorf("fixture %s: %w", name, err)
			}
			return escape(v)
		})
	}
	target := fill(r.target, url.PathEscape)
	body := fill(r.body, func(s string) string { return strings.Trim(fmt.Sprintf("%q", s), `"`) })
	if fillErr != nil {
		return 0, "", fillErr
	}
	req, err := http.NewRequestWithContext(ctx, r.method, base+target, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNoContent && !strings.Contains(resp.Header.Get("Content-Type"), "json") &&
		!(resp.StatusCode == http.StatusOK && isFileAnswer(resp.Header.Get("Content-Type"))) {
		return resp.StatusCode, string(b), fmt.Errorf("%s %s answered %d with %q, not JSON", r.method, target, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, string(b), nil
}
