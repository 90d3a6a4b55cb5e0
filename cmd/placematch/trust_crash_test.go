package main

// Crashes: a placematch process killed with SIGKILL in the middle of a
// broadcast, a register import or an award leaves all of it or none of it,
// the file intact and the audit chain verifying.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// killAfter starts the binary and kills it with SIGKILL after d, unless it
// has finished by then. It reports whether the process was killed.
func killAfter(t *testing.T, bin, db string, d time.Duration, args ...string) (killed bool, res procResult) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--db", db}, args...)...)
	cmd.Env = trustEnv(filepath.Dir(db))
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(d):
		cmd.Process.Kill()
		err = <-done
		killed = true
	}
	res = procResult{args: args, out: out.String(), err: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
		if !ee.Exited() {
			killed = true
		}
	}
	return killed, res
}

// TestTrustKilledMidOperation kills placematch at random points, 30 times,
// during a 3,000-row register import, a broadcast to 3,000 providers or an
// award, and checks the store after every kill.
func TestTrustKilledMidOperation(t *testing.T) {
	t.Parallel()
	bin := trustBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	const big = 3000
	small := []string{
		"F1,Floating One,company,leaving-care,floating-support,admitted,2024-01-01,13,*,16,25,,independence-skills,,Bolton,",
		"F2,Floating Two,charity,leaving-care,floating-support,admitted,2024-01-01,12,*,16,25,,independence-skills,,Bury,",
		"F3,Floating Three,company,leaving-care,floating-support,admitted,2024-01-01,11,*,16,25,,,,Wigan,",
	}
	inproc(t, db, "init")
	inproc(t, db, "providers", "import", trustRegister(t, dir, big, 0, 50, small...))
	sq := openSQL(t, db)

	// How long each operation takes when left alone, so that the kills land
	// before, during and after its commit.
	timeOf := func(args ...string) time.Duration {
		r := runProc(t, bin, db, args...)
		if r.code != 0 || r.err != "" {
			t.Fatalf("%s", r)
		}
		return r.took
	}
	importTook := timeOf("providers", "import", trustRegister(t, dir, big, 0, 51, small...))
	broadcastTook := timeOf("request", "broadcast", newLiveRequest(t, db, "group-living"))
	opened := func() string {
		id := newLiveRequest(t, db, "floating-support")
		inproc(t, db, "request", "broadcast", id)
		inproc(t, db, "request", "respond", id, "--provider", "F1", "--weekly", "650")
		inproc(t, db, "request", "respond", id, "--provider", "F2", "--weekly", "700")
		inproc(t, db, "request", "close", id, "--reason", "needed today")
		inproc(t, db, "request", "rank", id)
		return id
	}
	awardTook := timeOf("request", "award", opened(), "--provider", "F1")
	t.Logf("undisturbed: import %v, broadcast %v, award %v", importTook, broadcastTook, awardTook)
	window := func(d time.Duration) time.Duration { return max(50*time.Millisecond, d*3/2) }

	rng := rand.New(rand.NewPCG(7, 11))
	count := func(q string, args ...any) int { return scalar[int](t, sq, q, args...) }
	events := func() int { return count("SELECT count(*) FROM audit_events") }
	tally := map[string][2]int{} // kind: [none, all]
	record := func(kind string, all bool) {
		v := tally[kind]
		if all {
			v[1]++
		} else {
			v[0]++
		}
		tally[kind] = v
	}
	const iterations = 30
	kills := 0
	for i := range iterations {
		kind := []string{"import", "broadcast", "award"}[i%3]
		switch kind {
		case "import":
			q := float64(60 + i) // every row changes
			file := trustRegister(t, dir, big, 0, q, small...)
			before := events()
			d := time.Duration(rng.Int64N(int64(window(importTook))))
			killed, res := killAfter(t, bin, db, d, "providers", "import", file)
			kills += boolInt(killed)
			changed := count("SELECT count(*) FROM provider_lots WHERE quality = ?", q)
			delta := events() - before
			switch {
			case changed == 0 && delta == 0:
				record(kind, false)
			case changed == big && delta == big+1 && count(`SELECT count(*) FROM audit_events WHERE action = 'register imported' AND fields LIKE '%["updated","3000"]%' AND seq > ?`, before) == 1:
				record(kind, true)
			default:
				t.Fatalf("iteration %d, import killed after %v: %d of %d rows changed and %d events added (killed %v, %s)", i, d, changed, big, delta, killed, res)
			}
			if !killed && (res.code != 0 || delta == 0) {
				t.Fatalf("iteration %d: an import that finished: %s", i, res)
			}
		case "broadcast":
			id := newLiveRequest(t, db, "group-living")
			before := events()
			d := time.Duration(rng.Int64N(int64(window(broadcastTook))))
			killed, res := killAfter(t, bin, db, d, "request", "broadcast", id)
			kills += boolInt(killed)
			status := scalar[string](t, sq, "SELECT status FROM requests WHERE id = ?", id)
			inv := count("SELECT count(*) FROM invitations WHERE request_id = ?", id)
			invCount := count("SELECT invited_count FROM requests WHERE id = ?", id)
			notInv := count("SELECT count(*) FROM not_invited WHERE request_id = ?", id)
			ev := count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'broadcast'", id)
			msgs := count("SELECT count(*) FROM deliveries WHERE request_id = ?", id)
			letters := count("SELECT count(*) FROM letters WHERE request_id = ?", id)
			delta := events() - before
			switch {
			case status == "draft" && inv == 0 && invCount == 0 && notInv == 0 && ev == 0 && msgs == 0 && letters == 0 && delta == 0:
				record(kind, false)
			case status == "open" && inv == big && invCount == big && notInv == 0 && ev == 1 && msgs == big && letters == 1 && delta == 1:
				record(kind, true)
			default:
				t.Fatalf("iteration %d, broadcast killed after %v: status %s, %d invitations (count %d), %d not invited, %d broadcast events, %d messages (%d letters), %d events added (killed %v, %s)",
					i, d, status, inv, invCount, notInv, ev, msgs, letters, delta, killed, res)
			}
			if !killed && (res.code != 0 || status != "open") {
				t.Fatalf("iteration %d: a broadcast that finished: %s", i, res)
			}
		case "award":
			id := opened()
			before := events()
			d := time.Duration(rng.Int64N(int64(window(awardTook))))
			killed, res := killAfter(t, bin, db, d, "request", "award", id, "--provider", "F1")
			kills += boolInt(killed)
			var status, to string
			if err := sq.QueryRow("SELECT status, awarded_to FROM requests WHERE id = ?", id).Scan(&status, &to); err != nil {
				t.Fatal(err)
			}
			ev := count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'awarded'", id)
			outcomes := count("SELECT count(*) FROM deliveries WHERE request_id = ? AND kind = 'outcome'", id)
			// The award makes its placement in the same transaction: the
			// award's event and the placement's, or neither.
			placed := count("SELECT count(*) FROM placements WHERE request_id = ?", id)
			delta := events() - before
			switch {
			case status == "opened" && to == "" && ev == 0 && outcomes == 0 && placed == 0 && delta == 0:
				record(kind, false)
			case status == "awarded" && to == "F1" && ev == 1 && outcomes == 3 && placed == 1 && delta == 2:
				record(kind, true)
			default:
				t.Fatalf("iteration %d, award killed after %v: status %s to %q, %d award events, %d outcome messages, %d placements, %d events added (killed %v, %s)",
					i, d, status, to, ev, outcomes, placed, delta, killed, res)
			}
			if !killed && (res.code != 0 || status != "awarded") {
				t.Fatalf("iteration %d: an award that finished: %s", i, res)
			}
		}
		checkIntegrity(t, sq)
		checkVerify(t, db)
	}
	t.Logf("%d runs, %d killed mid-way; outcomes (none kept / all kept): %s", iterations, kills, fmtTally(tally))
	// The store still works after all of it.
	id := newLiveRequest(t, db, "floating-support")
	inproc(t, db, "request", "broadcast", id)
	checkVerify(t, db)
}

func fmtTally(m map[string][2]int) string {
	var parts []string
	for _, k := range []string{"import", "broadcast", "award"} {
		parts = append(parts, fmt.Sprintf("%s %d/%d", k, m[k][0], m[k][1]))
	}
	return strings.Join(parts, ", ")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
