package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
)

// The detail's page made where it is seen is, line for line, the page the
// detail laid out whole before: these are that layout, kept as the
// reference.
func eagerAnswerLines(s *detailScreen, w int) []string {
	st := s.c.styles
	d := s.d
	r := d.Request
	var out []string
	if r.BroadcastAt.IsZero() {
		return []string{section(st, "Invited providers", w), st.Muted.Render("  Not broadcast yet.")}
	}
	out = append(out, section(st, "Invited ("+itoa(d.AnsweredCount())+" of "+itoa(len(d.Answers))+" answered)", w))
	if len(d.Answers) == 0 {
		out = append(out, st.Muted.Render("  nobody was eligible"))
	}
	nameW := min(44, max(10, w*45/100))
	for _, a := range d.AnswersToRead() {
		out = append(out, answerLine(st, r, a, nameW, w), answerContactLine(st, a, w))
	}
	if len(d.NotInvited) > 0 {
		out = append(out, "", section(st, "Not invited ("+matching.Thousands(len(d.NotInvited))+")", w))
		muted := renderOnce(st.Muted)
		if c := notInvitedCounts(d.NotInvited, r.Council); c != "" {
			out = append(out, indentLines(wrap(c, w-2), "  ", w)...)
		}
		for _, ni := range notInvitedOrder(d.NotInvited) {
			rs := ni.ReasonsWords(councilName(r.Council))
			out = append(out, hanging("  "+fit(clean(ni.ProviderName), nameW)+" ", strings.Join(rs, "; "), w, muted)...)
		}
	}
	return out
}

func eagerLines(s *detailScreen, w int) []string {
	st := s.c.styles
	if s.d == nil {
		if s.show.err != nil {
			return wrap(clean(s.show.err.Error()), w)
		}
		return []string{st.Muted.Render("Loading " + s.id + "…")}
	}
	out := s.headline(w)
	out = append(out, "")
	now := s.c.now()
	if w >= 120 {
		lw := (w - 3) / 2
		rw := w - 3 - lw
		left := profileLines(st, "What providers see", s.d.Profile, now, lw)
		right := eagerAnswerLines(s, rw)
		for i := 0; i < max(len(left), len(right)); i++ {
			var l, r string
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			out = append(out, fit(l, lw)+"   "+trunc(r, rw))
		}
	} else {
		out = append(out, profileLines(st, "What providers see", s.d.Profile, now, w)...)
		out = append(out, "")
		out = append(out, eagerAnswerLines(s, w)...)
	}
	out = append(out, "")
	if len(s.d.Notes) > 0 {
		out = append(out, s.noteLines(w)...)
		out = append(out, "")
	}
	out = append(out, s.timelineLines(w)...)
	return out
}

// TestDetailPageMadeWhereSeen: a request with hundreds invited and
// thousands not invited, for every reason and with names long, short and
// wide, reads the same made line by line as laid out whole, at every
// width, and a frame makes only the lines it shows.
func TestDetailPageMadeWhereSeen(t *testing.T) {
	t.Parallel()
	svc, _ := newClockedService(t)
	w := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "u", Council: "sefton"}, 200, 50)
	h.openRequest(w.open)
	d := show(t, svc, w.open)
	if len(d.Answers) == 0 {
		t.Fatal("the request has no answers to copy")
	}
	var answers []service.Answer
	for i := range 300 {
		a := d.Answers[i%len(d.Answers)]
		a.ProviderID = fmt.Sprintf("P%04d", i)
		a.ProviderName = strings.Repeat("Holly ", i%9) + "Homes " + a.ProviderID
		answers = append(answers, a)
	}
	d.Answers = answers
	reasons := matching.Reasons()
	var left []matching.NotInvited
	for i := range 3000 {
		ni := matching.NotInvited{ProviderID: fmt.Sprintf("Q%05d", i), ProviderName: fmt.Sprintf("%sCare %d", strings.Repeat("Oakwood ", i%7), i)}
		if i%11 == 0 {
			ni.ProviderName = "Ærø Ĉare 童 " + ni.ProviderID
		}
		for k, r := range reasons {
			if (i>>k)&1 == 1 || (k == 0 && i%5 == 0) {
				ni.Reasons = append(ni.Reasons, r)
			}
		}
		if i%13 == 0 {
			ni.Status = matching.ProviderSuspended
		}
		left = append(left, ni)
	}
	d.NotInvited = left
	h.send(loaded[service.Detail]{token: h.detail().show.token, val: d})
	s := h.detail()
	if s.d == nil || len(s.d.NotInvited) != 3000 {
		t.Fatal("the detail did not take the long lists")
	}
	for _, width := range []int{60, 80, 119, 120, 160, 200, 260} {
		got, want := s.lines(width).all(), eagerLines(s, width)
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("at %d wide, line %d of %d (laid out whole: %d) reads\n%q\nnot\n%q", width, i, len(got), len(want), got[i], want[i])
				}
			}
			t.Fatalf("at %d wide, %d lines, laid out whole %d", width, len(got), len(want))
		}
	}
	// A frame makes only what it shows: scrolled to the bottom and back,
	// the same page serves.
	made := 0
	p := s.page(200)
	for k := range p.parts {
		if at := p.parts[k].at; at != nil {
			p.parts[k].at = func(i int) string { made++; return at(i) }
		}
	}
	h.keys("G")
	bottom := h.view()
	h.keys("g")
	h.view()
	if s.page(200) != p || !strings.Contains(bottom, "Timeline") {
		t.Fatalf("the page was laid out again, or G did not reach its end:\n%s", bottom)
	}
	if made == 0 || made > 2*50 {
		t.Fatalf("two frames made %d lines of a page of %d", made, p.len())
	}
}
