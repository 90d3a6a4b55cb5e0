package matching

import "strconv"

// Words of the register's life: the statuses of a provider on a lot, what
// each action is called and the rule that allows it.

// lotActionWords are the actions as "cannot be ..." reads them.
var lotActionWords = map[LotAction]string{
	LotAssess:    "assessed",
	LotAdmit:     "admitted",
	LotRefuse:    "refused",
	LotSuspend:   "suspended",
	LotReinstate: "reinstated",
	LotRemove:    "removed",
	LotLeave:     "withdrawn (leaving)",
}

// lotActionRule is the rule that allows each action.
var lotActionRule = map[LotAction]string{
	LotAssess:    "only an application or a provider admitted or suspended is assessed",
	LotAdmit:     "only an application (status applied) can be admitted",
	LotRefuse:    "only an application (status applied) can be refused",
	LotSuspend:   "only an admitted provider can be suspended",
	LotReinstate: "only a suspended provider can be reinstated",
	LotRemove:    "only an admitted or suspended provider can be removed",
	LotLeave:     "only a provider that applied, is admitted or is suspended can leave",
}

// LotActionName is an action as a screen's key names it.
func LotActionName(a LotAction) string {
	return map[LotAction]string{LotAssess: "assess", LotAdmit: "admit", LotRefuse: "refuse", LotSuspend: "suspend",
		LotReinstate: "reinstate", LotRemove: "remove", LotLeave: "leave"}[a]
}

// LotStatusWords says where a provider stands on a lot, with the dates
// that matter: "admitted from 2027-02-01", "suspended until 2027-01-10:
// reason", "applied 2026-11-20, decision due 2026-12-04".
func LotStatusWords(p ProviderLot) string {
	switch p.Status {
	case ProviderApplied:
		if p.AppliedOn.IsZero() {
			return "applied, not yet decided"
		}
		return "applied " + ShowDate(p.AppliedOn) + ", decision due " + ShowDate(DecisionDue(p.AppliedOn))
	case ProviderAdmitted:
		if p.AdmittedOn.IsZero() {
			return "admitted"
		}
		return "admitted from " + ShowDate(p.AdmittedOn)
	case ProviderSuspended:
		s := "suspended"
		if !p.SuspendedUntil.IsZero() {
			s += " until " + ShowDate(p.SuspendedUntil)
		}
		return withReason(s, p.StatusReason)
	case ProviderRefused:
		s := "refused"
		if !p.DecidedOn.IsZero() {
			s += " " + ShowDate(p.DecidedOn)
		}
		return withReason(s, p.StatusReason)
	case ProviderRemoved, ProviderWithdrawn:
		return withReason(string(p.Status), p.StatusReason)
	}
	return string(p.Status)
}

func withReason(s, reason string) string {
	if reason == "" {
		return s
	}
	return s + ": " + reason
}

// AssessedWords is a row's quality with when it was assessed: "78 (assessed
// 2026-11-24)", or "not assessed".
func AssessedWords(p ProviderLot) string {
	if p.AssessedOn.IsZero() && p.Status == ProviderApplied {
		return "not assessed"
	}
	s := strconv.FormatFloat(p.Quality, 'f', -1, 64)
	if !p.AssessedOn.IsZero() {
		s += " (assessed " + ShowDate(p.AssessedOn) + ")"
	}
	return s
}

// NotYetAdmittedWords says a provider admitted from a date after the
// broadcast was left out.
func NotYetAdmittedWords(admittedOn string) string {
	return "admitted from " + admittedOn + ", after this broadcast"
}

// ApplicationDueWords is an application's due date as a list shows it.
func ApplicationDueWords(a Application) string {
	if a.Overdue {
		return ShowDate(a.DecisionDue) + " OVERDUE"
	}
	return ShowDate(a.DecisionDue)
}
