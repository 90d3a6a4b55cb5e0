package tui

import (
	"strings"
	"testing"
)

// holding finds a word in the strings end to end exactly where looking in
// each would: at the start and end of one, in the first and the last, and
// never across two.
func TestTextsHoldingIsEachStringsContains(t *testing.T) {
	t.Parallel()
	rows := []string{"p001 alder house living manchester group living", "", "p002 birchwood", "oo", "boot", "p003 boo", "t hall", "p004 booth"}
	var tx texts
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r + "\n")
		tx.ends = append(tx.ends, int32(b.Len()))
	}
	tx.text = b.String()
	for _, w := range []string{"", "p", "o", "oo", "boo", "boot", "bootht", "p001", "living", "group living", "manchester", "booth", "th", "xyz"} {
		got := tx.holding(w)
		for i, r := range rows {
			if got[i] != strings.Contains(r, w) {
				t.Errorf("%q in row %d %q: %v", w, i, r, got[i])
			}
		}
	}
}
