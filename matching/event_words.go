package matching

import (
	"strconv"
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

// Names are what a request's timeline knows of the providers its events
// name by id: their names, and the register status of those left out as
// not admitted. A nil Names leaves the ids.
type Names struct {
	Providers map[string]string
	Statuses  map[string]ProviderStatus
	// More, when set, is asked of an id the maps do not hold: a request
	// of a region leaves thousands out, whom its timeline seldom names,
	// so their names need not be put in a map before one is asked for.
	More func(id string) (name string, status ProviderStatus)
}

// provider is a provider's name, or its id when the name is not known.
func (n *Names) provider(id string) string {
	if n != nil {
		if name := n.Providers[id]; name != "" {
			return name
		}
		if n.More != nil {
			if name, _ := n.More(id); name != "" {
				return name
			}
		}
	}
	return id
}

// status is the register status of a provider left out as not admitted.
func (n *Names) status(id string) ProviderStatus {
	if st, ok := n.Statuses[id]; ok || n.More == nil {
		return st
	}
	_, st := n.More(id)
	return st
}

// maxNamed is how many providers an event's words name one by one; more
// are counted.
const maxNamed = 10

// Words is the event's detail in words: for a structured event, made from
// its fields (an answer's contents only where its opening is present); for
// an old one, its detail as written.
func (e Event) Words() string { return e.words(nil) }

// NamedWords is Words as a request's timeline reads it: providers by name
// (n gives them), councils by name, reasons in words, and long lists of
// providers counted ("no response from 188") rather than listed.
func (e Event) NamedWords(n Names) string { return e.words(&n) }

func (e Event) words(n *Names) string {
	if !e.Structured() {
		return e.Detail
	}
	fs := e.Fields
	if n != nil {
		fs = namedFields(fs, n)
		switch e.Action {
		case ActionBroadcast:
			return namedBroadcastWords(e.Fields, n)
		case ActionOffersOpened:
			return namedOpenedWords(fs, n)
		}
	}
	switch e.Action {
	case ActionBroadcast:
		return broadcastWords(fs)
	case ActionAnswerLogged, ActionAnswerChanged:
		e.Fields = fs
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
	case ActionPlacementMade, ActionPlacementPriced, ActionPlacementEnded, ActionBudgetSet:
		return placementEventWords(e.Action, fs)
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
	case ActionTermSet, ActionTermExtended, ActionPurchaserAdded:
		return termEventWords(e.Action, fs)
	}
	return describe(fs, "framework")
}

// criteriaWords are what a broadcast fixed, as its event says it: the
// start date, needs and hours (which providers priced) beside the weights,
// cap and deadline. Events written before they were recorded say what they
// have.
func criteriaWords(fs Fields) string {
	var parts []string
	for _, f := range []struct{ name, label string }{{"start", "start"}, {"hours", "hours a week"}, {"needs", "needs"}} {
		if v := fs.Get(f.name); v != "" {
			if f.name == "needs" {
				tags := strings.Fields(v)
				for i, t := range tags {
					tags[i] = TagWords(t)
				}
				v = JoinWords(tags, "and")
			}
			parts = append(parts, f.label+" "+v)
		}
	}
	parts = append(parts, "weights "+fs.Get("weights"), "price cap "+fs.Get("price cap"), "deadline "+fieldWords("deadline", fs.Get("deadline")))
	return strings.Join(parts, ", ")
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
	criteria := criteriaWords(fs)
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

// namedFields are an event's fields with a provider's id replaced by its
// name and a council's slug by its name.
func namedFields(fs Fields, n *Names) Fields {
	out := make(Fields, len(fs))
	for i, f := range fs {
		switch f.Name {
		case "provider":
			f.Value = n.provider(f.Value)
		case "council":
			f.Value = CouncilWords(f.Value)
		}
		out[i] = f
	}
	return out
}

// nameList names providers, or counts them when there are more than
// maxNamed.
func nameList(ids []string, n *Names) string {
	if len(ids) > maxNamed {
		return Plural(len(ids), "provider", "providers")
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = n.provider(id)
	}
	return strings.Join(names, ", ")
}

// namedBroadcastWords: whom a broadcast invited and left out, by name, or
// counted by reason when there are many.
func namedBroadcastWords(fs Fields, n *Names) string {
	council := CouncilWords(fs.Get("council"))
	invited := strings.Fields(fs.Get("invited"))
	inv := "nobody"
	if len(invited) > 0 {
		inv = Thousands(len(invited))
		if len(invited) <= maxNamed {
			inv += ": " + nameList(invited, n)
		}
	}
	var left string
	type leftOut struct {
		id    string
		codes []string
	}
	var listed []leftOut
	count := map[string]int{}
	total := 0
	raw := fs.Get("not invited")
	if head, tail, ok := strings.Cut(raw, " providers: "); ok && !strings.Contains(raw, ";") {
		// The summary a broadcast to many records: "212 providers: area
		// 180, age 20".
		total, _ = strconv.Atoi(head)
		for _, part := range strings.Split(tail, ", ") {
			if code, c, ok := strings.Cut(part, " "); ok {
				count[code], _ = strconv.Atoi(c)
			}
		}
	} else {
		for _, p := range splitList(raw) {
			id, codes, _ := strings.Cut(p, " ")
			cs := strings.Split(codes, ",")
			listed = append(listed, leftOut{id, cs})
			for _, c := range cs {
				count[c]++
			}
		}
		total = len(listed)
	}
	reason := func(id, code string) string {
		if code == ReasonNotAdmitted && (n.Statuses != nil || n.More != nil) {
			return NotAdmittedWords(n.status(id))
		}
		return NotInvitedWords(code, council)
	}
	switch {
	case total == 0:
	case len(listed) > 0 && len(listed) <= maxNamed:
		parts := make([]string, len(listed))
		for i, l := range listed {
			rs := make([]string, len(l.codes))
			for j, c := range l.codes {
				rs[j] = reason(l.id, c)
			}
			parts[i] = n.provider(l.id) + " (" + strings.Join(rs, "; ") + ")"
		}
		left = Thousands(total) + ": " + strings.Join(parts, ", ")
	default:
		var parts []string
		for _, c := range Reasons() {
			if count[c] > 0 {
				parts = append(parts, NotInvitedWords(c, council)+": "+Thousands(count[c]))
			}
		}
		left = Thousands(total) + " (" + strings.Join(parts, ", ") + ")"
	}
	criteria := criteriaWords(fs)
	return describe(Fields{{"invited", inv}, {"not invited", left}, {"criteria fixed", criteria}})
}

// namedOpenedWords: the ranking as the offers were opened, by name; those
// who never answered counted when there are many.
func namedOpenedWords(fs Fields, n *Names) string {
	var parts []string
	for _, r := range splitList(fs.Get("ranked")) {
		// "1 P001 £1,180.00 cover 25 Q 82 total 88.23"
		f := strings.Fields(r)
		if len(f) >= 8 {
			parts = append(parts, f[0]+". "+n.provider(f[1])+" "+f[len(f)-1])
		}
	}
	for _, x := range splitList(fs.Get("not ranked")) {
		id, code, _ := strings.Cut(x, " ")
		parts = append(parts, n.provider(id)+" ("+ExclusionWords(code)+")")
	}
	if silent := strings.Fields(fs.Get("no response")); len(silent) > maxNamed {
		parts = append(parts, "no response from "+Thousands(len(silent)))
	} else if len(silent) > 0 {
		parts = append(parts, "no response from "+nameList(silent, n))
	}
	return describe(Fields{{"weights", fs.Get("weights")}, {"age", fs.Get("age")}, {"result", strings.Join(parts, "; ")}})
}
