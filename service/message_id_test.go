package service_test

import (
	"context"
	"errors"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"placematch/delivery"
	"placematch/matching"
	"placematch/service"
	"placematch/store"
	"placematch/store/storetest"
)

// idSender records the Message ID of every message it is given, on every
// attempt, and refuses them all while fail is set.
type idSender struct {
	mu   sync.Mutex
	fail bool
	ids  []string
	to   map[string]string // Message ID -> address
}

func (s *idSender) Send(m service.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, m.ID)
	if s.to == nil {
		s.to = map[string]string{}
	}
	s.to[m.ID] = m.To
	if s.fail {
		return errors.New("relay down")
	}
	return nil
}

func (s *idSender) Via() string { return "ids" }

var messageIDForm = regexp.MustCompile(`^SEF-2026-0001\.P00[1-3]\.invitation\.[0-9a-f]{16}$`)

// TestMessageIDsKeptOnRetry: each message's Message-ID is its request,
// provider, kind and a random part, valid as RFC 5322 reads it; a retry
// carries the same Message-ID as the failed attempt, and into the outbox
// folder it rewrites the same file.
func TestMessageIDsKeptOnRetry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		a, _, _, _ := deliveryStore(t, kind, 3)
		s := &idSender{fail: true}
		if rep, err := a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Failed != 3 {
			t.Fatalf("the failing run: %+v, %v", rep, err)
		}
		first := slices.Clone(s.ids)
		s.fail, s.ids = false, nil
		if rep, err := a.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Sent != 3 {
			t.Fatalf("the retry: %+v, %v", rep, err)
		}
		if !slices.Equal(s.ids, first) {
			t.Errorf("the retry sent Message-IDs\n%v\nthe failed attempt\n%v", s.ids, first)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(first)))) != 3 {
			t.Errorf("three messages share Message-IDs: %v", first)
		}
		ds, err := a.Deliveries(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range ds {
			id := service.MessageID(d)
			if i >= len(first) || id != first[i] || s.to[id] != d.To {
				t.Errorf("message %d (%s) went as %v", d.ID, id, first)
			}
			if !messageIDForm.MatchString(id) {
				t.Errorf("Message ID %q is not REQUEST.PROVIDER.KIND.RANDOM", id)
			}
			a, err := mail.ParseAddress("<" + id + "@placematch.invalid>")
			if err != nil || a.Address != id+"@placematch.invalid" {
				t.Errorf("<%s@placematch.invalid> is not a valid msg-id: %v", id, err)
			}
		}

		// Into the outbox folder: a run that wrote the files and died before
		// recording them leaves them to be sent again, into the same files.
		dir := delivery.Dir{Path: filepath.Join(t.TempDir(), "outbox")}
		a2, _, db2, _ := deliveryStore(t, kind, 3)
		if rep, err := a2.Deliver(ctx, dir, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Sent != 3 {
			t.Fatalf("to the outbox: %+v, %v", rep, err)
		}
		before, _ := os.ReadDir(dir.Path)
		ds2, _ := a2.Deliveries(ctx, "")
		var lost []service.DeliveryResult
		for _, d := range ds2 {
			lost = append(lost, service.DeliveryResult{ID: d.ID, Status: "failed", LastError: "not recorded", At: d.CreatedAt})
		}
		if err := db2.Update(ctx, func(tx service.Tx) error { return tx.MarkDeliveries(lost) }); err != nil {
			t.Fatal(err)
		}
		if rep, err := a2.Deliver(ctx, dir, service.Envelope{From: "placematch@example.org"}); err != nil || rep.Sent != 3 {
			t.Fatalf("again to the outbox: %+v, %v", rep, err)
		}
		after, _ := os.ReadDir(dir.Path)
		var names, names2 []string
		for _, e := range before {
			names = append(names, e.Name())
		}
		for _, e := range after {
			names2 = append(names2, e.Name())
		}
		if len(names) != 3 || !slices.Equal(names, names2) {
			t.Errorf("the outbox held %v, and after the messages were sent again %v", names, names2)
		}
		for _, d := range ds2 {
			if !slices.Contains(names2, service.MessageID(d)+".eml") {
				t.Errorf("no file %s.eml in the outbox %v", service.MessageID(d), names2)
			}
		}
	})
}

// TestRestoredBackupNeverRepeatsAMessageID is the reported fault: after a
// backup is restored, the next request takes an id already used (and
// emailed) before the restore; its messages must still not repeat a
// Message-ID sent before. The same holds for two stores made alike.
func TestRestoredBackupNeverRepeatsAMessageID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	opts := []service.Option{service.WithClock(func() time.Time { return clock }),
		service.WithSalts(func() string { return "00112233445566778899aabbccddeeff" })}
	open := func(path string) *service.Service {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return service.New(db, opts...)
	}
	orig := open(filepath.Join(dir, "orig.db"))
	reg := "provider_id,provider_name,kind,framework,lot,status,admitted_on,quality_score,serves,min_age,cover_until,ofsted_urn,capabilities,vacancies,town,email\n" +
		"P001,One,company,care-support,packages,admitted,2024-01-01,80,*,0,25,,autism,1,Bootle,one@example.org\n" +
		"P002,Two,charity,care-support,packages,admitted,2024-01-01,70,*,0,25,,autism,,Southport,two@example.org\n"
	if _, err := orig.ImportProviders(ctx, "t", strings.NewReader(reg)); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := orig.Backup(ctx, "t", backup); err != nil {
		t.Fatal(err)
	}
	// The same request, broadcast and sent, in the store and in its restored
	// backup.
	sendOne := func(svc *service.Service) (string, []string) {
		r, err := svc.NewRequest(ctx, "t", matching.RequestInput{Council: "sefton", Lot: "packages", CaseRef: "S-1", Initials: "KM",
			DOB: "2014-05-05", Start: "2026-12-07", Deadline: "2026-11-27 12:00", Summary: "Loves trains."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Broadcast(ctx, "t", r.ID); err != nil {
			t.Fatal(err)
		}
		s := &idSender{}
		if _, err := svc.Deliver(ctx, s, service.Envelope{From: "placematch@example.org"}); err != nil {
			t.Fatal(err)
		}
		return r.ID, s.ids
	}
	id1, before := sendOne(orig)
	id2, after := sendOne(open(backup))
	if id1 != id2 || len(before) == 0 || len(before) != len(after) {
		t.Fatalf("the restored store's request is %s with %d messages, the original's %s with %d", id2, len(after), id1, len(before))
	}
	for _, m := range after {
		if slices.Contains(before, m) {
			t.Errorf("the restored store sent Message-ID %s again", m)
		}
	}
}
