package service

import (
	"encoding/json"
	"time"
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
