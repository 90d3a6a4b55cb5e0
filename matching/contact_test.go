package matching_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"placematch/matching"
)

func TestCheckPhone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want, err string
	}{
		{"", "", ""},
		{"0151 934 4000", "0151 934 4000", ""},
		{"  0151   934 4000 ", "0151 934 4000", ""},
		{"+44 151 934 4000", "+44 151 934 4000", ""},
		{"(0151) 934-4000", "(0151) 934-4000", ""},
		{"01632960001", "01632960001", ""},
		{"999", "", "has 3 digits"},
		{"0151 934 4000 ext 12", "", "is not a telephone number"},
		{"1632960001", "", "lost its leading 0"},    // what a spreadsheet makes of 01632 960001
		{"151934400", "", "write it as 0151934400"}, // and of 0151 934 400
		{"+1632960001", "+1632960001", ""},          // international: no 0 to lose
		{"=HYPERLINK(1)", "", "is not a telephone number"},
		{strings.Repeat("1", 40), "", "is not a telephone number"},
	} {
		got, err := matching.CheckPhone(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("CheckPhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("CheckPhone(%q) = %v; want an error saying %q", tc.in, err, tc.err)
		}
	}
}

func TestSettingsSet(t *testing.T) {
	t.Parallel()
	act := matching.Act{Actor: "admin", At: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	was := matching.Settings{MailFrom: "old@example.gov.uk"}
	now, ev, err := matching.SettingsSet(act, was, map[string]string{
		"mail-from": "placematch@region.example.gov.uk", "mail-domain": " Region.Example.GOV.uk ",
		"server-address": "pm.region.example.gov.uk:23234", "ocid-prefix": "ocds-a1b2c3"})
	if err != nil {
		t.Fatal(err)
	}
	want := matching.Settings{MailFrom: "placematch@region.example.gov.uk", MailDomain: "region.example.gov.uk",
		ServerAddress: "pm.region.example.gov.uk:23234", OCIDPrefix: "ocds-a1b2c3"}
	if now != want {
		t.Errorf("settings became %+v, want %+v", now, want)
	}
	if ev.Action != matching.ActionSettingsSet || ev.Fields.Get("was mail-from") != "old@example.gov.uk" || ev.Fields.Get("mail-domain") != "region.example.gov.uk" {
		t.Errorf("event %+v", ev)
	}
	// Clearing one: the event says so, the rest stay.
	cleared, ev, err := matching.SettingsSet(act, now, map[string]string{"server-address": ""})
	if err != nil || cleared.ServerAddress != "" || cleared.MailFrom != now.MailFrom || ev.Fields.Get("server-address") != "(none)" {
		t.Errorf("clearing: %+v %+v %v", cleared, ev.Fields, err)
	}
	// Every bad value named at once, and nothing changed.
	for _, bad := range []map[string]string{
		{"mail-from": "Placematch <pm@example.gov.uk>", "mail-domain": "not a domain"},
		{"server-address": "pm.example.gov.uk"},
		{"server-address": "pm.example.gov.uk:99999"},
		{"ocid-prefix": "ocds-12"},
		{"mail-from": "pm@localhost"},
		{"smtp-password": "secret"},
	} {
		got, _, err := matching.SettingsSet(act, now, bad)
		var fe matching.FieldErrors
		if !errors.As(err, &fe) || len(fe) != len(bad) || got != now {
			t.Errorf("%v: %v (%d problems named), settings %+v", bad, err, len(fe), got)
		}
	}
	if _, _, err := matching.SettingsSet(act, now, map[string]string{"mail-from": now.MailFrom}); err == nil || !strings.Contains(err.Error(), "nothing to change") {
		t.Errorf("an unchanged value: %v", err)
	}
}

func TestCouncilContactSet(t *testing.T) {
	t.Parallel()
	act := matching.Act{Actor: "officer", At: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	c, ev, err := matching.CouncilContactSet(act, "sefton", matching.Contact{},
		matching.Contact{Name: " Placements team ", Email: "placements@sefton.example.gov.uk", Phone: "0151  934 4000"})
	if err != nil {
		t.Fatal(err)
	}
	if c != (matching.Contact{Name: "Placements team", Email: "placements@sefton.example.gov.uk", Phone: "0151 934 4000"}) {
		t.Errorf("contact %+v", c)
	}
	if ev.Action != matching.ActionContactSet || ev.Fields.Get("council") != "sefton" || ev.Fields.Get("phone") != "0151 934 4000" {
		t.Errorf("event %+v", ev)
	}
	if got := c.Line(); got != "Placements team, placements@sefton.example.gov.uk, 0151 934 4000" {
		t.Errorf("line %q", got)
	}
	for _, tc := range []struct {
		council string
		c       matching.Contact
		field   string
	}{
		{"sefton", matching.Contact{Email: "placements at sefton"}, "contact-email"},
		{"sefton", matching.Contact{Phone: "151 934 4000"}, "contact-phone"},
		{"sefton", matching.Contact{Name: "Two\nlines"}, "contact-name"},
		{"atlantis", matching.Contact{Name: "x"}, "not known"},
	} {
		_, _, err := matching.CouncilContactSet(act, tc.council, c, tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%+v: %v, want a refusal naming %s", tc.c, err, tc.field)
		}
	}
	if _, _, err := matching.CouncilContactSet(act, "sefton", c, c); err == nil || !strings.Contains(err.Error(), "nothing to change") {
		t.Errorf("the same contact again: %v", err)
	}
}

// TestRegisterPhoneColumn: the register's optional phone column is read,
// tidied and written back; one a spreadsheet stripped of its 0 is refused
// with the line named.
func TestRegisterPhoneColumn(t *testing.T) {
	t.Parallel()
	head := strings.Join(append(matching.RegisterColumns(), "phone"), ",") + "\n"
	row := "P1,One,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,,Bootle,"
	rows, err := matching.ParseRegister(strings.NewReader(head + row + "0151  496 0001\n"))
	if err != nil || len(rows) != 1 || rows[0].Phone != "0151 496 0001" {
		t.Fatalf("phone read as %+v, %v", rows, err)
	}
	again, err := matching.ParseRegister(strings.NewReader(matching.FormatRegister(rows)))
	if err != nil || again[0].Phone != "0151 496 0001" {
		t.Errorf("written and read back: %+v, %v", again, err)
	}
	_, err = matching.ParseRegister(strings.NewReader(head + row + "1514960001\n"))
	var re *matching.RegisterError
	if !errors.As(err, &re) || len(re.Rows) != 1 || re.Rows[0].Line != 2 || !strings.Contains(strings.Join(re.Rows[0].Problems, " "), "lost its leading 0") {
		t.Errorf("a number without its 0: %v", err)
	}
}
