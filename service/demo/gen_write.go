package demo

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
)

// What a batch of the history writes is kept here and written at the end
// of the batch in a few bulk statements (service.GeneratedWriter), not one
// statement per change: the region's 4 million invitations, 600,000
// answers and 900,000 events would otherwise cost a statement each, and its
// requests one for each of their 17 changes. Nothing in a batch reads what
// it wrote before from the store: the generator keeps what it needs (who
// was invited, their standing at close, the answers) and works out the
// entrants and answers a ranking is made from as the store would give them
// (CheckEligibility checks that against the store). The batch is written
// before an import of the register, which writes through the service and
// changes the register a snapshot at close is taken from.

// genWrites is what the batch has written so far.
type genWrites struct {
	batch     service.GeneratedBatch
	pending   map[*genReq]int      // broadcasts not yet written: index in batch.Broadcasts
	responses map[genAnswerKey]int // index in batch.Responses
	dirty     map[*genReq]bool     // requests changed
	order     []*genReq            // the changed requests in the order they first changed
}

type genAnswerKey struct {
	req      *genReq
	provider string
}

func (w *genWrites) reset() {
	w.batch = service.GeneratedBatch{}
	w.pending, w.responses, w.dirty, w.order = map[*genReq]int{}, map[genAnswerKey]int{}, map[*genReq]bool{}, nil
}

// changed notes that q's request is to be written as it stands at the end
// of the batch.
func (w *genWrites) changed(q *genReq) {
	if !w.dirty[q] {
		w.dirty[q] = true
		w.order = append(w.order, q)
	}
}

func (w *genWrites) events(evs ...matching.Event) {
	w.batch.Events = append(w.batch.Events, evs...)
}

func (w *genWrites) broadcast(q *genReq, invited []matching.Invitation, left []matching.NotInvited, digest string) {
	w.pending[q] = len(w.batch.Broadcasts)
	w.batch.Broadcasts = append(w.batch.Broadcasts, service.GeneratedBroadcast{RequestID: q.r.ID, Invited: invited, Left: left, Digest: digest})
}

func (w *genWrites) response(q *genReq, r matching.Response) {
	k := genAnswerKey{q, r.ProviderID}
	if i, ok := w.responses[k]; ok {
		w.batch.Responses[i].Response = r
		return
	}
	w.responses[k] = len(w.batch.Responses)
	w.batch.Responses = append(w.batch.Responses, service.GeneratedResponse{RequestID: q.r.ID, Response: r})
}

func (w *genWrites) ranking(q *genReq, rk matching.Ranking) {
	w.batch.Rankings = append(w.batch.Rankings, service.GeneratedRanking{RequestID: q.r.ID, Ranking: rk})
}

// flush writes what the batch has written so far.
func (g *gen) flush(tx service.Tx) error {
	w := &g.w
	for _, q := range w.order {
		w.batch.Requests = append(w.batch.Requests, service.GeneratedRequest{Request: q.r, Invited: q.invitedN, Answered: q.answeredN})
	}
	bw, ok := tx.(service.GeneratedWriter)
	if !ok {
		return fmt.Errorf("this store cannot take a generated region")
	}
	if err := bw.WriteGenerated(&w.batch); err != nil {
		return err
	}
	g.w.reset()
	return nil
}

// snapshotAtClose takes the standing of q's invited providers on the
// register as it stands, as SnapshotAtClose does, and keeps the entrants
// its offers will be opened with.
func (g *gen) snapshotAtClose(q *genReq) {
	rows := g.lots[q.r.Lot].rows
	at := make([]service.GeneratedStanding, len(q.invited))
	q.entrants = make([]matching.Entrant, len(q.invited))
	for i, inv := range q.invited {
		s := service.GeneratedStanding{Status: "removed", Quality: inv.Quality}
		if j, ok := slices.BinarySearchFunc(rows, inv.ProviderID, func(x matching.ProviderLot, id string) int { return strings.Compare(x.ProviderID, id) }); ok {
			s = service.GeneratedStanding{Status: string(rows[j].Status), Quality: rows[j].Quality}
		}
		at[i] = s
		q.entrants[i] = matching.Entrant{ProviderID: inv.ProviderID, ProviderName: inv.ProviderName, Quality: s.Quality,
			CoverUntil: inv.CoverUntil, Admitted: s.Status == string(matching.ProviderAdmitted)}
	}
	slices.SortStableFunc(q.entrants, func(a, b matching.Entrant) int { return strings.Compare(a.ProviderID, b.ProviderID) })
	if i, ok := g.w.pending[q]; ok {
		g.w.batch.Broadcasts[i].AtClose = at
	} else {
		g.w.batch.Snapshots = append(g.w.batch.Snapshots, q.r.ID)
	}
}

// storedAnswers are q's answers as the store gives them back (Responses):
// times to the nanosecond in UTC, dates at midnight UTC, by when they came
// and then provider.
func (q *genReq) storedAnswers() []matching.Response {
	out := make([]matching.Response, 0, len(q.answers))
	for _, r := range q.answers {
		r.Received, r.WithdrawnAt, r.RecordedAt = storedTime(r.Received), storedTime(r.WithdrawnAt), storedTime(r.RecordedAt)
		if !r.Start.IsZero() {
			r.Start = time.Date(r.Start.Year(), r.Start.Month(), r.Start.Day(), 0, 0, 0, 0, time.UTC)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b matching.Response) int {
		return cmp.Or(a.Received.Compare(b.Received), strings.Compare(a.ProviderID, b.ProviderID))
	})
	return out
}

func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// checkAgainstStore writes the batch so far and checks the entrants and
// answers kept for q against the store's (CheckEligibility).
func (g *gen) checkAgainstStore(tx service.Tx, q *genReq, entrants []matching.Entrant, resps []matching.Response) error {
	if err := g.flush(tx); err != nil {
		return err
	}
	e2, err := tx.Entrants(q.r.ID)
	if err != nil {
		return err
	}
	r2, err := tx.Responses(q.r.ID)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(entrants, e2) {
		return fmt.Errorf("the entrants kept for %s differ from the store's:\n%+v\n%+v", q.r.ID, entrants, e2)
	}
	if !reflect.DeepEqual(resps, r2) {
		return fmt.Errorf("the answers kept for %s differ from the store's:\n%+v\n%+v", q.r.ID, resps, r2)
	}
	return nil
}
