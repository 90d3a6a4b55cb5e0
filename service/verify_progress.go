package service

import (
	"encoding/json"
	"strconv"
	"time"

	"placematch/matching"
)

// VerifyStage names the part of audit verify that is running.
type VerifyStage string

// The parts of audit verify, in the order they run.
const (
	// VerifyFile is the database's own check of its file.
	VerifyFile VerifyStage = "file"
	// VerifyChain is the walk of the hash chain (the trail's replay runs
	// beside it).
	VerifyChain VerifyStage = "chain"
	// VerifyState is the state held against the replayed trail.
	VerifyState VerifyStage = "state"
)

// VerifyProgress is how far audit verify has got: the stage running, and
// the events of the trail checked (Done) of all it holds (Total). Done
// reaches Total when the chain is walked.
type VerifyProgress struct {
	Stage VerifyStage
	Done  int
	Total int
}

// progressEvery is how many events the chain's walk checks between two
// reports of its progress.
const progressEvery = 8192

// VerifyTimes is how long each part of audit verify took: the file's
// check, the hash chain's walk, and the state's check (the trail's replay
// and the state held against it); Total is the whole, start to end.
type VerifyTimes struct {
	File  time.Duration
	Chain time.Duration
	State time.Duration
	Total time.Duration
}

// MarshalJSON writes the times in milliseconds:
// {"file_ms", "chain_ms", "state_ms", "total_ms"}.
func (t VerifyTimes) MarshalJSON() ([]byte, error) {
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	return json.Marshal(struct {
		File  int64 `json:"file_ms"`
		Chain int64 `json:"chain_ms"`
		State int64 `json:"state_ms"`
		Total int64 `json:"total_ms"`
	}{ms(t.File), ms(t.Chain), ms(t.State), ms(t.Total)})
}

// VerifyTimesWords says how long each check took, in one line: "31 ms in
// all: the store file 7 ms, ...".
func VerifyTimesWords(t VerifyTimes) string {
	return durationWords(t.Total) + " in all: the store file " + durationWords(t.File) + ", the hash chain " + durationWords(t.Chain) +
		", the state against the trail " + durationWords(t.State) + "."
}

// VerifyProgressWords says what audit verify is doing, for a progress bar's
// label.
func VerifyProgressWords(p VerifyProgress) string {
	switch p.Stage {
	case VerifyFile:
		return "Checking the store file…"
	case VerifyChain:
		return "Checking the hash chain: " + matching.Thousands(p.Done) + " of " + matching.Thousands(p.Total) + " events"
	case VerifyState:
		return "Checking the state against the trail…"
	}
	return ""
}

// Fraction is how far the check has got, 0 to 1: the chain's walk is the
// bar, the file's check before it is 0 and the state's after it is 1.
func (p VerifyProgress) Fraction() float64 {
	switch {
	case p.Stage == VerifyState:
		return 1
	case p.Total <= 0:
		return 0
	}
	return min(1, float64(p.Done)/float64(p.Total))
}

// durationWords is a time taken as people read it: "850 ms", "4.2 s".
func durationWords(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
}
