package matching

// Offering is the provider's right: an offer that will not be scored, or
// whose figures look wrong, is still recorded as given. Whoever gives it is
// warned first, with the reason, by OfferWarnings: the commands print the
// warnings, the app asks before sending.

// The codes of warnings that are not exclusion codes (those say why an
// offer will not be scored: ExclAbovePriceCap, ExclAgeNotCovered, ExclLate).
const (
	// WarnCoverPastRegister: the offer's cover runs past the provider's
	// cover on the register. It is scored as given.
	WarnCoverPastRegister = "cover_past_register"
	// WarnPriceImplausible: a weekly price ten times the price cap or more
	// (with no cap, ten times the council's guide price). Scored as given
	// when there is no cap.
	WarnPriceImplausible = "price_implausible"
)

// ImplausibleFactor is how many times the price cap (or, with no cap, the
// council's guide price) a weekly price must be to look like a slip of the
// keyboard: £1,000,000 a week for a room.
const ImplausibleFactor = 10

// Warning is something whoever gives an offer should know before it
// counts: that it will not be scored, and why, or that a figure looks
// wrong.
type Warning struct {
	Code string `json:"code"`
	// Scored is false when the offer will not be scored as it stands.
	Scored bool   `json:"scored"`
	Text   string `json:"text"`
}

func (w Warning) String() string { return w.Text }

// OfferWarnings are the warnings of an answer to r: none for a decline or
// a withdrawal. inv is the provider's invitation (its cover on the register
// at broadcast); guide is the council's weekly guide price for the lot, 0
// for none, which stands in for the cap when the request has none. The
// rules are Rank's (an offer above the cap, or whose cover does not reach
// past the age, or received after the deadline, is not scored); the
// figures that look wrong are only warned of.
func OfferWarnings(r Request, inv Invitation, resp Response, guide Pence) []Warning {
	if resp.Declined || resp.Withdrawn() || resp.Weekly <= 0 {
		return nil
	}
	var out []Warning
	add := func(code string, scored bool, text string) {
		out = append(out, Warning{Code: code, Scored: scored, Text: text})
	}
	if !r.Deadline.IsZero() && resp.Late(r.Deadline) {
		add(ExclLate, false, LateWarning(resp.Received, r.Deadline))
	}
	if r.AbovePriceCap(resp.Weekly) {
		add(ExclAbovePriceCap, false, AboveCapWarning(resp.Weekly, r.PriceCap))
	}
	cover := inv.CoverUntil
	if resp.CoverUntil > 0 {
		cover = resp.CoverUntil
	}
	age := r.Age()
	if cover > 0 && cover <= age {
		add(ExclAgeNotCovered, false, AgeNotCoveredWarning(cover, age))
	}
	if resp.CoverUntil > 0 && inv.CoverUntil > 0 && resp.CoverUntil > inv.CoverUntil {
		add(WarnCoverPastRegister, true, CoverPastRegisterWarning(resp.CoverUntil, inv.CoverUntil))
	}
	switch {
	case r.PriceCap > 0 && resp.Weekly >= ImplausibleFactor*r.PriceCap:
		add(WarnPriceImplausible, false, ImplausiblePriceWarning(resp.Weekly, true))
	case r.PriceCap == 0 && guide > 0 && resp.Weekly >= ImplausibleFactor*guide:
		add(WarnPriceImplausible, true, ImplausiblePriceWarning(resp.Weekly, false))
	}
	return out
}

// Unscored reports whether any of the warnings says the offer will not be
// scored.
func Unscored(ws []Warning) bool {
	for _, w := range ws {
		if !w.Scored {
			return true
		}
	}
	return false
}
