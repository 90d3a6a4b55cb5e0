package service

import (
	"time"

	"placematch/matching"
)

// TermTx is the part of a transaction that keeps the frameworks' terms,
// the purchasers that are not councils of the region, and the indexed
// reads the "what needs attention" list makes.
type TermTx interface {
	// FrameworkTerm is a framework's term with its decisions in order
	// (the zero term, with its Framework set, when none is recorded).
	FrameworkTerm(framework string) (matching.FrameworkTerm, error)
	// PutFrameworkTerm records a term in place of the one recorded, which
	// has no decisions.
	PutFrameworkTerm(t matching.FrameworkTerm) error
	// AddTermDecision records the term's next extension decision.
	AddTermDecision(framework string, d matching.TermDecision) error
	// Purchasers are the purchasers added, by slug.
	Purchasers() ([]matching.Purchaser, error)
	// PutPurchaser adds a purchaser, or the frameworks it buys on.
	PutPurchaser(p matching.Purchaser) error
	// AttentionRequests are up to limit requests in a status (of one
	// council, or every one for ""), by deadline, earliest first, with a
	// deadline before the time given (zero: any), and how many there are in
	// all; read through the index of requests by status and deadline.
	AttentionRequests(council string, status matching.Status, before time.Time, limit int) ([]RequestSummary, int, error)
}
