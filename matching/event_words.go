package matching

import (
	"strings"
	"time"
)

// The audit trail in words. A structured event's words are made from its
// fields when it is read, so they can be improved without touching the
// record; the fields stay what the chain covers.

// sealedWords stand in an answer's words while its commitment is not
// opened for the reader: until the offers are opened, and always in a copy
// of the trail without its openings.
const sealedWords = "sealed until the offers are opened"

// noteWords stand in a note's text where its commitment is not opened for
// the reader: the trail says a note was made; the request shows its text to
// its officers.
const noteWords = "for the record only; the text is kept with the request"

// timeFields hold instants (RFC 3339), shown in London time.
var timeFields = map[string]bool{
	"deadline": true, "received": true, "closed at": true, "from": true, "to": true, "deadline was": true, "withdrawn": true,
}

// fieldWords is one field's value as people read it.
func fieldWords(name, value string) string {
	if timeFields[name] {
		if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
			return ShowTime(t)
		}
	}
	return value
}

// describe writes fields as "name: value" pairs, leaving out those named in
// skip.
func describe(fs Fields, skip ...string) string {
	var parts []string
	for _, f := range fs {
		if f.Value == "" || strings.HasPrefix(f.Value, "sha256:") && (f.Name == FieldPersonal || f.Name == FieldAnswer || f.Name == FieldNote) {
			continue
		}
		skipped := false
		for _, s := range skip {
			skipped = skipped || s == f.Name
		}
		if !skipped {
			parts = append(parts, f.Name+": "+fieldWords(f.Name, f.Value))
		}
	}
	return strings.Join(parts, "; ")
}

// Words is the event's detail in words: for a structured event, made from
// its fields (an answer's contents only where its opening is present); for
// an old one, its detail as written.
func (e Event) Words() string {
	if !e.Structured() {
		return e.Detail
	}
	fs := e.Fields
	switch e.Action {
	case ActionBroadcast:
		return broadcastWords(fs)
	case ActionAnswerLogged, ActionAnswerChanged:
		return e.answerWords()
	case ActionClosed:
		why := fs.Get("cause")
		if r := fs.Get("reason"); r != "" {
			why += ": " + r
		}
		if was := fs.Get("deadline was"); was != "" {
			why += " (deadline was " + fieldWords("deadline was", was) + ")"
		}
		return describe(Fields{{"closed at", fs.Get("closed at")}, {"why", why}})
	case ActionOffersOpened:
		return openedWords(fs)
	case ActionNote:
		if text, ok := e.NoteText(); ok {
			return text
		}
		return noteWords
	case ActionProviderAdded:
		return describe(Fields{{"provider", fs.Get("provider") + " " + fs.Get("name")}, {"lot", fs.Get("framework") + "/" + fs.Get("lot")},
			{"status", fs.Get("status")}, {"quality", fs.Get("quality")}})
	case ActionProviderUpdated:
		var ch []string
		for _, f := range fs {
			if was := fs.Get("was " + f.Name); was != "" {
				ch = append(ch, f.Name+" "+was+" → "+f.Value)
			}
		}
		return describe(Fields{{"provider", fs.Get("provider")}, {"lot", fs.Get("framework") + "/" + fs.Get("lot")}, {"changes", strings.Join(ch, ", ")}})
	}
	return describe(fs, "framework")
}

func broadcastWords(fs Fields) string {
	invited := strings.Fields(fs.Get("invited"))
	left := fs.Get("not invited")
	if digest := fs.Get("not invited sha256"); digest != "" && !strings.Contains(left, ";") && strings.Contains(left, "providers:") {
		left += "; the list is kept with the request, sha256 " + digest
	} else if left != "" {
		parts := strings.Split(left, "; ")
		for i, p := range parts {
			if id, codes, ok := strings.Cut(p, " "); ok {
				parts[i] = id + " (" + codes + ")"
			}
		}
		left = strings.Join(parts, ", ")
	}
	criteria := "weights " + fs.Get("weights") + ", price cap " + fs.Get("price cap") + ", deadline " + fieldWords("deadline", fs.Get("deadline"))
	return describe(Fields{{"invited", Thousands(len(invited)) + ": " + strings.Join(invited, ", ")}, {"not invited", left}, {"criteria fixed", criteria}})
}

func (e Event) answerWords() string {
	fs := e.Fields
	what := sealedWords
	if o, ok := e.Openings[FieldAnswer]; ok && e.Opens(FieldAnswer, o) {
		v := o.Values
		switch {
		case v.Get("declined") != "":
			what = "declined: " + v.Get("decline reason")
		case v.Get("withdrawn") != "":
			what = "offer of " + v.Get("weekly") + " a week, withdrawn " + fieldWords("withdrawn", v.Get("withdrawn"))
		default:
			what = "offer of " + v.Get("weekly") + " a week"
			if c := v.Get("cover until"); c != "" {
				what += ", cover until " + c
			}
		}
		if n := v.Get("note"); n != "" {
			what += "; note: " + n
		}
	}
	return describe(Fields{{"provider", fs.Get("provider")}, {"answer", what}, {"received", fs.Get("received")},
		{"late", fs.Get("late")}, {"replaces earlier answer", fs.Get("replaces earlier answer")}})
}

func openedWords(fs Fields) string {
	var parts []string
	for _, r := range splitList(fs.Get("ranked")) {
		// "1 P001 £1,180.00 cover 25 Q 82 total 88.23"
		f := strings.Fields(r)
		if len(f) >= 8 {
			parts = append(parts, f[0]+". "+f[1]+" "+f[len(f)-1])
		}
	}
	parts = append(parts, splitList(fs.Get("not ranked"))...)
	for _, id := range strings.Fields(fs.Get("no response")) {
		parts = append(parts, id+" no response")
	}
	return describe(Fields{{"weights", fs.Get("weights")}, {"age", fs.Get("age")}, {"result", strings.Join(parts, "; ")}})
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "; ")
}
