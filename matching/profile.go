package matching

import "time"

// Profile is a request as a provider sees it: enough to decide, and nothing
// that identifies the young person (no case reference, initials or date of
// birth). Everything shown to providers is built from this type alone.
type Profile struct {
	RequestID string    `json:"request_id"`
	Council   string    `json:"council"`
	Framework string    `json:"framework"`
	Lot       string    `json:"lot"`
	Age       int       `json:"age"`
	Locality  string    `json:"locality"`
	Urgency   Urgency   `json:"urgency"`
	Start     string    `json:"start"`
	Deadline  time.Time `json:"deadline"`
	Hours     float64   `json:"hours_per_week"`
	Needs     []string  `json:"needs"`
	Risks     []string  `json:"risks"`
	Summary   string    `json:"summary"`
	Weights   Weights   `json:"weights"`
	PriceCap  Pence     `json:"price_cap_pence,omitempty"`
	Status    string    `json:"status"`
	// ClosedAt is when the request closed, if it has; ClosedEarly says
	// the council closed it before its deadline (which is then the close
	// time). See ProviderClosedWords.
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	ClosedEarly bool      `json:"closed_early,omitempty"`
}

// ProfileOf anonymises a request.
func ProfileOf(r Request) Profile {
	return Profile{
		RequestID: r.ID, Council: r.Council, Framework: r.Framework, Lot: r.Lot,
		Age: r.Age(), Locality: r.Locality, Urgency: r.Urgency, Start: ShowDate(r.Start),
		Deadline: r.Deadline, Hours: r.Hours, Needs: nonNil(r.Needs), Risks: nonNil(r.Risks),
		Summary: r.Summary, Weights: r.Weights, PriceCap: r.PriceCap, Status: r.Status.String(),
		ClosedAt: r.ClosedAt, ClosedEarly: r.CloseReason != "",
	}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
