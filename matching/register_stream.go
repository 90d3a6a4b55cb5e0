package matching

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// RegisterBatch is how many good rows ScanRegister hands over at a time
// when asked for no other number: enough that a write of each batch costs
// its rows, not its statements; few enough that a register of a hundred
// thousand rows is never held whole.
const RegisterBatch = 1024

// ScanRegister reads a register file as a stream and checks every row, as
// ParseRegister does, handing the good rows to fn a batch at a time (batch
// rows, or RegisterBatch when batch is 0) in the file's order. The slice
// fn is given is reused for the next batch: fn keeps none of it.
//
// A bad file is still refused whole with every bad line named: once a bad
// row is seen fn is called no more, the rest of the file is read only to
// name its bad lines, and the *RegisterError is returned; so fn must write
// where one error undoes all (one transaction). An error from fn also ends
// the calls, but the file is still read to the end, so that a file with bad
// lines is refused for them whatever fn said; then fn's error is returned.
func ScanRegister(r io.Reader, batch int, fn func([]ProviderLot) error) error {
	if batch <= 0 {
		batch = RegisterBatch
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096) // what there is of it; a failed read fails again below
	semicolons := semicolonSeparated(head)
	lr := &limitedReader{r: br, left: MaxRegisterBytes}
	cr := csv.NewReader(&lineGuard{r: lr})
	cr.FieldsPerRecord = -1
	// Each record's fields are cut from one string made for it, so a row
	// keeps its fields whatever the reader does with the slice.
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &RegisterError{Fatal: "the file is empty: it needs a header row naming the columns " + strings.Join(registerColumns, ",")}
	}
	if err != nil && semicolons {
		return &RegisterError{Fatal: semicolonWords}
	}
	if err != nil {
		return &RegisterError{Fatal: csvProblem(err)}
	}
	columns := make([]string, len(header))
	for i, h := range header {
		columns[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	// A spreadsheet saves the empty columns after the last one it was
	// given, unnamed, and an empty cell for each on every row: they are no
	// columns.
	for len(columns) > 0 && columns[len(columns)-1] == "" {
		columns = columns[:len(columns)-1]
	}
	col := map[string]int{}
	for i, name := range columns {
		if _, dup := col[name]; dup {
			if name == "" {
				return &RegisterError{Fatal: fmt.Sprintf("the header has unnamed columns (column %d is one): name them, or delete them and their cells", i+1)}
			}
			return &RegisterError{Fatal: fmt.Sprintf("the header names column %q twice", clip(Inert(name), 30))}
		}
		col[name] = i
	}
	var missing []string
	for _, c := range registerColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 && semicolons {
		return &RegisterError{Fatal: semicolonWords}
	}
	if len(missing) > 0 {
		return &RegisterError{Fatal: "the header row lacks the column(s) " + strings.Join(missing, ", ") + "; the columns are " + strings.Join(registerColumns, ",") + " (and optionally " + strings.Join(OptionalRegisterColumns(), ", ") + ")"}
	}
	regErr := &RegisterError{}
	out := make([]ProviderLot, 0, min(batch, 1024))
	good := 0 // good rows read
	var fnErr error
	// What the rows seen so far say, to find a repeat, kept compact as a
	// register of a hundred thousand rows is read whole through them: each
	// provider's number and name, and the line of each provider's lot by
	// the provider's number and the lot's.
	provs := map[string]int32{}
	var names []string
	seen := map[uint64]int{}
	lots := allLots()
	var rec []string
	flush := func() {
		if len(out) > 0 && fnErr == nil && len(regErr.Rows) == 0 {
			fnErr = fn(out)
		}
		clear(out) // let the rows handed over go
		out = out[:0]
	}
	for {
		// FieldPos is asked only after a successful Read: after a malformed
		// row there is no field to ask about, and it would panic.
		rec, err = cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, errTooBig) && !errors.Is(err, errLineTooLong) {
				regErr.add(pe.StartLine, []string{csvProblem(err)})
				continue
			}
			return &RegisterError{Fatal: csvProblem(err)}
		}
		line, _ := cr.FieldPos(0)
		if good+len(regErr.Rows)+regErr.More >= MaxRegisterRows {
			return &RegisterError{Fatal: fmt.Sprintf("the file has more than %d rows: split it into smaller files", MaxRegisterRows)}
		}
		// The empty cells of the unnamed columns after the last.
		for len(rec) > len(columns) && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		if !slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" }) {
			continue // a blank line, or a row of empty cells
		}
		// A direction control is named with its column; the rest of the
		// field is checked without it.
		var bidi []string
		for i, f := range rec {
			if found := bidiIn(f); len(found) > 0 {
				name := fmt.Sprintf("column %d", i+1)
				if i < len(columns) && columns[i] != "" {
					name = fmt.Sprintf("%s (column %d)", clip(Inert(columns[i]), 30), i+1)
				}
				bidi = append(bidi, bidiWords(name, found))
				rec[i] = strings.Map(func(r rune) rune {
					if IsBidiControl(r) {
						return -1
					}
					return r
				}, f)
			}
		}
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		p, problems := parseRegisterRow(get)
		problems = append(bidi, problems...)
		if len(rec) != len(columns) {
			problems = append([]string{fmt.Sprintf("has %d fields where the header has %d", len(rec), len(columns))}, problems...)
		}
		if len(problems) == 0 {
			prov, known := provs[p.ProviderID]
			if !known {
				// Copied out of the line, which the map would otherwise
				// keep whole.
				prov = int32(len(names))
				provs[strings.Clone(p.ProviderID)] = prov
				names = append(names, strings.Clone(p.ProviderName))
			}
			key := uint64(prov)*uint64(len(lots)) + uint64(slices.Index(lots, [2]string{p.Framework, p.Lot}))
			if first, dup := seen[key]; dup {
				problems = append(problems, fmt.Sprintf("repeats provider %s on lot %s from line %d", p.ProviderID, p.Lot, first))
			} else {
				seen[key] = line
			}
			if n := names[prov]; n != p.ProviderName {
				problems = append(problems, fmt.Sprintf("names provider %s %q, but an earlier row names it %q", p.ProviderID, clip(p.ProviderName, 40), clip(n, 40)))
			}
		}
		if len(problems) > 0 {
			regErr.add(line, problems)
			continue
		}
		good++
		if len(regErr.Rows) > 0 {
			continue // only read now, to name the bad lines
		}
		out = append(out, p)
		if len(out) == batch {
			flush()
		}
	}
	if len(regErr.Rows) > 0 {
		return regErr
	}
	if good == 0 {
		return &RegisterError{Fatal: "the file has a header but no rows"}
	}
	flush()
	return fnErr
}

// allLots are the frameworks' lots, as framework and lot codes.
func allLots() [][2]string {
	var out [][2]string
	for _, fw := range frameworks {
		for _, l := range fw.lots {
			out = append(out, [2]string{fw.Code, l.Code})
		}
	}
	return out
}
