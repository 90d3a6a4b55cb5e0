package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"placematch/matching"
)

// The one authorisation point. Every operation of the service asks it,
// for the person acting (carried in the context: WithPerson), whether they
// may: the commands and the screens never decide for themselves (they may
// ask, with Allowed, whether to offer a key). No person in the context is
// the local store's owner, who may do everything, as before there were
// people.
//
// To add an operation: one Op value below, and one row in access saying
// which roles may do it and within what scope.

type personKey struct{}

// WithPerson is ctx carrying the person acting: every operation run with
// it is held to their role.
func WithPerson(ctx context.Context, p matching.Person) context.Context {
	return context.WithValue(ctx, personKey{}, p)
}

// PersonFrom is the person acting in ctx; false when none is (the local
// store's owner).
func PersonFrom(ctx context.Context) (matching.Person, bool) {
	p, ok := ctx.Value(personKey{}).(matching.Person)
	if ok && p.Role == matching.RoleOwner {
		return p, false
	}
	return p, ok
}

// Op is something a person may do or read.
type Op int

// The operations.
const (
	OpRequestList      Op = iota // list requests
	OpRequestShow                // a request in full, with its personal data (a commissioner's without)
	OpRequestNew                 // a new request or draft
	OpRequestEdit                // change a draft
	OpRequestPreview             // who a draft would reach
	OpRequestBroadcast           // send a request out
	OpRequestAnswer              // log or withdraw an answer a provider gave by phone or email
	OpRequestExtend              // extend the deadline
	OpRequestMoveStart           // move the start date
	OpRequestCancel              // cancel
	OpRequestClose               // close early
	OpRequestRank                // open the offers and rank them
	OpRequestAward               // award, or decide no award
	OpRequestNote                // a note for the record
	OpRequestReport              // the award report
	OpRequestScenario            // what if the weights were otherwise
	OpRequestTrail               // one request's audit trail
	OpInvitationList             // a provider's own invitations
	OpInvitationShow             // one of them, anonymised
	OpInvitationAnswer           // answer, revise, withdraw or decline it
	OpRegisterRead               // the register
	OpRegisterImport             // load a register file
	OpProviderHistory            // a provider's record across requests
	OpCouncilRead                // a council's settings
	OpCouncilSet                 // change them
	OpSettingsRead               // the server's settings
	OpSettingsSet                // change them
	OpPeopleList                 // who may sign in
	OpPeopleManage               // add or remove a person
	OpAuditTrail                 // the whole audit trail
	OpAuditVerify                // check the trail and the store
	OpOutboxRead                 // messages to providers
	OpOutboxSend                 // send the queued messages
	OpOutboxResend               // queue messages again
	OpBackup                     // copy the store
	OpRestore                    // put a backup in place
	OpDemoGenerate               // fill a store with a generated region
	OpProviderApply              // apply for a lot
	OpApplicationsRead           // the applications waiting for a decision
	OpRegisterDecide             // assess, admit, refuse, suspend, reinstate or remove a provider on a lot
	OpProviderLeave              // a provider leaving a lot
	OpPlacementRead              // a council's placements, with their case references
	OpPlacementChange            // record a placement, change its price, end it
	OpSpendRead                  // spend against budget
	OpFrameworkRead              // a framework's term and extension decisions
	OpFrameworkTerm              // record a framework's term or an extension decision
	OpPurchaserAdd               // add a health body as a purchaser on a framework
	OpAttention                  // what needs attention
	OpInsight                    // what the data shows
	OpExport                     // open data and CSV exports
	opCount
)

// scope is where a role may do an operation.
type scope int

const (
	everywhere    scope = iota + 1
	ownCouncil          // the request's (or council's) council is the person's
	ownFramework        // the request's (or register's) framework is the person's
	memberCouncil       // the council is a member of the person's framework
	ownProvider         // the provider is the person (and, for a request, was invited to it)
)

// rule is who may do an operation: a role and its scope. read marks an
// operation that shows something: one on a request a person may not see
// says "not found", exactly as for a request that does not exist.
type rule struct {
	words string
	read  bool
	roles map[matching.Role]scope
}

var (
	officer      = matching.RoleOfficer
	commissioner = matching.RoleCommissioner
	provider     = matching.RoleProvider
	auditor      = matching.RoleAuditor
	admin        = matching.RoleAdmin
)

// access is the table: an operation → the roles that may do it, and where.
// The store's owner (no person signed in) may do everything.
var access = [opCount]rule{
	OpRequestList:      {"list requests", true, map[matching.Role]scope{officer: ownCouncil, commissioner: ownFramework, provider: ownProvider, auditor: everywhere}},
	OpRequestShow:      {"read a request", true, map[matching.Role]scope{officer: ownCouncil, commissioner: ownFramework, auditor: everywhere}},
	OpRequestNew:       {"make a request", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestEdit:      {"change a draft", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestPreview:   {"preview a broadcast", true, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestBroadcast: {"broadcast a request", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestAnswer:    {"log a provider's answer", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestExtend:    {"extend a deadline", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestMoveStart: {"move a start date", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestCancel:    {"cancel a request", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestClose:     {"close a request", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestRank:      {"open and rank offers", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestAward:     {"decide a request", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestNote:      {"add a note for the record", false, map[matching.Role]scope{officer: ownCouncil}},
	OpRequestReport:    {"read a request's report", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
	OpRequestScenario:  {"try other weights", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
	OpRequestTrail:     {"read a request's trail", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
	OpInvitationList:   {"list a provider's invitations", true, map[matching.Role]scope{provider: ownProvider}},
	OpInvitationShow:   {"read an invitation", true, map[matching.Role]scope{provider: ownProvider}},
	OpInvitationAnswer: {"answer an invitation", false, map[matching.Role]scope{provider: ownProvider}},
	OpRegisterRead:     {"read the register", true, map[matching.Role]scope{officer: everywhere, commissioner: ownFramework, provider: ownProvider, auditor: everywhere}},
	OpRegisterImport:   {"load a register", false, map[matching.Role]scope{commissioner: ownFramework}},
	OpProviderHistory:  {"read a provider's record", true, map[matching.Role]scope{officer: ownCouncil, commissioner: ownFramework, auditor: everywhere}},
	OpCouncilRead:      {"read a council's settings", true, map[matching.Role]scope{officer: ownCouncil, commissioner: memberCouncil, auditor: everywhere}},
	OpCouncilSet:       {"change a council's settings", false, map[matching.Role]scope{officer: ownCouncil, commissioner: memberCouncil}},
	OpSettingsRead:     {"read the server's settings", true, map[matching.Role]scope{admin: everywhere, auditor: everywhere}},
	OpSettingsSet:      {"change the server's settings", false, map[matching.Role]scope{admin: everywhere}},
	OpPeopleList:       {"list the people who may sign in", true, map[matching.Role]scope{admin: everywhere}},
	OpPeopleManage:     {"add or remove people", false, map[matching.Role]scope{admin: everywhere}},
	OpAuditTrail:       {"read the whole audit trail", true, map[matching.Role]scope{auditor: everywhere}},
	OpAuditVerify:      {"verify the audit trail", true, map[matching.Role]scope{auditor: everywhere}},
	OpOutboxRead:       {"read the messages to providers", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
	OpOutboxSend:       {"send the queued messages", false, map[matching.Role]scope{officer: everywhere, commissioner: everywhere}},
	OpOutboxResend:     {"send messages again", false, map[matching.Role]scope{officer: ownCouncil}},
	OpBackup:           {"copy the store", false, nil},
	OpRestore:          {"restore the store", false, nil},
	OpDemoGenerate:     {"generate demo data", false, nil},
	OpProviderApply:    {"apply for a lot", false, map[matching.Role]scope{commissioner: ownFramework, provider: ownProvider}},
	OpApplicationsRead: {"read the applications waiting", true, map[matching.Role]scope{commissioner: ownFramework, auditor: everywhere}},
	OpRegisterDecide:   {"decide on a provider's place on a lot", false, map[matching.Role]scope{commissioner: ownFramework}},
	OpProviderLeave:    {"take a provider off a lot at its request", false, map[matching.Role]scope{commissioner: ownFramework, provider: ownProvider}},
	OpPlacementRead:    {"read placements", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
	OpPlacementChange:  {"record or change a placement", false, map[matching.Role]scope{officer: ownCouncil}},
	OpSpendRead:        {"read spend against budget", true, map[matching.Role]scope{officer: ownCouncil, commissioner: memberCouncil, auditor: everywhere}},
	OpFrameworkRead:    {"read a framework's term", true, map[matching.Role]scope{officer: everywhere, commissioner: everywhere, provider: everywhere, auditor: everywhere}},
	OpFrameworkTerm:    {"record a framework's term or extension", false, map[matching.Role]scope{commissioner: ownFramework}},
	OpPurchaserAdd:     {"add a purchaser", false, map[matching.Role]scope{commissioner: ownFramework}},
	OpAttention:        {"read what needs attention", true, map[matching.Role]scope{officer: ownCouncil, commissioner: ownFramework, auditor: everywhere}},
	OpInsight:          {"read what the data shows", true, map[matching.Role]scope{officer: ownCouncil, commissioner: ownFramework, auditor: everywhere}},
	OpExport:           {"export data", true, map[matching.Role]scope{officer: ownCouncil, auditor: everywhere}},
}

// ownCouncilOf narrows a council-side read to what the person in ctx may
// see under op: the council asked for (refused when it is outside their
// scope), or, when none is asked, an officer's own council.
func ownCouncilOf(ctx context.Context, op Op, council string) (string, error) {
	if err := allow(ctx, op, Target{Council: council}); err != nil {
		return "", err
	}
	if p, ok := PersonFrom(ctx); ok && p.Role == matching.RoleOfficer && council == "" {
		return p.Scope, nil
	}
	return council, nil
}

// ownFrameworkOf is the framework a commissioner's read is narrowed to
// (their own, when none is asked), or framework as given for anyone else.
func ownFrameworkOf(ctx context.Context, framework string) string {
	if p, ok := PersonFrom(ctx); ok && p.Role == matching.RoleCommissioner && framework == "" {
		return p.Scope
	}
	return framework
}

// String is the operation in words.
func (o Op) String() string {
	if o < 0 || o >= opCount {
		return fmt.Sprintf("operation %d", int(o))
	}
	return access[o].words
}

// Ops are every operation, in order.
func Ops() []Op {
	out := make([]Op, opCount)
	for i := range out {
		out[i] = Op(i)
	}
	return out
}

// Target is what an operation acts on, as far as access is concerned: the
// council, framework and provider it touches (empty: none in particular,
// for a list, which is then filtered).
type Target struct {
	Council   string
	Framework string
	Provider  string
}

// Allowed reports whether the person in ctx may do op on t: for the
// screens and commands, to offer only what will be allowed.
func Allowed(ctx context.Context, op Op, t Target) bool { return allow(ctx, op, t) == nil }

// MayDo reports whether the person in ctx may do op anywhere at all (their
// role allows it): for deciding which keys a screen offers.
func MayDo(ctx context.Context, op Op) bool {
	p, ok := PersonFrom(ctx)
	if !ok {
		return true
	}
	_, in := access[op].roles[p.Role]
	return in
}

// allow is the decision: nil, or the refusal in words.
func allow(ctx context.Context, op Op, t Target) error {
	p, ok := PersonFrom(ctx)
	if !ok {
		return nil
	}
	r := access[op]
	sc, in := r.roles[p.Role]
	if !in {
		return refused(p, op)
	}
	if inScope(p, sc, t) {
		return nil
	}
	return outOfScope(p, op, t)
}

func inScope(p matching.Person, sc scope, t Target) bool {
	switch sc {
	case everywhere:
		return true
	case ownCouncil:
		return t.Council == "" || t.Council == p.Scope
	case ownFramework:
		if t.Framework == "" && t.Council != "" {
			return councilIn(t.Council, p.Scope)
		}
		return t.Framework == "" || t.Framework == p.Scope
	case memberCouncil:
		return t.Council == "" || councilIn(t.Council, p.Scope)
	case ownProvider:
		return t.Provider == p.Scope
	}
	return false
}

func councilIn(council, framework string) bool {
	fw, ok := matching.FrameworkByCode(framework)
	return ok && fw.Member(council)
}

// refused is the words of an operation outside a person's role: what they
// tried, as whom, and who may.
func refused(p matching.Person, op Op) error {
	var who []string
	for _, role := range matching.Roles() {
		if _, ok := access[op].roles[role]; ok {
			who = append(who, string(role)+"s")
		}
	}
	may := "only the store's owner, on the store's own machine, may"
	if len(who) > 0 {
		may = "only " + matching.JoinWords(who, "and") + " may"
	}
	return matching.Conflictf("you are signed in as %s (%s), who may not %s: %s", p.Name, p.RoleWords(), op, may)
}

func outOfScope(p matching.Person, op Op, t Target) error {
	what := t.Council
	if t.Provider != "" && p.Role == matching.RoleProvider {
		what = "provider " + t.Provider
	} else if t.Framework != "" && t.Council == "" {
		what = "framework " + t.Framework
	}
	return matching.Conflictf("you are signed in as %s (%s), who may not %s of %s: only your own", p.Name, p.RoleWords(), op, what)
}

// RequestNotFound is what a person is told of a request they may not see:
// exactly what they would be told of one that does not exist.
func requestNotFound(id string) error { return matching.RequestNotFound(id) }

// allowRequest decides op on the request id: a request the person may not
// see is not found, as one that does not exist.
func (s *Service) allowRequest(ctx context.Context, op Op, id string) error {
	p, ok := PersonFrom(ctx)
	if !ok {
		return nil
	}
	if _, in := access[op].roles[p.Role]; !in {
		if access[op].read {
			return requestNotFound(id)
		}
		return refused(p, op)
	}
	var t Target
	var invited bool
	err := s.store.View(ctx, func(tx Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		t = Target{Council: r.Council, Framework: r.Framework}
		if p.Role != matching.RoleProvider {
			return nil
		}
		invs, err := tx.Invitations(id)
		invited = slices.ContainsFunc(invs, func(i matching.Invitation) bool { return i.ProviderID == p.Scope })
		return err
	})
	if err != nil {
		return err
	}
	if p.Role == matching.RoleProvider {
		if !invited {
			return requestNotFound(id)
		}
		t.Provider = p.Scope
	}
	if allow(ctx, op, t) != nil {
		return requestNotFound(id)
	}
	return nil
}

// sees reports whether the person in ctx may see a request of this
// council and framework under op (lists are filtered with it).
func sees(ctx context.Context, op Op, council, framework string) bool {
	p, ok := PersonFrom(ctx)
	if !ok {
		return true
	}
	sc, in := access[op].roles[p.Role]
	if !in {
		return false
	}
	if sc == ownProvider {
		return true // the store filters by invitation
	}
	return inScope(p, sc, Target{Council: council, Framework: framework})
}

// requestFilterFor narrows a list of requests to what the person in ctx
// may see; ok is false when they may see none of what was asked.
func requestFilterFor(ctx context.Context, f RequestFilter) (RequestFilter, bool) {
	p, ok := PersonFrom(ctx)
	if !ok {
		return f, true
	}
	switch access[OpRequestList].roles[p.Role] {
	case ownCouncil:
		if f.Council != "" && f.Council != p.Scope {
			return f, false
		}
		f.Council = p.Scope
	case ownProvider:
		if f.Provider != "" && f.Provider != p.Scope {
			return f, false
		}
		f.Provider = p.Scope
	case ownFramework:
		if f.Council != "" && !councilIn(f.Council, p.Scope) {
			return f, false
		}
	}
	return f, true
}

// redactFor takes a request's personal data out of what a person who may
// read it only without (a commissioner) is shown.
func redactFor(ctx context.Context, d *Detail) {
	p, ok := PersonFrom(ctx)
	if !ok || p.Role != matching.RoleCommissioner {
		return
	}
	d.Request.CaseRef, d.Request.Initials, d.Request.DOB = "", "", time.Time{}
	d.Notes = nil
	for i, ev := range d.Timeline {
		if len(ev.Openings) == 0 {
			continue
		}
		kept := map[string]matching.Opening{}
		for name, o := range ev.Openings {
			if name != matching.FieldPersonal && name != matching.FieldNote {
				kept[name] = o
			}
		}
		d.Timeline[i].Openings = kept
	}
}

// Allow is the decision for the commands that do not go through one of the
// service's operations (making, restoring or generating a store): nil, or
// the refusal in words.
func (s *Service) Allow(ctx context.Context, op Op, t Target) error { return allow(ctx, op, t) }

// allowList decides a list, which is then filtered to what the person may
// see: refused only when their role may not read any of it.
func allowList(ctx context.Context, op Op) error {
	p, ok := PersonFrom(ctx)
	if !ok {
		return nil
	}
	if _, in := access[op].roles[p.Role]; !in {
		return refused(p, op)
	}
	return nil
}

// allowEverywhere decides an operation on the whole store (every council's
// trail, every message): only a role that may do it everywhere may.
func allowEverywhere(ctx context.Context, op Op) error {
	p, ok := PersonFrom(ctx)
	if !ok {
		return nil
	}
	sc, in := access[op].roles[p.Role]
	if !in {
		return refused(p, op)
	}
	if sc != everywhere {
		return matching.Conflictf("you are signed in as %s (%s), who may %s only of your own: name the request", p.Name, p.RoleWords(), op)
	}
	return nil
}

// allowRead decides a read: refused with words when the role may not read
// it at all; not found, as for nothing there, when it is someone else's.
func allowRead(ctx context.Context, op Op, t Target, notFound error) error {
	p, ok := PersonFrom(ctx)
	if !ok {
		return nil
	}
	if _, in := access[op].roles[p.Role]; !in {
		return refused(p, op)
	}
	if err := allow(ctx, op, t); err != nil {
		return notFound
	}
	return nil
}

// allowRows decides a register file: each of its rows must be on a
// framework the person keeps.
func allowRows(ctx context.Context, rows []matching.ProviderLot) error {
	for _, r := range rows {
		if err := allow(ctx, OpRegisterImport, Target{Framework: r.Framework}); err != nil {
			return err
		}
	}
	return nil
}

// providerFilterFor narrows a reading of the register to what the person
// in ctx may read: a provider its own entries, a commissioner its
// framework's. ok is false when they may read none of what was asked.
func providerFilterFor(ctx context.Context, f ProviderFilter) (ProviderFilter, bool, error) {
	p, ok := PersonFrom(ctx)
	if !ok {
		return f, true, nil
	}
	if err := allowList(ctx, OpRegisterRead); err != nil {
		return f, false, err
	}
	switch access[OpRegisterRead].roles[p.Role] {
	case ownProvider:
		if f.ProviderID != "" && f.ProviderID != p.Scope {
			return f, false, nil
		}
		f.ProviderID = p.Scope
	case ownFramework:
		if f.Framework != "" && f.Framework != p.Scope {
			return f, false, nil
		}
		f.Framework = p.Scope
	}
	return f, true, nil
}

// visibleRequests keeps the rows of a list the person in ctx may see, up
// to limit (0: all).
func visibleRequests(ctx context.Context, rows []RequestSummary, limit int) []RequestSummary {
	if _, ok := PersonFrom(ctx); !ok {
		return rows
	}
	out := rows[:0]
	for _, r := range rows {
		if sees(ctx, OpRequestList, r.Council, r.Framework) {
			out = append(out, r)
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func tidySlug(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
