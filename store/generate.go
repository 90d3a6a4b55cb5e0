package store

import (
	"database/sql"
	"encoding/json"
	"strings"

	"placematch/service"
)

// The region generator's bulk path (service.GeneratedWriter): a batch of
// generated history written in a few bulk statements rather than one
// statement per change. What it writes is what InsertBroadcast,
// SnapshotAtClose, PutResponse, SaveRanking, UpdateRequest and
// AppendEvents would have written for the same changes.

var _ service.GeneratedWriter = (*txn)(nil)

var genInvitationCols = []string{"request_id", "provider_id", "provider_name", "email", "quality",
	"cover_until", "missing_needs", "vacancies", "town", "phone", "close_status", "close_quality"}

// genInvitationChunk is how many invitation rows go in at a time (a
// whole number of valuesInsert's statements).
const genInvitationChunk = 500

var genResponseCols = []string{"request_id", "provider_id", "declined", "decline_reason", "weekly_pence", "cover_until",
	"start_date", "received_at", "note", "withdrawn_at", "recorded_at", "recorded_by"}

// genRequestSQL updates what UpdateRequest does and the request's counts;
// genRequestListSQL its not-invited list too.
var genRequestSQL, genRequestListSQL = func() (string, string) {
	set := strings.TrimSuffix(strings.TrimPrefix(updateRequestSQL, "UPDATE requests SET "), " WHERE id = ?")
	head := "UPDATE requests SET " + set + ", invited_count = ?, answered_count = ?"
	return head + " WHERE id = ?", head + ", not_invited_list = ? WHERE id = ?"
}()

// WriteGenerated writes a batch of the generator's history.
func (t *txn) WriteGenerated(b *service.GeneratedBatch) error {
	lists := map[string]int64{}
	// The invitations go in a few thousand at a time, as they are made into
	// rows, rather than all of a batch's hundreds of thousands at once.
	var invitations [][]any
	insert := func(all bool) error {
		n := len(invitations)
		if !all {
			n -= n % genInvitationChunk
		}
		if n == 0 {
			return nil
		}
		err := t.d.insertRows(t, "invitations", genInvitationCols, invitations[:n])
		invitations = append(invitations[:0], invitations[n:]...)
		return err
	}
	for _, bc := range b.Broadcasts {
		if len(bc.Left) > 0 {
			id, err := t.notInvitedList(bc.Left, bc.Digest)
			if err != nil {
				return err
			}
			lists[bc.RequestID] = id
		}
		cells := make([]any, 12*len(bc.Invited))
		for i, inv := range bc.Invited {
			var vac, status, quality any = nil, "", nil
			if inv.Vacancies != nil {
				vac = int64(*inv.Vacancies)
			}
			if bc.AtClose != nil {
				status, quality = bc.AtClose[i].Status, bc.AtClose[i].Quality
			}
			r := cells[12*i : 12*i+12 : 12*i+12]
			r[0], r[1], r[2], r[3], r[4], r[5] = bc.RequestID, inv.ProviderID, inv.ProviderName, inv.Email, inv.Quality, int64(inv.CoverUntil)
			r[6], r[7], r[8], r[9], r[10], r[11] = joinTags(inv.MissingNeeds), vac, inv.Town, inv.Phone, status, quality
			invitations = append(invitations, r)
		}
		if len(invitations) >= 8*genInvitationChunk {
			if err := insert(false); err != nil {
				return err
			}
		}
	}
	if err := insert(true); err != nil {
		return err
	}
	for _, id := range b.Snapshots {
		if err := t.SnapshotAtClose(id); err != nil {
			return err
		}
	}
	responses := make([][]any, len(b.Responses))
	for i, gr := range b.Responses {
		r := gr.Response
		responses[i] = []any{gr.RequestID, r.ProviderID, boolInt(r.Declined), r.DeclineReason, int64(r.Weekly), r.CoverUntil,
			fmtDate(r.Start), fmtTime(r.Received), r.Note, fmtTime(r.WithdrawnAt), fmtTime(r.RecordedAt), r.RecordedBy}
	}
	if err := t.d.upsertRows(t, "responses", genResponseCols, 2, responses); err != nil {
		return err
	}
	rankings := make([][]any, len(b.Rankings))
	for i, rk := range b.Rankings {
		j, err := json.Marshal(rk.Ranking)
		if err != nil {
			return err
		}
		rankings[i] = []any{rk.RequestID, string(j)}
	}
	if err := t.d.upsertRows(t, "rankings", []string{"request_id", "ranking_json"}, 1, rankings); err != nil {
		return err
	}
	if err := t.writeGeneratedRequests(b.Requests, lists); err != nil {
		return err
	}
	return t.AppendEvents(b.Events...)
}

func (t *txn) writeGeneratedRequests(reqs []service.GeneratedRequest, lists map[string]int64) error {
	var plain, listed *sql.Stmt
	defer func() {
		for _, s := range []*sql.Stmt{plain, listed} {
			if s != nil {
				s.Close()
			}
		}
	}()
	cols := strings.Split(requestCols, ",")
	args := make([]any, 0, len(cols)+4)
	for _, gr := range reqs {
		r := gr.Request
		// The columns UpdateRequest sets, in its order.
		args = args[:0]
		for i, a := range requestArgs(r) {
			if c := strings.TrimSpace(cols[i]); c != "id" && c != "created_at" && c != "created_by" {
				args = append(args, a)
			}
		}
		args = append(args, int64(gr.Invited), int64(gr.Answered))
		q, s := genRequestSQL, &plain
		if id, ok := lists[r.ID]; ok {
			q, s = genRequestListSQL, &listed
			args = append(args, id)
		}
		if *s == nil {
			var err error
			if *s, err = t.prepare(q); err != nil {
				return err
			}
		}
		if _, err := (*s).ExecContext(t.ctx, append(args, r.ID)...); err != nil {
			return err
		}
	}
	return nil
}
