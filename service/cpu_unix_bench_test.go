//go:build unix

package service_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has spent so far, its
// threads' user and system time together.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
