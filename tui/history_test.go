package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/service"
)

// TestProviderDetailShowsItsRecordFirst: a provider's details begin with
// its record (invitations, response rate, offers, ranks, awards) where it
// is seen, then list each request with what it did there: the price and
// rank of an opened offer, never of a sealed one.
func TestProviderDetailShowsItsRecordFirst(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	wd := buildWorld(t, svc)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 120, 40)
	h.keys("p", "/")
	h.typeText("P004")
	h.keys("enter", "enter")
	lines := strings.Split(h.view(), "\n")
	top := strings.Join(lines[:5], "\n")
	for _, want := range []string{"invited 5 · answered 3 (60%) · 2 offers, 0 declined, 1 still sealed · ranked 2 times, first 2 · 1 award"} {
		if !strings.Contains(top, want) {
			t.Errorf("the record's %q is not at the top:\n%s", want, top)
		}
	}
	h.keys("G")
	v := h.view()
	for _, want := range []string{wd.awarded, "awarded to this provider · offer £1,100.00 a week · rank 1 of 2 (92.73)", wd.opened, "offer £1,150.50 a week", wd.closed, "answered; sealed until the offers are opened"} {
		if !strings.Contains(v, want) {
			t.Errorf("the history does not say %q:\n%s", want, v)
		}
	}
	for _, sealed := range []string{"990", "975"} {
		if strings.Contains(v, sealed) {
			t.Errorf("a sealed offer's %s shows:\n%s", sealed, v)
		}
	}
}

// TestImportRegisterFromTheApp: i on the register asks for a CSV file with
// the current folder shown, previews what it would add and change, and
// imports only on yes; a bad file is refused with its line named and
// changes nothing.
func TestImportRegisterFromTheApp(t *testing.T) {
	t.Parallel()
	svc := newService(t)
	h := newHarness(t, svc, Options{User: "officer", Council: "sefton"}, 100, 30)
	h.keys("p")
	h.mustSee("Press i to import one")
	dir := t.TempDir()
	good := filepath.Join(dir, "register.csv")
	src, err := os.ReadFile(filepath.Join("testdata", "register.csv"))
	must(t, err)
	must(t, os.WriteFile(good, src, 0o600))
	bad := filepath.Join(dir, "bad.csv")
	must(t, os.WriteFile(bad, []byte(string(src)+"P099,Bad Row,company,leaving-care,group-living,admitted,,170,*,16,25,,,,\n"), 0o600))
	rows := strings.Count(strings.TrimSpace(string(src)), "\n")

	h.keys("i")
	wd, _ := os.Getwd()
	h.mustSee("Import a provider register")
	h.mustSee("The current folder: " + wd[:min(len(wd), 40)])
	h.typeText(bad)
	h.keys("enter")
	h.mustSee("line " + itoa(rows+2))
	if ps, _ := svc.Providers(context.Background(), service.ProviderFilter{}); len(ps) != 0 {
		t.Fatalf("a refused file imported %d rows", len(ps))
	}
	h.keys("ctrl+u")
	h.typeText(good)
	h.keys("enter")
	h.mustSee("Import this register?")
	h.mustSee("Importing it would add " + itoa(rows))
	if ps, _ := svc.Providers(context.Background(), service.ProviderFilter{}); len(ps) != 0 {
		t.Fatalf("the preview imported %d rows", len(ps))
	}
	h.keys("n")
	if ps, _ := svc.Providers(context.Background(), service.ProviderFilter{}); len(ps) != 0 || h.m.active().modal() {
		t.Fatalf("no imported %d rows", len(ps))
	}
	h.keys("i")
	h.typeText(good)
	h.keys("enter", "y")
	if !strings.Contains(h.m.c.status, "Imported "+itoa(rows)+" rows: "+itoa(rows)+" added") {
		t.Fatalf("status %q", h.m.c.status)
	}
	if ps, _ := svc.Providers(context.Background(), service.ProviderFilter{}); len(ps) != rows {
		t.Fatalf("%d rows on the register, want %d", len(ps), rows)
	}
	h.mustSee("Alder House Living")
}
