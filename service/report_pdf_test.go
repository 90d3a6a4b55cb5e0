package service_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"placematch/service"
	"placematch/store/storetest"
)

// pdfText is the text a PDF writes with Tj, page by page in order: each
// content stream, inflated when compressed, and the strings shown in it
// (Windows-1252, as the core fonts take them).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	streams := regexp.MustCompile(`(?s)<<([^>]*)>>\s*stream\r?\n(.*?)\r?\nendstream`)
	shown := regexp.MustCompile(`\(((?:\\.|[^\\)])*)\) ?Tj`)
	var out strings.Builder
	for _, m := range streams.FindAllSubmatch(pdf, -1) {
		body := m[2]
		if bytes.Contains(m[1], []byte("FlateDecode")) {
			r, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				continue // a font or an image, not a page
			}
			if body, err = io.ReadAll(r); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range shown.FindAllSubmatch(body, -1) {
			text := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(string(s[1]))
			out.WriteString(cp1252ToUTF8(text))
			out.WriteByte('\n')
		}
	}
	return out.String()
}

func cp1252ToUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x96:
			b.WriteRune('–')
		case c == 0x92:
			b.WriteRune('’')
		case c == 0x95:
			b.WriteRune('•')
		case c >= 0xa0:
			b.WriteRune(rune(c))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TestAwardReportPDF: the PDF of a report is a PDF (header, pages, end),
// and read back it says what the Markdown says: the title, the pound
// amounts and the multiplication sign written in the core font's own code
// page, each ranked row, and the page numbers; a letter outside that code
// page loses only its accent.
func TestAwardReportPDF(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, id := awardedRequest(t, kind)
		ctx := context.Background()
		b, err := f.svc.AwardReportPDF(ctx, "t", id)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
			t.Fatalf("not a PDF: %.40q", b)
		}
		pages := bytes.Count(b, []byte("/Type /Page\n"))
		if pages < 2 {
			t.Errorf("%d pages: the report should run to two at least", pages)
		}
		text := pdfText(t, b)
		for _, want := range []string{"Award report: " + id, "Contracting authority: Sefton Council", "£1,000.00", "total = (50 × Q + 35 × P + 15 × A) / 100",
			"Awarded to One (P1), rank 1, at £1,000.00 a week.", "86.50", "76.92", "73.64", "Page 1 of " + strconv.Itoa(pages), "suspended on this lot",
			"audit verify --anchor N:HASH"} {
			if !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) && !strings.Contains(text, want) {
				t.Errorf("the PDF does not say %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "KM") || strings.Contains(text, "2014-05-05") {
			t.Error("the PDF carries the initials or the date of birth")
		}
	})
	plain, err := service.ReportPDF("# Report: Łódź Care – Zoë’s home\n\nA − B → C £5\n", "X-1", time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), false)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, plain)
	for _, want := range []string{"Report: Lódz Care – Zoë’s home", "A - B -> C £5"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q:\n%s", want, text)
		}
	}
}
