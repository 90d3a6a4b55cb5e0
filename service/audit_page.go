package service

import (
	"context"
	"strings"

	"placematch/matching"
)

// AuditQuery asks for a page of the whole audit trail.
type AuditQuery struct {
	NewestFirst bool
	// From continues a listing: the events after it in order, or before it
	// newest first (not included); 0 starts at the chosen end.
	From int64
	// Filter keeps the events in which every word of it appears (any
	// case), in their time, actor, request, action or words.
	Filter string
	// Limit is how many events are wanted (default 200).
	Limit int
}

// AuditPage is a page of the trail, each event as its reader may see it
// (see readable), its words in Detail.
type AuditPage struct {
	Events []matching.Event `json:"events"`
	// Next continues the listing (as AuditQuery.From); 0 when the trail
	// is read to its end.
	Next int64 `json:"next,omitempty"`
	// Scanned counts the events read to find these.
	Scanned int `json:"scanned"`
	// Total is how many events the trail holds.
	Total int64 `json:"total"`
}

// Page sizes: what a filtered page reads of the trail at most before it
// answers with what it found (the caller asks again to search on), and
// how much it reads at a time.
const (
	auditScanLimit = 20000
	auditChunk     = 1000
)

// AuditPage reads one page of the whole trail, newest or oldest first,
// filtered: a page at a time by the trail's key, never the whole trail,
// so that it answers as fast on a region's hundreds of thousands of events
// as on a few. A filter that matches rarely reads at most auditScanLimit
// events per call, and says where to go on from.
func (s *Service) AuditPage(ctx context.Context, q AuditQuery) (AuditPage, error) {
	if err := allowEverywhere(ctx, OpAuditTrail); err != nil {
		return AuditPage{}, err
	}
	if q.Limit <= 0 {
		q.Limit = 200
	}
	words := strings.Fields(strings.ToLower(q.Filter))
	var p AuditPage
	err := s.store.View(ctx, func(tx Tx) error {
		head, err := tx.AuditHead()
		if err != nil {
			return err
		}
		p.Total = head.Count
		opened, err := tx.OpenedRequests()
		if err != nil {
			return err
		}
		from := q.From
		for len(p.Events) < q.Limit && p.Scanned < auditScanLimit {
			chunk := auditChunk
			if len(words) == 0 {
				chunk = q.Limit - len(p.Events)
			}
			evs, err := tx.EventsPage(from, q.NewestFirst, chunk)
			if err != nil {
				return err
			}
			for i, e := range evs {
				from = e.Seq
				p.Scanned++
				e = readable(e, opened[e.RequestID])
				if auditMatches(e, words) {
					p.Events = append(p.Events, e)
					if len(p.Events) == q.Limit {
						// Go on from the last one kept, not the last read.
						if i < len(evs)-1 || len(evs) == chunk {
							p.Next = e.Seq
						}
						return nil
					}
				}
			}
			if len(evs) < chunk {
				return nil // the end of the trail
			}
		}
		p.Next = from
		return nil
	})
	return p, err
}

// auditMatches reports whether every word appears in the event as read.
func auditMatches(e matching.Event, words []string) bool {
	if len(words) == 0 {
		return true
	}
	hay := strings.ToLower(matching.ShowTime(e.At) + " " + e.Actor + " " + e.RequestID + " " + e.Action + " " + e.Detail)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
