package matching

import (
	"regexp"
	"strconv"
	"strings"
)

// Pence is money in whole pence, so that sums and comparisons are exact.
type Pence int64

// MaxPence bounds any amount at £10,000,000 a week: anything larger is a typo,
// and the bound keeps every sum far from overflow.
const MaxPence Pence = 1_000_000_000

var moneyRe = regexp.MustCompile(`^£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$`)

// ParseMoney reads pounds as people type them: "950", "950.5", "£1,200.50".
// Anything else (negative, more than two decimals, letters, misplaced commas)
// is refused with a message that shows the accepted forms.
func ParseMoney(s string) (Pence, error) {
	t := strings.TrimSpace(s)
	var m []string
	if len(t) <= 20 {
		m = moneyRe.FindStringSubmatch(t)
	}
	if m == nil {
		return 0, Invalidf("%q is not an amount of money: write pounds like 950, 950.50 or £1,200.50", clip(s, 30))
	}
	pounds, err := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
	if err != nil || pounds > int64(MaxPence/100) {
		return 0, Invalidf("%q is too large: amounts are weekly and at most £10,000,000", clip(s, 30))
	}
	var pence int64
	switch len(m[2]) {
	case 1:
		pence = int64(m[2][0]-'0') * 10
	case 2:
		pence, _ = strconv.ParseInt(m[2], 10, 64)
	}
	v := Pence(pounds*100 + pence)
	if v > MaxPence {
		return 0, Invalidf("%q is too large: amounts are weekly and at most £10,000,000", clip(s, 30))
	}
	return v, nil
}

// String shows the amount as pounds with thousands separators: £1,200.50.
func (p Pence) String() string {
	neg := p < 0
	if neg {
		p = -p
	}
	pounds := int64(p) / 100
	pence := int64(p) % 100
	ps := strconv.FormatInt(pounds, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("£")
	for i, r := range ps {
		if i > 0 && (len(ps)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteByte('.')
	if pence < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.FormatInt(pence, 10))
	return b.String()
}

// clip shortens text quoted back in an error so a huge input cannot flood
// the message.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
