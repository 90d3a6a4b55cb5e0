package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"placematch/matching"
	"placematch/service"
)

// TestEventsKeepTheirFieldsAndOpenings: a structured event reads back with
// its fields in order and its openings, whatever its text holds, and
// verifies; an old free-text event keeps its detail beside it.
func TestEventsKeepTheirFieldsAndOpenings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "e.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 11, 20, 10, 0, 0, 123456789, time.UTC)
	hostile := "quote \" backslash \\ newline \n tab \t escape \x1b[31m del \x7f csi \u009b bidi \u202e pound £ emoji 🏠 line sep \u2028"
	v1 := matching.Event{At: at, Actor: "old", Action: "offer logged", Detail: "provider: P001; answer: weekly £950.00"}
	v2 := matching.Event{At: at, Actor: hostile, RequestID: "R-1", Action: matching.ActionAnswerLogged, Version: matching.EventVersion,
		Fields: matching.Fields{{Name: "provider", Value: "P001"}, {Name: "note", Value: hostile}, {Name: "empty", Value: ""}, {Name: "answer", Value: "sha256:x"}},
		Openings: map[string]matching.Opening{
			"answer":   {Salt: "s1", Values: matching.Fields{{Name: "weekly", Value: "£950.00"}, {Name: "note", Value: hostile}}},
			"personal": {Salt: "s2", Values: matching.Fields{{Name: "case", Value: "MC-1"}}},
		}}
	bare := matching.Event{At: at, Actor: "a", Action: matching.ActionBackupMade, Version: matching.EventVersion}
	err = db.Update(ctx, func(tx service.Tx) error {
		for _, e := range []matching.Event{v1, v2, bare} {
			if err := tx.AppendEvents(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []matching.Event
	err = db.View(ctx, func(tx service.Tx) error {
		return tx.EachEvent(func(e matching.Event) error { got = append(got, e); return nil })
	})
	if err != nil || len(got) != 3 {
		t.Fatalf("%v, %d events", err, len(got))
	}
	if got[0].Version != 1 || got[0].Detail != v1.Detail || got[0].Fields != nil || got[0].Openings != nil {
		t.Errorf("the old event reads %+v", got[0])
	}
	g := got[1]
	if g.Version != 2 || g.Actor != hostile || g.Detail != "" || !reflect.DeepEqual(g.Fields, v2.Fields) || !reflect.DeepEqual(g.Openings, v2.Openings) {
		t.Errorf("the structured event reads\n%+v\nwant\n%+v", g, v2)
	}
	if got[2].Fields != nil || got[2].Openings != nil {
		t.Errorf("an event without fields reads %+v", got[2])
	}
	v := matching.NewChainVerifier()
	for _, e := range got {
		// Openings were made up here: check the chain without them.
		if b := v.Next(e.WithoutOpenings(nil)); b != nil {
			t.Fatalf("%v", b)
		}
	}
}
