package service_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"placematch/delivery"
	"placematch/delivery/relaytest"
	"placematch/service"
)

// benchDeliverThrough broadcasts to n providers and times sending the
// invitations through the sender made for each round: claiming, sending and
// recording each message as sent as soon as it is taken.
func benchDeliverThrough(b *testing.B, n int, sender func(round int) service.Sender) {
	if testing.Short() {
		b.Skip("builds a store")
	}
	svc := openBenchStore(b, b.TempDir())
	ctx := context.Background()
	if _, err := svc.ImportProviders(ctx, "bench", strings.NewReader(lotRegisterCSV(n, "floating-support"))); err != nil {
		b.Fatal(err)
	}
	round := 0
	for b.Loop() {
		b.StopTimer()
		if _, err := svc.Broadcast(ctx, "bench", broadcastDraft(b, svc, "floating-support")); err != nil {
			b.Fatal(err)
		}
		s := sender(round)
		round++
		b.StartTimer()
		rep, err := svc.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"})
		if err != nil || rep.Sent != n {
			b.Fatalf("sent %d of %d, %v", rep.Sent, n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/message")
}

// BenchmarkDeliverOutbox2k writes a broadcast's 2,000 invitations to the
// outbox folder, each made durable before it is recorded.
func BenchmarkDeliverOutbox2k(b *testing.B) {
	dir := b.TempDir()
	benchDeliverThrough(b, 2000, func(round int) service.Sender {
		return delivery.Dir{Path: filepath.Join(dir, "outbox", string(rune('a'+round%26)))}
	})
}

// BenchmarkDeliverRelay1k sends a broadcast's 1,000 invitations to a relay
// in the test's process, over one connection a batch.
func BenchmarkDeliverRelay1k(b *testing.B) {
	relay := relaytest.Start(b, relaytest.Options{TLS: relaytest.Plain})
	benchDeliverThrough(b, 1000, func(int) service.Sender {
		return delivery.SMTP{Addr: relay.Addr, TLS: delivery.TLSNone, Timeout: 10 * time.Second}
	})
}
