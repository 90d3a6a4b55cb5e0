package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"placematch/service"
	"placematch/store/storetest"
)

// TestAuditVerifyPipedHasNoProgress: audit verify's output to pipes (not a
// terminal), plain and --json, carries no progress bar and no terminal
// control bytes; the plain output says how long each check took, and the
// JSON gives the times as fields beside the ones it had.
func TestAuditVerifyPipedHasNoProgress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		t.Parallel()
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		h.ok("request", "broadcast", newRequest(h))
		for _, args := range [][]string{{"audit", "verify"}, {"audit", "verify", "--json"}} {
			out, errOut, code := runPiped(t, h, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d, %s", args, code, errOut)
			}
			for _, s := range []string{out, errOut} {
				if strings.ContainsAny(s, "\r\x1b") || strings.Contains(s, "Checking") || strings.Contains(s, "█") {
					t.Errorf("%v wrote progress into piped output: %q", args, s)
				}
			}
			if len(args) == 2 {
				if !strings.Contains(out, "took: ") || strings.Contains(out, "took: Took") || !strings.Contains(out, " in all: the store file ") || !strings.Contains(out, "the hash chain ") || !strings.Contains(out, "the state against the trail ") {
					t.Errorf("audit verify does not say how long each check took:\n%s", out)
				}
				continue
			}
			var v struct {
				Events int `json:"events"`
				Took   map[string]*int64
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil || v.Events == 0 {
				t.Fatalf("audit verify --json: %v\n%s", err, out)
			}
			for _, k := range []string{"file_ms", "chain_ms", "state_ms", "total_ms"} {
				if v.Took[k] == nil || *v.Took[k] < 0 {
					t.Errorf("audit verify --json has no took.%s: %s", k, out)
				}
			}
		}
	})
}

// runPiped runs the command with its output to real pipes, as a shell
// pipeline would.
func runPiped(t *testing.T, h *harness, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var outB, errB bytes.Buffer
	done := make(chan struct{}, 2)
	go func() { io.Copy(&outB, outR); done <- struct{}{} }()
	go func() { io.Copy(&errB, errR); done <- struct{}{} }()
	e := env{stdin: strings.NewReader(""), stdout: outW, stderr: errW,
		getenv: func(k string) string {
			if k == "USER" {
				return "tester"
			}
			return ""
		},
		now: func() time.Time { return h.now }}
	code = run(context.Background(), append([]string{"--db", h.db}, args...), e)
	outW.Close()
	errW.Close()
	<-done
	<-done
	return outB.String(), errB.String(), code
}

// TestVerifyBarDrawsInPlace: on a terminal the bar is one line redrawn in
// place, saying the stage and the events checked, and rubbed out at the
// end; a pipe is not taken for a terminal.
func TestVerifyBarDrawsInPlace(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	bar := newVerifyBar(&b, 80)
	bar.update(service.VerifyProgress{Stage: service.VerifyFile})
	bar.update(service.VerifyProgress{Stage: service.VerifyChain, Done: 0, Total: 20000})
	bar.update(service.VerifyProgress{Stage: service.VerifyChain, Done: 8192, Total: 20000}) // too soon: not drawn
	bar.last = time.Time{}
	bar.update(service.VerifyProgress{Stage: service.VerifyChain, Done: 16384, Total: 20000})
	bar.update(service.VerifyProgress{Stage: service.VerifyState, Done: 20000, Total: 20000})
	bar.clear()
	out := b.String()
	for _, w := range []string{"Checking the store file…", "Checking the hash chain: 16,384 of 20,000 events", "Checking the state against the trail…"} {
		if !strings.Contains(out, w) {
			t.Errorf("the bar does not say %q: %q", w, out)
		}
	}
	if strings.Contains(out, "8,192") {
		t.Errorf("the bar was redrawn within a tenth of a second: %q", out)
	}
	if strings.Count(out, "\r") != 5 || !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Errorf("the bar is not one line redrawn in place and rubbed out: %q", out)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, ok := terminalWidth(w); ok {
		t.Error("a pipe was taken for a terminal")
	}
	if _, ok := terminalWidth(&b); ok {
		t.Error("a buffer was taken for a terminal")
	}
}
