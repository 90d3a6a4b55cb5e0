package main

// The record: every change is in the audit chain, and `audit verify` finds
// and names an edited, deleted, inserted or reordered event. A store written
// by a newer placematch is refused unchanged. A backup taken while others
// work is a consistent, verifiable store.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"placematch/matching"
)

// trailStore is a store with a trail worth tampering with: an import, a
// draft, a broadcast and three offers.
func trailStore(t *testing.T) (*harness, string, int) {
	t.Helper()
	h := newHarness(t)
	h.ok("providers", "import", "testdata/register.csv")
	id := newRequest(h)
	h.ok("request", "broadcast", id)
	h.now = h.now.Add(time.Hour)
	h.ok("request", "respond", id, "--provider", "P001", "--weekly", "1000")
	h.ok("request", "respond", id, "--provider", "P002", "--weekly", "1100")
	h.ok("request", "respond", id, "--provider", "P003", "--decline", "no vacancy")
	h.ok("audit", "verify")
	// Counted on a connection closed at once, so that the test holds the
	// file open nowhere.
	db := openSQL(t, h.db)
	n := scalar[int](t, db, "SELECT count(*) FROM audit_events")
	db.Close()
	return h, id, n
}

// readEvent reads one stored event as it is (its fields, not its
// openings).
func readEvent(t *testing.T, h *harness, seq int) matching.Event {
	t.Helper()
	var e matching.Event
	var at, fields string
	err := h.sql("").QueryRow("SELECT seq, at, actor, request_id, action, detail, prev_hash, hash, version, fields FROM audit_events WHERE seq = ?", seq).
		Scan(&e.Seq, &at, &e.Actor, &e.RequestID, &e.Action, &e.Detail, &e.PrevHash, &e.Hash, &e.Version, &fields)
	if err != nil {
		t.Fatal(err)
	}
	e.At, _ = time.Parse(time.RFC3339Nano, at)
	var pairs [][2]string
	if fields != "" {
		if err := json.Unmarshal([]byte(fields), &pairs); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pairs {
		e.Fields = append(e.Fields, matching.Field{Name: p[0], Value: p[1]})
	}
	return e
}

// fieldsJSON is fields as the store keeps them.
func fieldsJSON(t *testing.T, fs matching.Fields) string {
	t.Helper()
	pairs := [][2]string{}
	for _, f := range fs {
		pairs = append(pairs, [2]string{f.Name, f.Value})
	}
	b, err := json.Marshal(pairs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func insertEvent(t *testing.T, h *harness, e matching.Event) {
	t.Helper()
	h.sql("INSERT INTO audit_events(seq, at, actor, request_id, action, detail, prev_hash, hash, version, fields) VALUES (?,?,?,?,?,?,?,?,?,?)",
		e.Seq, e.At.UTC().Format("2006-01-02T15:04:05.000000000Z"), e.Actor, e.RequestID, e.Action, e.Detail, e.PrevHash, e.Hash,
		max(e.Version, 1), fieldsJSON(t, e.Fields))
}

// shiftFrom moves events seq.. one place later, leaving a gap at seq.
func shiftFrom(h *harness, seq int) {
	h.sql("UPDATE audit_events SET seq = seq + 1000000 WHERE seq >= ?", seq)
	h.sql("UPDATE audit_events SET seq = seq - 1000000 + 1 WHERE seq >= 1000000")
}

func TestTrustAuditVerifyNamesEveryTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tamper func(t *testing.T, h *harness, id string, n int) // n: events in the trail
		want   func(n int) string                               // what the refusal must say
	}{
		{"an offer's price edited where it is kept sealed", func(t *testing.T, h *harness, id string, n int) {
			h.sql(`UPDATE audit_events SET openings = replace(openings, '£1,000.00', '£900.00') WHERE action = 'answer logged' AND fields LIKE '%"P001"%'`)
		}, func(n int) string {
			return fmt.Sprintf("audit event %d keeps values for its answer field that no longer match", n-2)
		}},
		{"an offer's commitment edited", func(t *testing.T, h *harness, id string, n int) {
			h.sql(`UPDATE audit_events SET fields = replace(fields, 'sha256:', 'sha256:0') WHERE action = 'answer logged' AND fields LIKE '%"P001"%'`)
		}, func(n int) string { return fmt.Sprintf("audit event %d was altered", n-2) }},
		{"the young person's personal data edited where it is kept", func(t *testing.T, h *harness, id string, n int) {
			h.sql(`UPDATE audit_events SET openings = replace(openings, '"initials","JT"', '"initials","XX"') WHERE action = 'broadcast'`)
		}, func(n int) string { return "keeps values for its personal field that no longer match" }},
		{"the actor edited", func(t *testing.T, h *harness, id string, n int) {
			h.sql("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 3")
		}, func(n int) string { return "audit event 3 was altered" }},
		{"the time edited", func(t *testing.T, h *harness, id string, n int) {
			h.sql("UPDATE audit_events SET at = replace(at, '2026-11-25T10', '2026-11-25T09') WHERE seq = ?", n)
		}, func(n int) string { return fmt.Sprintf("audit event %d was altered", n) }},
		{"the request edited", func(t *testing.T, h *harness, id string, n int) {
			h.sql("UPDATE audit_events SET request_id = 'MAN-2026-0999' WHERE seq = ?", n-1)
		}, func(n int) string { return fmt.Sprintf("audit event %d was altered", n-1) }},
		{"an event deleted from the middle", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events WHERE seq = 5")
		}, func(n int) string { return "audit event 6 is out of sequence: expected event 5" }},
		{"the first event deleted", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events WHERE seq = 1")
		}, func(n int) string { return "audit event 2 is out of sequence: expected event 1" }},
		{"the newest event deleted", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events WHERE seq = ?", n)
		}, func(n int) string { return fmt.Sprintf("audit event %d is missing", n) }},
		{"the three newest events deleted", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events WHERE seq > ?", n-3)
		}, func(n int) string { return fmt.Sprintf("audit event %d is missing", n-2) }},
		{"every event deleted", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events")
		}, func(n int) string { return "audit event 1 is missing" }},
		{"an event renumbered to close a gap", func(t *testing.T, h *harness, id string, n int) {
			h.sql("DELETE FROM audit_events WHERE seq = 5")
			h.sql("UPDATE audit_events SET seq = seq - 1 WHERE seq > 5")
		}, func(n int) string { return "audit event 5 does not follow the event before it" }},
		{"a forged event inserted with a made-up hash", func(t *testing.T, h *harness, id string, n int) {
			shiftFrom(h, 4)
			insertEvent(t, h, matching.Event{Seq: 4, At: h.now, Actor: "tester", RequestID: id, Action: matching.ActionAnswerChanged,
				Version: matching.EventVersion, Fields: matching.Fields{{Name: "provider", Value: "P001"}},
				PrevHash: strings.Repeat("a", 64), Hash: strings.Repeat("b", 64)})
		}, func(n int) string { return "audit event 4 does not follow the event before it" }},
		{"a forged event inserted with a well-made hash", func(t *testing.T, h *harness, id string, n int) {
			prev := readEvent(t, h, 3)
			shiftFrom(h, 4)
			e := matching.Event{Seq: 4, At: prev.At, Actor: "tester", RequestID: id, Action: matching.ActionAnswerChanged,
				Version: matching.EventVersion, Fields: matching.Fields{{Name: "provider", Value: "P001"}}, PrevHash: prev.Hash}
			e.Hash = matching.HashEvent(e)
			insertEvent(t, h, e)
		}, func(n int) string { return "audit event 5 does not follow the event before it" }},
		{"a forged event appended with a made-up hash", func(t *testing.T, h *harness, id string, n int) {
			insertEvent(t, h, matching.Event{Seq: int64(n + 1), At: h.now, Actor: "tester", RequestID: id, Action: matching.ActionAwarded,
				Version: matching.EventVersion, Fields: matching.Fields{{Name: "provider", Value: "P002"}},
				PrevHash: readEvent(t, h, n).Hash, Hash: strings.Repeat("c", 64)})
		}, func(n int) string { return fmt.Sprintf("audit event %d was altered", n+1) }},
		{"two events swapped", func(t *testing.T, h *harness, id string, n int) {
			h.sql("UPDATE audit_events SET seq = -1 WHERE seq = ?", n-1)
			h.sql("UPDATE audit_events SET seq = ? WHERE seq = ?", n-1, n)
			h.sql("UPDATE audit_events SET seq = ? WHERE seq = -1", n)
		}, func(n int) string { return fmt.Sprintf("audit event %d does not follow the event before it", n-1) }},
		{"a hash recomputed after an edit", func(t *testing.T, h *harness, id string, n int) {
			e := readEvent(t, h, n-2)
			for i, f := range e.Fields {
				if f.Name == "received" {
					e.Fields[i].Value = h.now.Add(-time.Hour).UTC().Format(time.RFC3339Nano)
				}
			}
			e.Hash = matching.HashEvent(e)
			h.sql("UPDATE audit_events SET fields = ?, hash = ? WHERE seq = ?", fieldsJSON(t, e.Fields), e.Hash, e.Seq)
		}, func(n int) string { return fmt.Sprintf("audit event %d does not follow the event before it", n-1) }},
		{"an old event's detail edited", func(t *testing.T, h *harness, id string, n int) {
			// A store from before structured events keeps its version 1
			// events, whose free text is hashed.
			e := readEvent(t, h, 1)
			v1 := matching.Event{Seq: 1, At: e.At, Actor: e.Actor, Action: "register imported", Detail: "rows: 9", PrevHash: matching.GenesisHash}
			v1.Hash = matching.HashEvent(v1)
			h.sql("UPDATE audit_events SET version = 1, fields = '', openings = '', action = ?, detail = ?, hash = ? WHERE seq = 1", v1.Action, v1.Detail, v1.Hash)
			h.sql("UPDATE audit_events SET prev_hash = ? WHERE seq = 2", v1.Hash)
			h.sql("UPDATE audit_events SET detail = 'rows: 90' WHERE seq = 1")
		}, func(n int) string { return "audit event 1 was altered" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, id, n := trailStore(t)
			tc.tamper(t, h, id, n)
			want := tc.want(n)
			msg := h.fails(1, "the audit trail is broken", "audit", "verify")
			if !strings.Contains(msg, want) {
				t.Fatalf("audit verify said %q, want it to say %q", msg, want)
			}
			if strings.Count(strings.TrimSpace(msg), "\n") != 0 {
				t.Fatalf("audit verify said more than one line: %q", msg)
			}
			// JSON says the same and fails the same way.
			r := h.run("", "audit", "verify", "--json")
			if r.code != 1 || !strings.Contains(r.out, `"break"`) {
				t.Fatalf("audit verify --json: exit %d, %q", r.code, r.out)
			}
		})
	}
	// The untouched store verifies, and every change so far is in it.
	h, id, n := trailStore(t)
	out := h.ok("audit", "verify")
	if !strings.Contains(out, fmt.Sprintf("%d events, hash chain intact", n)) {
		t.Fatalf("verify said %q", out)
	}
	trail := h.ok("audit", "list", "--request", id)
	for _, w := range []string{"draft created", "broadcast", "answer logged"} {
		if !strings.Contains(trail, w) {
			t.Errorf("the trail of %s lacks %q:\n%s", id, w, trail)
		}
	}
}

// TestTrustNewerStoreIsRefusedUnchanged: a store written by a newer version
// of placematch is refused by every command, with one clear line, and left
// byte for byte as it was, whatever journal mode it is in.
func TestTrustNewerStoreIsRefusedUnchanged(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"wal", "delete"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			h, _, _ := trailStore(t)
			db := openSQL(t, h.db)
			if _, err := db.Exec("PRAGMA journal_mode = " + mode); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before, err := os.ReadFile(h.db)
			if err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"audit", "verify"}, {"providers", "list"}, {"request", "list"}, {"init"},
				{"providers", "import", "testdata/register.csv"}, {"backup", filepath.Join(t.TempDir(), "b.db")}} {
				msg := h.fails(1, "newer version of placematch", args...)
				if !strings.Contains(msg, "schema 99") || !strings.Contains(msg, "upgrade placematch") || !strings.Contains(msg, "left unchanged") {
					t.Errorf("placematch %s said %q", strings.Join(args, " "), msg)
				}
				if strings.Count(strings.TrimSpace(msg), "\n") != 0 {
					t.Errorf("more than one line: %q", msg)
				}
			}
			after, err := os.ReadFile(h.db)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatalf("the refused store changed (%d bytes before, %d after; header journal bytes %v → %v)",
					len(before), len(after), before[18:20], after[18:20])
			}
			for _, side := range []string{"-wal", "-journal"} {
				if st, err := os.Stat(h.db + side); err == nil && st.Size() > 0 {
					t.Errorf("refusing the store left %s of %d bytes", side, st.Size())
				}
			}
		})
	}
}

// TestTrustBackupWhileOthersWrite takes backups with the real binary while
// two other processes keep logging offers, creating requests and importing,
// and checks each backup is a whole, verifiable store.
func TestTrustBackupWhileOthersWrite(t *testing.T) {
	t.Parallel()
	bin := trustBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	const providers = 40
	inproc(t, db, "init")
	register := trustRegister(t, dir, providers, 0, 75)
	inproc(t, db, "providers", "import", register)
	reqs := make([]string, 2)
	for i := range reqs {
		reqs[i] = newLiveRequest(t, db, "group-living")
		inproc(t, db, "request", "broadcast", reqs[i])
	}

	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes atomic.Int64
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; !stop.Load(); i++ {
				var args []string
				switch i % 3 {
				case 0:
					args = liveRequestArgs("group-living")
				case 1:
					args = []string{"providers", "import", register}
				default:
					// Each worker answers for its own providers, once each.
					p := w*providers/2 + i/3 + 1
					if p > (w+1)*providers/2 {
						continue
					}
					args = []string{"request", "respond", reqs[w], "--provider", fmt.Sprintf("P%04d", p), "--weekly", "950"}
				}
				if r := runProc(t, bin, db, args...); r.code != 0 || r.err != "" {
					t.Errorf("writer: %s", r)
					return
				}
				writes.Add(1)
			}
		}()
	}
	var backups []string
	for i := range 3 {
		time.Sleep(150 * time.Millisecond)
		path := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if r := runProc(t, bin, db, "backup", path); r.code != 0 || r.err != "" || !strings.Contains(r.out, "backed up") {
			t.Errorf("backup: %s %q", r, r.out)
			continue
		}
		backups = append(backups, path)
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d backups taken during %d writes by 2 other processes", len(backups), writes.Load())

	for _, path := range backups {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("backup %s has mode %v, want 0600", path, st.Mode().Perm())
		}
		sq := openSQL(t, path)
		checkIntegrity(t, sq)
		// Consistent: every answer with its count and its event, every
		// request with its event.
		if n := scalar[int](t, sq, "SELECT count(*) FROM requests WHERE answered_count != (SELECT count(*) FROM responses WHERE request_id = requests.id)"); n != 0 {
			t.Errorf("%s: %d requests with a wrong answered count", path, n)
		}
		if resp, ev := scalar[int](t, sq, "SELECT count(*) FROM responses"), scalar[int](t, sq, "SELECT count(*) FROM audit_events WHERE action = 'answer logged'"); resp != ev {
			t.Errorf("%s: %d responses but %d offer events", path, resp, ev)
		}
		if reqN, ev := scalar[int](t, sq, "SELECT count(*) FROM requests"), scalar[int](t, sq, "SELECT count(*) FROM audit_events WHERE action = 'draft created'"); reqN != ev {
			t.Errorf("%s: %d requests but %d draft events", path, reqN, ev)
		}
		sq.Close()
		checkVerify(t, path)
		// And it opens and works as a store in its own right.
		inproc(t, path, "providers", "list")
		id := newLiveRequest(t, path, "group-living")
		inproc(t, path, "request", "broadcast", id)
		checkVerify(t, path)
	}
	// The live store recorded each backup.
	sq := openSQL(t, db)
	if n := scalar[int](t, sq, "SELECT count(*) FROM audit_events WHERE action = 'backup made'"); n != len(backups) {
		t.Errorf("%d backups recorded in the trail, want %d", n, len(backups))
	}
	checkVerify(t, db)
}
