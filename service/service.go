package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"placematch/matching"
)

// Service is the one implementation of every placematch action.
type Service struct {
	store Store
	clock func() time.Time
	salt  func() string
}

// An Option sets how a Service is made.
type Option func(*Service)

// WithClock makes the service read the time from now rather than the
// system's clock: for tests, and for the demo data, whose history is played
// at past times.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.clock = now } }

// WithSalts makes the service take the salts of its commitments (see
// matching.Commit) from salt rather than from crypto/rand: for tests that
// need a trail to come out the same twice.
func WithSalts(salt func() string) Option { return func(s *Service) { s.salt = salt } }

// New wraps a store.
func New(s Store, opts ...Option) *Service {
	svc := &Service{store: s, clock: time.Now, salt: RandomSalt}
	for _, o := range opts {
		o(svc)
	}
	return svc
}

// RandomSalt is 16 random bytes in hex: the salt of a commitment, which
// must not be guessable for the commitment to hide what it commits to.
func RandomSalt() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("placematch: the system has no randomness to hide sealed values with: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// Store exposes the store for wiring (backups, closing) and for the demo
// and region generator, which write through the same port.
func (s *Service) Store() Store { return s.store }

// Now is the service's time, which the rules and the screens share.
func (s *Service) Now() time.Time { return s.clock() }

func (s *Service) now() time.Time { return s.clock().UTC() }

// act is an actor's act now.
func (s *Service) act(actor string) matching.Act { return matching.Act{Actor: actor, At: s.now()} }

// load reads a request for change, first closing it if its deadline has
// passed, so that every operation sees the lifecycle as it truly stands.
func (s *Service) load(tx Tx, id string, now time.Time) (matching.Request, error) {
	r, err := tx.Request(id)
	if err != nil {
		return r, err
	}
	if r.Buyer, err = purchaser(tx, r.Council); err != nil {
		return r, err
	}
	was := r.Status
	if ev, due := r.CloseDue(now); due {
		if err := Record(tx, r, was, ev); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Record writes what a transition did to a request: the request as it now
// stands, each invited provider's register standing if it has just closed
// (what its offer is judged on), and the transition's events. was is the
// status it had before. The service's operations and the region generator
// both write through it.
func Record(tx Tx, r matching.Request, was matching.Status, evs ...matching.Event) error {
	if r.Status == matching.StatusClosed && was != matching.StatusClosed {
		if err := tx.SnapshotAtClose(r.ID); err != nil {
			return err
		}
	}
	if err := tx.UpdateRequest(r); err != nil {
		return err
	}
	return appendEvents(tx, evs)
}

func appendEvents(tx Tx, evs []matching.Event) error { return tx.AppendEvents(evs...) }

// CloseDue closes every open request whose deadline has passed, and ends
// the suspensions whose end date has come; the app calls it on a timer so
// that lists show the truth.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	now := s.now()
	var n int
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, err := endSuspensions(tx, now); err != nil {
			return err
		}
		ids, err := tx.DueRequests(now)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := s.load(tx, id, now); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// Backup writes a consistent copy of the store to a new file while others
// keep working, and records it in the trail.
func (s *Service) Backup(ctx context.Context, actor, path string) error {
	if err := allow(ctx, OpBackup, Target{}); err != nil {
		return err
	}
	if strings.TrimSpace(path) == "" {
		return matching.Invalidf("give the file to write the backup to")
	}
	if err := s.store.Backup(ctx, path); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		err := tx.AppendEvents(matching.BackupMade(s.act(actor), path))
		return err
	})
}
