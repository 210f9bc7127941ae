// Package dynamo is the DynamoDB adapter: the one table's item layouts and
// every query the domain packages' store interfaces need. Item structs are
// unexported and mapped to domain types here; domain packages never see an
// attribute value.
//
// The table (template.yaml: Table) has PK/SK, two general indexes GSI1
// (GSI1PK/GSI1SK) and GSI2 (GSI2PK/GSI2SK), a sparse GSI3 (GSI3PK/GSI3SK)
// for the managers' review queue, a sparse DueIndex (DuePK/DueAt,
// keys only) for timers, and TTL on ExpiresAt (epoch seconds). Index key
// attributes are only written when the item belongs in that index.
//
// Access patterns — add a row (and a builder below, and a test that runs the
// query against DynamoDB Local) for every new one:
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| user by id                              | PK = USER#<id>, SK = PROFILE                               | table |
//	| user by login (→ user id)               | PK = LOGIN#<login>, SK = ALIAS                             | table |
//	| user by e-mail (→ user id)              | PK = EMAIL#<email>, SK = ALIAS                             | table |
//	| all users, by login                     | GSI1PK = USERS, GSI1SK = <login>                           | GSI1  |
//	| one tenant's users, by login            | GSI2PK = USERS#<tenant id>, GSI2SK = <login>               | GSI2  |
//	| service centre by id                    | PK = SC#<id>, SK = PROFILE                                 | table |
//	| service centres, by name                | GSI1PK = SERVICE_CENTERS, GSI1SK = <lower name>#<id>       | GSI1  |
//	| distributor by id                       | PK = DIST#<id>, SK = PROFILE                               | table |
//	| distributors, by name                   | GSI1PK = DISTRIBUTORS, GSI1SK = <lower name>#<id>          | GSI1  |
//	| session by id (TTL ExpiresAt)           | PK = SESSION#<sid>, SK = SESSION                           | table |
//	| a user's sessions (to revoke them)      | GSI1PK = SESSIONS#<user id>, GSI1SK = <created>#<sid>      | GSI1  |
//	| failed-login streak (TTL ExpiresAt)     | PK = LOCK#<user:id | login:string>, SK = LOCK              | table |
//	| audit log, newest first                 | PK = AUDIT, SK = <at>#<id>, ScanIndexForward = false       | table |
//	| act with history, comments, files (1 Query) | PK = ACT#<id>; SK = META | HIST#<at>#<id> | COMMENT#<at>#<id> | FILE#<id> | table |
//	| a centre's acts, newest first, by dates | GSI1PK = SC#<centre>, GSI1SK BETWEEN ACT#<from> AND ACT#<to>  | GSI1  |
//	| all acts, newest first, by dates        | GSI2PK = ACTS, GSI2SK BETWEEN <from> AND <to> (<created>#<id>) | GSI2  |
//	| review queue: pre-sale first, then oldest | GSI3PK = QUEUE, GSI3SK = <0 pre-sale | 1>#<submitted>#<id> (sparse: submitted acts only) | GSI3 |
//	| next act number of a year (at submission) | PK = COUNTER#ACT#<year>, SK = COUNTER (put on condition Seq unchanged, in the submission's transaction) | table |
//	| internal number, unique per centre      | PK = INTNUM#<centre>#<lower number>, SK = UNIQUE           | table |
//	| order by id                             | PK = ORDER#<id>, SK = META                                 | table |
//	| a centre's orders, newest first         | GSI1PK = SC#<centre>, GSI1SK = ORDER#<created>#<id>        | GSI1  |
//	| orders in a status, oldest first        | GSI2PK = ORDERS#<status>, GSI2SK = <created>#<id>          | GSI2  |
//	| product categories                      | PK = CATEGORIES, SK = CAT#<id>                             | table |
//	| category name, unique                   | PK = CATNAME#<lower name>, SK = UNIQUE                     | table |
//	| Idempotency-Key record (TTL ExpiresAt)  | PK = IDEM#<sha256 of caller, route, key>, SK = IDEM        | table |
//	| load protocol by id (the id hashes bucket, key, version: claimed once) | PK = LOAD#<id>, SK = LOAD | table |
//	| a distributor's loads, newest first; a load by number | GSI1PK = DIST#<d>#LOADS, GSI1SK = <seq, 10 digits> | GSI1 |
//	| every load, newest first (admins)       | GSI2PK = LOADS, GSI2SK = <created>#<id>                    | GSI2  |
//	| next load number of a distributor       | PK = COUNTER#LOAD#<d>, SK = COUNTER (atomic ADD)           | table |
//	| outlet by code (codes are global)       | PK = OUTLET#<code>, SK = OUTLET (BatchGetItem of 100)      | table |
//	| an RDC's record (RDC outlets only)      | PK = OUTLET#<code>, SK = RDC (BatchGetItem of 100)         | table |
//	| a user's saved directory views          | PK = USER#<id>, SK begins_with VIEW#<view id>              | table |
//	| a distributor's outlets by code (prefix); changed since t, by load, unmapped (filters) | GSI1PK = DIST#<d>#OUTLETS#<00..15>, GSI1SK begins_with <code>: every shard queried, merged by code | GSI1 |
//	| a distributor's routes by code (prefix) | PK = ROUTES#<d>, SK begins_with ROUTE#<code>               | table |
//	| an event's e-mail, sent at most once    | PK = MAIL#<event key>, SK = MAIL                           | table |
//	| shipment with its packing list (1 Query) | PK = SHIP#<id>; SK = META | ORDER#<order id>           | table |
//	| a centre's shipments, newest first      | GSI1PK = SC#<centre>, GSI1SK begins_with SHIP# (SHIP#<created>#<id>) | GSI1 |
//	| all shipments, newest first             | GSI2PK = SHIPMENTS, GSI2SK = <created>#<id>                | GSI2  |
//	| compensation orders decided in a period | GSI3PK = COMPENSATION, GSI3SK BETWEEN <from> AND <to> (<created>#<id>; sparse: orders with own parts, until cancelled) | GSI3 |
//	| work due by t: acts with a running timer, shipments settling, e-mails queued | DuePK = DUE#<0..3>, DueAt <= t (sparse; keys only) | DueIndex |
//	| reminder given for an act's deadline    | PK = ACT#<id>, SK = REMINDED#<deadline> (TTL ExpiresAt)    | table |
//	| an e-mail queued with the change it reports, until sent | PK = OUTBOX#<event key>, SK = OUTBOX (due-indexed while unsent) | table |
//
// An act's partition holds everything shown with the act, so reading it is
// one Query; every change of an act is one TransactWriteItems of the act
// (on condition of the version it was read at) and its history events.
// Search and list filters read top-level copies of the act's fields; the
// form itself is stored as its API JSON (Form), since no query looks inside.
//
// Uniqueness (one login, one e-mail per user) is kept by the alias items,
// written in the same transaction as the user on condition they do not
// exist. Reads that decide security (login, sessions, lock state) are
// strongly consistent and therefore use the table, never an index.
package dynamo

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
)

// Index names, as in template.yaml.
const (
	indexGSI1 = "GSI1"
	indexGSI2 = "GSI2"
)

// Sort key of an entity's own item in its partition.
const (
	skProfile = "PROFILE"
	skAlias   = "ALIAS"
	skSession = "SESSION"
	skLock    = "LOCK"
)

// key is a table primary key.
type key struct {
	PK string `dynamodbav:"PK"`
	SK string `dynamodbav:"SK"`
}

func UserKey(id string) key { return key{"USER#" + id, skProfile} }

// AliasKey is the uniqueness item of a login or (when it holds "@") an
// e-mail; logins cannot contain "@", so the two never collide.
func AliasKey(loginOrEmail string) key {
	if strings.Contains(loginOrEmail, "@") {
		return key{"EMAIL#" + loginOrEmail, skAlias}
	}
	return key{"LOGIN#" + loginOrEmail, skAlias}
}

const UsersPK = "USERS"

func TenantUsersPK(tenant string) string { return "USERS#" + tenant }

func TenantKey(kind auth.TenantKind, id string) key {
	if kind == auth.KindDistributor {
		return key{"DIST#" + id, skProfile}
	}
	return key{"SC#" + id, skProfile}
}

func TenantsPK(kind auth.TenantKind) string {
	if kind == auth.KindDistributor {
		return "DISTRIBUTORS"
	}
	return "SERVICE_CENTERS"
}

func TenantsSK(name, id string) string { return strings.ToLower(name) + "#" + id }

func SessionKey(id string) key { return key{"SESSION#" + id, skSession} }

func UserSessionsPK(userID string) string { return "SESSIONS#" + userID }

func UserSessionsSK(created time.Time, sid string) string { return sortableTime(created) + "#" + sid }

func LockKey(k string) key { return key{"LOCK#" + k, skLock} }

const AuditPK = "AUDIT"

func AuditSK(at time.Time, id string) string { return sortableTime(at) + "#" + id }

// sortableTime is fixed-width UTC, so string order is time order.
func sortableTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// ---- acts, orders, categories, idempotency (see shared/acts, shared/orders)

const indexGSI3 = "GSI3"

// Sort keys and prefixes of the acts section. An act's partition holds the
// act (META) and its history, comments and files.
const (
	skMeta    = "META"
	skCounter = "COUNTER"
	skUnique  = "UNIQUE"
	skIdem    = "IDEM"

	prefixHistory     = "HIST#"
	prefixComment     = "COMMENT#"
	prefixFile        = "FILE#"
	prefixCentreAct   = "ACT#"
	prefixCentreOrder = "ORDER#"
)

func actPK(id string) string { return "ACT#" + id }

func actKey(id string) key { return key{actPK(id), skMeta} }

func historyKey(actID string, at time.Time, id string) key {
	return key{actPK(actID), prefixHistory + sortableTime(at) + "#" + id}
}

func commentKey(actID string, at time.Time, id string) key {
	return key{actPK(actID), prefixComment + sortableTime(at) + "#" + id}
}

// fileKey needs no time: file ids are ULIDs, which sort by creation.
func fileKey(actID, id string) key { return key{actPK(actID), prefixFile + id} }

func centrePK(centre string) string { return "SC#" + centre }

func centreActSK(created time.Time, id string) string {
	return prefixCentreAct + sortableTime(created) + "#" + id
}

const actsPK = "ACTS"

func actsSK(created time.Time, id string) string { return sortableTime(created) + "#" + id }

const queuePK = "QUEUE"

// queueSK orders the review queue: pre-sale acts ("0") before the rest
// ("1"), each oldest submission first.
func queueSK(preSale bool, submitted time.Time, id string) string {
	rank := "1"
	if preSale {
		rank = "0"
	}
	return rank + "#" + sortableTime(submitted) + "#" + id
}

func counterKey(year int) key { return key{"COUNTER#ACT#" + strconv.Itoa(year), skCounter} }

func internalNumberKey(centre, number string) key {
	return key{"INTNUM#" + centre + "#" + strings.ToLower(number), skUnique}
}

func orderKey(id string) key { return key{"ORDER#" + id, skMeta} }

func centreOrderSK(created time.Time, id string) string {
	return prefixCentreOrder + sortableTime(created) + "#" + id
}

func ordersPK(status string) string { return "ORDERS#" + status }

const categoriesPK = "CATEGORIES"

func categoryKey(id string) key { return key{categoriesPK, "CAT#" + id} }

func categoryNameKey(name string) key { return key{"CATNAME#" + strings.ToLower(name), skUnique} }

func IdempotencyKey(scoped string) key { return key{"IDEM#" + scoped, skIdem} }

// ---- outlet and route loads (see shared/imports)

const (
	skLoad   = "LOAD"
	skOutlet = "OUTLET"
	skMail   = "MAIL"
	LoadsPK  = "LOADS"
)

func LoadKey(id string) key { return key{"LOAD#" + id, skLoad} }

func DistributorLoadsPK(distributor string) string { return "DIST#" + distributor + "#LOADS" }

// LoadSeqSK is a load number, zero-padded so string order is number order.
func LoadSeqSK(seq int) string { return fmt.Sprintf("%010d", seq) }

func LoadsSK(created time.Time, id string) string { return sortableTime(created) + "#" + id }

func LoadCounterKey(distributor string) key { return key{"COUNTER#LOAD#" + distributor, skCounter} }

func OutletKey(code string) key { return key{"OUTLET#" + code, skOutlet} }

// UserViewKey is a user's saved directory view, in the user's partition.
func UserViewKey(user, id string) key { return key{UserKey(user).PK, PrefixView + id} }

// PrefixView starts the sort key of a user's saved views.
const PrefixView = "VIEW#"

// RDCKey is an RDC's record, beside its outlet and not indexed: one write
// unit, and only for RDCs.
func RDCKey(code string) key { return key{"OUTLET#" + code, "RDC"} }

// OutletShards is how many GSI1 partitions hold one distributor's
// outlets. A load writes an outlet's index entry under the shard its code
// hashes to, so a big load spreads over 16 partition keys instead of
// taking one key's write ceiling (about 1,000 units/s in AWS); a list
// queries every shard and merges them by code (ShardedList).
//
// An outlet is indexed once, under keys that never change (its code):
// a new or changed outlet then costs one write unit on the table and one
// on GSI1. The former second index (by change time) moved its key on every
// change, which DynamoDB bills as a delete and a put: 3 units per new and 4
// per changed outlet. "Changed since" and "by load" are filters now.
const OutletShards = 16

// OutletShard is the shard of an outlet code.
func OutletShard(code string) int {
	h := fnv.New32a()
	h.Write([]byte(code))
	return int(h.Sum32() % OutletShards)
}

// DistributorOutletsPK is one shard of a distributor's outlets on GSI1.
func DistributorOutletsPK(distributor string, shard int) string {
	return fmt.Sprintf("DIST#%s#OUTLETS#%02d", distributor, shard)
}

// LegacyDistributorOutletsPK is the one GSI1 partition (also GSI2's) a
// distributor's outlets were indexed under before the shards; only the
// reindex migration (importstore.ReindexOutlets) still reads it.
func LegacyDistributorOutletsPK(distributor string) string { return "DIST#" + distributor + "#OUTLETS" }

func RoutesPK(distributor string) string { return "ROUTES#" + distributor }

const PrefixRoute = "ROUTE#"

func RouteKey(distributor, code string) key { return key{RoutesPK(distributor), PrefixRoute + code} }

func MailKey(event string) key { return key{"MAIL#" + event, skMail} }

// ---- orders, shipments and timers (see shared/orders, shared/shipments,
// shared/timers)

const (
	indexDue = "DueIndex"
	// dueShards spreads the due index over a few partitions so that the
	// writes of a busy hour do not all land on one; a run queries each.
	dueShards = 4

	prefixShipmentItem   = "ORDER#"
	prefixCentreShipment = "SHIP#"
	prefixReminder       = "REMINDED#"
	shipmentsPK          = "SHIPMENTS"
	compensationPK       = "COMPENSATION"
)

// duePK is the due-index partition of the item with table key pk.
func duePK(pk string) string {
	h := fnv.New32a()
	h.Write([]byte(pk))
	return "DUE#" + strconv.Itoa(int(h.Sum32()%dueShards))
}

func dueShardPK(shard int) string { return "DUE#" + strconv.Itoa(shard) }

func shipmentPK(id string) string { return "SHIP#" + id }

func shipmentKey(id string) key { return key{shipmentPK(id), skMeta} }

func shipmentItemKey(shipmentID, orderID string) key {
	return key{shipmentPK(shipmentID), prefixShipmentItem + orderID}
}

func centreShipmentSK(created time.Time, id string) string {
	return prefixCentreShipment + sortableTime(created) + "#" + id
}

func shipmentsSK(created time.Time, id string) string { return sortableTime(created) + "#" + id }

func compensationSK(created time.Time, id string) string { return sortableTime(created) + "#" + id }

func reminderKey(actID string, deadline time.Time) key {
	return key{actPK(actID), prefixReminder + sortableTime(deadline)}
}

const skOutbox = "OUTBOX"

func outboxKey(event string) key { return key{"OUTBOX#" + event, skOutbox} }

// ---------------------------------------------------------------- eligibility and the ledger (issue 16)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| serial registry record (1 read at submission; BatchGetItem of 100 in loads) | PK = REGSERIAL#<serial>, SK = SERIAL | table |
//	| the warranty policy book (one item, replaced on condition of its Version) | PK = POLICIES, SK = BOOK | table |
//	| acts that claimed a serial (markers, checked against the acts) | PK = SERIALCLAIM#<serial>, SK = ACT#<act id> | table |

const skSerial = "SERIAL"

// RegistrySerialKey is a registry record's key: the serial alone (as
// eligibility.NormalizeSerial spells it), so an act's lookup is one GetItem.
// Its prefix differs from the front desk's SERIAL#<centre>#… partitions (a
// centre's own devices), so the two never share a partition.
func RegistrySerialKey(serial string) key { return key{"REGSERIAL#" + serial, skSerial} }

// PolicyBookKey is the one item of the warranty policy book.
func PolicyBookKey() key { return key{"POLICIES", "BOOK"} }

// SerialClaimsPK is the partition of a serial's claim markers.
func SerialClaimsPK(serial string) string { return "SERIALCLAIM#" + serial }

// SerialClaimKey is the marker of one act's claim on a serial.
func SerialClaimKey(serial, actID string) key { return key{SerialClaimsPK(serial), "ACT#" + actID} }

// ActKey is an act's own item, for stores of other domains that read acts.
func ActKey(id string) key { return actKey(id) }

// ---- the front desk: customers and devices (see shared/desk)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| customer by id                          | PK = CUST#<id>, SK = META                                  | table |
//	| a centre's customers by a phone's last digits (3 or more) | PK = CPHONE#<centre>#<last 2 digits>, SK begins_with <typed digits reversed> (SK = <E.164 digits reversed>#<customer>) | table |
//	| a centre's customers by a name word's beginning (2+ letters) | PK = CNAME#<centre>#<first letter>, SK begins_with <typed word> (SK = <word>#<customer>) | table |
//	| device by id                            | PK = DEV#<id>, SK = META                                   | table |
//	| a customer's devices, newest first      | GSI1PK = CUST#<customer>#DEVICES, GSI1SK = <created>#<id>  | GSI1  |
//	| a centre's device by serial (unique: the put is conditional); serials by beginning | PK = SERIAL#<centre>#<first char>, SK = <serial> (or begins_with) | table |
//
// A customer's search keys — one item per phone and per name word — are
// written, moved and deleted in the customer's own transaction, so search
// never finds a stale number. Phone keys hold the number reversed, which
// turns "ends with the typed digits" into a key condition; the partition is
// the number's last two digits (every search has at least three), so a
// centre of 100,000 customers spreads over 100 partitions and one lookup is
// one Query. Name and serial keys are split by their first character for
// the same reason. Key items carry only the ids: the search reads the
// customers and devices it found in one BatchGetItem.

func CustomerKey(id string) key { return key{"CUST#" + id, skMeta} }

// CustomerPhoneKey is the search key of one of a customer's numbers
// (E.164 digits without the plus, at least two).
func CustomerPhoneKey(centre, digits, customer string) key {
	return key{CustomerPhonePK(centre, digits), reverse(digits) + "#" + customer}
}

// CustomerPhonePK is the partition holding the numbers that end as suffix does.
func CustomerPhonePK(centre, suffix string) string {
	return "CPHONE#" + centre + "#" + suffix[len(suffix)-2:]
}

// CustomerPhoneSK is the sort-key beginning of numbers ending in suffix.
func CustomerPhoneSK(suffix string) string { return reverse(suffix) }

func CustomerNameKey(centre, word, customer string) key {
	return key{CustomerNamePK(centre, word), word + "#" + customer}
}

// CustomerNamePK is the partition of the name words starting as prefix does.
func CustomerNamePK(centre, prefix string) string {
	r := []rune(prefix)
	return "CNAME#" + centre + "#" + string(r[0])
}

func DeviceKey(id string) key { return key{"DEV#" + id, skMeta} }

func CustomerDevicesPK(customer string) string { return "CUST#" + customer + "#DEVICES" }

func CustomerDevicesSK(created time.Time, id string) string { return sortableTime(created) + "#" + id }

func SerialKey(centre, serial string) key { return key{SerialPK(centre, serial), serial} }

// SerialPK is the partition of the serials starting as prefix does.
func SerialPK(centre, prefix string) string {
	r := []rune(prefix)
	return "SERIAL#" + centre + "#" + string(r[0])
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// ---- the front desk: repair orders (see shared/desk)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| a centre's settings (prefix, chain, norms) | PK = DESKCFG#<centre>, SK = SETTINGS                    | table |
//	| repair order with its history (1 Query) | PK = REPAIR#<id>; SK = META | HIST#<at>#<version>#<n>      | table |
//	| next repair number of a centre and year, gap-free | PK = COUNTER#REPAIR#<centre>#<year>, SK = COUNTER (conditional on the number read, in the order's transaction) | table |
//	| a device's / a customer's repair orders, newest first | PK = DEV#<device> or CUST#<customer>, SK begins_with REPAIR# (REPAIR#<created>#<id>) | table |
//	| a centre's open orders, overdue first   | GSI3PK = ROPEN#<centre>, GSI3SK = <due>#<id> (no norm: ~<since>#<id>; sparse: open orders) | GSI3 |
//	| a centre's orders overdue at t          | GSI3PK = ROPEN#<centre>, GSI3SK < <t>                     | GSI3  |
//	| a centre's orders in a status, oldest first | GSI1PK = RSTAT#<centre>#<status>, GSI1SK = <since>#<id> | GSI1  |
//	| an executor's open orders, overdue first | GSI2PK = REXEC#<centre>#<user>, GSI2SK as GSI3SK (sparse: open orders) | GSI2 |
//
// An order's due time is its status's start plus the centre's norm for the
// status when it entered it; sorting by it puts the overdue first, then the
// ones closest to their norm. Orders without a norm sort last ("~" after
// digits). A hand-over drops the order from the open indexes.

func DeskSettingsKey(centre string) key { return key{"DESKCFG#" + centre, "SETTINGS"} }

func RepairPK(id string) string { return "REPAIR#" + id }

func RepairKey(id string) key { return key{RepairPK(id), skMeta} }

// RepairHistoryKey is the n-th event of the change that made version:
// unique even when two changes share a clock reading.
func RepairHistoryKey(id string, at time.Time, version, n int) key {
	return key{RepairPK(id), prefixHistory + sortableTime(at) + "#" + fmt.Sprintf("%09d#%03d", version, n)}
}

func RepairCounterKey(centre string, year int) key {
	return key{"COUNTER#REPAIR#" + centre + "#" + strconv.Itoa(year), skCounter}
}

const PrefixRepairRef = "REPAIR#"

// RepairRefKey is a repair order's entry in its device's or customer's
// partition (owner is DeviceKey(..).PK or CustomerKey(..).PK).
func RepairRefKey(ownerPK string, created time.Time, id string) key {
	return key{ownerPK, PrefixRepairRef + sortableTime(created) + "#" + id}
}

func OpenRepairsPK(centre string) string { return "ROPEN#" + centre }

func RepairsInStatusPK(centre, status string) string { return "RSTAT#" + centre + "#" + status }

func ExecutorRepairsPK(centre, user string) string { return "REXEC#" + centre + "#" + user }

// RepairDueSK orders open orders by when they become overdue; without a
// norm, after every one that has one.
func RepairDueSK(due *time.Time, since time.Time, id string) string {
	if due == nil {
		return "~" + sortableTime(since) + "#" + id
	}
	return sortableTime(*due) + "#" + id
}

func RepairSinceSK(since time.Time, id string) string { return sortableTime(since) + "#" + id }

// ---- the front desk: messages to customers and status links (see shared/desk)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| a centre's message templates            | PK = DESKMSG#<centre>, SK = TEMPLATES                      | table |
//	| an order's messages (1 Query); one per event and channel | PK = CMSG#<repair id>, SK = <event key>/<channel> (put on condition the key is new) | table |
//	| messages still to send, oldest first    | GSI1PK = CMSGQ, GSI1SK = <queued>#<key> (sparse: queued or failed messages) | GSI1 |
//	| order by status link token              | PK = STATUSLINK#<token>, SK = LINK                         | table |
//	| requests of a rate bucket in a window (TTL ExpiresAt) | PK = RATE#<bucket>#<window start>, SK = RATE (atomic ADD on condition under the limit) | table |
//
// A message is both the order's record of what the customer was told and
// the outbox entry until sent: it carries the CMSGQ keys only while it
// waits, so the daily job reads exactly what is pending.

func DeskMessageSettingsKey(centre string) key { return key{"DESKMSG#" + centre, "TEMPLATES"} }

func RepairMessagesPK(repairID string) string { return "CMSG#" + repairID }

func RepairMessageKey(repairID, messageKey string) key {
	return key{RepairMessagesPK(repairID), messageKey}
}

const PendingMessagesPK = "CMSGQ"

func PendingMessageSK(queued time.Time, messageKey string) string {
	return sortableTime(queued) + "#" + messageKey
}

func StatusLinkKey(token string) key { return key{"STATUSLINK#" + token, "LINK"} }

func RateKey(bucket string, window time.Time) key {
	return key{"RATE#" + bucket + "#" + sortableTime(window), "RATE"}
}

// ---- the front desk's price list and an order's warranty act (issue 14, deskops)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| a centre's price list of works (whole)  | PK = DESKCFG#<centre>, SK = PRICELIST                      | table |
//	| an order's warranty act (read with the order's Query) | PK = REPAIR#<order>, SK = ACT (→ act id; put on condition it is new, in the act's creating transaction) | table |
//
// The act link lives in the order's partition, so the order's one Query
// finds it; the order then reads the act's item (one GetItem) for its
// number, status and parts as they are now.

// PriceListKey is a centre's price list: beside its settings.
func PriceListKey(centre string) key { return key{"DESKCFG#" + centre, "PRICELIST"} }

// RepairActKey is the link from an order to the warranty act filed from it.
func RepairActKey(repair string) key { return key{RepairPK(repair), "ACT"} }

// ---------------------------------------------------------------- the ledger (issue 16, slices 4 and 5)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| a centre's ledger entries of a month, oldest first (its statement: 1 Query) | PK = LEDGER#<centre>#<YYYY-MM>, SK = <at>#<entry id> | table |
//	| a payer's entries of a month, every centre's (its statement, claims) | GSI1PK = LEDGERPAY#<payer>#<YYYY-MM>, GSI1SK = <at>#<entry id> | GSI1 |
//	| a ledger entry by id (a recovery step: then GetItem by the key found) | GSI2PK = LEDGERENTRY#<entry id>, GSI2SK = ENTRY | GSI2 |
//
// Months are the business time zone's (Moscow): an entry's Month, counted
// once when it is made, so its keys never move.

// LedgerMonthPK is the partition of one centre's entries of one month.
func LedgerMonthPK(centre, month string) string { return "LEDGER#" + centre + "#" + month }

// LedgerPayerPK is the GSI1 partition of one payer's entries of one month.
func LedgerPayerPK(payer orders.Payer, month string) string {
	return "LEDGERPAY#" + string(payer) + "#" + month
}

// LedgerEntryPK is the GSI2 partition holding one entry's index entry.
func LedgerEntryPK(id string) string { return "LEDGERENTRY#" + id }

const skLedgerEntry = "ENTRY"

func ledgerEntryKey(e ledger.Entry) key {
	return key{LedgerMonthPK(e.ServiceCenterID, e.Month), sortableTime(e.At) + "#" + e.ID}
}

// ---------------------------------------------------------------- the act flow: mails held for a digest (issue 13)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| a digest reader's held event mails, oldest first | PK = HELD#<user id>, SK = <queued>#<event key>    | table |
//	| compensation record of an approval that ships nothing (not an order; in GSI3 COMPENSATION like an order's own parts) | PK = COMP#<id>, SK = META | table |

func heldPK(user string) string { return "HELD#" + user }

func heldKey(user string, at time.Time, event string) key {
	return key{heldPK(user), sortableTime(at) + "#" + event}
}

func compensationKey(id string) key { return key{"COMP#" + id, skMeta} }

// ---------------------------------------------------------------- the agenda: field visits (issue 15)
//
//	| access pattern                          | key condition                                              | index |
//	|-----------------------------------------|------------------------------------------------------------|-------|
//	| visit by id                             | PK = VISIT#<id>, SK = META                                 | table |
//	| a technician's day or week (1 Query)    | GSI1PK = VTECH#<centre>#<user>, GSI1SK BETWEEN <from − 12 h> AND <to> (<start>#<id>) | GSI1 |
//	| a centre's day or week; tomorrow's visits to remind of (1 Query) | GSI2PK = VISITS#<centre>, GSI2SK BETWEEN <from − 12 h> AND <to> (<start>#<id>) | GSI2 |
//	| a technician's busy slots of a UTC day (booked on condition of its Version, in the visit's transaction) | PK = VDAY#<centre>#<user>, SK = <YYYY-MM-DD> | table |
//	| iCalendar feed by its token's SHA-256 (the token is never stored) | PK = ICAL#<hash>, SK = FEED                   | table |
//	| a technician's feed (to revoke it)      | PK = USER#<user>, SK = ICALFEED                            | table |
//
// A visit lasts at most 12 hours (agenda.MaxDuration), so the views read
// the visits starting from 12 hours before the period and drop those that
// ended before it. A technician's day items hold the slots (visit, start,
// end, address) of their planned and done visits touching that UTC day;
// every booking reads them strongly consistently, refuses an overlap, and
// writes them back on condition of the Version it read, in the same
// transaction as the visit: of two concurrent bookings of one slot, one
// transaction fails and its retry sees the other's slot.

func VisitKey(id string) key { return key{"VISIT#" + id, skMeta} }

func TechnicianVisitsPK(centre, user string) string { return "VTECH#" + centre + "#" + user }

func CentreVisitsPK(centre string) string { return "VISITS#" + centre }

// VisitStartSK orders visits by start; a bound of a range is VisitStartSK(t, "").
func VisitStartSK(start time.Time, id string) string { return sortableTime(start) + "#" + id }

// TechnicianDayKey is one technician's slots of one UTC day (YYYY-MM-DD).
func TechnicianDayKey(centre, user, day string) key { return key{"VDAY#" + centre + "#" + user, day} }

func FeedKey(hash string) key { return key{"ICAL#" + hash, "FEED"} }

func TechnicianFeedKey(user string) key { return key{UserKey(user).PK, "ICALFEED"} }
