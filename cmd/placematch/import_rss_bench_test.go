package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"placematch/matching"
	"placematch/store/storetest"
)

// BenchmarkImportRegister50MB imports a 50 MB register (about 148,000 rows,
// the size the issue "Fast at the floor" measured) into a new store with
// the built binary, as a council would, and reports the memory the process
// held at its peak as the operating system saw it ("MB-resident", the
// child's maximum resident set) beside the time: a register is read as a
// stream, so the bound is 150 MB whatever the file's size.
//
//	go test ./cmd/placematch -run '^$' -bench ImportRegister50MB -benchtime 3x
func BenchmarkImportRegister50MB(b *testing.B) {
	if testing.Short() {
		b.Skip("imports 50 MB")
	}
	bin := placematchBinary(b)
	file, rows := bigRegister(b, b.TempDir(), 50<<20)
	// A child started from this process begins with this process's peak
	// resident set as its own (Linux keeps it across the fork and exec):
	// give back what making the file took, and reset the peak, so that
	// the child's is its own.
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("the peak resident set of this process could not be reset (%v): the child's may be this process's", err)
	}
	for _, kind := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(kind, func(b *testing.B) {
			if kind == storetest.Postgres {
				storetest.Need(b)
			}
			var peak int64
			for b.Loop() {
				b.StopTimer()
				dsn := storetest.DSN(b, kind)
				if out, err := exec.Command(bin, "--db", dsn, "init").CombinedOutput(); err != nil {
					b.Fatalf("init: %v: %s", err, out)
				}
				cmd := exec.Command(bin, "--db", dsn, "providers", "import", file)
				cmd.Env = append(os.Environ(), "USER=bench", "TZ=UTC")
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				b.StartTimer()
				err := cmd.Run()
				b.StopTimer()
				if err != nil {
					b.Fatalf("import: %v: %s", err, errb.String())
				}
				if want := fmt.Sprintf("imported %s rows: %s added, 0 updated, 0 unchanged\n", thousands(rows), thousands(rows)); out.String() != want {
					b.Fatalf("import said %q, want %q", out.String(), want)
				}
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KB on Linux
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/1024, "MB-resident")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// thousands writes n with commas, as the import's words do.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bigRegister writes a register file of about size bytes in dir, rows of
// the length a real register's are (about 340 bytes: long names, several
// councils and capabilities, an address and a telephone number), each
// provider on up to four lots, and returns its path and row count.
func bigRegister(tb testing.TB, dir string, size int) (string, int) {
	tb.Helper()
	var lots []matching.Lot
	for _, fw := range matching.Frameworks() {
		lots = append(lots, fw.Lots()...)
	}
	caps := []string{"independence-skills", "mental-health", "self-harm", "young-parent", "esol", "substance-misuse"}
	towns := []string{"Newton-le-Willows", "Bootle", "Birkenhead", "Ellesmere Port", "St Helens", "Southport"}
	path := filepath.Join(dir, "register-50mb.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	n, written := 0, 0
	for written < size {
		var batch []matching.ProviderLot
		for range 1000 {
			id := fmt.Sprintf("R%06d", n/len(lots))
			l := lots[n%len(lots)]
			fw, _ := matching.FrameworkByCode(l.Framework)
			members := fw.Members()
			vac := n % 5
			batch = append(batch, matching.ProviderLot{
				ProviderID: id, ProviderName: "Northern Pathways Supported Living and Care Services " + id + " Ltd", Kind: "company",
				Framework: l.Framework, Lot: l.Code, Status: matching.ProviderAdmitted, AdmittedOn: time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC),
				Quality: float64(5000+n%5000) / 100, Serves: members[:min(len(members), 2+n%5)], MinAge: 16, CoverUntil: 25,
				OfstedURN: fmt.Sprintf("27%05d", n%100000), Capabilities: caps[:2+n%5], Vacancies: &vac, Town: towns[n%len(towns)],
				Email: "referrals.team@" + strings.ToLower(id) + ".provider.example.org", Phone: fmt.Sprintf("0151 496 %04d", n%10000),
			})
			n++
		}
		part := matching.FormatRegister(batch)
		if written > 0 {
			part = part[strings.IndexByte(part, '\n')+1:] // the header once
		}
		if _, err := f.WriteString(part); err != nil {
			tb.Fatal(err)
		}
		written += len(part)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, n
}
