package matching

import (
	"strings"
	"testing"
	"time"
)

// draftInput is a complete request for the transitions' tests: age 16 on
// its start date.
func draftInput() RequestInput {
	return RequestInput{
		Council: "sefton", Lot: "group-living", CaseRef: "SF-20931", Initials: "TB", DOB: "2010-03-15",
		Start: "2026-12-01", Deadline: "2026-11-26 17:00", Urgency: "within-5-days",
		Needs: "mental-health", Risks: "self-harm", Locality: "Bootle", Summary: "Needs a calm home near college.",
		Weights: "50,35,15", PriceCap: "1500",
	}
}

var (
	t0      = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	officer = Act{Actor: "j.okafor", At: t0}
)

func later(d time.Duration) Act { return Act{Actor: officer.Actor, At: t0.Add(d)} }

func invitees(ids ...string) []Invitation {
	out := make([]Invitation, len(ids))
	for i, id := range ids {
		out[i] = Invitation{ProviderID: id, ProviderName: "Provider " + id, Quality: 80, CoverUntil: 25}
	}
	return out
}

// personalIn fails the test if any field of any event holds the young
// person's personal data: it may stand only in an opening.
func personalIn(t *testing.T, evs []Event) {
	t.Helper()
	for _, e := range evs {
		for _, f := range e.Fields {
			for _, p := range []string{"SF-20931", "2010-03-15", "TB"} {
				if strings.Contains(f.Value, p) {
					t.Errorf("event %q field %q holds %q: %q", e.Action, f.Name, p, f.Value)
				}
			}
		}
	}
}

// TestAWholeCompetitionThroughTheTransitions walks a request through every
// transition and checks what each changes and records.
func TestAWholeCompetitionThroughTheTransitions(t *testing.T) {
	t.Parallel()
	var trail []Event
	r, ev, err := NewDraft("R-1", draftInput(), Defaults{}, officer, "salt-draft")
	if err != nil {
		t.Fatal(err)
	}
	trail = append(trail, ev)
	if r.ID != "R-1" || r.Status != StatusDraft || r.CreatedBy != "j.okafor" || !r.CreatedAt.Equal(t0) {
		t.Fatalf("draft %+v", r)
	}
	if ev.Action != ActionDraftCreated || ev.RequestID != "R-1" || ev.Fields.Get("council") != "sefton" || ev.Fields.Get("age") != "16" ||
		ev.Fields.Get("price cap") != "£1,500.00" || !ev.Opens(FieldPersonal, ev.Openings[FieldPersonal]) {
		t.Fatalf("draft event %+v", ev)
	}
	// Editing a draft changes it and writes nothing.
	in := draftInput()
	in.Hours = "12"
	if err := r.Edit(in, Defaults{}, t0.Add(time.Minute)); err != nil || r.Hours != 12 || r.ID != "R-1" || !r.CreatedAt.Equal(t0) {
		t.Fatalf("edit: %v, %+v", err, r)
	}

	evs, err := r.Broadcast(later(time.Hour), invitees("A", "B", "C"),
		[]NotInvited{{ProviderID: "D", ProviderName: "Dee", Reasons: []string{ReasonArea}}}, "digest-of-D", "salt-broadcast")
	if err != nil || len(evs) != 1 {
		t.Fatalf("broadcast: %v, %d events", err, len(evs))
	}
	b := evs[0]
	trail = append(trail, b)
	if r.Status != StatusOpen || !r.BroadcastAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after broadcast %s at %v", r.Status, r.BroadcastAt)
	}
	for name, want := range map[string]string{"invited": "A B C", "not invited": "D area", "hours": "12", "needs": "mental-health",
		"risks": "self-harm", "weights": "50/35/15", "deadline": "2026-11-26T17:00:00Z", "summary": "Needs a calm home near college."} {
		if got := b.Fields.Get(name); got != want {
			t.Errorf("broadcast %s = %q, want %q", name, got, want)
		}
	}
	// The criteria are recorded whole at broadcast, personal data as a
	// commitment under a new salt.
	if b.Fields.Get(FieldPersonal) == trail[0].Fields.Get(FieldPersonal) || !b.Opens(FieldPersonal, b.Openings[FieldPersonal]) {
		t.Error("the broadcast's personal commitment is not its own")
	}

	answer := func(d time.Duration, in ResponseInput, prev *Response) (Response, []Event) {
		t.Helper()
		resp, evs, err := r.Respond(later(d), in, true, prev, "salt-"+in.ProviderID+d.String())
		if err != nil {
			t.Fatalf("answer of %s: %v", in.ProviderID, err)
		}
		trail = append(trail, evs...)
		return resp, evs
	}
	a, evs := answer(2*time.Hour, ResponseInput{ProviderID: "A", Weekly: "1,180", CoverUntil: "25"}, nil)
	if evs[0].Action != ActionAnswerLogged || evs[0].Fields.Get("provider") != "A" || evs[0].Fields.Get("late") != "" {
		t.Fatalf("answer event %+v", evs[0])
	}
	// What was offered is sealed: the event holds a commitment, its
	// opening holds the price.
	for _, f := range evs[0].Fields {
		if strings.Contains(f.Value, "1,180") || strings.Contains(f.Value, "118000") {
			t.Errorf("the offer's price stands in field %q of its event", f.Name)
		}
	}
	if o := evs[0].Openings[FieldAnswer]; o.Values.Get("weekly") != "£1,180.00" || !evs[0].Opens(FieldAnswer, o) {
		t.Errorf("the answer's opening %+v", o)
	}
	if a.RecordedBy != "j.okafor" {
		t.Errorf("recorded by %q", a.RecordedBy)
	}
	answer(3*time.Hour, ResponseInput{ProviderID: "B", Declined: true, Decline: "no vacancy"}, nil)
	c, evs := answer(4*time.Hour, ResponseInput{ProviderID: "C", Weekly: "990"}, nil)
	// Every invited provider has answered, and the request stays open:
	// they were promised they could revise until the deadline.
	if r.Status != StatusOpen || !r.ClosedAt.IsZero() || len(evs) != 1 {
		t.Fatalf("every invited provider answered: %s, closed at %v, %d events", r.Status, r.ClosedAt, len(evs))
	}
	// The officer closes it early, with the reason on the record; the
	// close time becomes the deadline.
	closed, err := r.CloseEarly(later(4*time.Hour+30*time.Minute), "all three have answered; the move is this week")
	if err != nil || r.Status != StatusClosed || !r.Deadline.Equal(t0.Add(4*time.Hour+30*time.Minute)) {
		t.Fatalf("close early: %v, %s, deadline %v", err, r.Status, r.Deadline)
	}
	if closed.Actor != "j.okafor" || closed.Fields.Get("cause") != string(CloseEarly) || closed.Fields.Get("reason") != "all three have answered; the move is this week" ||
		closed.Fields.Get("deadline was") != "2026-11-26T17:00:00Z" {
		t.Fatalf("the early close %+v", closed)
	}
	trail = append(trail, closed)

	// A withdrawal while sealed commits to the answer as it now stands.
	w, err := r.Withdraw(later(5*time.Hour), &c, "salt-withdraw")
	if err != nil || c.WithdrawnAt.IsZero() || w.Action != ActionAnswerChanged || w.Openings[FieldAnswer].Values.Get("withdrawn") == "" {
		t.Fatalf("withdraw: %v %+v", err, w)
	}
	trail = append(trail, w)

	rk, opened, err := r.Open(later(6*time.Hour), []Entrant{
		{ProviderID: "A", Quality: 80, CoverUntil: 25, Admitted: true},
		{ProviderID: "B", Quality: 70, CoverUntil: 25, Admitted: true},
		{ProviderID: "C", Quality: 90, CoverUntil: 25, Admitted: true},
	}, []Response{a, {ProviderID: "B", Declined: true, DeclineReason: "no vacancy", Received: t0.Add(3 * time.Hour)}, c})
	if err != nil || r.Status != StatusOpened || len(rk.Ranked) != 1 {
		t.Fatalf("open: %v, %s, %+v", err, r.Status, rk)
	}
	trail = append(trail, opened)
	if got := opened.Fields.Get("ranked"); got != "1 A £1,180.00 cover 25 Q 80 total "+rk.Ranked[0].Rounded {
		t.Errorf("ranked %q", got)
	}
	if got := opened.Fields.Get("not ranked"); got != "B declined; C withdrawn" {
		t.Errorf("not ranked %q", got)
	}
	if _, _, err := r.Open(later(7*time.Hour), nil, nil); KindOf(err) != KindConflict {
		t.Errorf("opening twice: %v", err)
	}

	aw, err := r.Award(later(8*time.Hour), rk, "A", "")
	if err != nil || r.Status != StatusAwarded || r.AwardedTo != "A" || aw.Fields.Get("rank") != "1" {
		t.Fatalf("award: %v %+v", err, aw)
	}
	trail = append(trail, aw)
	personalIn(t, trail)

	// Chained as the store chains them, the trail verifies, and does so
	// still without any opening (an extract without personal data or
	// sealed values); an altered opening is caught.
	chained := chainOf(trail)
	if b := verifyAll(chained); b != nil {
		t.Fatalf("the trail does not verify: %v", b)
	}
	bare := make([]Event, len(chained))
	for i, e := range chained {
		bare[i] = e.WithoutOpenings(nil)
	}
	if b := verifyAll(bare); b != nil {
		t.Fatalf("the trail without openings does not verify: %v", b)
	}
	forged := chainOf(trail)
	o := forged[3].Openings[FieldAnswer]
	o.Values = append(Fields{}, o.Values...)
	o.Values[2].Value = "£900.00"
	forged[3].Openings = map[string]Opening{FieldAnswer: o}
	if b := verifyAll(forged); b == nil || b.Seq != 4 || !strings.Contains(b.Reason, "answer field") {
		t.Fatalf("an altered opening verified: %v", b)
	}
}

func chainOf(evs []Event) []Event {
	out := make([]Event, len(evs))
	prev := GenesisHash
	for i, e := range evs {
		e.Seq, e.PrevHash = int64(i+1), prev
		e.Hash = HashEvent(e)
		prev = e.Hash
		out[i] = e
	}
	return out
}

func verifyAll(evs []Event) *ChainBreak {
	v := NewChainVerifier()
	for _, e := range evs {
		if b := v.Next(e); b != nil {
			return b
		}
	}
	return v.End(int64(len(evs)))
}

// TestTransitionsAskAllows: every transition refuses a request in a status
// that does not allow its step, leaves it unchanged and says why; and each
// is allowed in the statuses Allows names.
func TestTransitionsAskAllows(t *testing.T) {
	t.Parallel()
	rk := Ranking{Ranked: []Scored{{Rank: 1, ProviderID: "A"}}}
	resp := Response{ProviderID: "A", Weekly: 100000, Received: t0}
	steps := []struct {
		step Step
		do   func(r *Request) error
	}{
		{StepEdit, func(r *Request) error { return r.Edit(draftInput(), Defaults{}, t0) }},
		{StepBroadcast, func(r *Request) error { _, err := r.Broadcast(officer, invitees("A"), nil, "", "s"); return err }},
		{StepLogAnswer, func(r *Request) error {
			_, _, err := r.Respond(officer, ResponseInput{ProviderID: "B", Weekly: "900", Received: "2026-11-20 09:00"}, true, nil, "s")
			return err
		}},
		{StepWithdraw, func(r *Request) error { c := resp; _, err := r.Withdraw(officer, &c, "s"); return err }},
		{StepExtend, func(r *Request) error { _, err := r.Extend(officer, r.Deadline.Add(time.Hour)); return err }},
		{StepCloseEarly, func(r *Request) error { _, err := r.CloseEarly(officer, "enough offers"); return err }},
		{StepCancel, func(r *Request) error { _, err := r.Cancel(officer, "plan changed"); return err }},
		{StepAward, func(r *Request) error { _, err := r.Award(officer, rk, "A", ""); return err }},
		{StepNoAward, func(r *Request) error { _, err := r.NoAward(officer, "none suitable", ""); return err }},
		{StepMoveStart, func(r *Request) error { _, err := r.MoveStart(officer, r.Start.AddDate(0, 0, 1), ""); return err }},
	}
	for _, st := range Statuses() {
		for _, s := range steps {
			r, _, err := NewDraft("R-1", draftInput(), Defaults{}, Act{Actor: "x", At: t0.Add(-time.Hour)}, "s")
			if err != nil {
				t.Fatal(err)
			}
			r.Status, r.BroadcastAt = st, t0.Add(-time.Hour)
			if st >= StatusOpened && st != StatusCancelled {
				r.OpenedAt = t0
			}
			before := r
			err = s.do(&r)
			if st.Allows(s.step) {
				if err != nil {
					t.Errorf("step %d on a %s request: %v", s.step, st, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("step %d on a %s request was allowed", s.step, st)
				continue
			}
			if k := KindOf(err); k != KindConflict && k != KindSealed {
				t.Errorf("step %d on a %s request: %v (kind %d), want a conflict", s.step, st, err, k)
			}
			if r.Status != before.Status || !r.Deadline.Equal(before.Deadline) || r.AwardedTo != before.AwardedTo || r.EndReason != before.EndReason ||
				!r.Start.Equal(before.Start) {
				t.Errorf("a refused step %d changed the %s request", s.step, st)
			}
		}
	}
	if !StatusClosed.Allows(StepRank) || StatusOpen.Allows(StepRank) || StatusCancelled.Allows(StepRank) {
		t.Error("Allows(StepRank) is wrong")
	}
}

// TestBroadcastToNobodyCloses: with nobody eligible the request closes at
// once, the broadcast and the close both on the record.
func TestBroadcastToNobodyCloses(t *testing.T) {
	t.Parallel()
	r, _, err := NewDraft("R-1", draftInput(), Defaults{}, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	var left []NotInvited
	for i := range maxListedNotInvited + 1 {
		left = append(left, NotInvited{ProviderID: "P" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Reasons: []string{ReasonArea, ReasonAge}})
	}
	evs, err := r.Broadcast(later(time.Hour), nil, left, "abc", "s")
	if err != nil || len(evs) != 2 || evs[1].Action != ActionClosed || r.Status != StatusClosed {
		t.Fatalf("broadcast to nobody: %v %+v, %s", err, evs, r.Status)
	}
	if got := evs[0].Fields.Get("not invited"); got != "101 providers: area 101, age 101" {
		t.Errorf("a long not-invited list is counted: %q", got)
	}
	if evs[1].Fields.Get("cause") != string(CloseNobodyEligible) || evs[1].Actor != officer.Actor {
		t.Errorf("close %+v", evs[1])
	}
	if w := evs[0].Words(); !strings.Contains(w, "the list is kept with the request, sha256 abc") || !strings.Contains(w, "invited: 0") {
		t.Errorf("words %q", w)
	}
}

// TestCloseDueAndEarly: the deadline closes a request as the system, at the
// deadline; an early close needs a reason and becomes the deadline.
func TestCloseDueAndEarly(t *testing.T) {
	t.Parallel()
	r, _, _ := NewDraft("R-1", draftInput(), Defaults{}, officer, "s")
	if _, err := r.Broadcast(officer, invitees("A"), nil, "", "s"); err != nil {
		t.Fatal(err)
	}
	deadline := r.Deadline
	if _, due := r.CloseDue(deadline.Add(-time.Second)); due {
		t.Fatal("closed before the deadline")
	}
	early := r
	ev, due := r.CloseDue(deadline.Add(time.Hour))
	if !due || r.Status != StatusClosed || !r.ClosedAt.Equal(deadline) || ev.Actor != "system" || !ev.At.Equal(deadline.Add(time.Hour)) {
		t.Fatalf("due close %+v, %+v", r, ev)
	}
	if _, err := early.CloseEarly(later(time.Hour), "  "); KindOf(err) != KindInvalid {
		t.Errorf("an early close without a reason: %v", err)
	}
	ev, err := early.CloseEarly(later(time.Hour), "placement needed sooner")
	if err != nil || !early.Deadline.Equal(t0.Add(time.Hour)) || early.CloseReason != "placement needed sooner" ||
		ev.Fields.Get("deadline was") != "2026-11-26T17:00:00Z" {
		t.Fatalf("early close: %v, %+v", err, ev)
	}
	if w := ev.Words(); w != "closed at: 2026-11-20 11:00; why: closed early: placement needed sooner (deadline was 2026-11-26 17:00)" {
		t.Errorf("words %q", w)
	}
}

func TestCommit(t *testing.T) {
	t.Parallel()
	v := Fields{{"a", "1"}, {"b", "2"}}
	c := Commit("salt", v)
	if !strings.HasPrefix(c, "sha256:") || len(c) != len("sha256:")+64 || Commit("salt", v) != c {
		t.Fatalf("Commit = %q", c)
	}
	for name, other := range map[string]string{
		"another salt":       Commit("salt2", v),
		"another value":      Commit("salt", Fields{{"a", "1"}, {"b", "3"}}),
		"a moved boundary":   Commit("salt", Fields{{"a", "12"}, {"b", ""}}),
		"a value renamed":    Commit("salt", Fields{{"a", "1"}, {"c", "2"}}),
		"the salt in values": Commit("", Fields{{"salt", ""}, {"a", "1"}, {"b", "2"}}),
	} {
		if other == c {
			t.Errorf("%s commits alike", name)
		}
	}
	e := Event{Fields: Fields{{FieldAnswer, c}}}
	if !e.Opens(FieldAnswer, Opening{Salt: "salt", Values: v}) || e.Opens(FieldAnswer, Opening{Salt: "salt", Values: v[:1]}) ||
		e.Opens(FieldPersonal, Opening{Salt: "salt", Values: v}) {
		t.Error("Opens")
	}
}

// TestStructuredHashCoversFields: a version 2 event's hash covers each
// field's name and value and their order, and not its words or openings.
func TestStructuredHashCoversFields(t *testing.T) {
	t.Parallel()
	base := Event{Seq: 1, At: t0, Actor: "a", RequestID: "R", Action: "x", Version: EventVersion,
		Fields: Fields{{"f", "1"}, {"g", "2"}}, PrevHash: GenesisHash}
	h := HashEvent(base)
	for name, mod := range map[string]func(*Event){
		"a value":      func(e *Event) { e.Fields = Fields{{"f", "1"}, {"g", "3"}} },
		"a name":       func(e *Event) { e.Fields = Fields{{"f", "1"}, {"h", "2"}} },
		"the order":    func(e *Event) { e.Fields = Fields{{"g", "2"}, {"f", "1"}} },
		"a field more": func(e *Event) { e.Fields = Fields{{"f", "1"}, {"g", "2"}, {"h", ""}} },
		"the version":  func(e *Event) { e.Version = 3 },
		"a boundary":   func(e *Event) { e.Fields = Fields{{"f", "12"}, {"g", ""}} },
	} {
		e := base
		mod(&e)
		if HashEvent(e) == h {
			t.Errorf("changing %s left the hash unchanged", name)
		}
	}
	e := base
	e.Detail, e.Openings = "words", map[string]Opening{"f": {Salt: "s"}}
	if HashEvent(e) != h {
		t.Error("the words or the openings are hashed")
	}
	// A version 1 event with the same content hashes differently: the
	// versions cannot be confused.
	v1 := base
	v1.Version, v1.Fields, v1.Detail = 1, nil, "f: 1; g: 2"
	if HashEvent(v1) == h {
		t.Error("a version 1 event hashes as a version 2 one")
	}
}

// TestAnswerWordsStaySealed: an answer's words say who and when, and what
// only where the opening is given.
func TestAnswerWordsStaySealed(t *testing.T) {
	t.Parallel()
	r, _, _ := NewDraft("R-1", draftInput(), Defaults{}, officer, "s")
	if _, err := r.Broadcast(officer, invitees("A", "B"), nil, "", "s"); err != nil {
		t.Fatal(err)
	}
	_, evs, err := r.Respond(later(time.Hour), ResponseInput{ProviderID: "A", Weekly: "950", CoverUntil: "21", Note: "Room free now."}, true, nil, "s")
	if err != nil {
		t.Fatal(err)
	}
	e := evs[0]
	open := e.Words()
	sealed := e.WithoutOpenings(nil).Words()
	if !strings.Contains(open, "offer of £950.00 a week, cover until 21; note: Room free now.") {
		t.Errorf("opened words %q", open)
	}
	if !strings.Contains(sealed, "provider: A; answer: sealed until the offers are opened; received: 2026-11-20 11:00") || strings.Contains(sealed, "950") {
		t.Errorf("sealed words %q", sealed)
	}
	// An opening that does not open the commitment is not believed.
	forged := e
	forged.Openings = map[string]Opening{FieldAnswer: {Salt: "other", Values: e.Openings[FieldAnswer].Values}}
	if w := forged.Words(); strings.Contains(w, "950") {
		t.Errorf("a forged opening is read: %q", w)
	}
}

// TestImportRegisterRecordsEachChange: an added row is recorded whole, a
// changed one by its changed columns with what they were, an unchanged one
// not at all.
func TestImportRegisterRecordsEachChange(t *testing.T) {
	t.Parallel()
	two := 2
	old := ProviderLot{ProviderID: "P1", ProviderName: "Alder", Kind: "company", Framework: "leaving-care", Lot: "group-living",
		Status: ProviderAdmitted, Quality: 80, Serves: []string{"*"}, MinAge: 16, CoverUntil: 25, Vacancies: &two, Town: "Bury"}
	changed := old
	changed.Status, changed.Quality, changed.Vacancies, changed.Town = ProviderSuspended, 72.5, nil, ""
	added := old
	added.ProviderID = "P2"
	res, evs := ImportRegister(officer, []ProviderLot{changed, added, old}, []*ProviderLot{&old, nil, &old}, "sum")
	if res != (ImportResult{Rows: 3, Added: 1, Updated: 1, Unchanged: 1}) || len(evs) != 3 {
		t.Fatalf("%+v, %d events", res, len(evs))
	}
	up := evs[0]
	for name, want := range map[string]string{"provider": "P1", "status": "suspended", "was status": "admitted", "quality": "72.5",
		"was quality": "80", "vacancies": "none", "was vacancies": "2", "town": "(none)", "was town": "Bury", "name": ""} {
		if got := up.Fields.Get(name); got != want {
			t.Errorf("update %s = %q, want %q", name, got, want)
		}
	}
	if w := up.Words(); !strings.Contains(w, "status admitted → suspended") || !strings.Contains(w, "town Bury → (none)") {
		t.Errorf("update words %q", w)
	}
	if a := evs[1]; a.Action != ActionProviderAdded || a.Fields.Get("serves") != "*" || a.Fields.Get("vacancies") != "2" || a.Fields.Get("name") != "Alder" {
		t.Errorf("added %+v", a)
	}
	if e := evs[2]; e.Action != ActionRegisterImported || e.Fields.Get("sha256") != "sum" || e.Fields.Get("updated") != "1" {
		t.Errorf("import %+v", e)
	}
}
