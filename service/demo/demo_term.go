package demo

import (
	"context"
	"time"

	"placematch/matching"
	"placematch/service"
)

// The frameworks' terms and a health body as a purchaser, in the demo and
// the generated region.
//
// The seed's leaving-care contract ran from 1 October 2015 on a 2+1+1
// basis, so it had run out for good by October 2019: recorded as it was,
// every leaving-care request of a demo set today would be refused. The
// demo and the generator record it instead as let again on the same
// 2+1+1 basis, from the first of the month 32 months (demo) or 20 months
// (generator) before today, so that its current end falls a few months
// ahead and a decision on its next extension is due; care-support keeps
// no term (nothing refused), as a store starts.

// demoICB is the health body the demo adds as a purchaser on care-support.
var demoICB = struct{ slug, name, gss string }{"nhs-cheshire-merseyside", "NHS Cheshire and Merseyside ICB", "E54000008"}

// termStart is the first of the London month months before now.
func termStart(now time.Time, months int) time.Time {
	l := now.In(matching.London)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -months, 0)
}

// termsAndPurchasers are the demo's: leaving-care let from 32 months ago,
// its first extension decided 10 months ago (before its initial end) so
// that it runs to a few months ahead with one extension left and the
// decision due; the ICB on care-support with its settings.
func (d *demo) termsAndPurchasers() {
	start := termStart(d.now, 32)
	d.add(d.ago(400, 10, 0), "recording leaving-care's term", func(ctx context.Context) error {
		_, err := d.s.SetTerm(ctx, commissionerLee, "leaving-care", start, "2+1+1")
		return err
	})
	d.add(d.ago(300, 11, 30), "extending leaving-care's term", func(ctx context.Context) error {
		_, err := d.s.ExtendTerm(ctx, commissionerLee, "leaving-care", "Providers steady and prices within budget; the region's review of 16+ accommodation reports next year.")
		return err
	})
	d.add(d.ago(71, 9, 30), "adding the ICB as a purchaser", func(ctx context.Context) error {
		_, err := d.s.AddPurchaser(ctx, commissionerLee, demoICB.slug, demoICB.name, "care-support", demoICB.gss)
		return err
	})
	d.setDefaults(d.ago(71, 9, 40), commissionerLee, demoICB.slug, "packages", matching.Weights{Quality: 60, Price: 25, AgeCover: 15}, 180000)
	d.setContact(d.ago(71, 9, 45), commissionerLee, demoICB.slug, 190)
}

// commissionerLee is the demo's commissioning officer at the lead council.
const commissionerLee = "commissioner.lee"

// termsAndPurchasers records the generated region's: leaving-care let from
// 20 months ago, its initial two years ending in a few months with no
// extension decided yet; the ICB on care-support. Both at the end of the
// history, at its now.
func (g *gen) termsAndPurchasers(tx service.Tx) error {
	act := matching.Act{Actor: g.actor, At: g.now}
	start := termStart(g.now, 20)
	g.trace(Traced{Op: "term", At: g.now, Actor: g.actor, Framework: "leaving-care", Start: start, Years: "2+1+1"})
	term, ev, err := matching.SetTerm(act, matching.FrameworkTerm{}, "leaving-care", start, "2+1+1")
	if err != nil {
		return err
	}
	if err := tx.PutFrameworkTerm(term); err != nil {
		return err
	}
	if err := g.appendEvent(tx, ev); err != nil {
		return err
	}
	known, err := tx.Purchasers()
	if err != nil {
		return err
	}
	g.trace(Traced{Op: "purchaser", At: g.now, Actor: g.actor, Council: demoICB.slug, Name: demoICB.name, Framework: "care-support", GSS: demoICB.gss})
	p, ev, err := matching.AddPurchaser(act, known, demoICB.slug, demoICB.name, "care-support", demoICB.gss)
	if err != nil {
		return err
	}
	if err := tx.PutPurchaser(p); err != nil {
		return err
	}
	return g.appendEvent(tx, ev)
}
