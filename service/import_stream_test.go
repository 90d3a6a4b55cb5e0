package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"placematch/matching"
	"placematch/service"
	"placematch/store/storetest"
)

// streamRows is more rows than one batch of a streamed import, so that
// batches are written before the end of the file is read.
const streamRows = matching.RegisterBatch*2 + 500

// registerState is what a failed import must leave as it was: the register's
// rows and the trail's length.
func registerState(t *testing.T, svc *service.Service) (int, int) {
	t.Helper()
	ctx := context.Background()
	rows, err := svc.Providers(ctx, service.ProviderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := svc.AuditEach(ctx, "", func(matching.Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return len(rows), n
}

// TestImportBadLastLineChangesNothing: a big register whose last line is
// bad is refused with that line named, after whole batches of its good rows
// were written in the import's transaction, and the store is as it was.
func TestImportBadLastLineChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		rows, events := registerState(t, f.svc)
		file := lotRegisterCSV(streamRows, "floating-support") +
			"Z9,Last Row Ltd,company,leaving-care,floating-support,admitted,2020-02-01,170,*,16,25,,mental-health,1,Bootle,\n"
		_, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(file))
		var re *matching.RegisterError
		if !errors.As(err, &re) || len(re.Rows) != 1 || re.More != 0 {
			t.Fatalf("want the one bad line named, got %v", err)
		}
		// The header is line 1, the good rows lines 2 to streamRows+1.
		if re.Rows[0].Line != streamRows+2 || !strings.Contains(err.Error(), fmt.Sprintf("line %d: quality_score 170 is over 100", streamRows+2)) {
			t.Errorf("the bad line is named as %d: %v", re.Rows[0].Line, err)
		}
		if r, e := registerState(t, f.svc); r != rows || e != events {
			t.Errorf("a refused import changed the store: %d→%d register rows, %d→%d events", rows, r, events, e)
		}
		// And the same file, put right, imports whole.
		good := strings.Replace(file, ",170,", ",70,", 1)
		res, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(good))
		if err != nil || res.Added != streamRows+1 {
			t.Fatalf("the corrected file: %+v, %v", res, err)
		}
		if r, e := registerState(t, f.svc); r != rows+streamRows+1 || e != events+streamRows+2 {
			t.Errorf("the corrected import left %d register rows and %d events", r, e)
		}
	})
}

// TestImportNamesEveryBadLine: bad lines in different batches of a big
// file are all named, each with its line and its problem.
func TestImportNamesEveryBadLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.SQLite)
	ctx := context.Background()
	rows, events := registerState(t, f.svc)
	lines := strings.SplitAfter(lotRegisterCSV(streamRows, "floating-support"), "\n")
	// Lines are counted from 1, the header's; lines[i] is line i+1.
	bad := map[int]string{
		3:                          "quality_score",
		matching.RegisterBatch + 7: "min_age",
		streamRows + 1:             "kind",
	}
	for line, what := range bad {
		l := lines[line-1]
		switch what {
		case "quality_score":
			l = strings.Replace(l, ",admitted,2020-02-01,", ",admitted,2020-02-01,x", 1)
		case "min_age":
			l = strings.Replace(l, ",*,16,25,", ",*,99,25,", 1)
		case "kind":
			l = strings.Replace(l, ",company,", ",partnership,", 1)
		}
		lines[line-1] = l
	}
	_, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(strings.Join(lines, "")))
	var re *matching.RegisterError
	if !errors.As(err, &re) {
		t.Fatalf("want the bad lines named, got %v", err)
	}
	var got []int
	for _, r := range re.Rows {
		got = append(got, r.Line)
		if !strings.Contains(strings.Join(r.Problems, "; "), bad[r.Line]) {
			t.Errorf("line %d: %q does not name %s", r.Line, r.Problems, bad[r.Line])
		}
	}
	if want := []int{3, matching.RegisterBatch + 7, streamRows + 1}; !slices.Equal(got, want) {
		t.Errorf("named lines %v, want %v", got, want)
	}
	if r, e := registerState(t, f.svc); r != rows || e != events {
		t.Errorf("a refused import changed the store: %d→%d register rows, %d→%d events", rows, r, events, e)
	}
}

// TestImportExcelFile: a register saved by Excel, with its byte order mark
// and CRLF line ends, imports, and no row keeps a CR.
func TestImportExcelFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.SQLite)
	ctx := context.Background()
	file := "\ufeff" + strings.ReplaceAll(lotRegisterCSV(matching.RegisterBatch+10, "floating-support"), "\n", "\r\n")
	res, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(file))
	if err != nil || res.Added != matching.RegisterBatch+10 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	rows, err := f.svc.Providers(ctx, service.ProviderFilter{Lot: "floating-support"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rows {
		if strings.ContainsAny(p.Email+p.ProviderID+p.Town, "\r\ufeff") {
			t.Fatalf("row %q keeps a CR or the byte order mark: %+v", p.ProviderID, p)
		}
	}
	if rows[0].ProviderID != "B00000" || rows[0].Email != "referrals@b00000.example.org" {
		t.Errorf("first row %+v", rows[0])
	}
}

// TestImportStreamRecordsTheSameTrail: a register written in batches
// records the very events that recording all its rows at once would, in
// the file's order, then the import; the chain verifies.
func TestImportStreamRecordsTheSameTrail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		f := newFixture(t, kind)
		ctx := context.Background()
		_, was := registerState(t, f.svc)
		text := lotRegisterCSV(matching.RegisterBatch+300, "floating-support")
		rows, err := matching.ParseRegister(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		// Half the rows already there, a quarter of them to be changed.
		for i := range rows[:len(rows)/2] {
			if i%4 == 0 {
				rows[i].Town = "Crosby"
			}
		}
		first := matching.FormatRegister(rows[:len(rows)/2])
		if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(first)); err != nil {
			t.Fatal(err)
		}
		_, mid := registerState(t, f.svc)
		res, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		before := make([]*matching.ProviderLot, len(rows))
		for i := range rows[:len(rows)/2] {
			p := rows[i]
			before[i] = &p
		}
		want, wantEvs := matching.ImportRegister(matching.Act{Actor: "t", At: f.now}, mustParse(t, text), before, "")
		if res != want {
			t.Errorf("result %+v, want %+v", res, want)
		}
		var got []matching.Event
		n := 0
		if err := f.svc.AuditEach(ctx, "", func(e matching.Event) error {
			if n++; n > mid {
				got = append(got, e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(wantEvs) || mid <= was {
			t.Fatalf("%d events recorded, want %d", len(got), len(wantEvs))
		}
		for i, e := range got {
			w := wantEvs[i]
			if e.Action != w.Action || (w.Action != matching.ActionRegisterImported && !slices.Equal(e.Fields, w.Fields)) {
				t.Fatalf("event %d is %s %v, want %s %v", i, e.Action, e.Fields, w.Action, w.Fields)
			}
		}
		v, err := f.svc.VerifyAudit(ctx)
		if err != nil || v.Break != nil || len(v.Differences) > 0 {
			t.Fatalf("verify: %+v, %v", v, err)
		}
	})
}

func mustParse(t *testing.T, text string) []matching.ProviderLot {
	t.Helper()
	rows, err := matching.ParseRegister(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestImportRefusedLateRowOfAnotherFramework: a commissioner's file whose
// late row (after whole batches were written) is on another framework is
// refused, and nothing of it is kept.
func TestImportRefusedLateRowOfAnotherFramework(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.SQLite)
	rows, events := registerState(t, f.svc)
	ctx := service.WithPerson(context.Background(), matching.Person{Name: "Lee Leaving", Role: matching.RoleCommissioner, Scope: "leaving-care"})
	file := lotRegisterCSV(streamRows, "floating-support") +
		"Z9,Last Row Ltd,company,care-support,packages,admitted,2020-02-01,70,*,0,25,,mental-health,1,Bootle,\n"
	if _, err := f.svc.ImportProviders(ctx, "t", strings.NewReader(file)); err == nil {
		t.Fatal("a row of another framework was loaded")
	}
	if r, e := registerState(t, f.svc); r != rows || e != events {
		t.Errorf("a refused import changed the store: %d→%d register rows, %d→%d events", rows, r, events, e)
	}
}
