package service_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// The people the access table is tried as, in the order of the expected
// strings below. The request acted on is Sefton's, on care-support, to
// which P1 (and P2) were invited; P3, suspended, was not.
var accessPeople = []matching.Person{
	{Name: "Sam Sefton", Role: matching.RoleOfficer, Scope: "sefton"},
	{Name: "Wyn Wirral", Role: matching.RoleOfficer, Scope: "wirral"},
	{Name: "Cath Care", Role: matching.RoleCommissioner, Scope: "care-support"},
	{Name: "Lee Leaving", Role: matching.RoleCommissioner, Scope: "leaving-care"},
	{Name: "One Ltd", Role: matching.RoleProvider, Scope: "P1"},
	{Name: "Three Ltd", Role: matching.RoleProvider, Scope: "P3"},
	{Name: "Audrey", Role: matching.RoleAuditor},
	{Name: "Ada Admin", Role: matching.RoleAdmin},
}

// stages a request is brought to before an operation is tried on it.
const (
	atDraft = iota
	atOpen
	atRanked
)

type accessCase struct {
	op    service.Op
	stage int
	// want is each person's outcome, in accessPeople's order: y allowed,
	// r refused with words, n "not found" exactly as for a missing request.
	want string
	run  func(ctx context.Context, f *fixture, id string) error
}

func str(s string) *string { return &s }

func newKey(t testing.TB) []byte {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, _ := ssh.NewPublicKey(pub)
	return ssh.MarshalAuthorizedKey(pk)
}

type okSender struct{}

func (okSender) Send(service.Message) error { return nil }
func (okSender) Via() string                { return "test" }

var accessCases = []accessCase{
	{service.OpRequestList, atOpen, "yyyyyyyr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Requests(ctx, service.RequestFilter{})
		return err
	}},
	{service.OpRequestShow, atOpen, "ynynnnyn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Show(ctx, "t", id)
		return err
	}},
	{service.OpRequestNew, atOpen, "yrrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.NewDraft(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-2"})
		return err
	}},
	{service.OpRequestEdit, atDraft, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.EditDraft(ctx, "t", id, func(in *matching.RequestInput) { in.Summary = "Likes buses." })
		return err
	}},
	{service.OpRequestPreview, atDraft, "ynnnnnnn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.PreviewBroadcast(ctx, id)
		return err
	}},
	{service.OpRequestBroadcast, atDraft, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Broadcast(ctx, "t", id)
		return err
	}},
	{service.OpRequestAnswer, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P2", Weekly: "900"})
		return err
	}},
	{service.OpRequestExtend, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Extend(ctx, "t", id, time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	}},
	{service.OpRequestMoveStart, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.MoveStart(ctx, "t", id, time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC), "the room is not ready")
	}},
	{service.OpRequestCancel, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Cancel(ctx, "t", id, "no longer needed")
	}},
	{service.OpRequestClose, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Close(ctx, "t", id, "enough offers")
	}},
	{service.OpRequestRank, atRanked, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Rank(ctx, "t", id)
		return err
	}},
	{service.OpRequestAward, atRanked, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Award(ctx, "t", id, "P1", "the best offer")
	}},
	{service.OpRequestNote, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Note(ctx, "t", id, "phoned the social worker")
	}},
	{service.OpRequestReport, atRanked, "ynnnnnyn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.AwardReport(ctx, "t", id)
		return err
	}},
	{service.OpRequestScenario, atRanked, "ynnnnnyn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Scenario(ctx, id)
		return err
	}},
	{service.OpRequestTrail, atOpen, "ynnnnnyn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Audit(ctx, id)
		return err
	}},
	{service.OpInvitationList, atOpen, "rrrrynrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.ProviderInvitations(ctx, "P1")
		return err
	}},
	{service.OpInvitationShow, atOpen, "nnnnynnn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.ProviderShow(ctx, "P1", id)
		return err
	}},
	{service.OpInvitationAnswer, atOpen, "rrrryrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.ProviderRespond(ctx, "P1", id, matching.ResponseInput{Weekly: "1000"})
		return err
	}},
	{service.OpRegisterRead, atOpen, "yyyyyyyr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Providers(ctx, service.ProviderFilter{})
		return err
	}},
	{service.OpRegisterImport, atOpen, "rryrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(strings.Replace(register, "Bootle", "Crosby", 1)))
		return err
	}},
	{service.OpProviderHistory, atOpen, "yyyyrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.ProviderHistory(ctx, "P1")
		return err
	}},
	{service.OpCouncilRead, atOpen, "yryyrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Council(ctx, "sefton")
		return err
	}},
	{service.OpCouncilSet, atOpen, "yryyrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.SetCouncil(ctx, "t", "sefton", service.CouncilChange{Contact: service.ContactChange{Name: str("Placements team")}})
	}},
	{service.OpSettingsRead, atOpen, "rrrrrryy", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Settings(ctx)
		return err
	}},
	{service.OpSettingsSet, atOpen, "rrrrrrry", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.SetSettings(ctx, "t", map[string]string{"mail-from": "placements@region.example.gov.uk"})
		return err
	}},
	{service.OpPeopleList, atOpen, "rrrrrrry", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.People(ctx)
		return err
	}},
	{service.OpPeopleManage, atOpen, "rrrrrrry", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.AddPerson(ctx, "t", matching.Person{Name: "New Person", Role: matching.RoleAuditor}, f.key)
		return err
	}},
	{service.OpAuditTrail, atOpen, "rrrrrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.AuditPage(ctx, service.AuditQuery{})
		return err
	}},
	{service.OpAuditVerify, atOpen, "rrrrrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.VerifyAudit(ctx)
		return err
	}},
	{service.OpOutboxRead, atOpen, "ynnnnnyn", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Deliveries(ctx, id)
		return err
	}},
	{service.OpOutboxSend, atOpen, "yyyyrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Deliver(ctx, okSender{}, service.Envelope{})
		return err
	}},
	{service.OpOutboxResend, atOpen, "ynrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Resend(ctx, id, "")
		return err
	}},
	{service.OpBackup, atOpen, "rrrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Backup(ctx, "t", filepath.Join(f.dir, "copy.db"))
	}},
	{service.OpRestore, atOpen, "rrrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.RecordRestore(ctx, "t", "copy.db")
		return err
	}},
	{service.OpDemoGenerate, atOpen, "rrrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.Allow(ctx, service.OpDemoGenerate, service.Target{})
	}},
	{service.OpProviderApply, atOpen, "rrryyrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Apply(ctx, "t", matching.ApplyInput{ProviderID: "P1", Name: "One", Kind: "company", Lot: "floating-support", Serves: "*"})
		return err
	}},
	{service.OpApplicationsRead, atOpen, "rryrrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Applications(ctx, "care-support")
		return err
	}},
	{service.OpRegisterDecide, atOpen, "rryrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Reinstate(ctx, "t", "P3", "packages")
		return err
	}},
	{service.OpProviderLeave, atOpen, "rryryrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Leave(ctx, "t", "P1", "packages", "the service is closing")
		return err
	}},
	{service.OpPlacementRead, atOpen, "yrrrrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Placements(ctx, service.PlacementFilter{Council: "sefton"})
		return err
	}},
	{service.OpPlacementChange, atOpen, "yrrrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.AddPlacement(ctx, "t", matching.PlacementInput{Council: "sefton", Lot: "packages", Kind: "legacy",
			ProviderName: "Old Care", Weekly: "800", Start: "2026-01-05", CaseRef: "S-9"})
		return err
	}},
	{service.OpSpendRead, atOpen, "yryyrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Spend(ctx, service.SpendFilter{Council: "sefton"})
		return err
	}},
	{service.OpFrameworkRead, atOpen, "yyyyyyyr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Framework(ctx, "care-support")
		return err
	}},
	{service.OpFrameworkTerm, atOpen, "rryrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.SetTerm(ctx, "t", "care-support", time.Date(2025, 3, 7, 0, 0, 0, 0, time.UTC), "2+1+1")
		return err
	}},
	{service.OpPurchaserAdd, atOpen, "rryrrrrr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.AddPurchaser(ctx, "t", "cmicb", "NHS Cheshire and Merseyside ICB", "care-support", "")
		return err
	}},
	{service.OpAttention, atOpen, "yryyrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Attention(ctx, service.AttentionScope{Council: "sefton"})
		return err
	}},
	{service.OpInsight, atOpen, "yryyrryr", func(ctx context.Context, f *fixture, id string) error {
		_, err := f.svc.Insight(ctx, "t", service.InsightQuery{Council: "sefton"})
		return err
	}},
	{service.OpExport, atOpen, "yrrrrryr", func(ctx context.Context, f *fixture, id string) error {
		return f.svc.ExportCSV(ctx, "t", "requests", "sefton", io.Discard)
	}},
}

// readOnly are the operations that change nothing (or nothing that would
// refuse the same again): each allowed person may try them on one store.
var readOnly = map[service.Op]bool{
	service.OpRequestList: true, service.OpRequestShow: true, service.OpRequestPreview: true, service.OpRequestReport: true,
	service.OpRequestScenario: true, service.OpRequestTrail: true, service.OpInvitationList: true, service.OpInvitationShow: true,
	service.OpRegisterRead: true, service.OpProviderHistory: true, service.OpCouncilRead: true, service.OpSettingsRead: true,
	service.OpPeopleList: true, service.OpAuditTrail: true, service.OpAuditVerify: true, service.OpOutboxRead: true,
	service.OpOutboxSend: true, service.OpApplicationsRead: true, service.OpPlacementRead: true, service.OpSpendRead: true,
	service.OpFrameworkRead: true, service.OpAttention: true, service.OpInsight: true, service.OpExport: true,
}

// accessFixture is a store with Sefton's request brought to the stage.
func accessFixture(t *testing.T, kind string, stage int) (*fixture, string) {
	t.Helper()
	f := newFixture(t, kind)
	f.key, f.dir = newKey(t), t.TempDir()
	ctx := context.Background()
	id := f.draft(t, nil)
	if stage == atDraft {
		return f, id
	}
	if _, err := f.svc.Broadcast(ctx, "t", id); err != nil {
		t.Fatal(err)
	}
	if stage == atOpen {
		return f, id
	}
	if _, err := f.svc.Respond(ctx, "t", id, matching.ResponseInput{ProviderID: "P1", Weekly: "1000"}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Close(ctx, "t", id, "enough offers"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Rank(ctx, "t", id); err != nil {
		t.Fatal(err)
	}
	return f, id
}

// TestAccessTable: every operation as every role, through the one
// authorisation point: allowed; refused with words saying who is signed
// in, what they may not do and who may; or, for a request they may not
// see, "not found" exactly as for a request that does not exist. Nothing
// refused changes the store. The store's owner (no one signed in) may do
// everything.
func TestAccessTable(t *testing.T) {
	t.Parallel()
	if len(accessCases) != len(service.Ops()) {
		t.Fatalf("the table tries %d operations of %d: add the new ones", len(accessCases), len(service.Ops()))
	}
	for i, c := range accessCases {
		if c.op != service.Op(i) || len(c.want) != len(accessPeople) {
			t.Fatalf("case %d is %v with %d outcomes", i, c.op, len(c.want))
		}
	}
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, c := range accessCases {
			t.Run(strings.ReplaceAll(c.op.String(), " ", "_"), func(t *testing.T) {
				t.Parallel()
				// The refusals first, on one store, which none may change.
				f, id := accessFixture(t, kind, c.stage)
				head := func() matching.Anchor {
					a, err := f.svc.AuditAnchor(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					return a
				}
				before := head()
				missing := matching.RequestNotFound(id).Error()
				for i, p := range accessPeople {
					if c.want[i] == 'y' {
						continue
					}
					err := c.run(service.WithPerson(context.Background(), p), f, id)
					switch c.want[i] {
					case 'r':
						if matching.KindOf(err) != matching.KindConflict || !strings.Contains(err.Error(), "you are signed in as "+p.Name) {
							t.Errorf("%s as %s: want refused in words, got %v", c.op, p.RoleWords(), err)
						}
					case 'n':
						if !errors.Is(err, matching.ErrNotFound) || (strings.Contains(c.op.String(), "request") || c.op == service.OpOutboxRead || c.op == service.OpInvitationShow) && err.Error() != missing {
							t.Errorf("%s as %s: want %q, got %v", c.op, p.RoleWords(), missing, err)
						}
					}
					if service.Allowed(service.WithPerson(context.Background(), p), c.op, service.Target{Council: "sefton", Framework: "care-support", Provider: "P1"}) && c.want[i] == 'r' && c.op != service.OpRequestNew && c.op != service.OpProviderApply {
						// Allowed on Sefton's request itself but refused: only
						// scope-refusals may differ from the table.
						t.Errorf("%s as %s: Allowed says yes, the operation said no", c.op, p.RoleWords())
					}
				}
				if after := head(); after != before {
					t.Errorf("%s: a refused operation changed the trail: %v → %v", c.op, before, after)
				}
				// Each allowed person, on a store of their own (an
				// allowed change may rule out the next).
				for i, p := range append(accessPeople, matching.Owner("owner")) {
					if i < len(c.want) && c.want[i] != 'y' {
						continue
					}
					f, id := f, id
					if i > 0 && !readOnly[c.op] {
						f, id = accessFixture(t, kind, c.stage)
					}
					ctx := context.Background()
					if p.Role != matching.RoleOwner {
						ctx = service.WithPerson(ctx, p)
					}
					if c.op == service.OpBackup || c.op == service.OpRestore || c.op == service.OpDemoGenerate {
						if err := c.run(ctx, f, id); err != nil {
							t.Errorf("%s as the owner: %v", c.op, err)
						}
						continue
					}
					if err := c.run(ctx, f, id); err != nil {
						t.Errorf("%s as %s: want allowed, got %v", c.op, p.RoleWords(), err)
					}
				}
			})
		}
	})
}

// TestAccessVisibility: what each person reads is exactly theirs: the
// requests of their council, framework or invitations; the register rows
// of their framework or their own; a commissioner reads a request without
// its personal data; a provider's record shows an officer only their
// council's requests.
func TestAccessVisibility(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		sef := f.draft(t, nil)
		if _, err := f.svc.Broadcast(ctx, "t", sef); err != nil {
			t.Fatal(err)
		}
		wir := f.draft(t, func(in *matching.RequestInput) { in.Council = "wirral" })
		tam, err := f.svc.NewDraft(ctx, "t", matching.RequestInput{Council: "tameside", Lot: "floating-support", CaseRef: "T-1"})
		if err != nil {
			t.Fatal(err)
		}
		wantLists := map[string][]string{
			"Sam Sefton": {sef}, "Wyn Wirral": {wir}, "Cath Care": {sef, wir}, "Lee Leaving": {tam.ID},
			"One Ltd": {sef}, "Three Ltd": {}, "Audrey": {sef, wir, tam.ID},
		}
		wantRegister := map[string]string{
			"Sam Sefton": "P1 P2 P3", "Wyn Wirral": "P1 P2 P3", "Cath Care": "P1 P2 P3", "Lee Leaving": "",
			"One Ltd": "P1", "Three Ltd": "P3", "Audrey": "P1 P2 P3",
		}
		for _, p := range accessPeople {
			pctx := service.WithPerson(ctx, p)
			rows, err := f.svc.Requests(pctx, service.RequestFilter{})
			if p.Role == matching.RoleAdmin {
				if err == nil {
					t.Errorf("the admin listed requests: %v", rows)
				}
				continue
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if strings.Join(got, " ") != strings.Join(sortedIDs(wantLists[p.Name], rows), " ") || len(got) != len(wantLists[p.Name]) {
				t.Errorf("%s lists %v, want %v", p.RoleWords(), got, wantLists[p.Name])
			}
			// Asking for another council's list shows nothing, not an error.
			if other, err := f.svc.Requests(pctx, service.RequestFilter{Council: "wirral"}); err != nil || p.Role == matching.RoleOfficer && p.Scope == "sefton" && len(other) != 0 {
				t.Errorf("%s asking for Wirral's: %d rows, %v", p.RoleWords(), len(other), err)
			}
			lots, err := f.svc.Providers(pctx, service.ProviderFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, l := range lots {
				ids = append(ids, l.ProviderID)
			}
			if strings.Join(ids, " ") != wantRegister[p.Name] {
				t.Errorf("%s reads the register %v, want %q", p.RoleWords(), ids, wantRegister[p.Name])
			}
		}
		// A commissioner reads the request without its personal data.
		d, err := f.svc.Show(service.WithPerson(ctx, accessPeople[2]), "t", sef)
		if err != nil || d.Request.CaseRef != "" || d.Request.Initials != "" || !d.Request.DOB.IsZero() || d.Notes != nil {
			t.Errorf("the commissioner read %+v, %v", d.Request, err)
		}
		if d, err := f.svc.Show(service.WithPerson(ctx, accessPeople[0]), "t", sef); err != nil || d.Request.CaseRef != "S-1" {
			t.Errorf("the officer read %q, %v", d.Request.CaseRef, err)
		}
		// P1's record: Sefton's officer sees Sefton's request, Wirral's none.
		for i, want := range []int{1, 0} {
			h, err := f.svc.ProviderHistory(service.WithPerson(ctx, accessPeople[i]), "P1")
			if err != nil || len(h.Requests) != want {
				t.Errorf("%s reads P1's record with %d requests (%v), want %d", accessPeople[i].RoleWords(), len(h.Requests), err, want)
			}
		}
	})
}

// sortedIDs is want in the list's order (newest first).
func sortedIDs(want []string, rows []service.RequestSummary) []string {
	in := map[string]bool{}
	for _, w := range want {
		in[w] = true
	}
	var out []string
	for _, r := range rows {
		if in[r.ID] {
			out = append(out, r.ID)
		}
	}
	return out
}
