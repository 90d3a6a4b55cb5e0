package service_test

import (
	"context"
	"io"
	"runtime"
	"testing"

	"placematch/matching"
	"placematch/service"
)

// BenchmarkInsightRegion is what the data shows for the whole region
// (50,000 requests, their invitations, answers and rankings), what the
// insight screen and command read; it reports the heap at its peak
// (peak-MB, sampled after the call).
func BenchmarkInsightRegion(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	var in matching.Insight
	for b.Loop() {
		var err error
		if in, err = svc.Insight(ctx, "bench", service.InsightQuery{}); err != nil {
			b.Fatal(err)
		}
	}
	if in.Requests == 0 || in.Awards == 0 {
		b.Fatalf("the region shows %d requests, %d awards", in.Requests, in.Awards)
	}
	b.ReportMetric(float64(in.Requests), "requests")
}

// BenchmarkInsightCouncil is what the data shows for the biggest council.
func BenchmarkInsightCouncil(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Insight(ctx, "bench", service.InsightQuery{Council: "lancashire"}); err != nil {
			b.Fatal(err)
		}
	}
}

// countingWriter counts what is written and drops it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkExportOCDSRegion is export ocds for the whole region, written
// to nowhere: it reports the package's size (MB) and the heap in use at the
// end of the last run (heap-MB).
func BenchmarkExportOCDSRegion(b *testing.B) {
	svc := regionStore(b)
	ctx := context.Background()
	if set, err := svc.Settings(ctx); err != nil {
		b.Fatal(err)
	} else if set.OCIDPrefix == "" {
		if _, err := svc.SetSettings(ctx, "bench", map[string]string{matching.SettingOCIDPrefix: "ocds-abc123"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var w countingWriter
	for b.Loop() {
		w = countingWriter{}
		if err := svc.ExportOCDS(ctx, "bench", service.OCDSQuery{}, &w); err != nil {
			b.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(w.n)/(1<<20), "MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
