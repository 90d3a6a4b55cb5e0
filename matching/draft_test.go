package matching

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A draft may be incomplete: council and lot are enough to keep it, and
// whatever else reads is kept too, even where a rule refuses it.
func TestBuildDraftKeepsWhatIsTyped(t *testing.T) {
	t.Parallel()
	in := RequestInput{Council: "sefton", Lot: "group-living", CaseRef: "LC-9", DOB: "2010-13-01",
		Deadline: "2026-11-19 10:00", Summary: "TB needs a room", Weights: "50/50/50", PriceCap: "abc"}
	r, problems, err := BuildDraft(in, Defaults{GuidePrice: 90000}, t0)
	if err != nil {
		t.Fatalf("council and lot are enough for a draft: %v", err)
	}
	if r.Council != "sefton" || r.Lot != "group-living" || r.Framework != "leaving-care" || r.CaseRef != "LC-9" {
		t.Errorf("where and who not kept: %+v", r)
	}
	if !r.DOB.IsZero() {
		t.Errorf("a date of birth that is not a date is not kept: %v", r.DOB)
	}
	if r.Deadline.IsZero() {
		t.Error("a deadline already past is still what was typed: it is kept, and refused at broadcast")
	}
	if r.Summary != "TB needs a room" {
		t.Errorf("a summary a rule refuses is kept to be put right: %q", r.Summary)
	}
	if r.Weights != DefaultWeights() || r.PriceCap != 90000 || r.Urgency != UrgencyPlanned {
		t.Errorf("what does not read falls back to the defaults: %v %v %q", r.Weights, r.PriceCap, r.Urgency)
	}
	for _, f := range []string{"initials", "dob", "start", "deadline", "weights", "price-cap"} {
		if problems.Get(f) == "" {
			t.Errorf("the %s's problem is not reported: %v", f, problems)
		}
	}
	if got := strings.Join(r.Missing(), ", "); got != "initials, date of birth, start date" {
		t.Errorf("Missing() = %q", got)
	}
	if _, _, err := BuildDraft(RequestInput{Council: "sefton"}, Defaults{}, t0); err == nil || !strings.Contains(err.Error(), "choose a lot") {
		t.Errorf("a draft needs its lot: %v", err)
	}
	if _, _, err := BuildDraft(RequestInput{Lot: "group-living"}, Defaults{}, t0); err == nil || !errors.Is(err, ErrInvalid) {
		t.Errorf("a draft needs its council: %v", err)
	}
}

func TestPartialDraftIsRefusedAtBroadcast(t *testing.T) {
	t.Parallel()
	r, ev, err := NewPartialDraft("R-1", RequestInput{Council: "sefton", Lot: "group-living"}, Defaults{}, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != ActionDraftCreated || ev.Fields.Get("lot") != "group-living" || ev.Fields.Get("age") != "" {
		t.Errorf("the draft's creation is on the record, with what it holds: %+v", ev)
	}
	_, err = r.Broadcast(later(time.Minute), invitees("A"), nil, "", "s")
	if err == nil || !strings.Contains(err.Error(), "case reference, initials, date of birth, start date or deadline") {
		t.Fatalf("an incomplete draft must not go out, and the refusal names what is missing: %v", err)
	}
	if r.Status != StatusDraft {
		t.Errorf("a refused broadcast changed the draft: %v", r.Status)
	}
}

// A command's edit may leave a draft incomplete but may not make it worse.
func TestEditMayLeaveADraftIncomplete(t *testing.T) {
	t.Parallel()
	r, _, err := NewPartialDraft("R-1", RequestInput{Council: "sefton", Lot: "group-living"}, Defaults{}, officer, "s")
	if err != nil {
		t.Fatal(err)
	}
	in := InputOf(r)
	in.CaseRef = "LC-7"
	if err := r.Edit(in, Defaults{}, t0); err != nil {
		t.Fatalf("filling in one field of an incomplete draft: %v", err)
	}
	if r.CaseRef != "LC-7" || r.ID != "R-1" {
		t.Errorf("edit not kept: %+v", r)
	}
	in = InputOf(r)
	in.DOB = "yesterday"
	err = r.Edit(in, Defaults{}, t0)
	var fe FieldErrors
	if !errors.As(err, &fe) || fe.Get("dob") == "" || len(fe) != 1 {
		t.Fatalf("a date of birth that does not read is refused, alone: %v", err)
	}
	if !r.DOB.IsZero() || r.CaseRef != "LC-7" {
		t.Errorf("a refused edit changed the draft: %+v", r)
	}
	// SaveDraft, as a form saves what is typed, keeps it all as far as it reads.
	if err := r.SaveDraft(in, Defaults{}, t0); err != nil || r.CaseRef != "LC-7" {
		t.Fatalf("SaveDraft: %v %+v", err, r)
	}
}
