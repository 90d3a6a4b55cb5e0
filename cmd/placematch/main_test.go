package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// placematchBinary builds placematch the first time a test asks for it and
// returns the same binary to every test after.
func placematchBinary(t *testing.T) string {
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
