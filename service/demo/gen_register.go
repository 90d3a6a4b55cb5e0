package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"placematch/matching"
	"placematch/service"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ---- The register ----

// genRow is one register row and its history: it enters the register at an
// admission round (or is there when the history begins) and may later be
// suspended, withdrawn or removed at another round.
type genRow struct {
	p       matching.ProviderLot // as it ends up
	appears int                  // index of the import it first comes in
	first   matching.ProviderStatus
	changes int // index of the import that changes its status; -1: none
}

type genProvider struct {
	id, name, kind, town, email string
	home                        string
}

// genLot is a lot's register as it stands while history is played.
type genLot struct {
	rows    []matching.ProviderLot // in provider id order
	version int                    // counts the imports that changed it
	// ageBounds are the ages at which some row's eligibility changes: its
	// min_age and cover_until, and 18.
	ageBounds []int
}

// eligibility is who a broadcast of r invites and leaves out, by
// matching.Eligibility, with the digest of the list left out. Who is
// eligible depends on the request only through its lot, council and age,
// and on the age only through which side of each row's age limits (and of
// 18, for the Ofsted rule) it falls; so the split is worked out once for
// each lot, council and class of ages while the lot's register stands
// still, and only the needs each invited provider is missing are worked out
// per request. A region's broadcasts would otherwise check thousands of
// rows and hash the list left out over again, with the same result. (A
// row enters the lot at the round that admits it, so no row the lot holds
// is admitted from a date after a broadcast: the day changes nothing the
// split depends on.)
func (g *gen) eligibility(r matching.Request, day time.Time) ([]matching.Invitation, []matching.NotInvited, string) {
	l := g.lots[r.Lot]
	age := r.Age()
	class := 0
	for _, b := range l.ageBounds {
		if age >= b {
			class++
		}
	}
	key := genEligKey{r.Lot, l.version, r.Council, class}
	m, ok := g.elig[key]
	if !ok {
		if len(g.elig) >= 2048 {
			clear(g.elig)
		}
		base := r
		base.Needs, base.Risks = nil, nil
		m = &genElig{}
		m.invited, m.left = matching.Eligibility(base, l.rows, day)
		if len(m.left) > 0 {
			m.digest = matching.NotInvitedDigest(m.left)
		}
		m.rows = make([]*matching.ProviderLot, len(m.invited))
		j := 0
		for i, inv := range m.invited {
			for l.rows[j].ProviderID != inv.ProviderID {
				j++
			}
			m.rows[i] = &l.rows[j]
		}
		g.elig[key] = m
	}
	invited := slices.Clone(m.invited)
	for i := range invited {
		invited[i].MissingNeeds = matching.MissingNeeds(r, *m.rows[i])
	}
	return invited, m.left, m.digest
}

type genEligKey struct {
	lot     string
	version int
	council string
	class   int // of ages
}

type genElig struct {
	invited []matching.Invitation
	rows    []*matching.ProviderLot // the register row of each invited
	left    []matching.NotInvited
	digest  string
}

// genImport is one import of the register: the rows it brings in or
// changes, at an admission round of a framework (or the first import).
type genImport struct {
	at        time.Time
	framework string // "" for the first import, of both frameworks
	adds      []int
	changes   []int
}

// Lot shares of the register's rows: care-support packages are bought by
// five councils, the leaving-care lots by twenty-four.
var genLotShares = []struct {
	lot   string
	share float64
}{
	{"packages", 0.08}, {"group-living", 0.32}, {"floating-with-accommodation", 0.26}, {"floating-support", 0.34},
}

// genRounds are the admission rounds of a framework up to now: care-support
// admits every 6 months, leaving-care every 4 from October 2015.
func (g *gen) genRounds(framework string) []time.Time {
	first, every := time.Date(2015, 10, 1, 0, 0, 0, 0, time.UTC), 4
	if framework == "care-support" {
		first, every = time.Date(2018, 4, 1, 0, 0, 0, 0, time.UTC), 6
	}
	var out []time.Time
	for d := first; !londonAt(d, 10, 0).After(g.now); d = d.AddDate(0, every, 0) {
		out = append(out, d)
	}
	return out
}

func (g *gen) planRegister() {
	n := g.opts.ProviderLots
	width := max(4, len(strconv.Itoa(n)))
	rounds := map[string][]time.Time{"care-support": g.genRounds("care-support"), "leaving-care": g.genRounds("leaving-care")}
	// The imports: the first, when the history begins, then each round of
	// each framework within the history.
	imports := []*genImport{{at: g.start}}
	type key struct {
		fw string
		d  time.Time
	}
	importOf := map[key]int{}
	for _, fw := range []string{"care-support", "leaving-care"} {
		for _, d := range rounds[fw] {
			if at := londonAt(d, 10, 0); at.After(g.start) {
				importOf[key{fw, d}] = len(imports)
				imports = append(imports, &genImport{at: at, framework: fw})
			}
		}
	}
	at := func(fw string, d time.Time) int {
		if i, ok := importOf[key{fw, d}]; ok {
			return i
		}
		return 0 // before the history: in the first import
	}
	names := map[string]bool{}
	shares := make([]float64, len(genLotShares))
	for i, s := range genLotShares {
		shares[i] = s.share
	}
	for len(g.rows) < n {
		g.providerNo++
		prov := g.newProvider(fmt.Sprintf("P%0*d", width, g.providerNo), names)
		// One lot, or two or three of leaving-care's.
		lots := []string{genLotShares[weighted(g.rng, shares)].lot}
		if lots[0] != "packages" {
			for _, extra := range []float64{0.4, 0.2} {
				if chance(g.rng, extra) {
					l := genLotShares[1+g.rng.IntN(3)].lot
					if !slices.Contains(lots, l) {
						lots = append(lots, l)
					}
				}
			}
		} else if chance(g.rng, 0.1) {
			lots = append(lots, genLotShares[1+g.rng.IntN(3)].lot)
		}
		for _, lot := range lots {
			if len(g.rows) == n {
				break
			}
			row := g.newRow(prov, lot)
			fw := row.p.Framework
			rs := rounds[fw]
			row.changes = -1
			switch row.p.Status {
			case matching.ProviderApplied, matching.ProviderRefused:
				// Applied at one of the last two rounds, not yet assessed;
				// or refused, coming in with the import that decided it.
				d := rs[max(0, len(rs)-1-g.rng.IntN(2))]
				row.appears, row.first = at(fw, d), row.p.Status
			default:
				ai := g.rng.IntN(len(rs))
				if row.p.Status != matching.ProviderAdmitted && ai == len(rs)-1 {
					ai = max(0, ai-1-g.rng.IntN(3))
				}
				row.p.AdmittedOn = rs[ai]
				row.appears, row.first = at(fw, rs[ai]), matching.ProviderAdmitted
				if row.p.Status != matching.ProviderAdmitted {
					if ai == len(rs)-1 {
						row.p.Status = matching.ProviderAdmitted // admitted at the last round: nothing since
						break
					}
					ci := ai + 1 + g.rng.IntN(len(rs)-ai-1)
					if c := at(fw, rs[ci]); c == 0 {
						row.first = row.p.Status // changed before the history begins
					} else {
						row.changes = c
					}
				}
			}
			g.rows = append(g.rows, row)
			i := len(g.rows) - 1
			imports[row.appears].adds = append(imports[row.appears].adds, i)
			if row.changes > 0 {
				imports[row.changes].changes = append(imports[row.changes].changes, i)
			}
		}
	}
	g.res.ProviderLots, g.res.Providers = len(g.rows), g.providerNo
	for i, im := range imports {
		if len(im.adds)+len(im.changes) > 0 {
			g.plan(im.at, -1, stepImport, i)
		}
	}
	g.imports = imports
	for _, s := range genLotShares {
		g.lots[s.lot] = &genLot{}
	}
	g.plan(g.start.Add(24*time.Hour+time.Hour), -1, stepDefaults, 0)
}

func (g *gen) newProvider(id string, names map[string]bool) *genProvider {
	p := &genProvider{id: id}
	p.kind = matching.ProviderKinds()[weighted(g.rng, []float64{55, 30, 10, 5})]
	p.home = genCouncils[weighted(g.rng, genHomeWeights)].slug
	p.town = pick(g.rng, genTowns[p.home])
	name := pick(g.rng, genNameFirst)
	if chance(g.rng, 0.5) {
		name += " " + pick(g.rng, genNameSecond)
	}
	name += " " + pick(g.rng, genNameSuffix[p.kind])
	if p.kind == "charity" && chance(g.rng, 0.04) {
		name += " for Children and Young People in the North West"
	}
	if names[name] {
		name += " (" + p.town + ")"
	}
	if names[name] {
		name += " " + id
	}
	names[name] = true
	p.name = name
	if chance(g.rng, 0.88) {
		p.email = "referrals@" + genSlug(name) + ".example.org"
	}
	return p
}

func genSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func (g *gen) newRow(prov *genProvider, lot string) genRow {
	fw, l, _ := matching.FindLot(lot)
	p := matching.ProviderLot{
		ProviderID: prov.id, ProviderName: prov.name, Kind: prov.kind, Framework: fw.Code, Lot: lot,
		// Years of a register: many rows withdrawn or removed since.
		Status: matching.ProviderStatuses()[weighted(g.rng, []float64{6, 55, 7, 18, 14, 4})],
		Town:   prov.town, Email: prov.email, Phone: demoPhone(prov.id),
	}
	q := 4500 + g.rng.IntN(5300)
	switch g.rng.IntN(3) {
	case 0:
		q -= q % 100
	case 1:
		q -= q % 10
	}
	p.Quality = float64(q) / 100
	p.Serves = g.serves(fw, prov.home)
	if lot == "packages" {
		p.MinAge = pick(g.rng, []int{0, 0, 0, 5, 5, 11})
		p.CoverUntil = pick(g.rng, []int{18, 18, 21, 25, 25})
	} else {
		p.MinAge = []int{16, 17, 18}[weighted(g.rng, []float64{80, 5, 15})]
		p.CoverUntil = []int{18, 21, 25}[weighted(g.rng, []float64{5, 15, 80})]
		if p.CoverUntil <= p.MinAge {
			p.CoverUntil = 25
		}
	}
	if l.NeedsOfsted && chance(g.rng, 0.88) {
		p.OfstedURN = strconv.Itoa(2700000 + g.rng.IntN(100000))
	}
	pool := genCapsLeaving
	if lot == "packages" {
		pool = genCapsPackages
	}
	k := 2 + g.rng.IntN(6)
	for _, i := range g.rng.Perm(len(pool))[:min(k, len(pool))] {
		p.Capabilities = append(p.Capabilities, pool[i])
	}
	if lot != "packages" && !slices.Contains(p.Capabilities, "independence-skills") && chance(g.rng, 0.8) {
		p.Capabilities = append(p.Capabilities, "independence-skills")
	}
	slices.Sort(p.Capabilities)
	if chance(g.rng, 0.7) {
		v := g.rng.IntN(6)
		p.Vacancies = &v
	}
	return genRow{p: p}
}

// serves is the councils a row serves: mostly its own, often its
// neighbours, a few every member.
func (g *gen) serves(fw matching.Framework, home string) []string {
	members := fw.Members()
	// Nationals that serve everywhere are a handful on each lot, however
	// long the register.
	perLot := float64(g.opts.ProviderLots) * 0.25
	if chance(g.rng, min(0.1, 8/max(perLot, 1))) || len(members) <= 1 {
		return []string{"*"}
	}
	near := members
	if fw.Code == "leaving-care" {
		near = genSubRegion(home)
	} else if !fw.Member(home) {
		home = pick(g.rng, members)
	}
	if !slices.Contains(members, home) {
		home = pick(g.rng, members)
	}
	out := []string{home}
	var extra int
	switch v := g.rng.Float64(); {
	case v < 0.85:
	case v < 0.97:
		extra = 1 + g.rng.IntN(2)
	default:
		extra = 3 + g.rng.IntN(4)
	}
	for _, i := range g.rng.Perm(len(near)) {
		if extra == 0 {
			break
		}
		if c := near[i]; !slices.Contains(out, c) && slices.Contains(members, c) {
			out = append(out, c)
			extra--
		}
	}
	if len(out) == len(members) {
		return []string{"*"}
	}
	slices.Sort(out)
	return out
}

// importRound imports the rows that come in or change at an import, as the
// lead council's commissioning officer would: a register file, checked
// whole, written with its audit events.
func (g *gen) importRound(tx service.Tx, i int, at time.Time) error {
	// What the batch wrote first: the import writes its events through the
	// service, and changes the register the snapshots at close are taken
	// from.
	if err := g.flush(tx); err != nil {
		return err
	}
	im := g.imports[i]
	var rows []matching.ProviderLot
	for _, r := range im.adds {
		p := g.rows[r].p
		p.Status = g.rows[r].first
		rows = append(rows, p)
	}
	for _, r := range im.changes {
		rows = append(rows, g.rows[r].p)
	}
	text := matching.FormatRegister(rows)
	parsed, err := matching.ParseRegister(strings.NewReader(text))
	if err != nil {
		return fmt.Errorf("the generated register does not pass its own checks: %s", err)
	}
	sum := sha256.Sum256([]byte(text))
	actor := g.actor
	if im.framework != "" {
		fw, _ := matching.FrameworkByCode(im.framework)
		actor = g.officers[fw.Lead][0]
	}
	g.trace(Traced{Op: "import", At: at, Actor: actor, Register: text})
	res, err := service.ImportRows(tx, matching.Act{Actor: actor, At: at}, parsed, hex.EncodeToString(sum[:]))
	if err != nil {
		return err
	}
	g.res.Events += res.Added + res.Updated + 1
	// The lots as they now stand, in provider id order as the store gives
	// them.
	added := map[string][]matching.ProviderLot{}
	for _, p := range parsed {
		l := g.lots[p.Lot]
		l.version++
		j, found := slices.BinarySearchFunc(l.rows, p.ProviderID, func(x matching.ProviderLot, id string) int { return strings.Compare(x.ProviderID, id) })
		if found {
			l.rows[j] = p
		} else {
			added[p.Lot] = append(added[p.Lot], p)
		}
	}
	// What was worked out on the lots as they stood can never be used again.
	for k := range g.elig {
		if g.lots[k.lot].version != k.version {
			delete(g.elig, k)
		}
	}
	for _, s := range genLotShares {
		l := g.lots[s.lot]
		if add := added[s.lot]; len(add) > 0 {
			l.rows = append(l.rows, add...)
			slices.SortFunc(l.rows, func(a, b matching.ProviderLot) int { return strings.Compare(a.ProviderID, b.ProviderID) })
		}
		l.ageBounds = []int{18}
		for _, p := range l.rows {
			l.ageBounds = append(l.ageBounds, p.MinAge, p.CoverUntil)
		}
		slices.Sort(l.ageBounds)
		l.ageBounds = slices.Compact(l.ageBounds)
	}
	return nil
}

// setDefaults has some councils set a guide price and weights for a lot,
// as SetDefaults does.
func (g *gen) setDefaults(tx service.Tx, at time.Time) error {
	for _, fw := range matching.Frameworks() {
		for _, l := range fw.Lots() {
			for _, c := range fw.Members() {
				if !chance(g.rng, 0.45) {
					continue
				}
				lo, hi := genGuide[l.Code][0], genGuide[l.Code][1]
				d := matching.Defaults{
					Weights:    pick(g.rng, genWeights),
					GuidePrice: matching.Pence((lo + g.rng.IntN(hi-lo)) / 500 * 500),
				}
				at = at.Add(time.Duration(1+g.rng.IntN(4)) * time.Minute)
				officer := g.officers[c][0]
				ev, err := matching.DefaultsSet(matching.Act{Actor: officer, At: at}, c, l.Code, d)
				if err != nil {
					return err
				}
				g.trace(Traced{Op: "defaults", At: at, Actor: officer, Council: c, Lot: l.Code, Defaults: d})
				if err := tx.SetCouncilDefaults(c, fw.Code, l.Code, d); err != nil {
					return err
				}
				g.defaults[c+"/"+l.Code] = d
				if err := g.appendEvent(tx, ev); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
