// Command cost prints the monthly cost model of operations.md's reference
// workload from the DynamoDB units `make bench` measures (flags), the
// workload's assumptions and list prices. Each line says where its numbers
// come from, so the model follows the code: re-run make bench after a
// change to an access pattern.
package main

import (
	"flag"
	"fmt"
	"sort"
)

// Prices: AWS public list prices, us-east-1, on-demand, without free tiers,
// as last known to this project (2026-12-03, not re-checked online: this
// machine has no network). Check them on the pricing pages before quoting.
const pricesAsOf = "2026-12-03 (us-east-1 list prices, no free tier; re-check before quoting)"

const (
	wruPrice        = 0.625 / 1e6 // DynamoDB on-demand, per write request unit
	rruPrice        = 0.125 / 1e6 // per read request unit
	ddbGBMonth      = 0.25        // table storage
	pitrGBMonth     = 0.20        // continuous backups
	lambdaGBs       = 0.0000133334
	lambdaReq       = 0.20 / 1e6
	httpAPIReq      = 1.00 / 1e6
	s3StdGBMonth    = 0.023
	s3IAGBMonth     = 0.0125
	s3PutPer1000    = 0.005
	s3GetPer1000    = 0.0004
	s3OutPerGB      = 0.09 // S3 to the internet (photos are fetched by presigned URL)
	cfReqPer10000   = 0.01
	sesPer1000      = 0.10
	alarmMonth      = 0.10
	logsIngestGB    = 0.50
	logsStoreGBMon  = 0.03
	secretMonth     = 0.40
	alarmsInStack   = 40
	secretsInStack  = 2
	monthsOfPhotos  = 12 // storage shown for the 12th month of use
	photoViews      = 2  // each photo downloaded by the centre and a manager
	photoMB         = 2.0
	photosPerAct    = 4
	apiCallsPerAct  = 30
	getsPerAct      = 20 // of the 30 calls: act pages
	listsPerAct     = 10 // list pages (measured on a one-act page; a 20-act page reads about 20×)
	listPageActs    = 20
	acts            = 10_000
	loads           = 1_000
	rowsPerLoad     = 10_000
	newShare        = 0.05 // of a load's rows: new outlets
	changedShare    = 0.20 // changed ones; the rest unchanged
	centres         = 200
	digestMailsDays = 22
)

func main() {
	actR := flag.Float64("act-rru", 0, "RRU of one act lifecycle (BenchmarkActLifecycleCapacity)")
	actW := flag.Float64("act-wru", 0, "WRU of one act lifecycle")
	getR := flag.Float64("get-rru", 0, "RRU of one act page read")
	listR := flag.Float64("list-rru", 0, "RRU of one list page (one act)")
	mails := flag.Float64("mails-act", 0, "e-mails of one act lifecycle")
	newR := flag.Float64("new-rru", 0, "RRU per new outlet row (BenchmarkOutletRowCapacity)")
	newW := flag.Float64("new-wru", 0, "WRU per new outlet row")
	chR := flag.Float64("changed-rru", 0, "RRU per changed outlet row")
	chW := flag.Float64("changed-wru", 0, "WRU per changed outlet row")
	unR := flag.Float64("unchanged-rru", 0, "RRU per unchanged outlet row")
	loadSec := flag.Float64("load-seconds", 6, "seconds of ImportLoad (1 GB) per 10,000-row load (make bench: 100,000 rows ≈ 60 s)")
	flag.Parse()

	// DynamoDB bills a read of a missing item as 0.5 RRU; DynamoDB Local
	// reports 0 for it, so a new row's lookup is added here.
	newRead := max(*newR, 0.5)
	type line struct {
		name, basis string
		usd         float64
	}
	calls := float64(acts * apiCallsPerAct)
	actUnitsW := acts * *actW
	actUnitsR := acts * (*actR + getsPerAct**getR + listsPerAct*listPageActs**listR + apiCallsPerAct*1)
	rows := float64(loads * rowsPerLoad)
	rowW := rows * (newShare**newW + changedShare**chW)
	rowR := rows * (newShare*newRead + changedShare**chR + (1-newShare-changedShare)**unR)
	photoGBMonth := acts * photosPerAct * photoMB / 1000
	stdGB, iaGB := 3*photoGBMonth, (monthsOfPhotos-3)*photoGBMonth // 90 days in Standard, then Standard-IA
	mailsMonth := acts**mails + loads + centres*digestMailsDays
	lambdaSec := calls*(0.128*0.005+0.5*0.05) + loads**loadSec*1.0 + (720+30+4)*0.25*2
	lines := []line{
		{"DynamoDB writes: acts", fmt.Sprintf("%.0f WRU/act measured × %d acts", *actW, acts), actUnitsW * wruPrice},
		{"DynamoDB reads: acts + API", fmt.Sprintf("%.1f RRU/act + %d×%.1f get + %d×%d×%.1f list + 1 per call (authorizer)", *actR, getsPerAct, *getR, listsPerAct, listPageActs, *listR), actUnitsR * rruPrice},
		{"DynamoDB writes: outlet rows", fmt.Sprintf("%.0fM rows: %.0f%% new × %.2f WRU, %.0f%% changed × %.2f WRU, rest 0", rows/1e6, newShare*100, *newW, changedShare*100, *chW), rowW * wruPrice},
		{"DynamoDB reads: outlet rows", fmt.Sprintf("new %.2f (miss), changed %.2f, unchanged %.2f RRU/row", newRead, *chR, *unR), rowR * rruPrice},
		{"DynamoDB storage + PITR", "≈ 3 GB (1M outlets ×1 KB ×3 with indexes, a year of acts)", 3 * (ddbGBMonth + pitrGBMonth)},
		{"S3 photo storage (month 12)", fmt.Sprintf("%.0f GB/month; %.0f GB Standard (90 d), %.0f GB Standard-IA", photoGBMonth, stdGB, iaGB), stdGB*s3StdGBMonth + iaGB*s3IAGBMonth},
		{"S3 photo downloads", fmt.Sprintf("%d views × %.0f GB to the internet", photoViews, photoGBMonth), photoViews * photoGBMonth * s3OutPerGB},
		{"S3 requests", "uploads + views + imports + reports", (acts*photosPerAct+loads*2)/1000*s3PutPer1000 + acts*photosPerAct*photoViews/1000*s3GetPer1000},
		{"API Gateway (HTTP API)", fmt.Sprintf("%.0fk calls", calls/1000), calls * httpAPIReq},
		{"CloudFront", "API calls + web client requests (×1.5)", calls * 1.5 / 10000 * cfReqPer10000},
		{"Lambda", fmt.Sprintf("%.0fk GB-s (authorizer 5 ms, handlers 50 ms at 512 MB; loads %.0f s at 1 GB)", lambdaSec/1000, *loadSec), lambdaSec*lambdaGBs + (2*calls+loads+754)*lambdaReq},
		{"SES", fmt.Sprintf("%.0fk e-mails (%.0f per act measured, load protocols, daily digests)", mailsMonth/1000, *mails), mailsMonth / 1000 * sesPer1000},
		{"CloudWatch alarms + logs", fmt.Sprintf("%d alarms; ≈ 1 GB logs ingested, 3 GB kept", alarmsInStack), alarmsInStack*alarmMonth + 1*logsIngestGB + 3*logsStoreGBMon},
		{"Secrets Manager", fmt.Sprintf("%d secrets", secretsInStack), secretsInStack * secretMonth},
	}
	total := 0.0
	for _, l := range lines {
		total += l.usd
	}
	fmt.Printf("prices as of %s\n", pricesAsOf)
	fmt.Printf("workload: %d acts (%d API calls, %d photos of %.0f MB each), %d centres weekly, hourly auto-close, %d loads × %d rows\n\n",
		acts, apiCallsPerAct, photosPerAct, photoMB, centres, loads, rowsPerLoad)
	fmt.Printf("| %-30s | %9s | %-80s |\n|---|---:|---|\n", "line", "USD/month", "from")
	for _, l := range lines {
		fmt.Printf("| %-30s | %9.2f | %-80s |\n", l.name, l.usd, l.basis)
	}
	fmt.Printf("| %-30s | %9.2f | %-80s |\n", "total", total, "")
	sort.Slice(lines, func(i, j int) bool { return lines[i].usd > lines[j].usd })
	fmt.Printf("\ndominant: %s (%.0f%%), then %s (%.0f%%)\n", lines[0].name, 100*lines[0].usd/total, lines[1].name, 100*lines[1].usd/total)
}
