package importstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/dynamo"
	"aftersales/shared/imports"
)

// RDCMembers reads which of a distributor's outlets are attached to rdcs.
// No index is keyed by RDC (a second index would cost every outlet write
// another unit, keys.go), so it reads each of the distributor's shards
// once, all shards at once, keeping the outlets attached to an RDC: one
// pass over the directory per load whose file touches an RDC, paged by
// DynamoDB's 1 MB.
func (i *Imports) RDCMembers(ctx context.Context, distributor string, rdcs []string) (map[string][]imports.RDCMember, error) {
	want := map[string]bool{}
	for _, r := range rdcs {
		want[r] = true
	}
	attached := expression.AttributeExists(expression.Name("RDCCode"))
	var mu sync.Mutex
	out := map[string][]imports.RDCMember{}
	errs := make([]error, dynamo.OutletShards)
	var wg sync.WaitGroup
	for shard := range dynamo.OutletShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := dynamo.OnGSI1(dynamo.DistributorOutletsPK(distributor, shard), true)
			found, err := dynamo.ExportAll(ctx, i.s, dynamo.NewList(p, p.Whole(), attached),
				func([]imports.RDCMember) bool { return false }, decodeMember)
			if err != nil {
				errs[shard] = err
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, m := range found {
				if want[m.RDCLink.Code] {
					out[m.RDCLink.Code] = append(out[m.RDCLink.Code], m)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, ms := range out {
		slices.SortFunc(ms, func(a, b imports.RDCMember) int { return strings.Compare(a.Code, b.Code) })
	}
	return out, nil
}

func decodeMember(av map[string]types.AttributeValue) (imports.RDCMember, error) {
	var it struct {
		Code, RDCCode string
		RDCShare      *float64
	}
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return imports.RDCMember{}, fmt.Errorf("decode an RDC's outlet: %w", err)
	}
	m := imports.RDCMember{Code: it.Code, RDCLink: imports.RDCLink{Code: it.RDCCode}}
	if it.RDCShare != nil {
		m.HasShare, m.Share = true, *it.RDCShare
	}
	return m, nil
}
