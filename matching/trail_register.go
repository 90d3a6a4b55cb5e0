package matching

import (
	"slices"
	"strconv"
)

// The register held against the trail: replaying the register's events
// (rows added and changed by imports, and each change of the register's
// life) gives each row's status, admission date and quality, which must be
// what the store holds.

type trailLotKey struct{ provider, framework, lot string }

type trailLot struct {
	status, admittedOn, quality string
	seq                         int64
	old, seen                   bool
}

type trailRegister struct {
	lots map[trailLotKey]*trailLot
	rows int
}

func (c *TrailCheck) registerEvent(e Event) {
	f := e.Fields
	if f.Get("provider") == "" || f.Get("lot") == "" {
		return
	}
	if c.register == nil {
		c.register = &trailRegister{lots: map[trailLotKey]*trailLot{}}
	}
	l := c.register.lots[trailLotKey{f.Get("provider"), f.Get("framework"), f.Get("lot")}]
	if l == nil {
		l = &trailLot{}
		c.register.lots[trailLotKey{keep(f.Get("provider")), keep(f.Get("framework")), keep(f.Get("lot"))}] = l
	}
	if !e.Structured() {
		l.old = true
		return
	}
	set := func(name string, to *string) {
		for _, x := range f {
			if x.Name == name {
				*to = keep(x.Value)
				if *to == "(none)" && e.Action == ActionProviderUpdated {
					*to = ""
				}
			}
		}
	}
	switch e.Action {
	case ActionProviderAdded, ActionProviderApplied:
		l.seq = e.Seq
		l.status, l.admittedOn, l.quality = keep(f.Get("status")), keep(f.Get("admitted on")), keep(f.Get("quality"))
	case ActionProviderUpdated, ActionProviderAssessed, ActionProviderAdmitted, ActionProviderRefused, ActionProviderSuspended,
		ActionProviderReinstated, ActionProviderRemoved, ActionProviderLeft:
		set("status", &l.status)
		set("admitted on", &l.admittedOn)
		set("quality", &l.quality)
	}
}

// ProviderLot holds a stored register row against its replay.
func (c *TrailCheck) ProviderLot(p ProviderLot) {
	if c.register == nil {
		c.register = &trailRegister{lots: map[trailLotKey]*trailLot{}}
	}
	c.register.rows++
	l := c.register.lots[trailLotKey{p.ProviderID, p.Framework, p.Lot}]
	id := "provider " + p.ProviderID + " on lot " + p.Lot
	if l == nil {
		c.differ(id + " is in the store but not in the trail: no event added it (it was added to the store directly)")
		return
	}
	l.seen = true
	if l.old {
		return
	}
	if s := string(p.Status); s != l.status {
		c.differ(trailFieldDiffers(id, "status", s, l.status))
	}
	if s := ShowDate(p.AdmittedOn); s != l.admittedOn {
		c.differ(trailFieldDiffers(id, "admission date", s, l.admittedOn))
	}
	if s := strconv.FormatFloat(p.Quality, 'f', -1, 64); s != l.quality {
		c.differ(trailFieldDiffers(id, "quality", s, l.quality))
	}
}

// registerEnd names the rows the trail records and the store lacks.
func (c *TrailCheck) registerEnd() {
	if c.register == nil {
		return
	}
	var missing []trailLotKey
	for k, l := range c.register.lots {
		if !l.seen && !l.old {
			missing = append(missing, k)
		}
	}
	slices.SortFunc(missing, func(a, b trailLotKey) int {
		return compareStrings(a.provider+"\x00"+a.framework+"\x00"+a.lot, b.provider+"\x00"+b.framework+"\x00"+b.lot)
	})
	for _, k := range missing {
		c.differ("provider " + k.provider + " on lot " + k.lot + " is in the trail (event " + strconv.FormatInt(c.register.lots[k].seq, 10) +
			") but not in the store: it was deleted")
	}
}

// ProvidersChecked counts the register rows held against the trail.
func (c *TrailCheck) ProvidersChecked() int {
	if c.register == nil {
		return 0
	}
	return c.register.rows
}
