package matching

import (
	"maps"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Contact is how a provider reaches a council's placements team: named in
// every letter to providers, and the Reply-To of its mail.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Empty reports whether no part of the contact is given.
func (c Contact) Empty() bool { return c.Name == "" && c.Email == "" && c.Phone == "" }

// Reachable reports whether a provider could reach the contact: by email or
// by phone.
func (c Contact) Reachable() bool { return c.Email != "" || c.Phone != "" }

// Line is the contact on one line: "Placements team, placements@x.gov.uk,
// 01632 960000", leaving out what is not given.
func (c Contact) Line() string {
	var parts []string
	for _, p := range []string{c.Name, c.Email, c.Phone} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// CheckContact checks a council's contact as given: the name one line, the
// email a plain address, the phone a telephone number (tidied: see
// CheckPhone). Each field is optional; what is given must be right.
func CheckContact(c Contact) (Contact, error) {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	if err := CheckText("contact-name", c.Name, MaxShort); err != nil {
		return c, err
	}
	if strings.ContainsAny(c.Name, "\n\t") {
		return c, FieldErrors{{Field: "contact-name", Msg: "must be one line"}}
	}
	if err := CheckEmail(c.Email); err != nil {
		return c, FieldErrors{{Field: "contact-email", Msg: err.Error()}}
	}
	p, err := CheckPhone(c.Phone)
	if err != nil {
		return c, FieldErrors{{Field: "contact-phone", Msg: err.Error()}}
	}
	c.Phone = p
	return c, nil
}

// CheckEmail checks a plain email address (user@domain, no display name),
// or nothing.
func CheckEmail(e string) error {
	if e == "" {
		return nil
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !isASCII(e) || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return Invalidf("%q is not a plain email address like placements@example.gov.uk", clip(e, 60))
	}
	return nil
}

var phoneRe = regexp.MustCompile(`^\+?[0-9 ()\-]+$`)

// CheckPhone checks a telephone number as people write them (digits,
// spaces, brackets, hyphens, a leading +) and returns it with its spaces
// tidied, or nothing for nothing. A number of 9 or 10 digits with no
// leading 0 or + is a UK number that lost its 0, as a spreadsheet does to a
// number it reads as a figure: it is refused, saying how to write it.
func CheckPhone(p string) (string, error) {
	p = strings.Join(strings.Fields(p), " ")
	if p == "" {
		return "", nil
	}
	if len(p) > 32 || !phoneRe.MatchString(p) {
		return p, Invalidf("%q is not a telephone number: digits, spaces, brackets and hyphens, with + for an international one, e.g. 01632 960000", clip(p, 40))
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p)
	switch {
	case len(digits) < 7 || len(digits) > 15:
		return p, Invalidf("%q has %d digits; a telephone number has 7 to 15, e.g. 01632 960000", clip(p, 40), len(digits))
	case !strings.HasPrefix(p, "+") && !strings.HasPrefix(digits, "0") && (len(digits) == 9 || len(digits) == 10):
		return p, Invalidf("%q looks like a UK number that lost its leading 0 (as a spreadsheet does to numbers): write it as 0%s", clip(p, 40), digits)
	}
	return p, nil
}

// Settings are the server's own: the mail sender, the domain of the
// Message-IDs and of the relay greeting, the address providers reach the
// app at over SSH, and the OCDS prefix of its contracting records.
type Settings struct {
	MailFrom      string `json:"mail_from"`
	MailDomain    string `json:"mail_domain"`
	ServerAddress string `json:"server_address"`
	OCIDPrefix    string `json:"ocid_prefix"`
}

// The names of the settings, as `settings set` takes them and the store
// keeps them.
const (
	SettingMailFrom      = "mail-from"
	SettingMailDomain    = "mail-domain"
	SettingServerAddress = "server-address"
	SettingOCIDPrefix    = "ocid-prefix"
)

// SettingNames are the settings' names, in the order they are shown.
func SettingNames() []string {
	return []string{SettingMailFrom, SettingMailDomain, SettingServerAddress, SettingOCIDPrefix}
}

// Get is a setting by its name.
func (s Settings) Get(name string) string {
	switch name {
	case SettingMailFrom:
		return s.MailFrom
	case SettingMailDomain:
		return s.MailDomain
	case SettingServerAddress:
		return s.ServerAddress
	case SettingOCIDPrefix:
		return s.OCIDPrefix
	}
	return ""
}

// With is the settings with one set by its name; false for a name that is
// no setting.
func (s Settings) With(name, v string) (Settings, bool) {
	switch name {
	case SettingMailFrom:
		s.MailFrom = v
	case SettingMailDomain:
		s.MailDomain = v
	case SettingServerAddress:
		s.ServerAddress = v
	case SettingOCIDPrefix:
		s.OCIDPrefix = v
	default:
		return s, false
	}
	return s, true
}

var (
	domainRe = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)
	ocidRe   = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)
)

// CheckSetting checks one setting's value, tidied; an empty value clears it.
func CheckSetting(name, v string) (string, error) {
	v = strings.TrimSpace(v)
	bad := func(format string, a ...any) (string, error) {
		return v, FieldErrors{{Field: name, Msg: Invalidf(format, a...).Error()}}
	}
	if v == "" {
		return "", nil
	}
	switch name {
	case SettingMailFrom:
		if err := CheckEmail(v); err != nil {
			return bad("%s", err.Error())
		}
	case SettingMailDomain:
		v = strings.ToLower(v)
		if len(v) > 253 || !domainRe.MatchString(v) {
			return bad("%q is not a domain name like placements.example.gov.uk", clip(v, 60))
		}
	case SettingServerAddress:
		host, port, err := net.SplitHostPort(v)
		n, perr := strconv.Atoi(port)
		if err != nil || host == "" || perr != nil || n < 1 || n > 65535 || strings.ContainsAny(host, " /@") {
			return bad("%q is not HOST:PORT, e.g. placematch.example.gov.uk:23234", clip(v, 60))
		}
	case SettingOCIDPrefix:
		if !ocidRe.MatchString(v) {
			return bad("%q is not an OCDS prefix: ocds- and the six letters or digits OCDS registered, e.g. ocds-a1b2c3", clip(v, 30))
		}
	default:
		return v, Invalidf("there is no setting %q: the settings are %s", clip(name, 30), strings.Join(SettingNames(), ", "))
	}
	return v, nil
}

// SettingsSet records a change of the server's settings: changes maps a
// setting's name to its new value (empty clears it). It checks every value
// and returns the settings as they become, with the event; an unchanged
// value is left out of the event, and no change at all is refused.
func SettingsSet(act Act, was Settings, changes map[string]string) (Settings, Event, error) {
	now := was
	var pairs []string
	var fe FieldErrors
	for _, name := range SettingNames() {
		v, ok := changes[name]
		if !ok {
			continue
		}
		v, err := CheckSetting(name, v)
		if err != nil {
			fe = append(fe, fieldErrs(err, name)...)
			continue
		}
		if v != was.Get(name) {
			now, _ = now.With(name, v)
			pairs = append(pairs, name, orNone(v), "was "+name, orNone(was.Get(name)))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(changes)) {
		if !slices.Contains(SettingNames(), name) {
			fe = append(fe, FieldError{Field: name, Msg: "is not a setting: the settings are " + strings.Join(SettingNames(), ", ")})
		}
	}
	if len(fe) > 0 {
		return was, Event{}, fe
	}
	if len(pairs) == 0 {
		return was, Event{}, Invalidf("nothing to change: the settings already hold these values")
	}
	return now, act.event("", ActionSettingsSet, pairs...), nil
}

// CouncilContactSet records a council's placements contact, checked.
func CouncilContactSet(act Act, council string, was, c Contact) (Contact, Event, error) {
	if _, ok := CouncilBySlug(council); !ok {
		return was, Event{}, NotFoundf("council %q is not known", clip(council, 40))
	}
	return contactSet(act, council, was, c)
}

// PurchaserContactSet records a purchaser's placements contact, checked,
// as a council's.
func PurchaserContactSet(act Act, p Purchaser, was, c Contact) (Contact, Event, error) {
	return contactSet(act, p.Slug, was, c)
}

func contactSet(act Act, council string, was, c Contact) (Contact, Event, error) {
	c, err := CheckContact(c)
	if err != nil {
		return was, Event{}, err
	}
	if c == was {
		return was, Event{}, Invalidf("nothing to change: %s's contact is already %s", council, orNone(c.Line()))
	}
	return c, act.event("", ActionContactSet, "council", council, "name", orNone(c.Name), "email", orNone(c.Email),
		"phone", orNone(c.Phone)), nil
}

// fieldErrs is err as field errors, naming field when it names none.
func fieldErrs(err error, field string) FieldErrors {
	if fe, ok := err.(FieldErrors); ok {
		return fe
	}
	return FieldErrors{{Field: field, Msg: err.Error()}}
}

// ProviderContactWords is how an officer reaches an invited provider, for
// the invited list: its email and phone; with no email, its invitation
// cannot be sent, and the words begin "to phone".
func ProviderContactWords(email, phone string) string {
	switch {
	case email == "" && phone == "":
		return "to phone: no email or phone on the register"
	case email == "":
		return "to phone: " + phone + " (no email on the register)"
	case phone == "":
		return email
	}
	return email + " · " + phone
}

// ToPhone reports whether an invited provider must be phoned: the register
// gives it no email.
func ToPhone(email string) bool { return email == "" }
