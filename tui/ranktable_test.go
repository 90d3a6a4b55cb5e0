package tui

import (
	"slices"
	"strings"
	"testing"

	"placematch/matching"
)

func sampleRanking() matching.Ranking {
	return matching.Ranking{
		Age:     17,
		Weights: matching.Weights{Quality: 50, Price: 35, AgeCover: 15},
		Ranked: []matching.Scored{
			{Rank: 1, ProviderID: "P004", ProviderName: "Damson Homes", WeeklyPence: 115050, CoverUntil: 25, Quality: 95, PriceScore: 82.57, AgeCoverScore: 100, Rounded: "91.40"},
			{Rank: 2, ProviderID: "P001", ProviderName: "Alder House Living", WeeklyPence: 95000, CoverUntil: 21, Quality: 80, PriceScore: 100, AgeCoverScore: 50, Rounded: "82.50"},
		},
		Excluded:   []matching.Excluded{{ProviderID: "P005", ProviderName: "Elm Lodge", Reason: matching.ExclAbovePriceCap}},
		NoResponse: []matching.ProviderRef{{ProviderID: "P002", ProviderName: "Birchwood Futures"}},
	}
}

func TestRankTableColumnsAreTheOptions(t *testing.T) {
	t.Parallel()
	st := NewStyles(lipglossDefault())
	rk := sampleRanking()
	full := rankTable{rk: rk, cursor: 1, cover: true, parts: true, header: true, working: true}
	for w := minWidth; w <= 200; w += 7 {
		lines, _ := full.lines(st, w)
		for _, l := range lines {
			if width(l) > w {
				t.Fatalf("%d wide: a line of %d: %q", w, width(l), l)
			}
		}
	}
	lines, at := full.lines(st, 100)
	if len(lines) != 4 || !strings.Contains(lines[0], "Cover") || !strings.Contains(lines[0], "Q") {
		t.Fatalf("header, two rows and the working:\n%s", strings.Join(lines, "\n"))
	}
	if at != 2 || !strings.HasPrefix(lines[at], "›") || !strings.Contains(lines[at], "Alder House Living") {
		t.Fatalf("the selected row is line %d:\n%s", at, strings.Join(lines, "\n"))
	}
	if want := matching.ScoreWorking(rk.Weights, rk.Ranked[1]); !strings.Contains(lines[3], want) {
		t.Fatalf("the working under the selected row should read %q: %q", want, lines[3])
	}
	if f := strings.Fields(lines[2]); !slices.Contains(f, "21") || !slices.Contains(f, "80.00") || !slices.Contains(f, "50.00") {
		t.Fatalf("the cover and the parts: %q", lines[2])
	}

	bare, at := rankTable{rk: rk, cursor: -1, was: map[string]int{"P001": 1}}.lines(st, 100)
	if len(bare) != 2 || at != 0 {
		t.Fatalf("no header, no working, nothing selected:\n%s", strings.Join(bare, "\n"))
	}
	for _, l := range bare {
		if f := strings.Fields(l); strings.HasPrefix(l, "›") || slices.Contains(f, "80.00") || slices.Contains(f, "21") || slices.Contains(f, "25") {
			t.Fatalf("a column or mark not asked for: %q", l)
		}
	}
	if !strings.Contains(bare[0], "new") || !strings.Contains(bare[1], "▼1") {
		t.Fatalf("the moves from the recorded ranking:\n%s", strings.Join(bare, "\n"))
	}
	// The same offer sits in the same columns whatever else is shown.
	at1 := strings.Index(lines[1], "Damson")
	if at2 := strings.Index(bare[0], "Damson"); at2 != at1+moveW {
		t.Fatalf("the name moved: column %d with a move column, %d without", at2, at1)
	}
}

func TestNotRankedLine(t *testing.T) {
	t.Parallel()
	st := NewStyles(lipglossDefault())
	rk := sampleRanking()
	got := strings.Join(notRankedLines(st, rk, "P005", false, "  ", 200), "\n")
	if want := "  Not ranked: › Elm Lodge (" + matching.ExclusionWords(matching.ExclAbovePriceCap) + ")"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	got = strings.Join(notRankedLines(st, rk, "", true, "", 200), "\n")
	if !strings.HasSuffix(got, " · Birchwood Futures (no response)") || strings.Contains(got, "›") {
		t.Fatalf("with the silent: %q", got)
	}
	if notRankedLines(st, matching.Ranking{}, "", true, "", 80) != nil {
		t.Fatal("a line for nothing left out")
	}
}

// TestScoresReadInMatchingWords: the formula and each worked score on the
// officer's screens are matching's sentences, not the screens' own.
func TestScoresReadInMatchingWords(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.openRequest(wd.opened)
	h.keys("r", "down")
	rk := h.ranking().res.Ranking
	h.mustSee(matching.Formula(rk.Weights))
	h.mustSee(matching.FormulaTerms()[0])
	h.mustSee("= " + matching.ScoreWorking(rk.Weights, rk.Ranked[1]))
	h.keys("w")
	h.mustSee(matching.Formula(rk.Weights))
	h.mustSee("total = " + matching.ScoreWorking(rk.Weights, rk.Ranked[1]))
}
