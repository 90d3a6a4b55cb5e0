package matching

// SpreadsheetInert is a cell of an exported table made safe to open in a
// spreadsheet: a cell that begins with =, +, -, @, a tab or a carriage
// return would be read as a formula (and could run one), so it is given a
// leading apostrophe, which spreadsheets show as text and do not keep as
// part of the value. Control characters and bidirectional overrides are
// made inert as everywhere else text leaves the program (see Inert).
func SpreadsheetInert(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		s = "'" + s
	}
	return Inert(s)
}

// SpreadsheetRow is a row of cells, each made SpreadsheetInert.
func SpreadsheetRow(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = SpreadsheetInert(c)
	}
	return out
}
