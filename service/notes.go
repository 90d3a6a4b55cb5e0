package service

import (
	"context"
	"time"

	"placematch/matching"
)

// Note is a note for the record on a request, as its officers read it:
// never shown to providers.
type Note struct {
	At    time.Time `json:"at"`
	Actor string    `json:"by"`
	Text  string    `json:"text"`
}

// Note records a note for the record on a request, in any status (see
// matching.Request.Note). It changes nothing on the request; a refused note
// changes nothing at all.
func (s *Service) Note(ctx context.Context, actor, id, text string) error {
	if err := s.allowRequest(ctx, OpRequestNote, id); err != nil {
		return err
	}
	act := s.act(actor)
	salt := s.salt()
	return s.store.Update(ctx, func(tx Tx) error {
		r, err := s.load(tx, id, act.At)
		if err != nil {
			return err
		}
		ev, err := r.Note(act, text, salt)
		if err != nil {
			return err
		}
		return tx.AppendEvents(ev)
	})
}

// notesOf are the notes among a request's events, oldest first, read
// before the trail is made readable (which keeps their text back).
func notesOf(evs []matching.Event) []Note {
	var out []Note
	for _, e := range evs {
		if text, ok := e.NoteText(); ok {
			out = append(out, Note{At: e.At, Actor: e.Actor, Text: text})
		}
	}
	return out
}
