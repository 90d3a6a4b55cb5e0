package matching

import "strings"

// ActionNote is a note for the record on a request.
const ActionNote = "note"

// FieldNote commits to a note's text.
const FieldNote = "note"

// MaxNote is the longest note, in characters.
const MaxNote = 2000

// Note records a note on a request, in any status: for the record only
// (calls made, a visit arranged, what the file needs beside a reason
// providers read), never shown to providers. It changes nothing on the
// request. A note may name the young person, so its event carries the text
// as a commitment under salt, as it does the personal data: a copy of the
// trail without its openings says that a note was made and when, not what
// it says.
func (r Request) Note(act Act, text, salt string) (Event, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Event{}, Invalidf("a note needs its text: what the file should keep, e.g. calls made or a visit arranged")
	}
	if err := CheckText("note", text, MaxNote); err != nil {
		return Event{}, err
	}
	ev := act.event(r.ID, ActionNote)
	ev.commit(FieldNote, salt, Fields{{"text", text}})
	return ev, nil
}

// NoteText is the text of a note's event, when the event holds the opening
// of its commitment and the opening matches it.
func (e Event) NoteText() (string, bool) {
	if e.Action != ActionNote {
		return "", false
	}
	o, ok := e.Openings[FieldNote]
	if !ok || !e.Opens(FieldNote, o) {
		return "", false
	}
	return o.Values.Get("text"), true
}
