package demo

import (
	"context"
	"time"

	"placematch/matching"
)

// The register's life in the demo: applications in each state (waiting,
// overdue, admitted from an admission date still to come, refused), a
// suspension with an end date and a removal. The providers serve councils
// that make no request in the demo, so that no request of the script
// invites anyone differently.
func (d *demo) registerLife() {
	me := d.actor
	apply := func(at time.Time, id, name, kind, lot, serves, urn string) {
		d.add(at, "the application of "+id, func(ctx context.Context) error {
			_, err := d.s.Apply(ctx, me, matching.ApplyInput{ProviderID: id, Name: name, Kind: kind, Lot: lot, Serves: serves,
				OfstedURN: urn, Email: "referrals@" + id + ".example.org", Phone: demoPhone(id), Town: "Preston",
				Capabilities: "independence-skills;mental-health"})
			return err
		})
	}
	assess := func(at time.Time, id, lot, q, note string) {
		d.add(at, "assessing "+id, func(ctx context.Context) error {
			_, err := d.s.Assess(ctx, officerHughes, id, lot, q, note)
			return err
		})
	}
	admit := func(at time.Time, id, lot string) {
		d.add(at, "admitting "+id, func(ctx context.Context) error {
			_, err := d.s.Admit(ctx, officerHughes, id, lot)
			return err
		})
	}
	const north = "blackpool;lancashire"

	// Waiting, in time.
	apply(d.ago(2, 10, 5), "P046", "Oakfield Pathways Ltd", "company", lotGL, north, "2799046")
	// Waiting past its decision date, assessed but not decided.
	apply(d.ago(20, 11, 30), "P047", "Heywood Harbour Homes", "charity", lotFS, north, "")
	assess(d.ago(6, 14, 0), "P047", lotFS, "68", "Tenancy support plans good; staff training records incomplete.")
	// Admitted yesterday, from the framework's next admission date, still
	// to come (on the lot whose next date is not today).
	lot, serves := lotFS, north
	if lc, _ := matching.FrameworkByCode("leaving-care"); !lc.NextAdmission(d.date(1)).After(d.date(0)) {
		lot, serves = lotPK, "halton"
	}
	apply(d.ago(12, 9, 40), "P048", "Calder Vale Supported Living", "company", lot, serves, "")
	assess(d.ago(5, 15, 10), "P048", lot, "81", "Strong outcomes for care leavers; references checked.")
	admit(d.ago(1, 11, 0), "P048", lot)
	// Refused.
	apply(d.ago(25, 10, 0), "P049", "Brook Street Care", "sole-trader", lotPK, "halton", "")
	assess(d.ago(15, 10, 30), "P049", lotPK, "38", "No registered manager; safeguarding policy out of date.")
	d.add(d.ago(14, 16, 0), "refusing P049", func(ctx context.Context) error {
		_, err := d.s.Refuse(ctx, officerHughes, "P049", lotPK, "The quality assessment scored 38, below the framework's threshold of 60.")
		return err
	})
	// Admitted long ago, now suspended until a date ahead.
	apply(d.ago(70, 9, 0), "P050", "Moss Lane Lodgings", "company", lotGL, north, "2799050")
	assess(d.ago(66, 10, 0), "P050", lotGL, "74", "Good accommodation standards.")
	admit(d.ago(65, 10, 30), "P050", lotGL)
	d.add(d.ago(3, 12, 0), "suspending P050", func(ctx context.Context) error {
		_, err := d.s.Suspend(ctx, officerHughes, "P050", lotGL, "Ofsted monitoring visit found fire doors wedged open; suspended until the repairs are checked.", d.date(-11))
		return err
	})
	// Admitted long ago, then removed.
	apply(d.ago(71, 9, 0), "P051", "Ribble Reach Support", "company", lotFS, north, "")
	assess(d.ago(66, 11, 0), "P051", lotFS, "62", "Meets the standard.")
	admit(d.ago(65, 11, 30), "P051", lotFS)
	d.add(d.ago(8, 15, 0), "removing P051", func(ctx context.Context) error {
		_, err := d.s.Remove(ctx, officerHughes, "P051", lotFS, "Did not keep the insurance the framework requires.")
		return err
	})
}
