package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// TestPreviewImportChangesNothing: a preview says what an import would
// add and change, in the trail's words, and leaves the register and the
// trail as they were; a bad file is refused with its lines named.
func TestPreviewImportChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		before, err := f.svc.Providers(ctx, service.ProviderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		events := func() int {
			n := 0
			if err := f.svc.AuditEach(ctx, "", func(matching.Event) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		was := events()
		file := strings.Replace(register, "P1,One,company,care-support,packages,admitted,2024-01-01,80", "P1,One,company,care-support,packages,admitted,2024-01-01,85", 1) +
			"P9,Nine,charity,care-support,packages,applied,,70,*,0,25,,,,Crosby\n"
		p, err := f.svc.PreviewImport(ctx, "t", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if p.Result.Rows != 4 || p.Result.Added != 1 || p.Result.Updated != 1 || p.Result.Unchanged != 2 || len(p.Changes) != 2 {
			t.Fatalf("preview %+v", p)
		}
		if !strings.Contains(strings.Join(p.Changes, "\n"), "provider updated: provider: P1; lot: care-support/packages; changes: quality 80 → 85") {
			t.Errorf("changes %q", p.Changes)
		}
		if !strings.Contains(strings.Join(p.Changes, "\n"), "provider added: provider: P9 Nine") {
			t.Errorf("changes %q", p.Changes)
		}
		after, _ := f.svc.Providers(ctx, service.ProviderFilter{})
		if len(after) != len(before) || events() != was {
			t.Fatalf("a preview changed the store: %d→%d rows, %d→%d events", len(before), len(after), was, events())
		}
		for _, p := range after {
			if p.ProviderID == "P1" && p.Quality != 80 {
				t.Errorf("a preview changed P1's quality to %v", p.Quality)
			}
		}
		_, err = f.svc.PreviewImport(ctx, "t", strings.NewReader(register+"P8,Eight,company,care-support,packages,admitted,,170,*,0,25,,,,\n"))
		var re *matching.RegisterError
		if !errors.As(err, &re) || len(re.Rows) != 1 || re.Rows[0].Line != 5 {
			t.Fatalf("a bad file: %v", err)
		}
		if v, err := f.svc.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Fatalf("verify after previews: %+v %v", v, err)
		}
	})
}
