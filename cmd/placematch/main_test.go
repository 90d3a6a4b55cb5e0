package main

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// built is placematch built from this package, once for the whole test
// process: every test that runs the real binary shares it.
var built struct {
	once sync.Once
	dir  string // removed by TestMain when the tests are done
	bin  string
	out  []byte
	err  error
}

// TestMain lets more tests run at once than there are processors, unless
// -parallel is given: the two tmux tests spend most of their time waiting
// for the screen, and with the default (one test a processor) they held
// both places on a 2-core machine while the rest queued behind them.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(runtime.GOMAXPROCS(0)+2))
	}
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// placematchBinary builds placematch the first time a test asks for it and
// returns the same binary to every test after.
func placematchBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			root := os.Getenv("GOROOT")
			if root == "" {
				built.err = err
				return
			}
			goTool = filepath.Join(root, "bin", "go")
		}
		if built.dir, built.err = os.MkdirTemp("", "placematch-test-"); built.err != nil {
			return
		}
		bin := filepath.Join(built.dir, "placematch")
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		built.out, built.err = exec.CommandContext(ctx, goTool, "build", "-o", bin, ".").CombinedOutput()
		built.bin = bin
	})
	if built.err != nil {
		t.Fatalf("cannot build placematch: %v\n%s", built.err, built.out)
	}
	return built.bin
}
