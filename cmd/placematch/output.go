package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"placematch/matching"
)

// newTable starts a table with a header of columns: rows written to it
// with their cells separated by tabs line up two spaces apart when it is
// flushed.
func newTable(w io.Writer, columns ...string) *tabwriter.Writer {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(columns, "\t"))
	return tw
}

func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return writeJSONText(w, buf.Bytes())
}

// printJSONList writes a list exactly as printJSON does, an element at a
// time: a region's lists run to tens of megabytes of JSON, which printJSON
// would build and indent whole before writing a byte.
func printJSONList[T any](w io.Writer, items []T) error {
	l := newJSONList(w)
	for _, it := range items {
		if err := l.add(it); err != nil {
			return err
		}
	}
	return l.close()
}

// jsonList writes a list as printJSON writes it whole, element by element,
// for lists too long to hold (the audit trail of a region).
type jsonList struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONList(w io.Writer) *jsonList {
	l := &jsonList{w: w}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetIndent("  ", "  ")
	return l
}

func (l *jsonList) add(v any) error {
	if l.n == 0 {
		l.buf.WriteString("[\n  ")
	} else {
		l.buf.WriteString(",\n  ")
	}
	l.n++
	if err := l.enc.Encode(v); err != nil {
		return err
	}
	l.buf.Truncate(l.buf.Len() - 1) // Encode's newline
	if l.buf.Len() < 32<<10 {
		return nil
	}
	// Whole elements only, so no character is cut in two.
	err := writeJSONText(l.w, l.buf.Bytes())
	l.buf.Reset()
	return err
}

func (l *jsonList) close() error {
	if l.n == 0 {
		l.buf.WriteString("[]\n")
	} else {
		l.buf.WriteString("\n]\n")
	}
	return writeJSONText(l.w, l.buf.Bytes())
}

// writeJSONText writes JSON from encoding/json. It escapes C0 controls but
// not DEL, the C1 controls (U+0080 to U+009F, CSI among them), which some
// terminals obey, or the bidirectional controls (matching.IsBidiControl),
// which reorder what a terminal shows. Outside strings JSON is ASCII, so
// escaping them keeps the same JSON, and the same values.
func writeJSONText(w io.Writer, b []byte) error {
	if !jsonNeedsEscape(b) {
		_, err := w.Write(b)
		return err
	}
	var out strings.Builder
	for _, r := range string(b) {
		if (r >= 0x7f && r < 0xa0) || matching.IsBidiControl(r) {
			fmt.Fprintf(&out, "\\u%04x", r)
		} else {
			out.WriteRune(r)
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// jsonNeedsEscape reports whether b holds what writeJSONText escapes. In
// UTF-8, DEL is the byte 0x7f, a C1 control 0xc2 then 0x80 to 0x9f, and the
// bidirectional controls start 0xd8 (U+061C) or 0xe2 (U+200E and on), so
// only a character starting with one of those is decoded.
func jsonNeedsEscape(b []byte) bool {
	if bytes.IndexByte(b, 0x7f) >= 0 {
		return true
	}
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case 0xc2, 0xd8, 0xe2:
			r, _ := utf8.DecodeRune(b[i:])
			if (r >= 0x80 && r < 0xa0) || matching.IsBidiControl(r) {
				return true
			}
		}
	}
	return false
}

// plural counts a noun in English: 1 row, 2 rows, 1 vacancy, 3 vacancies.
func plural(n int, noun string) string {
	many := noun + "s"
	if strings.HasSuffix(noun, "y") {
		many = strings.TrimSuffix(noun, "y") + "ies"
	}
	return matching.Plural(n, noun, many)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return matching.Inert(s)
}
