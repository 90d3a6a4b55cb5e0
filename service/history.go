package service

import (
	"context"
	"time"

	"placematch/matching"
)

// ProviderHistory is a provider as the commissioning side judges it: its
// lots on the register, every request it was invited to with what it did
// there, and the counts a commissioning officer asks first (how often it
// answers, offers, ranks first, wins). What it offered is given only for
// requests whose offers were opened: a sealed offer stays sealed here too.
type ProviderHistory struct {
	ProviderID   string                 `json:"provider_id"`
	ProviderName string                 `json:"provider_name"`
	Lots         []matching.ProviderLot `json:"lots"`
	Summary      HistorySummary         `json:"summary"`
	// Requests are newest first.
	Requests []HistoryRequest `json:"requests"`
}

// HistorySummary counts a provider's invitations and what became of them.
type HistorySummary struct {
	Invited int `json:"invited"`
	// Answered counts invitations it answered (an offer or a decline);
	// ResponseRate is Answered / Invited in percent (0 with none).
	Answered     int     `json:"answered"`
	ResponseRate float64 `json:"response_rate"`
	// Offered and Declined count answers whose contents are opened;
	// Sealed counts answers still sealed.
	Offered  int `json:"offered"`
	Declined int `json:"declined"`
	Sealed   int `json:"sealed"`
	Ranked   int `json:"ranked"`
	RankOne  int `json:"rank_1"`
	Awards   int `json:"awards"`
}

// HistoryRequest is one invitation and what the provider did there.
type HistoryRequest struct {
	RequestID   string          `json:"request_id"`
	Council     string          `json:"council"`
	Lot         string          `json:"lot"`
	Status      matching.Status `json:"-"`
	StatusWords string          `json:"status"`
	Deadline    time.Time       `json:"deadline"`
	Answered    bool            `json:"answered"`
	Received    time.Time       `json:"received_at,omitzero"`
	Late        bool            `json:"late,omitempty"`
	// Sealed: the offers are not opened yet; nothing below is given.
	Sealed        bool           `json:"sealed"`
	Declined      bool           `json:"declined,omitempty"`
	Withdrawn     bool           `json:"withdrawn,omitempty"`
	WeeklyPence   matching.Pence `json:"weekly_price_pence,omitempty"`
	Rank          int            `json:"rank,omitempty"`
	RankedOf      int            `json:"ranked_of,omitempty"`
	Total         string         `json:"total,omitempty"`
	NotRankedWhy  string         `json:"not_ranked,omitempty"`
	Awarded       bool           `json:"awarded,omitempty"`
	AwardedToName string         `json:"awarded_to,omitempty"`
}

// ProviderHistory returns a provider's register entries and its history
// of invitations, offers, ranks and awards, in one reading of the store.
func (s *Service) ProviderHistory(ctx context.Context, providerID string) (ProviderHistory, error) {
	if err := allowList(ctx, OpProviderHistory); err != nil {
		return ProviderHistory{}, err
	}
	h := ProviderHistory{ProviderID: providerID}
	err := s.store.View(ctx, func(tx Tx) error {
		lots, err := tx.ProviderLots(ProviderFilter{ProviderID: providerID})
		if err != nil {
			return err
		}
		if len(lots) == 0 {
			return matching.NotFoundf("provider %s is not on the register: check the id (placematch providers list)", providerID)
		}
		h.Lots, h.ProviderName = lots, lots[0].ProviderName
		reqs, err := tx.Requests(RequestFilter{Provider: providerID})
		if err != nil {
			return err
		}
		for _, sum := range reqs {
			if !sees(ctx, OpProviderHistory, sum.Council, sum.Framework) {
				continue
			}
			hr, err := historyOf(tx, sum, providerID)
			if err != nil {
				return err
			}
			h.Requests = append(h.Requests, hr)
			h.Summary.add(hr)
		}
		return nil
	})
	if h.Summary.Invited > 0 {
		h.Summary.ResponseRate = 100 * float64(h.Summary.Answered) / float64(h.Summary.Invited)
	}
	return h, err
}

func (s *HistorySummary) add(hr HistoryRequest) {
	s.Invited++
	if !hr.Answered {
		return
	}
	s.Answered++
	switch {
	case hr.Sealed:
		s.Sealed++
	case hr.Declined:
		s.Declined++
	default:
		s.Offered++
	}
	if hr.Rank > 0 {
		s.Ranked++
	}
	if hr.Rank == 1 {
		s.RankOne++
	}
	if hr.Awarded {
		s.Awards++
	}
}

// historyOf is what one provider did on one request it was invited to.
func historyOf(tx Tx, sum RequestSummary, providerID string) (HistoryRequest, error) {
	hr := HistoryRequest{RequestID: sum.ID, Council: sum.Council, Lot: sum.Lot, Status: sum.Status,
		StatusWords: matching.StatusWords(sum.Status), Deadline: sum.Deadline, Awarded: sum.AwardedTo == providerID,
		AwardedToName: sum.AwardedName}
	r, err := tx.Request(sum.ID)
	if err != nil {
		return hr, err
	}
	hr.Sealed = r.Sealed()
	resps, err := tx.Responses(sum.ID)
	if err != nil {
		return hr, err
	}
	for _, rp := range resps {
		if rp.ProviderID != providerID {
			continue
		}
		hr.Answered, hr.Received, hr.Late = true, rp.Received, rp.Late(r.Deadline)
		if !hr.Sealed {
			hr.Declined, hr.Withdrawn, hr.WeeklyPence = rp.Declined, rp.Withdrawn(), rp.Weekly
		}
	}
	if hr.Sealed || !hr.Answered {
		return hr, nil
	}
	rk, err := tx.Ranking(sum.ID)
	if err != nil {
		return hr, err
	}
	hr.RankedOf = len(rk.Ranked)
	for _, sc := range rk.Ranked {
		if sc.ProviderID == providerID {
			hr.Rank, hr.Total = sc.Rank, sc.Rounded
		}
	}
	for _, ex := range rk.Excluded {
		if ex.ProviderID == providerID {
			hr.NotRankedWhy = matching.ExclusionWords(ex.Reason)
		}
	}
	return hr, nil
}

// Tally is the summary as matching.HistoryWords reads it.
func (s HistorySummary) Tally() matching.HistoryTally {
	return matching.HistoryTally{Invited: s.Invited, Answered: s.Answered, Offered: s.Offered, Declined: s.Declined,
		Sealed: s.Sealed, Ranked: s.Ranked, RankOne: s.RankOne, Awards: s.Awards}
}

// Words says what the provider did on the request and what came of it.
func (h HistoryRequest) Words() string {
	return matching.HistoryAnswerWords(matching.HistoryAnswer{Answered: h.Answered, Late: h.Late, Sealed: h.Sealed, Declined: h.Declined,
		Withdrawn: h.Withdrawn, Awarded: h.Awarded, Weekly: h.WeeklyPence, Rank: h.Rank, RankedOf: h.RankedOf, Total: h.Total,
		NotRanked: h.NotRankedWhy, Status: h.Status})
}
