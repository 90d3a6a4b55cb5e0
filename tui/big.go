package tui

import "strings"

// Block digits for the numbers a room has to read from the back: the live
// countdown and the totals. A terminal cannot change its font size, so the
// digits are drawn with half-block characters, three rows high, or six when
// there is room.

var bigGlyphs = map[rune][3]string{
	'0': {"█▀█", "█ █", "▀▀▀"},
	'1': {"▀█ ", " █ ", "▀▀▀"},
	'2': {"▀▀█", "█▀▀", "▀▀▀"},
	'3': {"▀▀█", " ▀█", "▀▀▀"},
	'4': {"█ █", "▀▀█", "  ▀"},
	'5': {"█▀▀", "▀▀█", "▀▀▀"},
	'6': {"█▀▀", "█▀█", "▀▀▀"},
	'7': {"▀▀█", "  █", "  ▀"},
	'8': {"█▀█", "█▀█", "▀▀▀"},
	'9': {"█▀█", "▀▀█", "▀▀▀"},
	':': {" ", "▀", "▀"},
	'.': {" ", " ", "▀"},
	' ': {" ", " ", " "},
	'-': {"   ", "▀▀▀", "   "},
}

// bigText draws s (digits, ':', '.', '-', ' ') in block digits; other
// characters are left out. scale n draws each dot of a glyph n columns
// wide and n half-rows tall: 3 rows at 1, 6 at 2, 9 at 3.
func bigText(s string, scale int) []string {
	rows := make([]string, 3)
	first := true
	for _, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for i := range rows {
			if !first {
				rows[i] += " "
			}
			rows[i] += g[i]
		}
		first = false
	}
	if scale < 2 {
		return rows
	}
	// The glyphs as dots: two half-rows to a row.
	var dots [][]bool
	for _, row := range rows {
		var top, bottom []bool
		for _, r := range row {
			top = append(top, r == '█' || r == '▀')
			bottom = append(bottom, r == '█' || r == '▄')
		}
		dots = append(dots, top, bottom)
	}
	var half [][]bool
	for _, d := range dots {
		var wide []bool
		for _, on := range d {
			for range scale {
				wide = append(wide, on)
			}
		}
		for range scale {
			half = append(half, wide)
		}
	}
	out := make([]string, 0, len(half)/2)
	for i := 0; i+1 < len(half); i += 2 {
		var b strings.Builder
		for j := range half[i] {
			switch top, bottom := half[i][j], half[i+1][j]; {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		out = append(out, b.String())
	}
	return out
}

// bigWidth is how wide bigText(s, scale) is.
func bigWidth(s string, scale int) int {
	rows := bigText(s, scale)
	return width(rows[0])
}

// clockText is a countdown as block digits read it: m:ss, or h:mm:ss.
func clockText(secs int) string {
	if secs < 0 {
		secs = 0
	}
	h, m, s := secs/3600, secs/60%60, secs%60
	if h > 0 {
		return itoa(h) + ":" + pad2(m) + ":" + pad2(s)
	}
	return itoa(m) + ":" + pad2(s)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
