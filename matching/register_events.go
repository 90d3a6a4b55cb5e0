package matching

import (
	"strconv"
	"strings"
)

// ImportResult says what an import of the register changed.
type ImportResult struct {
	Rows      int `json:"rows"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// registerValues are a register row's columns as events record them, in
// the file's order.
func registerValues(p ProviderLot) Fields {
	vac := "none"
	if p.Vacancies != nil {
		vac = strconv.Itoa(*p.Vacancies)
	}
	return Fields{
		{"name", p.ProviderName}, {"kind", p.Kind}, {"status", string(p.Status)}, {"admitted on", ShowDate(p.AdmittedOn)},
		{"quality", strconv.FormatFloat(p.Quality, 'f', -1, 64)}, {"serves", strings.Join(p.Serves, " ")},
		{"min age", strconv.Itoa(p.MinAge)}, {"cover until", strconv.Itoa(p.CoverUntil)}, {"ofsted urn", p.OfstedURN},
		{"capabilities", strings.Join(p.Capabilities, " ")}, {"vacancies", vac}, {"town", p.Town}, {"email", p.Email}, {"phone", p.Phone},
	}
}

// ImportRegister records an import of checked register rows, given what
// each row was before (nil when new) and the file's SHA-256: an event for
// each row added or changed, holding the row whole or each column that
// changed with its new value and, as "was COLUMN", its old one; and one for
// the import itself.
func ImportRegister(act Act, rows []ProviderLot, before []*ProviderLot, sha256 string) (ImportResult, []Event) {
	var res ImportResult
	evs := RegisterRowEvents(act, rows, before, &res, nil)
	return res, append(evs, RegisterImported(act, res, sha256))
}

// RegisterRowEvents records a batch of an import's rows, as ImportRegister
// does, appending an event for each row added or changed to evs and
// counting the rows into res: an import read as a stream records its
// batches in the file's order and then, when the whole file is read, the
// import itself (RegisterImported).
func RegisterRowEvents(act Act, rows []ProviderLot, before []*ProviderLot, res *ImportResult, evs []Event) []Event {
	res.Rows += len(rows)
	for i, p := range rows {
		key := []string{"provider", p.ProviderID, "framework", p.Framework, "lot", p.Lot}
		now := registerValues(p)
		if before[i] == nil {
			res.Added++
			ev := act.event("", ActionProviderAdded, key...)
			ev.Fields = append(make(Fields, 0, len(ev.Fields)+len(now)), ev.Fields...)
			for _, f := range now {
				if f.Value != "" {
					ev.Fields = append(ev.Fields, f)
				}
			}
			evs = append(evs, ev)
			continue
		}
		was := registerValues(*before[i])
		var changed []string
		for j, f := range now {
			if f.Value != was[j].Value {
				changed = append(changed, f.Name, orNone(f.Value), "was "+f.Name, orNone(was[j].Value))
			}
		}
		if len(changed) == 0 {
			res.Unchanged++
			continue
		}
		res.Updated++
		evs = append(evs, act.event("", ActionProviderUpdated, append(key, changed...)...))
	}
	return evs
}

// RegisterImported records the import of a register file whose rows did
// what res counts, with the file's SHA-256.
func RegisterImported(act Act, res ImportResult, sha256 string) Event {
	return act.event("", ActionRegisterImported, "rows", strconv.Itoa(res.Rows), "added", strconv.Itoa(res.Added),
		"updated", strconv.Itoa(res.Updated), "sha256", sha256)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
