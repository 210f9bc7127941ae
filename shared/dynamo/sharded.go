package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
)

// ShardedList is one list spread over several partitions of the same index
// (write sharding: no partition key takes all of an owner's writes). Each
// shard is read in sort-key order and the shards are merged, so a page is
// in the same order one partition would give; its cursor holds every
// shard's position.
type ShardedList struct{ shards []listQuery }

// NewShardedList is the list of the partitions ps (all of one index, in one
// direction), each narrowed by cond(p) and every filter.
func NewShardedList(ps []Partition, cond func(Partition) expression.KeyConditionBuilder, filters ...expression.ConditionBuilder) ShardedList {
	l := ShardedList{shards: make([]listQuery, len(ps))}
	for n, p := range ps {
		l.shards[n] = listQuery{query: p.q, key: cond(p), filters: filters}
	}
	return l
}

// shardReadsPerPage bounds the Query calls of one page per shard: a page of
// a filtered list over a big directory comes back short, with a cursor to
// read on, rather than reading the whole directory in one request.
const shardReadsPerPage = 4

// shard is one partition's reading position within a page.
type shard struct {
	in   *dynamodb.QueryInput
	lq   listQuery
	pos  map[string]types.AttributeValue // where the next read starts; nil: the start
	done bool                            // nothing left after pos
	buf  []map[string]types.AttributeValue
	next map[string]types.AttributeValue // LastEvaluatedKey of the read that filled buf
	// reads counts this page's Query calls.
	reads int
}

// position is a shard's resumable state as sealed in a cursor.
type position struct {
	Done bool              `json:"d,omitempty"`
	Key  map[string]string `json:"k,omitempty"`
}

// ShardedPage reads one page of l: at most limit items in sort-key order
// over every shard. Each shard is read at most shardReadsPerPage times, so a
// filtered page may come back short with a cursor.
func ShardedPage[T any](ctx context.Context, s *Store, l ShardedList, limit int, cursor string,
	decode func(map[string]types.AttributeValue) (T, error)) (auth.Page[T], error) {
	shards, scope, err := l.start(s)
	if err != nil {
		return auth.Page[T]{}, err
	}
	if cursor != "" {
		if err := s.openShardCursor(cursor, scope, shards); err != nil {
			return auth.Page[T]{}, err
		}
	}
	n := int(clampLimit(limit))
	perShard := int32(max(n/len(shards)+2, 5))
	if len(shards[0].lq.filters) > 0 {
		perShard = int32(max(filteredReadBudget/len(shards), 5))
	}
	items, more, err := mergeShards(ctx, s, shards, n, perShard, shardReadsPerPage)
	if err != nil {
		return auth.Page[T]{}, err
	}
	var page auth.Page[T]
	if page.Items, err = decodeEach(make([]T, 0, len(items)), items, decode); err != nil {
		return auth.Page[T]{}, err
	}
	if more {
		if page.Next, err = s.sealShardCursor(scope, shards); err != nil {
			return auth.Page[T]{}, err
		}
	}
	return page, nil
}

// ShardedExportAll reads l in sort-key order until full says enough or
// nothing is left.
func ShardedExportAll[T any](ctx context.Context, s *Store, l ShardedList, full func([]T) bool,
	decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	shards, _, err := l.start(s)
	if err != nil {
		return nil, err
	}
	var out []T
	for !full(out) {
		items, more, err := mergeShards(ctx, s, shards, MaxLimit, MaxLimit, shardReadsPerPage)
		if err != nil {
			return nil, err
		}
		if out, err = decodeEach(out, items, decode); err != nil {
			return nil, err
		}
		if !more {
			break
		}
		for _, sh := range shards {
			sh.reads = 0
		}
	}
	return out, nil
}

// start builds every shard's Query and the scope a cursor is sealed for.
func (l ShardedList) start(s *Store) ([]*shard, string, error) {
	if len(l.shards) == 0 {
		return nil, "", fmt.Errorf("a sharded list without shards")
	}
	shards := make([]*shard, len(l.shards))
	scopes := make([]string, len(l.shards))
	for n, lq := range l.shards {
		in, err := lq.input(s.table)
		if err != nil {
			return nil, "", err
		}
		shards[n] = &shard{in: in, lq: lq}
		scopes[n] = cursorScope(in)
	}
	return shards, "sharded|" + strings.Join(scopes, "||"), nil
}

// mergeShards emits up to n items, smallest sort key first. An item is
// emitted only when every shard not yet done has a read item to compare it
// with; a shard that has used its reads stops the page (more is then true).
func mergeShards(ctx context.Context, s *Store, shards []*shard, n int, perShard int32, reads int) (
	out []map[string]types.AttributeValue, more bool, err error) {
	forward := aws.ToBool(shards[0].in.ScanIndexForward)
	sortAttr := shards[0].lq.keyAttrs[len(shards[0].lq.keyAttrs)-1]
	for len(out) < n {
		var empty []*shard
		for _, sh := range shards {
			if !sh.done && len(sh.buf) == 0 {
				if sh.reads >= reads {
					return out, true, nil
				}
				empty = append(empty, sh)
			}
		}
		if err := readShards(ctx, s, empty, perShard); err != nil {
			return nil, false, err
		}
		if len(empty) > 0 {
			continue // a read may come back empty (filtered) yet not done
		}
		var best *shard
		for _, sh := range shards {
			if len(sh.buf) == 0 {
				continue
			}
			if best == nil || before(sh.buf[0], best.buf[0], sortAttr, forward) {
				best = sh
			}
		}
		if best == nil {
			return out, false, nil
		}
		out = append(out, best.take())
	}
	for _, sh := range shards {
		if !sh.done {
			return out, true, nil
		}
	}
	return out, false, nil
}

func before(a, b map[string]types.AttributeValue, attr string, forward bool) bool {
	as, _ := a[attr].(*types.AttributeValueMemberS)
	bs, _ := b[attr].(*types.AttributeValueMemberS)
	if as == nil || bs == nil {
		return false
	}
	if forward {
		return as.Value < bs.Value
	}
	return as.Value > bs.Value
}

// take removes the shard's next item and moves its position past it.
func (sh *shard) take() map[string]types.AttributeValue {
	item := sh.buf[0]
	sh.buf = sh.buf[1:]
	if len(sh.buf) > 0 {
		sh.pos = map[string]types.AttributeValue{}
		for _, a := range sh.lq.keyAttrs {
			sh.pos[a] = item[a]
		}
		return item
	}
	sh.settle()
	return item
}

// settle moves an emptied shard's position to where its last read ended.
func (sh *shard) settle() {
	sh.pos, sh.done = sh.next, len(sh.next) == 0
}

// readShards fills the shards' buffers, one Query each, concurrently.
func readShards(ctx context.Context, s *Store, shards []*shard, limit int32) error {
	var wg sync.WaitGroup
	errs := make([]error, len(shards))
	for n, sh := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := *sh.in
			in.Limit = aws.Int32(limit)
			in.ExclusiveStartKey = sh.pos
			out, err := s.db.Query(ctx, &in)
			if err != nil {
				errs[n] = fmt.Errorf("list %s: %w", sh.lq.pkValue, err)
				return
			}
			sh.reads++
			sh.buf, sh.next = out.Items, out.LastEvaluatedKey
			if len(sh.buf) == 0 {
				sh.settle()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sealShardCursor seals every shard's position for the list's scope.
func (s *Store) sealShardCursor(scope string, shards []*shard) (string, error) {
	ps := make([]position, len(shards))
	for n, sh := range shards {
		if sh.done {
			ps[n].Done = true
			continue
		}
		if sh.pos == nil {
			continue
		}
		ps[n].Key = map[string]string{}
		for k, v := range sh.pos {
			sv, ok := v.(*types.AttributeValueMemberS)
			if !ok {
				return "", fmt.Errorf("cursor attribute %s is not a string", k)
			}
			ps[n].Key[k] = sv.Value
		}
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return "", err
	}
	return s.cursors.Seal(scope, b), nil
}

// openShardCursor restores every shard's position from a cursor this store
// sealed for the same list; auth.ErrBadCursor otherwise.
func (s *Store) openShardCursor(cursor, scope string, shards []*shard) error {
	b, err := s.cursors.Open(scope, cursor)
	if err != nil {
		return auth.ErrBadCursor
	}
	var ps []position
	if err := json.Unmarshal(b, &ps); err != nil || len(ps) != len(shards) {
		return auth.ErrBadCursor
	}
	for n, p := range ps {
		sh := shards[n]
		switch {
		case p.Done:
			sh.done = true
		case p.Key == nil:
		default:
			if len(p.Key) != len(sh.lq.keyAttrs) || p.Key[sh.lq.pkName] != sh.lq.pkValue {
				return auth.ErrBadCursor
			}
			sh.pos = map[string]types.AttributeValue{}
			for _, a := range sh.lq.keyAttrs {
				v, ok := p.Key[a]
				if !ok || v == "" {
					return auth.ErrBadCursor
				}
				sh.pos[a] = &types.AttributeValueMemberS{Value: v}
			}
		}
	}
	return nil
}

// SealOffset seals a position n within a list held in memory (sorted by
// the caller) for scope, which names the list: its key range and every
// filter and order that decide which items n counts.
func (s *Store) SealOffset(scope string, n int) string {
	return s.cursors.Seal("offset|"+scope, []byte(strconv.Itoa(n)))
}

// OpenOffset returns the position a cursor of SealOffset holds for the same
// scope; auth.ErrBadCursor otherwise.
func (s *Store) OpenOffset(scope, cursor string) (int, error) {
	b, err := s.cursors.Open("offset|"+scope, cursor)
	if err != nil {
		return 0, auth.ErrBadCursor
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 {
		return 0, auth.ErrBadCursor
	}
	return n, nil
}

// ClampLimit is a list's page size: DefaultLimit unless asked, at most MaxLimit.
func ClampLimit(n int) int { return int(clampLimit(n)) }
