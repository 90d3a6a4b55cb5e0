package main

// Messages sent once: placematch killed while it sends to a relay in the
// test's own process, and run again; and what outbox send says when another
// run holds the messages.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/delivery/relaytest"
)

// TestTrustKilledOutboxSendRepeatsNothing is the reported fault: outbox
// send to a slow relay, killed mid-send, left messages the relay had
// accepted recorded as unsent, and they went again. Here the real binary
// sends 40 invitations; the relay holds the next message once it has
// accepted k (so the kill lands between two messages, deterministically) and
// the process is killed there, again and again; the killed run's claims are
// let lapse (as 5 minutes would) and outbox send runs again. Each message
// must reach the relay exactly once. Then 40 more with the relay slow and
// the kills at random moments: at most the message in flight at each kill
// may go twice.
func TestTrustKilledOutboxSendRepeatsNothing(t *testing.T) {
	t.Parallel()
	bin := trustBinary(t)
	relay := relaytest.Start(t, relaytest.Options{TLS: relaytest.Plain})
	dir := t.TempDir()
	db := filepath.Join(dir, "pm.db")
	const n = 40
	inproc(t, db, "init")
	inproc(t, db, "providers", "import", trustRegister(t, dir, n, n, 80))
	sq := openSQL(t, db)
	queue := func() {
		id := newLiveRequest(t, db, "group-living")
		inproc(t, db, "--smtp", "127.0.0.1:1", "request", "broadcast", id) // queued: no relay there
	}
	start := func() (*exec.Cmd, chan error) {
		cmd := exec.Command(bin, "--db", db, "--smtp", relay.Addr, "--smtp-tls", "none", "--from", "dps@council.example.org", "outbox", "send")
		cmd.Env = trustEnv(dir)
		var errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &errb, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		return cmd, done
	}
	// lapse makes a killed run's claims stale, as 5 minutes would.
	lapse := func() {
		if _, err := sq.Exec(`UPDATE deliveries SET sent_at = '2000-01-01T00:00:00.000000000Z' WHERE status IN ('pending', 'failed') AND sent_at <> ''`); err != nil {
			t.Fatal(err)
		}
	}
	accepted := func() int {
		total := 0
		for _, c := range relay.Got() {
			total += c
		}
		return total
	}
	twice := func() (dups int) {
		for _, c := range relay.Got() {
			dups += c - 1
		}
		return dups
	}
	rng := rand.New(rand.NewPCG(17, 2026))

	// Kills between two messages.
	queue()
	kills := 0
	for round := 0; ; round++ {
		if round > 2*n {
			t.Fatal("outbox send never finished")
		}
		held, release := relay.HoldAfter(accepted() + 1 + rng.IntN(6))
		cmd, done := start()
		select {
		case <-held:
			cmd.Process.Kill()
			<-done
			release()
			kills++
			lapse()
			continue
		case err := <-done:
			release()
			if err != nil {
				t.Fatalf("outbox send: %v", err)
			}
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			t.Fatal("outbox send neither finished nor reached the relay")
		}
		break
	}
	if got := len(relay.Got()); got != n || twice() != 0 || kills < 5 {
		t.Fatalf("%d kills between messages: the relay has %d of %d messages, %d of them twice", kills, got, n, twice())
	}
	if sent := scalar[int](t, sq, `SELECT count(*) FROM deliveries WHERE status = 'sent'`); sent != n {
		t.Errorf("%d messages recorded sent, want %d", sent, n)
	}
	t.Logf("%d messages, %d kills between messages: each delivered once", n, kills)

	// Kills at random moments, the relay taking 60 ms over each message;
	// then a run left to finish.
	relay.SlowAccept(60 * time.Millisecond)
	queue()
	randomKills := 0
	for range 8 {
		cmd, done := start()
		select {
		case <-done:
		case <-time.After(time.Duration(150+rng.IntN(450)) * time.Millisecond):
			cmd.Process.Kill()
			<-done
			randomKills++
		}
		lapse()
	}
	cmd, done := start()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("outbox send after the kills: %v", err)
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("outbox send hung")
	}
	if got := len(relay.Got()); got != 2*n || twice() > randomKills {
		t.Fatalf("%d kills at random: the relay has %d of %d messages, %d of them twice (at most one a kill)", randomKills, got, 2*n, twice())
	}
	if sent := scalar[int](t, sq, `SELECT count(*) FROM deliveries WHERE status = 'sent'`); sent != 2*n {
		t.Errorf("%d messages recorded sent, want %d", sent, 2*n)
	}
	t.Logf("%d more messages, %d kills at random moments: %d delivered twice (the one in flight at a kill)", n, randomKills, twice())
}

// TestTrustOutboxSendSaysWhatWaits is the reported fault: outbox send said
// "sent 0, failed 0" and succeeded while every message waited for another
// run's claim to lapse. It says how many wait and when the claim lapses, and
// exits 1, as it does whenever a message is still unsent.
func TestTrustOutboxSendSaysWhatWaits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.ok("providers", "import", trustRegister(t, t.TempDir(), 15, 15, 80))
	id := newRequest(h)
	h.ok("--smtp", "127.0.0.1:1", "request", "broadcast", id)
	claimed := h.now.Add(-time.Minute).UTC().Format("2006-01-02T15:04:05.000000000Z")
	h.sql(`UPDATE deliveries SET sent_at = ? WHERE status IN ('pending', 'failed')`, claimed)
	var waiting int
	if err := h.sql("").QueryRow(`SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed')`).Scan(&waiting); err != nil || waiting != 15 {
		t.Fatal(waiting, err)
	}
	r := h.run("", "outbox", "send")
	want := "15 messages wait for another run that claimed them"
	if r.code != 1 || !strings.Contains(r.out, "sent 0, failed 0") || !strings.Contains(r.out, want) ||
		!strings.Contains(r.out, "its claim lapses at 2026-11-25 09:04 (London time)") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.out, r.err)
	}
	h.now = h.now.Add(5 * time.Minute)
	if out := h.ok("outbox", "send"); !strings.Contains(out, fmt.Sprintf("sent %d, failed 0", waiting)) || strings.Contains(out, "wait") {
		t.Errorf("once the claim lapsed: %q", out)
	}
}
