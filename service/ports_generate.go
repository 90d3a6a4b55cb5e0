package service

import "placematch/matching"

// GeneratedWriter is what the region generator (service/demo) writes a
// batch of its history through: what the operations Broadcast, Respond,
// Withdraw, Rank and service.Record would have written one by one, in
// one go at the end of the batch, with the same result in the store.
// The store's transactions implement it.
type GeneratedWriter interface {
	WriteGenerated(b *GeneratedBatch) error
}

// GeneratedBatch is what a batch of generated history writes, each part in
// the order the operations wrote it.
type GeneratedBatch struct {
	// Broadcasts are the broadcasts' invitations and not-invited lists, as
	// InsertBroadcast writes them.
	Broadcasts []GeneratedBroadcast
	// Snapshots are requests closed in the batch whose invitations were
	// written in an earlier one: their snapshot at close is taken from the
	// register as it stands (SnapshotAtClose); the register does not
	// change between a close and the end of its batch.
	Snapshots []string
	// Responses are each answer's last state in the batch, as PutResponse
	// writes it (at most one per request and provider).
	Responses []GeneratedResponse
	// Rankings are the rankings saved, as SaveRanking writes them.
	Rankings []GeneratedRanking
	// Requests are the requests changed in the batch, as they stand at its
	// end (UpdateRequest), with their counts of invited and answered.
	Requests []GeneratedRequest
	// Events are the batch's audit events, in order (AppendEvents).
	Events []matching.Event
}

// GeneratedBroadcast is one broadcast's invitations and the providers left
// out. When the request closed in the same batch, AtClose holds each
// invited provider's standing at close (the snapshot SnapshotAtClose
// takes), in the order of Invited; otherwise it is nil.
type GeneratedBroadcast struct {
	RequestID string
	Invited   []matching.Invitation
	AtClose   []GeneratedStanding
	Left      []matching.NotInvited
	Digest    string // matching.NotInvitedDigest(Left), "" when Left is empty
}

// GeneratedStanding is an invited provider's register standing at close:
// its status ("removed" when it is no longer on the lot) and quality.
type GeneratedStanding struct {
	Status  string
	Quality float64
}

// GeneratedResponse is a provider's answer to a request.
type GeneratedResponse struct {
	RequestID string
	Response  matching.Response
}

// GeneratedRanking is a request's ranking.
type GeneratedRanking struct {
	RequestID string
	Ranking   matching.Ranking
}

// GeneratedRequest is a request as it stands, with its counts of invited
// and answered providers.
type GeneratedRequest struct {
	Request           matching.Request
	Invited, Answered int
}
