package main

import (
	"path/filepath"
	"strings"
)

// Mutation is one deliberate bug: From, which must occur exactly once in
// File, becomes To. Tests are the packages whose tests guard it (default:
// File's own package), Run narrows them; Integration marks tests that need
// DynamoDB Local.
type Mutation struct {
	Name        string
	File        string
	From, To    string
	Tests       []string
	Run         string
	Integration bool
}

// Pkg is the mutated package, short.
func (m Mutation) Pkg() string { return strings.TrimPrefix(filepath.Dir(m.File), "shared/") }

// dynamoTests are the DynamoDB Local tests of the storage rules; the
// loads' batch tests live beside their store, and the idempotency store's
// in the kit's package (it has none of its own).
var (
	dynamoTests      = []string{"./shared/dynamo"}
	importstoreTests = []string{"./shared/dynamo/importstore"}
)

// mutations are the bugs the core rules must not let through: the act
// status machine and field rules, uploads, lockout and tenant scope, the
// outlet file's rules, the timers' due rules, idempotency, and the storage
// retries that keep loads whole.
var mutations = []Mutation{
	// acts: status machine and edit rights
	{Name: "managers may submit a centre's draft", File: "shared/acts/status.go",
		From: "ActionSubmit: {centre, map", To: "ActionSubmit: {both, map"},
	{Name: "any role may take any action", File: "shared/acts/status.go",
		From: "if !slices.Contains(r.actors, role) {", To: "if false && !slices.Contains(r.actors, role) {"},
	{Name: "a refused act can no longer be reopened", File: "shared/acts/status.go",
		From: "StatusRepaired: StatusSubmitted, StatusRefused: StatusSubmitted, StatusWithdrawn: StatusSubmitted}",
		To:   "StatusRepaired: StatusSubmitted, StatusWithdrawn: StatusSubmitted}"},
	{Name: "a centre edits acts beyond its drafts", File: "shared/acts/status.go",
		From: "role == auth.RoleServiceCenter && s == StatusDraft", To: "role == auth.RoleServiceCenter"},
	// acts: field rules
	{Name: "complexity 4 accepted", File: "shared/acts/validate.go",
		From: "(*c < 1 || *c > 3)", To: "(*c < 1 || *c > 4)"},
	{Name: "refusal within 14 days off by one", File: "shared/acts/validate.go",
		From: "accepted.DaysAfter(*sale) > Refusal14Days", To: "accepted.DaysAfter(*sale) >= Refusal14Days"},
	{Name: "an own part under warranty may cost nothing", File: "shared/acts/validate.go",
		From: "p.OwnPart && isTrue(f.WarrantyCase) && p.Price <= 0", To: "p.OwnPart && isTrue(f.WarrantyCase) && p.Price < 0"},
	{Name: "dates in the future accepted", File: "shared/acts/validate.go",
		From: "if d.date != nil && today.Before(*d.date) {", To: "if d.date != nil && false {"},
	{Name: "acceptance before the sale accepted", File: "shared/acts/validate.go",
		From: "if sale != nil && accepted != nil && accepted.Before(*sale) {", To: "if sale != nil && accepted != nil && false {"},
	// acts: uploads, lists, exports
	{Name: "an unused upload form holds its slot for ever", File: "shared/acts/uploads.go",
		From: "return now.Before(f.SlotEnds())", To: "return true"},
	{Name: "the stored content type is not compared", File: "shared/acts/uploads.go",
		From: "case real != f.ContentType || info.ContentType != f.ContentType:", To: "case real != f.ContentType:"},
	{Name: "a refused replacement is not recorded", File: "shared/acts/uploads.go",
		From: "if info.ETag != f.ETag {", To: "if false {"},
	{Name: "JPEG judged by its magic bytes alone", File: "shared/acts/detect.go",
		From: "jpeg.DecodeConfig(bytes.NewReader(body))\n\t\tsound = err == nil &&", To: "jpeg.DecodeConfig(bytes.NewReader(body))\n\t\tsound = err == nil || err != nil ||"},
	{Name: "the list's last day left out", File: "shared/acts/lists.go",
		From: "q.CreatedBefore = s.midnight(*r.To).AddDate(0, 0, 1)", To: "q.CreatedBefore = s.midnight(*r.To)"},
	{Name: "an export one row over the cap", File: "shared/acts/lists.go",
		From: "if len(acts) > ExportCap {", To: "if len(acts) > ExportCap+1 {"},

	// auth: lockout and tenant scope
	{Name: "the lock comes one failure late", File: "shared/identity/lockout.go",
		From: "if n.Failures >= l.MaxFailures {", To: "if n.Failures > l.MaxFailures {"},
	{Name: "a lock is read the wrong way round", File: "shared/identity/lockout.go",
		From: "IsZero() && now.Before(s.LockedUntil) {", To: "IsZero() && now.After(s.LockedUntil) {"},
	{Name: "failures are never forgotten", File: "shared/identity/lockout.go",
		From: "forgotten := !s.LastFailure.IsZero() && !now.Before(s.LastFailure.Add(l.Forget))", To: "forgotten := false"},
	{Name: "a tenant user without a tenant sees untenanted objects", File: "shared/auth/scope.go",
		From: `return c.Tenant != "" && c.Tenant == ownerTenant`, To: "return c.Tenant == ownerTenant"},
	{Name: "centres count as staff", File: "shared/auth/caller.go",
		From: "return r == RoleManager || r == RoleAdmin }", To: "return r == RoleManager || r == RoleAdmin || r == RoleServiceCenter }"},
	{Name: "lists of tenant users are not filtered", File: "shared/auth/tenancy.go",
		From: "if s.caller.Role.Staff() {\n\t\treturn \"\", true", To: "if s.caller.Role != \"\" {\n\t\treturn \"\", true"},
	{Name: "a token's tenant is not checked against its session", File: "shared/identity/login.go",
		From: "sess.Role != c.Role || sess.Tenant != c.Tenant ||", To: "sess.Role != c.Role ||"},

	// imports: the outlet file's rules
	{Name: "RDC shares above one accepted (math.Abs dropped)", File: "shared/imports/rdcshares.go",
		From: "if math.Abs(sum-1) > 0.001 {", To: "if 1-sum > 0.001 {"},
	{Name: "RDC share tolerance ten times wider", File: "shared/imports/rdcshares.go",
		From: "if math.Abs(sum-1) > 0.001 {", To: "if math.Abs(sum-1) > 0.01 {"},
	{Name: "another distributor's code accepted", File: "shared/imports/outlet.go",
		From: "case found && !k.Mine:", To: "case false:"},
	{Name: "a code repeated in the file accepted", File: "shared/imports/outlet.go",
		From: "if first, dup := o.codes[out.Code]; dup {", To: "if first, dup := o.codes[out.Code]; dup && false {"},
	{Name: "a 10-digit INN's checksum not checked", File: "shared/imports/values.go",
		From: "ok = check(2, 4, 10, 3, 5, 9, 4, 6, 8) == d[9]", To: "ok = true"},
	{Name: "an INN starting 00 accepted", File: "shared/imports/values.go",
		From: `if s[:2] == "00" {`, To: "if false {"},
	{Name: "numbers above their range accepted", File: "shared/imports/outlet.go",
		From: "case v < lo || v > hi:", To: "case v < lo:"},
	{Name: "a background export reaches another distributor's key user", File: "shared/imports/background.go",
		From: "u.Role == auth.RoleKeyUser && u.Tenant == req.Query.Distributor", To: "u.Role == auth.RoleKeyUser"},

	// timers: due rules
	{Name: "a timer closes a moment after its deadline, not at it", File: "shared/timers/policy.go",
		From: "case !now.Before(t.Deadline):", To: "case now.After(t.Deadline):"},
	{Name: "the reminder comes a moment late", File: "shared/timers/policy.go",
		From: "case !now.Before(p.RemindAt(t)):", To: "case now.After(p.RemindAt(t)):"},
	{Name: "submitted acts get the no-reply timer", File: "shared/timers/policy.go",
		From: "case a.Status == acts.StatusInfoRequested && a.ReplyDeadline != nil:", To: "case a.Status == acts.StatusSubmitted && a.ReplyDeadline != nil:"},
	{Name: "the rules' moves swapped", File: "shared/timers/policy.go",
		From: "if r == RuleNoReply {", To: "if r != RuleNoReply {"},

	// idempotency
	{Name: "a key not bound to its path", File: "shared/httpapi/idempotency.go",
		From: `routeKey + "\x00" + path + "\x00" + clientKey`, To: `routeKey + "\x00" + clientKey`},
	{Name: "a key not bound to its user", File: "shared/httpapi/idempotency.go",
		From: `sha256.Sum256([]byte(userID + "\x00" + routeKey`, To: `sha256.Sum256([]byte(routeKey`},
	{Name: "a key reused with another body replays", File: "shared/httpapi/idempotency.go",
		From: "case prior.Fingerprint != fingerprint:", To: "case false:"},
	{Name: "a running request's key replays nothing", File: "shared/httpapi/idempotency.go",
		From: "case !prior.Done:", To: "case false:"},
	{Name: "an in-flight claim lives 24 h", File: "shared/httpapi/idempotency.go",
		From: "return max(time.Until(deadline), 0) + ClaimMargin", To: "return max(time.Until(deadline), 0) + IdempotencyTTL"},
	{Name: "a replay loses its headers", File: "shared/httpapi/idempotency.go",
		From: "\t\theaders[k] = v\n", To: "\t\t_, _ = k, v\n"},
	{Name: "a redirect or error answer keeps its key", File: "shared/httpapi/idempotency.go",
		From: "if err != nil || resp.Status >= 300 {", To: "if err != nil {"},

	// storage rules (DynamoDB Local)
	{Name: "unprocessed BatchWriteItem items dropped", File: "shared/dynamo/importstore/importstore.go",
		From: "\t\tif len(out.UnprocessedItems) == 0 {", To: "\t\tif true {",
		Tests: importstoreTests, Run: "TestALoadLosesNoRow", Integration: true},
	{Name: "unprocessed BatchGetItem keys dropped", File: "shared/dynamo/batch.go",
		From: "\t\t\tif len(out.UnprocessedKeys) == 0 {", To: "\t\t\tif true {",
		Tests: importstoreTests, Run: "TestALoadLosesNoRow", Integration: true},
	{Name: "transaction conflicts not retried", File: "shared/dynamo/conflict.go",
		From: "if attempt == len(conflictBackoff) || !onlyConflicts(err) {", To: "if true {",
		Tests: dynamoTests, Run: "TestATransactionConflict", Integration: true},
	{Name: "what is due exactly now waits an hour", File: "shared/dynamo/timers.go",
		From: `expression.Key("DueAt").LessThanEqual(`, To: `expression.Key("DueAt").LessThan(`,
		Tests: dynamoTests, Run: "TestTheHourlyQuery", Integration: true},
	{Name: "an expired idempotency record still blocks its key", File: "shared/dynamo/idemstore/idemstore.go",
		From: `Or(expression.Name("ExpiresAt").LessThan(expression.Value(i.now().Unix())))`, To: `Or(expression.Name("ExpiresAt").LessThan(expression.Value(0)))`,
		Tests: dynamoTests, Run: "Idempotency", Integration: true},
}
