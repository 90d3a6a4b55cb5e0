package matching

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// The register's life: a provider applies for a lot, is assessed, admitted
// (from its framework's next admission date) or refused, suspended (until
// a date, or until reinstated), reinstated, removed, or leaves. Each change
// is a transition here that checks the rule, changes the row and returns
// the audit event that records it, as the request's transitions do.

// ProviderRefused is the status of an application that was refused.
const ProviderRefused ProviderStatus = "refused"

// The register's actions in the trail.
const (
	ActionProviderApplied     = "provider applied"
	ActionProviderAssessed    = "provider assessed"
	ActionProviderAdmitted    = "provider admitted"
	ActionProviderRefused     = "provider refused"
	ActionProviderSuspended   = "provider suspended"
	ActionProviderReinstated  = "provider reinstated"
	ActionProviderRemoved     = "provider removed"
	ActionProviderLeft        = "provider left"
	ReinstatedBySuspensionEnd = "suspension ended" // the cause of a reinstatement by the system
)

// RegisterActions are the actions of the register's life.
func RegisterActions() []string {
	return []string{ActionProviderApplied, ActionProviderAssessed, ActionProviderAdmitted, ActionProviderRefused,
		ActionProviderSuspended, ActionProviderReinstated, ActionProviderRemoved, ActionProviderLeft}
}

// DecisionWorkingDays is how many working days the commissioner has to
// decide an application, the day of application not counted.
const DecisionWorkingDays = 10

// workingDays is Monday to Friday without the bank holidays of England and
// Wales. Its holiday cache is off (the default), so it may be shared.
var workingDays = func() *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.AddHoliday(gb.Holidays...)
	return c
}()

// WorkingDay reports whether a date is a working day in England and Wales.
func WorkingDay(day time.Time) bool {
	return workingDays.IsWorkday(time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC))
}

// DecisionDue is the last day to decide an application made on applied:
// 10 working days after it (Monday to Friday, England and Wales bank
// holidays excluded, the day of application not counted).
func DecisionDue(applied time.Time) time.Time {
	d := time.Date(applied.Year(), applied.Month(), applied.Day(), 12, 0, 0, 0, time.UTC)
	due := workingDays.WorkdaysFrom(d, DecisionWorkingDays)
	return time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
}

// Overdue reports whether a decision due on due is overdue on the date
// today: it is in time on the due date itself.
func Overdue(due, today time.Time) bool { return today.After(due) }

// NextAdmission is the framework's first admission date on or after the
// date day: every AdmitMonths months from its AdmitFrom.
func (f Framework) NextAdmission(day time.Time) time.Time {
	if f.AdmitMonths <= 0 || f.AdmitFrom.IsZero() {
		return day
	}
	a := f.AdmitFrom
	for n := 0; a.Before(day); n++ {
		a = f.AdmitFrom.AddDate(0, n*f.AdmitMonths, 0)
	}
	return a
}

// AdmissionDays are the framework's admission dates as people say them
// ("1 February, 1 June and 1 October").
func (f Framework) AdmissionDays() string {
	var days []string
	for n := 0; n < 12/max(f.AdmitMonths, 1); n++ {
		days = append(days, f.AdmitFrom.AddDate(0, n*f.AdmitMonths, 0).Format("2 January"))
	}
	slices.SortFunc(days, func(x, y string) int {
		tx, _ := time.Parse("2 January", x)
		ty, _ := time.Parse("2 January", y)
		return tx.Compare(ty)
	})
	return JoinWords(days, "and")
}

// ApplyInput is an application: a new provider, or one on the register
// applying for another lot. Empty optional fields take the lot's ages and
// every member council.
type ApplyInput struct {
	ProviderID, Name, Kind, Lot string
	Serves, Capabilities        string // joined by ;
	MinAge, CoverUntil          string // whole years; "" for the lot's
	OfstedURN, Email, Phone     string
	Town                        string
}

// lotKey is the event fields naming a provider's row.
func lotPairs(p ProviderLot) []string {
	return []string{"provider", p.ProviderID, "framework", p.Framework, "lot", p.Lot}
}

// Apply makes the register row of an application on the date of act,
// checked by the register file's rules. known is the provider's rows on
// the register now (any lot; empty for a new provider): a provider keeps
// its name and kind, and a lot it is on may be applied for again only
// after a refusal, removal or leaving.
func Apply(act Act, in ApplyInput, known []ProviderLot) (ProviderLot, Event, error) {
	lot := strings.TrimSpace(in.Lot)
	fw, l, ok := FindLot(lot)
	if !ok {
		return ProviderLot{}, Event{}, Invalidf("lot %q is not a lot of any framework (use %s)", clip(lot, 30), strings.Join(AllLotCodes(), ", "))
	}
	minAge, cover := strings.TrimSpace(in.MinAge), strings.TrimSpace(in.CoverUntil)
	if minAge == "" {
		minAge = strconv.Itoa(l.MinAge)
	}
	if cover == "" {
		cover = strconv.Itoa(l.MaxAge)
	}
	serves := strings.TrimSpace(in.Serves)
	if serves == "" {
		serves = "*"
	}
	vals := map[string]string{
		"provider_id": in.ProviderID, "provider_name": in.Name, "kind": in.Kind, "framework": fw.Code, "lot": lot,
		"status": string(ProviderApplied), "quality_score": "0", "serves": serves, "min_age": minAge, "cover_until": cover,
		"ofsted_urn": in.OfstedURN, "capabilities": in.Capabilities, "town": in.Town, "email": in.Email, "phone": in.Phone,
	}
	p, problems := parseRegisterRow(func(name string) string { return strings.TrimSpace(vals[name]) })
	if len(problems) > 0 {
		return ProviderLot{}, Event{}, Invalidf("the application was not recorded: %s", strings.Join(applyWords(problems), "; "))
	}
	was := ProviderStatus("")
	for _, k := range known {
		if k.ProviderName != p.ProviderName {
			return ProviderLot{}, Event{}, Invalidf("provider %s is on the register as %q, not %q: give its name as the register has it, or a new provider id",
				p.ProviderID, clip(k.ProviderName, 60), clip(p.ProviderName, 60))
		}
		if k.Framework == p.Framework && k.Lot == p.Lot {
			switch k.Status {
			case ProviderRefused, ProviderWithdrawn, ProviderRemoved:
				was = k.Status
				p.Quality, p.QualityNote, p.AssessedOn = k.Quality, k.QualityNote, k.AssessedOn
			default:
				return ProviderLot{}, Event{}, Conflictf("provider %s is already %s on lot %s: %s", p.ProviderID, k.Status, p.Lot, LotStatusWords(k))
			}
		}
	}
	day := Today(act.At)
	p.AppliedOn = day
	ev := act.event("", ActionProviderApplied, lotPairs(p)...)
	for _, f := range registerValues(p) {
		if f.Name == "admitted on" || f.Value == "" {
			continue
		}
		ev.Fields = append(ev.Fields, f)
	}
	ev.Fields = append(ev.Fields, pairsOf("applied on", ShowDate(day), "was status", string(was), "decision due", ShowDate(DecisionDue(day)))...)
	return p, ev, nil
}

// applyFields are the register file's columns an application gives, by
// the name the application form (the command's flags) gives them.
var applyFields = [][2]string{
	{"provider_id", "--provider"}, {"provider_name", "--name"}, {"kind", "--kind"}, {"serves", "--serves"},
	{"min_age", "--min-age"}, {"cover_until", "--cover-until"}, {"ofsted_urn", "--ofsted-urn"},
	{"capabilities", "--capabilities"}, {"email", "--email"}, {"phone", "--phone"}, {"town", "--town"},
}

// applyWords names an application's problems by its own fields rather than
// the register file's columns: "--min-age "abc" must be ...", not
// "min_age ...". A column leading a problem is renamed, and a column with
// an underscore wherever it stands (no plain word is one).
func applyWords(problems []string) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		for _, f := range applyFields {
			if rest, ok := strings.CutPrefix(p, f[0]+" "); ok {
				p = f[1] + " " + rest
			}
			if strings.Contains(f[0], "_") {
				p = strings.ReplaceAll(p, f[0], f[1])
			}
		}
		out[i] = p
	}
	return out
}

// AllLotCodes are the codes of every framework's lots.
func AllLotCodes() []string {
	var out []string
	for _, f := range frameworks {
		out = append(out, f.LotCodes()...)
	}
	return out
}

// LotAction is something the commissioner can do to a provider's row.
type LotAction int

// The register's actions on a row.
const (
	LotAssess LotAction = iota
	LotAdmit
	LotRefuse
	LotSuspend
	LotReinstate
	LotRemove
	LotLeave
)

// AllowsLot reports whether a row in this status allows the action (its
// own check may still refuse it). Screens ask it to offer a key.
func (s ProviderStatus) AllowsLot(a LotAction) bool {
	switch a {
	case LotAssess:
		return s == ProviderApplied || s == ProviderAdmitted || s == ProviderSuspended
	case LotAdmit, LotRefuse:
		return s == ProviderApplied
	case LotSuspend:
		return s == ProviderAdmitted
	case LotReinstate:
		return s == ProviderSuspended
	case LotRemove:
		return s == ProviderAdmitted || s == ProviderSuspended
	case LotLeave:
		return s == ProviderApplied || s == ProviderAdmitted || s == ProviderSuspended
	}
	return false
}

// lotRefusal is the one message for an action the row's status does not
// allow.
func lotRefusal(p ProviderLot, a LotAction) error {
	return Conflictf("provider %s cannot be %s on lot %s: it is %s there, and %s; nothing was changed",
		p.ProviderID, lotActionWords[a], p.Lot, p.Status, lotActionRule[a])
}

func reasonGiven(what, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", Invalidf("give the reason for %s: the provider is told it", what)
	}
	if err := CheckText("reason", reason, MaxReason); err != nil {
		return "", err
	}
	return reason, nil
}

// Assess records a quality assessment (or a re-assessment) of 0 to 100
// with a note, from the date of act: requests already closed keep the
// score they were judged on.
func (p *ProviderLot) Assess(act Act, quality string, note string) (Event, error) {
	if !p.Status.AllowsLot(LotAssess) {
		return Event{}, lotRefusal(*p, LotAssess)
	}
	q := strings.TrimSpace(quality)
	if !qualityRe.MatchString(q) {
		return Event{}, Invalidf("quality %q must be a score from 0 to 100, e.g. 78 or 78.5", clip(q, 30))
	}
	v, _ := strconv.ParseFloat(q, 64)
	if v > 100 {
		return Event{}, Invalidf("quality %s is over 100: give a score from 0 to 100", q)
	}
	note = strings.TrimSpace(note)
	if err := CheckText("note", note, MaxReason); err != nil {
		return Event{}, err
	}
	was := p.Quality
	p.Quality, p.QualityNote, p.AssessedOn = v, note, Today(act.At)
	return act.event("", ActionProviderAssessed, append(lotPairs(*p), "quality", strconv.FormatFloat(v, 'f', -1, 64),
		"was quality", strconv.FormatFloat(was, 'f', -1, 64), "note", note, "assessed on", ShowDate(p.AssessedOn))...), nil
}

// Admit admits an application, assessed first, from its framework's next
// admission date on or after the day of the decision: that is its
// admitted_on.
func (p *ProviderLot) Admit(act Act) (Event, error) {
	if !p.Status.AllowsLot(LotAdmit) {
		return Event{}, lotRefusal(*p, LotAdmit)
	}
	if p.AssessedOn.IsZero() {
		return Event{}, Conflictf("provider %s has no quality assessment on lot %s: record one first (providers assess %s --lot %s --quality SCORE); nothing was changed",
			p.ProviderID, p.Lot, p.ProviderID, p.Lot)
	}
	fw, _ := FrameworkByCode(p.Framework)
	day := Today(act.At)
	p.Status, p.DecidedOn, p.AdmittedOn, p.StatusReason = ProviderAdmitted, day, fw.NextAdmission(day), ""
	return act.event("", ActionProviderAdmitted, append(lotPairs(*p), "status", string(ProviderAdmitted), "was status", string(ProviderApplied),
		"admitted on", ShowDate(p.AdmittedOn), "decided on", ShowDate(day), "quality", strconv.FormatFloat(p.Quality, 'f', -1, 64))...), nil
}

// Refuse refuses an application, with the reason the provider is told.
func (p *ProviderLot) Refuse(act Act, reason string) (Event, error) {
	if !p.Status.AllowsLot(LotRefuse) {
		return Event{}, lotRefusal(*p, LotRefuse)
	}
	reason, err := reasonGiven("refusing the application", reason)
	if err != nil {
		return Event{}, err
	}
	day := Today(act.At)
	p.Status, p.DecidedOn, p.StatusReason = ProviderRefused, day, reason
	return act.event("", ActionProviderRefused, append(lotPairs(*p), "status", string(ProviderRefused), "was status", string(ProviderApplied),
		"reason", reason, "decided on", ShowDate(day))...), nil
}

// Suspend suspends an admitted provider, with a reason and, when until is
// not zero, the date the suspension ends (it is reinstated on that date
// by itself).
func (p *ProviderLot) Suspend(act Act, reason string, until time.Time) (Event, error) {
	if !p.Status.AllowsLot(LotSuspend) {
		return Event{}, lotRefusal(*p, LotSuspend)
	}
	reason, err := reasonGiven("the suspension", reason)
	if err != nil {
		return Event{}, err
	}
	if !until.IsZero() && !until.After(Today(act.At)) {
		return Event{}, Invalidf("the suspension's end %s is not after today: give a later date, or none for a suspension until reinstated", ShowDate(until))
	}
	p.Status, p.StatusReason, p.SuspendedUntil = ProviderSuspended, reason, until
	return act.event("", ActionProviderSuspended, append(lotPairs(*p), "status", string(ProviderSuspended), "was status", string(ProviderAdmitted),
		"reason", reason, "until", ShowDate(until))...), nil
}

// Reinstate ends a suspension before its end date.
func (p *ProviderLot) Reinstate(act Act) (Event, error) {
	if !p.Status.AllowsLot(LotReinstate) {
		return Event{}, lotRefusal(*p, LotReinstate)
	}
	return p.reinstate(act, ""), nil
}

func (p *ProviderLot) reinstate(act Act, cause string) Event {
	until := p.SuspendedUntil
	p.Status, p.StatusReason, p.SuspendedUntil = ProviderAdmitted, "", time.Time{}
	return act.event("", ActionProviderReinstated, append(lotPairs(*p), "status", string(ProviderAdmitted), "was status", string(ProviderSuspended),
		"cause", cause, "suspended until", ShowDate(until))...)
}

// SuspensionEnded reinstates a suspended provider whose suspension's end
// date has come by the instant at, as the system: the event, and whether
// it was due.
func (p *ProviderLot) SuspensionEnded(at time.Time) (Event, bool) {
	if p.Status != ProviderSuspended || p.SuspendedUntil.IsZero() || Today(at).Before(p.SuspendedUntil) {
		return Event{}, false
	}
	return p.reinstate(System(at), ReinstatedBySuspensionEnd), true
}

// Remove takes an admitted or suspended provider off the lot.
func (p *ProviderLot) Remove(act Act, reason string) (Event, error) {
	if !p.Status.AllowsLot(LotRemove) {
		return Event{}, lotRefusal(*p, LotRemove)
	}
	reason, err := reasonGiven("the removal", reason)
	if err != nil {
		return Event{}, err
	}
	was := p.Status
	p.Status, p.StatusReason, p.SuspendedUntil = ProviderRemoved, reason, time.Time{}
	return act.event("", ActionProviderRemoved, append(lotPairs(*p), "status", string(ProviderRemoved), "was status", string(was),
		"reason", reason)...), nil
}

// Leave records the provider leaving the lot (withdrawn).
func (p *ProviderLot) Leave(act Act, reason string) (Event, error) {
	if !p.Status.AllowsLot(LotLeave) {
		return Event{}, lotRefusal(*p, LotLeave)
	}
	reason, err := reasonGiven("leaving the lot", reason)
	if err != nil {
		return Event{}, err
	}
	was := p.Status
	p.Status, p.StatusReason, p.SuspendedUntil = ProviderWithdrawn, reason, time.Time{}
	return act.event("", ActionProviderLeft, append(lotPairs(*p), "status", string(ProviderWithdrawn), "was status", string(was),
		"reason", reason)...), nil
}

// Application is an application waiting for a decision.
type Application struct {
	ProviderID   string    `json:"provider_id"`
	ProviderName string    `json:"provider_name"`
	Framework    string    `json:"framework"`
	Lot          string    `json:"lot"`
	AppliedOn    time.Time `json:"-"`
	DecisionDue  time.Time `json:"-"`
	Overdue      bool      `json:"overdue"`
	Assessed     bool      `json:"assessed"`
	Quality      float64   `json:"-"`
}

// ApplicationOf is a waiting row as an application on the date today.
func ApplicationOf(p ProviderLot, today time.Time) Application {
	due := DecisionDue(p.AppliedOn)
	return Application{ProviderID: p.ProviderID, ProviderName: p.ProviderName, Framework: p.Framework, Lot: p.Lot,
		AppliedOn: p.AppliedOn, DecisionDue: due, Overdue: !p.AppliedOn.IsZero() && Overdue(due, today), Assessed: !p.AssessedOn.IsZero(), Quality: p.Quality}
}

// EffectiveOn reports whether an admitted row takes effect on the date
// day: its admitted_on has come (a row admitted with no date is admitted).
func (p ProviderLot) EffectiveOn(day time.Time) bool {
	return p.Status == ProviderAdmitted && (p.AdmittedOn.IsZero() || !p.AdmittedOn.After(day))
}
