package matching

// A provider's outcome: the assessment summary each invited provider is
// owed once a request is decided (awarded, no award or cancelled). It holds
// the provider's own score and the winning offer's, part by part with the
// points each part adds at its weight, and never a rank, another provider's
// price or name, or anything of the young person but the age. Its words are
// DebriefWords, DebriefVerdict and DebriefTable (words.go), one wording for
// the letter, the screen and the JSON.

// OfferScore is an offer's score as its provider's outcome gives it: each
// part out of 100 with the points it adds to the total at its weight
// (score × weight ÷ 100), and the total, all unrounded as in the ranking.
type OfferScore struct {
	// WeeklyPence is the provider's own weekly price; the winning offer's
	// is never given, so it is left out there.
	WeeklyPence    Pence   `json:"weekly_price_pence,omitempty"`
	CoverUntil     int     `json:"cover_until"`
	Quality        float64 `json:"quality"`
	QualityPoints  float64 `json:"quality_points"`
	PriceScore     float64 `json:"price_score"`
	PricePoints    float64 `json:"price_points"`
	AgeCoverScore  float64 `json:"age_cover_score"`
	AgeCoverPoints float64 `json:"age_cover_points"`
	Total          float64 `json:"total"`
	// Rounded is the total to two decimals, as it ranked (Scored.Rounded).
	Rounded string `json:"-"`
}

// ScoreOf is a ranked offer's score with its points at the weights w,
// without its price.
func ScoreOf(w Weights, s Scored) OfferScore {
	return OfferScore{CoverUntil: s.CoverUntil,
		Quality: s.Quality, QualityPoints: float64(w.Quality) * s.Quality / 100,
		PriceScore: s.PriceScore, PricePoints: float64(w.Price) * s.PriceScore / 100,
		AgeCoverScore: s.AgeCoverScore, AgeCoverPoints: float64(w.AgeCover) * s.AgeCoverScore / 100,
		Total: s.Total, Rounded: s.Rounded}
}

// Debrief is what one invited provider is told of a decided request.
type Debrief struct {
	Status Status `json:"-"`
	// Decision is Status as its code: awarded, no_award or cancelled.
	Decision string  `json:"decision"`
	Won      bool    `json:"won"`
	Weights  Weights `json:"weights"`
	Age      int     `json:"age"`
	// Own is the provider's offer as scored; nil when it was not.
	Own *OfferScore `json:"own,omitempty"`
	// Unscored is why the provider's answer was not scored, an exclusion
	// code (ExclDeclined, ...); "" when it was scored or never given.
	Unscored string `json:"own_reason,omitempty"`
	// Winner is the awarded offer's score, without its price or provider;
	// nil when there is none or it is the provider's own.
	Winner *OfferScore `json:"winner,omitempty"`
	// Compliant is how many offers were scored.
	Compliant int `json:"compliant_offers"`
	// Reason is the council's reason as recorded with the decision: why it
	// cancelled, made no award, or chose the offer it awarded.
	Reason string `json:"end_reason,omitempty"`

	// Answered says whether the provider answered at all.
	Answered bool `json:"-"`
	// AwardToHighest says whether the award went to the highest total; a
	// provider is told only when its own total was higher than the winner's.
	AwardToHighest bool `json:"-"`
	// Offered and OfferedCover are the provider's own weekly price and cover
	// age (0: its registered cover), to say why an offer was not scored.
	Offered      Pence `json:"-"`
	OfferedCover int   `json:"-"`
	PriceCap     Pence `json:"-"`
}

// DebriefOf is the outcome of a decided request r for the provider
// providerID, from the ranking recorded when the offers were opened (empty
// for a request cancelled before) and the provider's own answer, if any.
func DebriefOf(r Request, rk Ranking, providerID string, own *Response) Debrief {
	d := Debrief{Status: r.Status, Decision: r.Status.String(), Weights: r.Weights, Age: r.Age(),
		Compliant: len(rk.Ranked), Reason: r.EndReason, Answered: own != nil, PriceCap: r.PriceCap}
	if !r.OpenedAt.IsZero() {
		d.Age = rk.Age
	}
	if own != nil {
		d.Offered, d.OfferedCover = own.Weekly, own.CoverUntil
	}
	for i, sc := range rk.Ranked {
		if sc.ProviderID == providerID {
			s := ScoreOf(r.Weights, sc)
			s.WeeklyPence = sc.WeeklyPence
			d.Own = &s
		}
		if r.Status == StatusAwarded && sc.ProviderID == r.AwardedTo {
			d.AwardToHighest = i == 0
			if sc.ProviderID != providerID { // the winner's own score is Own, given once
				s := ScoreOf(r.Weights, sc)
				d.Winner = &s
			}
		}
	}
	for _, ex := range rk.Excluded {
		if ex.ProviderID == providerID {
			d.Unscored = ex.Reason
		}
	}
	d.Won = r.Status == StatusAwarded && r.AwardedTo == providerID
	return d
}
