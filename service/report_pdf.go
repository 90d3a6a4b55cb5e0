package service

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"placematch/matching"
)

// AwardReportPDF is the award report (see AwardReport) as a PDF ready to
// file: the same text, laid out on A4 pages with the request and the page
// number on each.
func (s *Service) AwardReportPDF(ctx context.Context, actor, id string) ([]byte, error) {
	text, err := s.AwardReport(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return ReportPDF(text, id, s.now(), true)
}

// ReportPDF lays out a report written in the Markdown the reports use
// (headings, paragraphs, lists, tables, indented blocks) as a PDF. It uses
// the PDF's own Helvetica, so no font is embedded: text is written in
// Windows-1252, which has £, the en dash, × and ÷; a letter outside it is
// written without its accent where it has one (ł as l), and any other
// character as "?" (the Markdown report keeps every character). compress
// false leaves the page streams readable, for tests.
func ReportPDF(markdown, id string, made time.Time, compress bool) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(compress)
	p.SetCatalogSort(true)
	p.SetCreationDate(made)
	p.SetModificationDate(made)
	p.SetTitle(firstLine(markdown), true)
	p.SetAuthor("placematch", true)
	p.SetProducer("placematch", true)
	p.SetMargins(18, 16, 18)
	p.SetAutoPageBreak(true, 18)
	p.AliasNbPages("{nb}")
	tr := pdfText(p.UnicodeTranslatorFromDescriptor(""))
	p.SetHeaderFunc(func() {
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(0, 5, tr(id+" · the council's case file: names the case reference, never for providers"), "B", 1, "L", false, 0, "")
		p.Ln(3)
		p.SetTextColor(0, 0, 0)
	})
	p.SetFooterFunc(func() {
		p.SetY(-13)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(0, 5, tr("Made by placematch on "+matching.ShowTime(made)+" (London time)"), "", 0, "L", false, 0, "")
		p.CellFormat(0, 5, tr("Page "+strconv.Itoa(p.PageNo())+" of {nb}"), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	lay := pdfLayout{p: p, tr: tr}
	lines := strings.Split(strings.TrimRight(markdown, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "# "):
			p.SetFont("Helvetica", "B", 16)
			p.MultiCell(0, 8, tr(l[2:]), "", "L", false)
			p.Ln(2)
		case strings.HasPrefix(l, "## "):
			p.Ln(3)
			p.SetFont("Helvetica", "B", 12)
			p.MultiCell(0, 6.5, tr(l[3:]), "", "L", false)
			p.Ln(1)
		case strings.HasPrefix(l, "    "):
			p.SetFont("Courier", "", 9)
			p.SetX(p.GetX() + 4)
			p.MultiCell(0, 4.5, tr(l[4:]), "", "L", false)
		case strings.HasPrefix(l, "- "):
			lay.bullet(l[2:])
		case strings.HasPrefix(l, "|"):
			j := i
			for j < len(lines) && strings.HasPrefix(lines[j], "|") {
				j++
			}
			lay.table(lines[i:j])
			i = j - 1
		case strings.TrimSpace(l) == "":
			p.Ln(2)
		default:
			p.SetFont("Helvetica", "", 10)
			p.MultiCell(0, 5, tr(plainInline(l)), "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pdfLayout writes the parts of a report that need more than one call.
type pdfLayout struct {
	p  *fpdf.Fpdf
	tr func(string) string
}

// bullet is a list item, its text hanging after the bullet.
func (l pdfLayout) bullet(text string) {
	p := l.p
	p.SetFont("Helvetica", "", 10)
	left, _, _, _ := p.GetMargins()
	p.SetX(left + 2)
	p.CellFormat(4, 5, l.tr("•"), "", 0, "L", false, 0, "")
	p.SetLeftMargin(left + 6)
	p.MultiCell(0, 5, l.tr(plainInline(text)), "", "L", false)
	p.SetLeftMargin(left)
	p.SetX(left)
}

// table is a Markdown table: a header row, the alignment row, then the
// rows; each column as wide as its text needs, within the page, and each
// cell's text wrapped within its column.
func (l pdfLayout) table(rows []string) {
	p := l.p
	if len(rows) < 2 {
		return
	}
	head := splitRow(rows[0])
	right := make([]bool, len(head))
	for i, a := range splitRow(rows[1]) {
		if i < len(right) {
			right[i] = strings.HasSuffix(a, ":")
		}
	}
	body := make([][]string, 0, len(rows)-2)
	for _, r := range rows[2:] {
		body = append(body, splitRow(r))
	}
	p.SetFont("Helvetica", "", 8.5)
	pageW, _ := p.GetPageSize()
	left, _, rightM, _ := p.GetMargins()
	avail := pageW - left - rightM
	want := make([]float64, len(head))
	for _, r := range body {
		for i := range head {
			if i < len(r) {
				want[i] = max(want[i], p.GetStringWidth(l.tr(r[i]))+3)
			}
		}
	}
	p.SetFont("Helvetica", "B", 8.5)
	for i, h := range head {
		want[i] = max(want[i], p.GetStringWidth(l.tr(h))+3)
	}
	widths := fitWidths(want, avail)
	const lh = 4.2
	row := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont("Helvetica", style, 8.5)
		n := 1
		for i := range head {
			if i < len(cells) {
				n = max(n, len(p.SplitLines([]byte(l.tr(cells[i])), widths[i]-1)))
			}
		}
		h := float64(n)*lh + 1
		_, pageH := p.GetPageSize()
		_, _, _, bottom := p.GetMargins()
		if p.GetY()+h > pageH-bottom {
			p.AddPage()
		}
		x, y := left, p.GetY()
		for i := range head {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			p.SetXY(x, y)
			p.Rect(x, y, widths[i], h, "D")
			align := "L"
			if right[i] {
				align = "R"
			}
			p.SetXY(x, y+0.5)
			p.MultiCell(widths[i], lh, l.tr(text), "", align, false)
			x += widths[i]
		}
		p.SetXY(left, y+h)
	}
	p.SetDrawColor(160, 160, 160)
	row(head, true)
	for _, r := range body {
		row(r, false)
	}
	p.SetDrawColor(0, 0, 0)
	p.Ln(1)
}

// fitWidths shares the width a table has among its columns: each gets
// what it wants when all fit; otherwise the narrow ones keep theirs and
// the wide ones share the rest by what they want.
func fitWidths(want []float64, avail float64) []float64 {
	out := make([]float64, len(want))
	total := 0.0
	for _, w := range want {
		total += w
	}
	if total <= avail {
		copy(out, want)
		return out
	}
	fair := avail / float64(len(want))
	rest, wide := avail, 0.0
	for i, w := range want {
		if w <= fair {
			out[i] = w
			rest -= w
		} else {
			wide += w
		}
	}
	for i, w := range want {
		if w > fair {
			out[i] = rest * w / wide
		}
	}
	return out
}

// splitRow is the cells of a Markdown table row, unescaped.
func splitRow(r string) []string {
	r = strings.TrimSpace(r)
	r = strings.TrimPrefix(r, "|")
	r = strings.TrimSuffix(r, "|")
	r = strings.ReplaceAll(r, "\\|", "\x00")
	cells := strings.Split(r, "|")
	for i, c := range cells {
		cells[i] = plainInline(strings.TrimSpace(strings.ReplaceAll(c, "\x00", "|")))
	}
	return cells
}

// plainInline is a line of Markdown without its inline marks (code
// spans, bold).
func plainInline(s string) string {
	return strings.NewReplacer("`", "", "**", "").Replace(s)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimPrefix(line, "# ")
}

// pdfText turns text into what the PDF's core fonts can write: the few
// signs Windows-1252 lacks by their nearest, accented letters outside it
// by their letter, then tr (fpdf's translator to Windows-1252).
func pdfText(tr func(string) string) func(string) string {
	signs := strings.NewReplacer("−", "-", "→", "->", "←", "<-", "≥", ">=", "≤", "<=", "…", "...", "\u00a0", " ")
	return func(s string) string {
		s = signs.Replace(s)
		var b strings.Builder
		for _, r := range s {
			if r < 0x80 || inCP1252(r) {
				b.WriteRune(r)
				continue
			}
			base := []rune(norm.NFD.String(string(r)))
			switch {
			case len(base) > 0 && base[0] < 0x80 && unicode.IsLetter(base[0]):
				b.WriteRune(base[0])
			case r == 'ł':
				b.WriteRune('l')
			case r == 'Ł':
				b.WriteRune('L')
			case r == 'đ':
				b.WriteRune('d')
			case r == 'Đ':
				b.WriteRune('D')
			default:
				b.WriteRune('?')
			}
		}
		return tr(b.String())
	}
}

// cp1252High are the characters of Windows-1252 from 0x80 to 0x9f; from
// 0xa0 it is Latin-1.
const cp1252High = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

func inCP1252(r rune) bool {
	return (r >= 0xa0 && r <= 0xff) || strings.ContainsRune(cp1252High, r)
}
