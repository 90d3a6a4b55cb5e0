package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// draftOf is a draft of the council saved under id at now, enough for the
// store to keep.
func draftOf(id, council string, now time.Time) matching.Request {
	return matching.Request{ID: id, Council: council, Framework: "leaving-care", Lot: "group-living", CaseRef: "C-1",
		Initials: "AB", DOB: time.Date(2009, 3, 4, 0, 0, 0, 0, time.UTC), Start: now.AddDate(0, 0, 10),
		Deadline: now.Add(48 * time.Hour), Urgency: matching.UrgencyPlanned, Weights: matching.DefaultWeights(),
		Status: matching.StatusDraft, CreatedAt: now, CreatedBy: "me"}
}

// saveDraft takes the council's next id and saves a draft under it, in
// one transaction, as service.NewRequest does.
func saveDraft(t *testing.T, db *DB, council string, now time.Time) string {
	t.Helper()
	var id string
	if err := db.Update(context.Background(), func(tx service.Tx) error {
		var err error
		if id, err = tx.NextRequestID(council, now); err != nil {
			return err
		}
		return tx.InsertRequest(draftOf(id, council, now))
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestRequestIDsPerCouncilAndYear: each council counts its own requests,
// from 0001, behind its own code, and starts again each (London) year.
func TestRequestIDsPerCouncilAndYear(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	y2026 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	y2027 := time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC)
	steps := []struct {
		council string
		at      time.Time
		want    string
	}{
		{"sefton", y2026, "SEF-2026-0001"},
		{"sefton", y2026, "SEF-2026-0002"},
		{"manchester", y2026, "MAN-2026-0001"},
		{"st-helens", y2026, "STH-2026-0001"},
		{"sefton", y2026, "SEF-2026-0003"},
		{"sefton", y2027, "SEF-2027-0001"},
		{"manchester", y2027, "MAN-2027-0001"},
		{"sefton", y2026.Add(time.Hour), "SEF-2026-0004"},
	}
	for _, s := range steps {
		if got := saveDraft(t, db, s.council, s.at); got != s.want {
			t.Errorf("%s at %s: id %s, want %s", s.council, s.at.Format(time.RFC3339), got, s.want)
		}
	}
	var names []string
	rows, err := db.reader.Query("SELECT name || '=' || value FROM counters WHERE name LIKE 'request-%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		names = append(names, s)
	}
	rows.Close()
	want := []string{"request-manchester-2026=1", "request-manchester-2027=1", "request-sefton-2026=4", "request-sefton-2027=1", "request-st-helens-2026=1"}
	if !slices.Equal(names, want) {
		t.Errorf("counters %v, want %v", names, want)
	}
	err = db.Update(context.Background(), func(tx service.Tx) error { _, err := tx.NextRequestID("cumbria", y2026); return err })
	if !errors.Is(err, matching.ErrInvalid) {
		t.Errorf("an id for a council that is not in the region: %v", err)
	}
}

// TestRequestIDsNeverReused: a counter deleted or set back by hand does not
// give an id a request already has; a store from before ids were per
// council keeps its ids, and its new requests take the new form.
func TestRequestIDsNeverReused(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	// A request saved under the old region-wide form, with its counter.
	if _, err := db.writer.Exec("INSERT INTO counters(name, value) VALUES ('request-2026', 1)"); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx service.Tx) error { return tx.InsertRequest(draftOf("R-2026-0001", "sefton", now)) }); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if got, want := saveDraft(t, db, "sefton", now), fmt.Sprintf("SEF-2026-%04d", i); got != want {
			t.Fatalf("id %s, want %s", got, want)
		}
	}
	if _, err := db.writer.Exec("DELETE FROM counters WHERE name = 'request-sefton-2026'"); err != nil {
		t.Fatal(err)
	}
	if got := saveDraft(t, db, "sefton", now); got != "SEF-2026-0004" {
		t.Errorf("after its counter was deleted, the next id is %s, want SEF-2026-0004", got)
	}
	if _, err := db.writer.Exec("UPDATE counters SET value = 1 WHERE name = 'request-sefton-2026'"); err != nil {
		t.Fatal(err)
	}
	if got := saveDraft(t, db, "sefton", now); got != "SEF-2026-0005" {
		t.Errorf("after its counter was set back, the next id is %s, want SEF-2026-0005", got)
	}
	var old int
	db.reader.QueryRow("SELECT count(*) FROM requests WHERE id = 'R-2026-0001' AND council = 'sefton'").Scan(&old)
	if old != 1 {
		t.Error("the request saved under the old form is gone")
	}
}

// TestRequestIDsUnderConcurrentSaves: two processes (the store opened
// twice) saving a council's requests at the same moment never share an
// id, and no number is skipped.
func TestRequestIDsUnderConcurrentSaves(t *testing.T) {
	t.Parallel()
	a, path := openTemp(t)
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	const each = 40
	var mu sync.Mutex
	var ids []string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, db := range []*DB{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for range each / 2 {
				var id string
				err := db.Update(context.Background(), func(tx service.Tx) error {
					var err error
					if id, err = tx.NextRequestID("manchester", now); err != nil {
						return err
					}
					return tx.InsertRequest(draftOf(id, "manchester", now))
				})
				mu.Lock()
				if err != nil {
					t.Errorf("a save failed: %v", err)
				}
				ids = append(ids, id)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	slices.Sort(ids)
	var want []string
	for i := 1; i <= 2*each; i++ {
		want = append(want, fmt.Sprintf("MAN-2026-%04d", i))
	}
	if !slices.Equal(ids, want) {
		t.Errorf("ids given to concurrent saves:\n%v\nwant\n%v", ids, want)
	}
}
