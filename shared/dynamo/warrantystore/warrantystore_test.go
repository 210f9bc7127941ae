package warrantystore_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/warrantystore"
	"aftersales/shared/eligibility"
	"aftersales/shared/timers"
	"aftersales/shared/warranty"
)

// These tests run the warranty access patterns (keys.go) against DynamoDB Local.

func store(t *testing.T) *dynamo.Store {
	t.Helper()
	db, table := dynamotest.Table(t)
	t.Parallel()
	return dynamo.New(db, table)
}

func TestTheBookIsReplacedOnlyOnConditionOfItsVersion(t *testing.T) {
	b := warrantystore.New(store(t))
	ctx := context.Background()
	if p, err := b.Book(ctx); err != nil || p.Version != 0 || p.Categories == nil {
		t.Fatalf("no book yet: %+v, %v", p, err)
	}
	months := 36
	book := eligibility.Book{
		Categories: []eligibility.CategoryPolicy{{Category: "Газонокосилки", Policy: eligibility.Policy{
			Periods: eligibility.Periods{SaleMonths: 12, ProductionMonths: 24}, PreSale: eligibility.PreSaleTerms{Covered: true, MaxMonths: 18},
			RefusalDays: 14, RepeatClaimMonths: 6,
			Exclusions: []eligibility.Exclusion{{Name: "Гидроудар", Diagnosis: []string{"гидроудар", "влаг"}}}}}},
		Articles: []eligibility.ArticleOverride{{Category: "Газонокосилки", Article: "ЭГК-1500",
			Periods: &eligibility.Periods{SaleMonths: 24, ProductionMonths: months}}},
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	v1 := warranty.Policies{Book: book, Version: 1, UpdatedAt: at, UpdatedBy: "m1"}
	if err := b.PutBook(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if err := b.PutBook(ctx, v1); !errors.Is(err, warranty.ErrVersionChanged) {
		t.Errorf("a second first book: %v", err)
	}
	if err := b.PutBook(ctx, warranty.Policies{Book: book, Version: 3}); !errors.Is(err, warranty.ErrVersionChanged) {
		t.Errorf("a book skipping a version: %v", err)
	}
	got, err := b.Book(ctx)
	if err != nil || !reflect.DeepEqual(got, v1) {
		t.Errorf("read back %+v, %v; want %+v", got, err, v1)
	}
	if err := b.PutBook(ctx, warranty.Policies{Book: eligibility.Book{}, Version: 2}); err != nil {
		t.Errorf("the next version: %v", err)
	}
}

func TestActsWithASerialAreTheMarkedActsThatStillCarryIt(t *testing.T) {
	s := store(t).WithDue(timers.DefaultPolicy.DueAt)
	c := warrantystore.NewClaims(s)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	put := func(id, number, serial string, status acts.Status) {
		t.Helper()
		a := acts.Act{ID: id, Number: number, ServiceCenterID: "sc1", Status: status, Version: 1, CreatedBy: "u",
			CreatedAt: now, UpdatedAt: now, StatusChangedAt: now,
			Fields: acts.Fields{SerialNumber: &serial, AcceptedDate: new(acts.NewDate(2026, 4, 20))}}
		if err := s.Acts().Write(ctx, acts.Write{ActID: id, After: &a}); err != nil {
			t.Fatal(err)
		}
		if err := c.NoteClaim(ctx, "SN-1", id); err != nil {
			t.Fatal(err)
		}
	}
	put("a1", "2026-000001", "SN-1", acts.StatusApproved)
	put("a2", "2026-000002", "SN-2", acts.StatusSubmitted) // its serial changed after the note
	put("a3", "2026-000003", "SN-1", acts.StatusRefused)
	if err := c.NoteClaim(ctx, "SN-1", "a1"); err != nil { // noted again: still one marker
		t.Fatal(err)
	}
	got, err := c.ActsWithSerial(ctx, "SN-1")
	if err != nil || len(got) != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
	want := map[string]eligibility.OtherAct{
		"a1": {ID: "a1", Number: "2026-000001", Status: "approved", AcceptedDate: eligibility.NewDay(2026, 4, 20)},
		"a3": {ID: "a3", Number: "2026-000003", Status: "refused", AcceptedDate: eligibility.NewDay(2026, 4, 20)},
	}
	for _, o := range got {
		if o != want[o.ID] {
			t.Errorf("got %+v, want %+v", o, want[o.ID])
		}
	}
	if none, err := c.ActsWithSerial(ctx, "SN-404"); err != nil || len(none) != 0 {
		t.Errorf("an unclaimed serial: %+v, %v", none, err)
	}
}
