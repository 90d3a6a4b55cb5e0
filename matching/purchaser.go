package matching

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Purchaser is a body other than the region's councils, a health body such
// as an integrated care board, added as a purchaser on one or more
// frameworks: there it acts as a council does (its own requests, settings
// and budgets). Its Code begins its requests' ids, unique in the region
// like a council's.
type Purchaser struct {
	Council
	Frameworks []string
}

// BuysOn reports whether the purchaser buys through the framework.
func (p Purchaser) BuysOn(framework string) bool { return slices.Contains(p.Frameworks, framework) }

var (
	purchaserSlugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	gssRe           = regexp.MustCompile(`^[ENSW][0-9]{8}$`)
)

// AddPurchaser adds a purchaser on a framework: a new one (slug, name, an
// optional GSS code such as E54000008), or one already added on another
// framework (the same name). known are the purchasers already added. It
// returns the purchaser as it becomes, and the event that records it.
func AddPurchaser(act Act, known []Purchaser, slug, name, framework, gss string) (Purchaser, Event, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	name = strings.TrimSpace(name)
	gss = strings.ToUpper(strings.TrimSpace(gss))
	fw, ok := FrameworkByCode(strings.TrimSpace(framework))
	var errs FieldErrors
	add := func(field string, err error) {
		if err != nil {
			errs = append(errs, FieldError{field, err.Error()})
		}
	}
	switch {
	case !purchaserSlugRe.MatchString(slug) || len(slug) > 60:
		add("slug", Invalidf("the purchaser's short name %q must be lower-case letters, digits and hyphens (up to 60), e.g. nhs-cheshire-merseyside", clip(slug, 40)))
	default:
		if _, isCouncil := CouncilBySlug(slug); isCouncil {
			add("slug", Conflictf("%s is one of the region's councils, which buys as a council already: a purchaser is another body, such as an integrated care board", slug))
		}
	}
	if name == "" {
		add("name", Invalidf("the purchaser needs its name, e.g. --name \"NHS Cheshire and Merseyside ICB\""))
	} else if err := CheckText("name", name, MaxShort); err != nil || strings.ContainsAny(name, "\n\t") {
		add("name", Invalidf("the name must be one line of up to %d characters", MaxShort))
	}
	if !ok {
		add("framework", unknownFramework(framework))
	}
	if gss != "" && !gssRe.MatchString(gss) {
		add("gss", Invalidf("the GSS code %q is not one: a letter and eight digits, e.g. E54000008", clip(gss, 20)))
	}
	if len(errs) > 0 {
		return Purchaser{}, Event{}, errs
	}
	var p Purchaser
	for _, k := range known {
		if k.Slug == slug {
			p = k
			p.Frameworks = slices.Clone(k.Frameworks)
		}
	}
	if p.Slug != "" {
		if p.BuysOn(fw.Code) {
			return Purchaser{}, Event{}, Conflictf("%s (%s) is already a purchaser on %s: nothing was changed", p.Name, p.Slug, fw.Code)
		}
		if !strings.EqualFold(p.Name, name) {
			return Purchaser{}, Event{}, Conflictf("%s is already the short name of %s: give the same --name to add it on %s too, or another short name", slug, p.Name, fw.Code)
		}
		if gss != "" && p.GSS != "" && gss != p.GSS {
			return Purchaser{}, Event{}, Conflictf("%s has the GSS code %s already, not %s", p.Name, p.GSS, gss)
		}
		if p.GSS == "" {
			p.GSS = gss
		}
	} else {
		// The same body under a second short name would split its
		// requests, budgets and spend in two.
		for _, k := range known {
			if strings.EqualFold(k.Name, name) || gss != "" && k.GSS == gss {
				return Purchaser{}, Event{}, Conflictf("%s (%s) is a purchaser already: add it on %s with its own short name (placematch purchasers add %s --name %q --framework %s)",
					k.Name, k.Slug, fw.Code, k.Slug, k.Name, fw.Code)
			}
		}
		p.Council = Council{Slug: slug, Name: name, GSS: gss, Code: purchaserCode(name, slug, known)}
	}
	p.Frameworks = append(p.Frameworks, fw.Code)
	slices.Sort(p.Frameworks)
	ev := act.event("", ActionPurchaserAdded, "purchaser", p.Slug, "name", p.Name, "gss", p.GSS, "code", p.Code, "framework", fw.Code)
	return p, ev, nil
}

// purchaserCode is three capital letters for a new purchaser's request
// ids, unique among the councils and purchasers: the first letters of the
// words of its name that say which it is ("NHS Cheshire and Merseyside
// ICB" is CMI), filled from its short name, else the first free variant.
func purchaserCode(name, slug string, known []Purchaser) string {
	taken := map[string]bool{}
	for _, c := range councils {
		taken[c.Code] = true
	}
	for _, k := range known {
		taken[k.Code] = true
	}
	skip := map[string]bool{"nhs": true, "and": true, "of": true, "the": true, "for": true}
	var letters []rune
	for _, w := range strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !skip[strings.ToLower(w)] && w[0] < 128 {
			letters = append(letters, rune(w[0]))
		}
	}
	for _, r := range strings.ToUpper(slug) {
		if r >= 'A' && r <= 'Z' {
			letters = append(letters, r)
		}
	}
	for len(letters) < 3 {
		letters = append(letters, 'X')
	}
	code := string(letters[:3])
	if !taken[code] {
		return code
	}
	for i := 2; i >= 0; i-- {
		for r := 'A'; r <= 'Z'; r++ {
			c := []rune(code)
			c[i] = r
			if !taken[string(c)] {
				return string(c)
			}
		}
	}
	return code
}
