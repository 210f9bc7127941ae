package importstore

import (
	"context"
	"errors"
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
// another unit, keys.go), so it makes one pass over the directory per load
// whose file touches an RDC (allShards).
func (i *Imports) RDCMembers(ctx context.Context, distributor string, rdcs []string) (map[string][]imports.RDCMember, error) {
	want := map[string]bool{}
	for _, r := range rdcs {
		want[r] = true
	}
	found, err := allShards(ctx, i, distributor, expression.AttributeExists(expression.Name("RDCCode")), decodeMember)
	if err != nil {
		return nil, err
	}
	out := map[string][]imports.RDCMember{}
	for _, m := range found {
		if want[m.RDCLink.Code] {
			out[m.RDCLink.Code] = append(out[m.RDCLink.Code], m)
		}
	}
	for _, ms := range out {
		slices.SortFunc(ms, func(a, b imports.RDCMember) int { return strings.Compare(a.Code, b.Code) })
	}
	return out, nil
}

// LocalCodeOwners reads which of a distributor's outlets each of locals
// maps to. Like RDCMembers it has no index of its own (2 write units per
// outlet, keys.go): one pass over the directory per load whose file maps
// local codes.
func (i *Imports) LocalCodeOwners(ctx context.Context, distributor string, locals []string) (map[string][]string, error) {
	want := map[string]bool{}
	for _, l := range locals {
		want[l] = true
	}
	found, err := allShards(ctx, i, distributor, expression.AttributeExists(expression.Name("LocalCode")), decodeLocal)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, m := range found {
		if want[m.local] {
			out[m.local] = append(out[m.local], m.code)
		}
	}
	for _, codes := range out {
		slices.Sort(codes)
	}
	return out, nil
}

type localMapping struct{ local, code string }

func decodeLocal(av map[string]types.AttributeValue) (localMapping, error) {
	var it struct{ Code, LocalCode string }
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return localMapping{}, fmt.Errorf("decode an outlet's local code: %w", err)
	}
	return localMapping{local: it.LocalCode, code: it.Code}, nil
}

// allShards reads each of a distributor's shards once, all shards at once,
// keeping the outlets that pass filter: one pass over the directory, paged
// by DynamoDB's 1 MB.
func allShards[T any](ctx context.Context, i *Imports, distributor string, filter expression.ConditionBuilder,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	var mu sync.Mutex
	var out []T
	errs := make([]error, dynamo.OutletShards)
	var wg sync.WaitGroup
	for shard := range dynamo.OutletShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := dynamo.OnGSI1(dynamo.DistributorOutletsPK(distributor, shard), true)
			found, err := dynamo.ExportAll(ctx, i.s, dynamo.NewList(p, p.Whole(), filter), func([]T) bool { return false }, decode)
			if err != nil {
				errs[shard] = err
				return
			}
			mu.Lock()
			defer mu.Unlock()
			out = append(out, found...)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
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
