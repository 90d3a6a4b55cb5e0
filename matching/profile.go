package matching

import (
	"time"
	"unicode/utf8"
)

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
}

// ProfileOf anonymises a request.
func ProfileOf(r Request) Profile {
	return Profile{
		RequestID: r.ID, Council: r.Council, Framework: r.Framework, Lot: r.Lot,
		Age: r.Age(), Locality: r.Locality, Urgency: r.Urgency, Start: ShowDate(r.Start),
		Deadline: r.Deadline, Hours: r.Hours, Needs: nonNil(r.Needs), Risks: nonNil(r.Risks),
		Summary: r.Summary, Weights: r.Weights, PriceCap: r.PriceCap, Status: r.Status.String(),
	}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Inert makes text safe to print on a terminal: control characters and
// escape sequences are shown as visible symbols instead of being obeyed, so
// nobody can drive a reader's terminal through the data. Newlines and tabs
// become spaces; use it on single-line fields.
func Inert(s string) string {
	// Bytes that are not UTF-8 are shown as �: a lone 0x9b is CSI to a
	// terminal that is not in UTF-8 mode.
	clean := utf8.ValidString(s)
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			out = append(out, ' ')
		case r < 0x20:
			out = append(out, 0x2400+r) // ␛ and friends
		case r == 0x7f:
			out = append(out, '␡')
		case r >= 0x80 && r < 0xa0:
			out = append(out, '�')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
