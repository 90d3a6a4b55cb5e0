package matching

import (
	"strings"
	"time"
)

// People and access: on a server every person signs in with a registered
// SSH key and holds one role, within a scope (see Role). On a local store
// no one signs in: the file's owner acts, and may do everything.

// Role is what a person may do on a server.
type Role string

// The roles. RoleOwner is no one's registered role: it is the local store's
// owner, who acts when no person is signed in.
const (
	RoleOwner        Role = "owner"
	RoleOfficer      Role = "officer"
	RoleCommissioner Role = "commissioner"
	RoleProvider     Role = "provider"
	RoleAuditor      Role = "auditor"
	RoleAdmin        Role = "admin"
)

// Roles are the roles a person may be given, in the order they are shown.
func Roles() []Role {
	return []Role{RoleOfficer, RoleCommissioner, RoleProvider, RoleAuditor, RoleAdmin}
}

// Scoped reports whether the role holds within one council, framework or
// provider (officer, commissioner, provider), which its scope names.
func (r Role) Scoped() bool {
	return r == RoleOfficer || r == RoleCommissioner || r == RoleProvider
}

// Person is someone who may sign in to a server: a name (unique, what the
// audit trail records), a role and its scope (a council's slug, a
// framework's code or a provider's id; "" for the others), and their SSH
// public key in OpenSSH's one-line form with its SHA256 fingerprint.
type Person struct {
	Name        string    `json:"name"`
	Role        Role      `json:"role"`
	Scope       string    `json:"scope,omitempty"`
	Key         string    `json:"key"`
	Fingerprint string    `json:"fingerprint"`
	AddedAt     time.Time `json:"added_at"`
}

// Owner is the local store's owner acting under the name given (--user).
func Owner(name string) Person { return Person{Name: name, Role: RoleOwner} }

// CheckPerson tidies and checks a person to be added: a one-line name, a
// known role, and a scope the role needs and that exists (a council's
// slug, a framework's code; a provider's id is checked against the
// register by the service).
func CheckPerson(p Person) (Person, error) {
	p.Name = strings.TrimSpace(p.Name)
	p.Scope = strings.TrimSpace(p.Scope)
	var fe FieldErrors
	if p.Name == "" {
		fe = append(fe, FieldError{Field: "name", Msg: "give the person's name, e.g. people add \"Ann Lee\" --key ann.pub --officer sefton"})
	} else if err := CheckText("name", p.Name, MaxShort); err != nil || strings.ContainsAny(p.Name, "\n\t") {
		fe = append(fe, FieldError{Field: "name", Msg: "must be one line of plain text, up to " + Thousands(MaxShort) + " characters"})
	}
	switch p.Role {
	case RoleOfficer:
		p.Scope = strings.ToLower(p.Scope)
		if _, ok := CouncilBySlug(p.Scope); !ok {
			fe = append(fe, FieldError{Field: "officer", Msg: "council " + quoteClip(p.Scope) + " is not known: the councils are " + strings.Join(councilSlugs(), ", ")})
		}
	case RoleCommissioner:
		p.Scope = strings.ToLower(p.Scope)
		if _, ok := FrameworkByCode(p.Scope); !ok {
			fe = append(fe, FieldError{Field: "commissioner", Msg: "framework " + quoteClip(p.Scope) + " is not known: the frameworks are " + strings.Join(frameworkCodes(), ", ")})
		}
	case RoleProvider:
		if p.Scope == "" || strings.ContainsAny(p.Scope, " \t\n") || len(p.Scope) > 40 {
			fe = append(fe, FieldError{Field: "provider", Msg: "give the provider's id on the register, e.g. --provider P001"})
		}
	case RoleAuditor, RoleAdmin:
		p.Scope = ""
	default:
		fe = append(fe, FieldError{Field: "role", Msg: "say the person's role: --officer SLUG, --commissioner FRAMEWORK, --provider PID, --auditor or --admin"})
	}
	if len(fe) > 0 {
		return p, fe
	}
	return p, nil
}

func quoteClip(s string) string { return "\"" + clip(s, 40) + "\"" }

func councilSlugs() []string {
	var out []string
	for _, c := range Councils() {
		out = append(out, c.Slug)
	}
	return out
}

func frameworkCodes() []string {
	var out []string
	for _, f := range Frameworks() {
		out = append(out, f.Code)
	}
	return out
}

// The trail's actions for people.
const (
	ActionPersonAdded   = "person added"
	ActionPersonRemoved = "person removed"
)

// PersonAdded records a person given a role and a key.
func PersonAdded(act Act, p Person) Event {
	return act.event("", ActionPersonAdded, "name", p.Name, "role", string(p.Role), "scope", p.Scope, "key", p.Fingerprint)
}

// PersonRemoved records a person's access taken away.
func PersonRemoved(act Act, p Person) Event {
	return act.event("", ActionPersonRemoved, "name", p.Name, "role", string(p.Role), "scope", p.Scope, "key", p.Fingerprint)
}

// RoleWords is a person's role and scope as people read it: "officer of
// sefton", "auditor".
func (p Person) RoleWords() string {
	switch p.Role {
	case RoleOfficer, RoleCommissioner:
		return string(p.Role) + " of " + p.Scope
	case RoleProvider:
		return "provider " + p.Scope
	case RoleOwner:
		return "the store's owner"
	}
	return string(p.Role)
}

// RequestNotFound is what anyone is told of a request id the store does not
// hold, and of one they may not see: the same words, so that ids cannot be
// probed.
func RequestNotFound(id string) error {
	return NotFoundf("request %q does not exist: check the id (like SEF-2026-0001); placematch request list shows them all", clip(id, 40))
}
