package service_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// exportFixture is an awarded request (P1 at £1,000; P2 and P4 ranked, P6
// above the cap, P5 declined, P7 silent), a request ended without award
// with a spot purchase, one cancelled and one still open with a sealed
// offer, under an OCID prefix.
func exportFixture(t *testing.T, kind string) (f *fixture, awarded, noAward, open string) {
	t.Helper()
	f, awarded = awardedRequest(t, kind)
	ctx := context.Background()
	noAward = f.draft(t, func(in *matching.RequestInput) { in.CaseRef = "S-2"; in.Initials = "JT"; in.DOB = "2013-02-03" })
	if _, err := f.svc.Broadcast(ctx, "t", noAward); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ProviderRespond(ctx, "P2", noAward, matching.ResponseInput{ProviderID: "P2", Declined: true, Decline: "no vacancy"}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Close(ctx, "t", noAward, "no offers"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Rank(ctx, "t", noAward); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.NoAward(ctx, "t", noAward, "no compliant offer", "=HYPERLINK(\"x\") a spot purchase"); err != nil {
		t.Fatal(err)
	}
	cancelled := f.draft(t, nil)
	if _, err := f.svc.Broadcast(ctx, "t", cancelled); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Cancel(ctx, "t", cancelled, "no longer needed"); err != nil {
		t.Fatal(err)
	}
	open = f.draft(t, nil)
	if _, err := f.svc.Broadcast(ctx, "t", open); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ProviderRespond(ctx, "P1", open, matching.ResponseInput{ProviderID: "P1", Weekly: "1234.56"}); err != nil {
		t.Fatal(err)
	}
	f.draft(t, nil) // a draft: never published
	return f, awarded, noAward, open
}

func compileOCDSSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(service.OCDSSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("placematch-ocds.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("placematch-ocds.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateOCDS(sch *jsonschema.Schema, b []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestExportOCDS: the release package validates against the project's
// schema; a framework release is a DPS; each mini-competition broadcast
// (not a draft) links to it; bids carry each invited provider's status and
// value once opened, none while sealed; the award names its bid; and a
// release broken in any of several ways is rejected by the same schema.
// Without an OCID prefix nothing is written.
func TestExportOCDS(t *testing.T) {
	t.Parallel()
	sch := compileOCDSSchema(t)
	storetest.Each(t, func(t *testing.T, kind string) {
		f, awarded, noAward, open := exportFixture(t, kind)
		ctx := context.Background()
		var buf bytes.Buffer
		if err := f.svc.ExportOCDS(ctx, "t", service.OCDSQuery{}, &buf); !errors.Is(err, matching.ErrConflict) || !strings.Contains(err.Error(), "--ocid-prefix") || buf.Len() != 0 {
			t.Fatalf("without a prefix: %v, %d bytes", err, buf.Len())
		}
		if _, err := f.svc.SetSettings(ctx, "t", map[string]string{matching.SettingOCIDPrefix: "ocds-abc123"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ExportOCDS(ctx, "t", service.OCDSQuery{Council: "sefton"}, &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		if err := validateOCDS(sch, out); err != nil {
			t.Fatalf("the export does not validate: %v\n%s", err, out)
		}
		var pkg struct {
			Releases []map[string]any `json:"releases"`
		}
		if err := json.Unmarshal(out, &pkg); err != nil {
			t.Fatal(err)
		}
		byOCID := map[string]map[string]any{}
		for _, r := range pkg.Releases {
			byOCID[r["ocid"].(string)] = r
		}
		if len(pkg.Releases) != 5 {
			t.Errorf("%d releases, want the framework and 4 mini-competitions (not the draft)", len(pkg.Releases))
		}
		fw := byOCID["ocds-abc123-care-support"]
		if fw == nil || path(fw, "tender", "techniques", "hasDynamicPurchasingSystem") != true {
			t.Fatalf("the framework release: %v", fw)
		}
		aw := byOCID["ocds-abc123-"+awarded]
		if rp := path(aw, "relatedProcesses").([]any)[0].(map[string]any); rp["identifier"] != "ocds-abc123-care-support" || rp["relationship"].([]any)[0] != "framework" {
			t.Errorf("the link to the framework: %v", rp)
		}
		status := map[string]string{}
		for _, d := range path(aw, "bids", "details").([]any) {
			b := d.(map[string]any)
			status[b["tenderers"].([]any)[0].(map[string]any)["id"].(string)] = b["status"].(string)
		}
		want := map[string]string{"provider-P1": "valid", "provider-P2": "valid", "provider-P4": "valid", "provider-P6": "disqualified",
			"provider-P5": "invited"}
		for k, v := range want {
			if status[k] != v {
				t.Errorf("bid of %s: %q, want %q (%v)", k, status[k], v, status)
			}
		}
		if _, listed := status["provider-P7"]; listed || len(status) != 5 {
			t.Errorf("a provider that never answered is listed: %v", status)
		}
		if stats := path(aw, "bids", "statistics").([]any); stats[0].(map[string]any)["measure"] != "requests" || stats[0].(map[string]any)["value"] != 6.0 ||
			stats[2].(map[string]any)["value"] != 3.0 || stats[3].(map[string]any)["value"] != 1.0 {
			t.Errorf("the statistics: %v", stats)
		}
		award := path(aw, "awards").([]any)[0].(map[string]any)
		if award["relatedBid"] != awarded+"-bid-P1" || path(award, "value", "amount") != 1000.0 || path(aw, "tender", "status") != "complete" {
			t.Errorf("the award: %v", award)
		}
		if na := byOCID["ocds-abc123-"+noAward]; path(na, "tender", "status") != "unsuccessful" || na["awards"] != nil {
			t.Errorf("the no award: %v", na)
		}
		if op := byOCID["ocds-abc123-"+open]; op["bids"] != nil || strings.Contains(buf.String(), "1234.56") {
			t.Errorf("a sealed offer is published: %v", op)
		}
		// The same schema refuses a release that breaks it.
		for name, breakIt := range map[string]func(r map[string]any){
			"no ocid":          func(r map[string]any) { delete(r, "ocid") },
			"a bid status":     func(r map[string]any) { path(r, "bids", "details").([]any)[0].(map[string]any)["status"] = "accepted" },
			"a personal field": func(r map[string]any) { r["tender"].(map[string]any)["caseReference"] = "S-1" },
			"a currency": func(r map[string]any) {
				path(r, "awards").([]any)[0].(map[string]any)["value"].(map[string]any)["currency"] = "£"
			},
			"a date":            func(r map[string]any) { r["date"] = "25/11/2026" },
			"an award's bid":    func(r map[string]any) { delete(path(r, "awards").([]any)[0].(map[string]any), "relatedBid") },
			"a valid bid, no £": func(r map[string]any) { delete(path(r, "bids", "details").([]any)[0].(map[string]any), "value") },
		} {
			var p map[string]any
			if err := json.Unmarshal(out, &p); err != nil {
				t.Fatal(err)
			}
			for _, r := range p["releases"].([]any) {
				if r.(map[string]any)["ocid"] == "ocds-abc123-"+awarded {
					breakIt(r.(map[string]any))
				}
			}
			b, _ := json.Marshal(p)
			if err := validateOCDS(sch, b); err == nil {
				t.Errorf("a release with %s validates", name)
			}
		}
	})
}

// path walks a decoded JSON object.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestExportCSV: each table is RFC 4180 (a header, CRLF ends, quoted
// where needed) and a cell that begins with a formula sign is made inert;
// sealed offers are not exported; an unknown table or council is refused.
func TestExportCSV(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, awarded, noAward, open := exportFixture(t, kind)
		ctx := context.Background()
		tables := map[string][][]string{}
		for _, table := range []string{"requests", "offers", "providers"} {
			var buf bytes.Buffer
			if err := f.svc.ExportCSV(ctx, "t", table, "sefton", &buf); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(buf.String(), "\r\n") || strings.Contains(strings.ReplaceAll(buf.String(), "\r\n", ""), "\n") {
				t.Errorf("%s: not CRLF line ends", table)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			tables[table] = rows
		}
		reqs := tables["requests"]
		if len(reqs) != 6 || reqs[0][0] != "id" {
			t.Fatalf("requests: %d rows: %v", len(reqs), reqs)
		}
		var sawAward, sawNoAward bool
		for _, r := range reqs[1:] {
			switch r[0] {
			case awarded:
				sawAward = r[4] == "awarded" && r[16] == "P1" && r[14] == "6" && r[15] == "5"
			case noAward:
				sawNoAward = r[4] == "no_award" && r[18] == "yes"
			}
		}
		if !sawAward || !sawNoAward {
			t.Errorf("requests: %v", reqs)
		}
		offers := tables["offers"]
		for _, r := range offers[1:] {
			if r[0] == open {
				t.Errorf("a sealed offer is exported: %v", r)
			}
		}
		if len(offers) != 7 {
			t.Errorf("offers: %d rows: %v", len(offers), offers)
		}
		var p1 []string
		for _, r := range offers {
			if r[0] == awarded && r[2] == "P1" {
				p1 = r
			}
		}
		if p1 == nil || p1[6] != "100000" || p1[10] != "ranked" || p1[11] != "1" || p1[12] != "86.50" {
			t.Errorf("P1's offer: %v", p1)
		}
		if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader("provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town\n"+
			"P90,=cmd|' /C calc'!A0,company,care-support,packages,admitted,2026-01-05,70,*,16,25,,,,@town\n")); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.svc.ExportCSV(ctx, "t", "providers", "", &buf); err != nil {
			t.Fatal(err)
		}
		rows, _ := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
		var p90 []string
		for _, r := range rows {
			if r[0] == "P90" {
				p90 = r
			}
		}
		if p90 == nil || p90[1] != "'=cmd|' /C calc'!A0" || p90[14] != "'@town" {
			t.Errorf("formulas not made inert: %v\n%s", p90, buf.String())
		}
		for _, c := range []struct{ in, want string }{{"=1+1", "'=1+1"}, {"+44", "'+44"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
			{"\tx", "' x"}, {"\rx", "' x"}, {"plain", "plain"}, {"", ""}, {"a=b", "a=b"}} {
			if got := matching.SpreadsheetInert(c.in); got != c.want {
				t.Errorf("SpreadsheetInert(%q) = %q, want %q", c.in, got, c.want)
			}
		}
		if err := f.svc.ExportCSV(ctx, "t", "invoices", "", &buf); !errors.Is(err, matching.ErrInvalid) || !strings.Contains(err.Error(), "offers, placements, providers, requests") {
			t.Errorf("an unknown table: %v", err)
		}
		if err := f.svc.ExportCSV(ctx, "t", "offers", "atlantis", &buf); !errors.Is(err, matching.ErrInvalid) {
			t.Errorf("an unknown council: %v", err)
		}
	})
}

// TestNoPersonalDataInExports: no export (OCDS, each CSV table) carries a
// request's case reference, initials or date of birth in any form the
// personal-data check knows (matching.FindPersonal).
func TestNoPersonalDataInExports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f, awarded, noAward, open := exportFixture(t, kind)
		ctx := context.Background()
		if _, err := f.svc.SetSettings(ctx, "t", map[string]string{matching.SettingOCIDPrefix: "ocds-abc123"}); err != nil {
			t.Fatal(err)
		}
		// A legacy package with its case reference and date of birth.
		if _, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
			ProviderName: "Old Care", Weekly: "800", Start: "2025-01-06", CaseRef: "LEG-98765", DOB: "2009-05-06"}); err != nil {
			t.Fatal(err)
		}
		outs := map[string]string{}
		for _, council := range []string{"", "sefton"} {
			var buf bytes.Buffer
			if err := f.svc.ExportOCDS(ctx, "t", service.OCDSQuery{Council: council}, &buf); err != nil {
				t.Fatal(err)
			}
			outs["ocds "+council] = buf.String()
			for _, table := range service.CSVTableNames() {
				var buf bytes.Buffer
				if err := f.svc.ExportCSV(ctx, "t", table, council, &buf); err != nil {
					t.Fatal(err)
				}
				outs["csv "+table+" "+council] = buf.String()
			}
		}
		for _, id := range []string{awarded, noAward, open} {
			d, err := f.svc.Show(ctx, "t", id)
			if err != nil {
				t.Fatal(err)
			}
			for name, out := range outs {
				if found := matching.FindPersonal(d.Request, out); len(found) > 0 {
					t.Errorf("%s carries %s's %v", name, id, found)
				}
			}
		}
		if !strings.Contains(outs["csv placements sefton"], "Old Care") {
			t.Errorf("the placements table has no legacy package:\n%s", outs["csv placements sefton"])
		}
		for name, out := range outs {
			for _, secret := range []string{"LEG-98765", "2009-05-06", "06/05/2009"} {
				if strings.Contains(out, secret) {
					t.Errorf("%s carries the legacy placement's %q", name, secret)
				}
			}
		}
		// The search finds what it looks for: the report (the council's
		// own) carries the case reference.
		rep, _ := f.svc.AwardReport(ctx, "t", awarded)
		d, _ := f.svc.Show(ctx, "t", awarded)
		if len(matching.FindPersonal(d.Request, rep)) == 0 {
			t.Error("the search does not find the case reference in the report")
		}
	})
}
