package service

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"placematch/matching"
)

// CSVTable is a table export csv writes: its columns, and how its rows are
// read from a store snapshot for a council ("" for the whole region). Rows
// give plain values; the exporter makes every cell inert for spreadsheets.
// No table carries a case reference, initials or a date of birth.
type CSVTable struct {
	Name    string
	Columns []string
	Rows    func(tx Tx, council string, row func(cells []string) error) error
}

// csvTables are the tables by name. Another area adds its own with
// AddCSVTable (placements, for one).
var csvTables = map[string]CSVTable{}

// AddCSVTable makes a table exportable by its name.
func AddCSVTable(t CSVTable) { csvTables[t.Name] = t }

// CSVTableNames are the names of the tables that can be exported, sorted.
func CSVTableNames() []string {
	names := make([]string, 0, len(csvTables))
	for n := range csvTables {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func init() {
	AddCSVTable(CSVTable{Name: "requests", Columns: []string{"id", "council", "framework", "lot", "status", "urgency", "created_at", "broadcast_at",
		"deadline", "closed_at", "opened_at", "ended_at", "weights", "price_cap_pence", "invited", "answered", "awarded_to", "end_reason", "spot_purchase"},
		Rows: requestRows})
	AddCSVTable(CSVTable{Name: "offers", Columns: []string{"request_id", "council", "provider_id", "provider_name", "received_at", "answer",
		"weekly_price_pence", "cover_until", "decline_reason", "withdrawn_at", "outcome", "rank", "total"}, Rows: offerRows})
	AddCSVTable(CSVTable{Name: "providers", Columns: []string{"provider_id", "provider_name", "kind", "framework", "lot", "status", "admitted_on",
		"quality", "serves", "min_age", "cover_until", "ofsted_urn", "capabilities", "vacancies", "town"}, Rows: providerRows})
}

// ExportCSV writes a table as CSV (RFC 4180: a header row, CRLF line
// ends, quotes where needed; UTF-8), for a council or the whole region
// (council ""), every cell inert for spreadsheets (see
// matching.SpreadsheetInert).
func (s *Service) ExportCSV(ctx context.Context, actor, table, council string, w io.Writer) error {
	council, err := ownCouncilOf(ctx, OpExport, strings.TrimSpace(council))
	if err != nil {
		return err
	}
	t, ok := csvTables[table]
	if !ok {
		return matching.Invalidf("no table %q to export: give one of %s", matching.Inert(table), strings.Join(CSVTableNames(), ", "))
	}
	if council != "" {
		if _, ok := matching.CouncilBySlug(council); !ok {
			return matching.Invalidf("no council %q: give a council's slug, as council show lists them (e.g. sefton)", matching.Inert(council))
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	err = s.store.View(ctx, func(tx Tx) error {
		return t.Rows(tx, council, func(cells []string) error { return cw.Write(matching.SpreadsheetRow(cells)) })
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func requestRows(tx Tx, council string, row func([]string) error) error {
	invited, answered := map[string]int{}, map[string]int{}
	if err := tx.EachInvited(func(id string, ids []string) error { invited[id] = len(ids); return nil }); err != nil {
		return err
	}
	if err := tx.EachAnswer(func(id string, _ matching.Response) error { answered[id]++; return nil }); err != nil {
		return err
	}
	return tx.EachRequestRow(func(r matching.Request) error {
		if council != "" && r.Council != council {
			return nil
		}
		priceCap := ""
		if r.PriceCap > 0 {
			priceCap = strconv.FormatInt(int64(r.PriceCap), 10)
		}
		return row([]string{r.ID, r.Council, r.Framework, r.Lot, r.Status.String(), string(r.Urgency), rfc3339(r.CreatedAt), rfc3339(r.BroadcastAt),
			rfc3339(r.Deadline), rfc3339(r.ClosedAt), rfc3339(r.OpenedAt), rfc3339(r.EndedAt), r.Weights.String(), priceCap,
			strconv.Itoa(invited[r.ID]), strconv.Itoa(answered[r.ID]), r.AwardedTo, r.EndReason, yes(r.SpotPurchase != "")})
	})
}

// yes is "yes" or "": the spot purchase's own text stays in the store
// (it may say more than a table should carry).
func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// offerRows are the answers of requests whose offers are opened: a sealed
// offer is never exported.
func offerRows(tx Tx, council string, row func([]string) error) error {
	opened, err := tx.OpenedRequests()
	if err != nil {
		return err
	}
	councils := map[string]string{}
	if err := tx.EachRequestRow(func(r matching.Request) error {
		if opened[r.ID] && (council == "" || r.Council == council) {
			councils[r.ID] = r.Council
		}
		return nil
	}); err != nil {
		return err
	}
	type place struct {
		outcome, rank, total string
	}
	outcome := map[[2]string]place{}
	if err := tx.EachRanking(func(id string) bool { return councils[id] != "" }, func(id string, rk matching.Ranking) error {
		for _, s := range rk.Ranked {
			outcome[[2]string{id, s.ProviderID}] = place{"ranked", strconv.Itoa(s.Rank), s.Rounded}
		}
		for _, x := range rk.Excluded {
			outcome[[2]string{id, x.ProviderID}] = place{"not ranked: " + matching.ExclusionWords(x.Reason), "", ""}
		}
		return nil
	}); err != nil {
		return err
	}
	names, err := providerNames(tx)
	if err != nil {
		return err
	}
	type answer struct {
		id string
		r  matching.Response
	}
	var rows []answer
	if err := tx.EachAnswer(func(id string, a matching.Response) error {
		if councils[id] != "" {
			rows = append(rows, answer{id, a})
		}
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(rows, func(a, b answer) int {
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return strings.Compare(a.r.ProviderID, b.r.ProviderID)
	})
	for _, a := range rows {
		r := a.r
		kind, weekly, cover := "offer", strconv.FormatInt(int64(r.Weekly), 10), ""
		if r.Declined {
			kind, weekly = "decline", ""
		}
		if r.CoverUntil > 0 {
			cover = strconv.Itoa(r.CoverUntil)
		}
		p := outcome[[2]string{a.id, r.ProviderID}]
		if err := row([]string{a.id, councils[a.id], r.ProviderID, names[r.ProviderID], rfc3339(r.Received), kind, weekly, cover, r.DeclineReason,
			rfc3339(r.WithdrawnAt), p.outcome, p.rank, p.total}); err != nil {
			return err
		}
	}
	return nil
}

// providerRows are the register's rows: of providers serving the council,
// or all.
func providerRows(tx Tx, council string, row func([]string) error) error {
	lots, err := tx.ProviderLots(ProviderFilter{Council: council})
	if err != nil {
		return err
	}
	for _, l := range lots {
		vac := ""
		if l.Vacancies != nil {
			vac = strconv.Itoa(*l.Vacancies)
		}
		if err := row([]string{l.ProviderID, l.ProviderName, l.Kind, l.Framework, l.Lot, string(l.Status), matching.ShowDate(l.AdmittedOn),
			strconv.FormatFloat(l.Quality, 'f', -1, 64), strings.Join(l.Serves, ";"), strconv.Itoa(l.MinAge), strconv.Itoa(l.CoverUntil),
			l.OfstedURN, strings.Join(l.Capabilities, ";"), vac, l.Town}); err != nil {
			return err
		}
	}
	return nil
}

// rfc3339 is an instant in UTC, RFC 3339; "" for none.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
