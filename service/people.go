package service

import (
	"context"
	"strings"

	"golang.org/x/crypto/ssh"

	"placematch/matching"
)

// PeopleTx is the people part of a transaction: who may sign in to a
// server, by name and by key.
type PeopleTx interface {
	People() ([]matching.Person, error)
	// PersonByKey is the person whose key has this SHA256 fingerprint.
	PersonByKey(fingerprint string) (matching.Person, bool, error)
	PersonByName(name string) (matching.Person, bool, error)
	AddPerson(p matching.Person) error
	RemovePerson(name string) error
}

// ParseKey reads an SSH public key in OpenSSH's one-line form (the
// contents of a .pub file): the key as the store keeps it (without its
// comment) and its SHA256 fingerprint.
func ParseKey(text []byte) (key, fingerprint string, err error) {
	pk, _, _, _, err := ssh.ParseAuthorizedKey(text)
	if err != nil {
		return "", "", matching.Invalidf("--key: not an SSH public key in OpenSSH's form (%v): give the person's .pub file, e.g. id_ed25519.pub, one line starting ssh-ed25519 or ssh-rsa", err)
	}
	if _, isCert := pk.(*ssh.Certificate); isCert {
		return "", "", matching.Invalidf("--key: a certificate, not a plain public key: give the person's .pub file")
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))), ssh.FingerprintSHA256(pk), nil
}

// AddPerson registers a person who may sign in with the key given (the
// contents of their .pub file), in a role and its scope, on the record.
func (s *Service) AddPerson(ctx context.Context, actor string, p matching.Person, keyText []byte) (matching.Person, error) {
	if err := allow(ctx, OpPeopleManage, Target{}); err != nil {
		return p, err
	}
	p, err := matching.CheckPerson(p)
	if err != nil {
		return p, err
	}
	if p.Key, p.Fingerprint, err = ParseKey(keyText); err != nil {
		return p, err
	}
	p.AddedAt = s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		if p.Role == matching.RoleProvider {
			lots, err := tx.ProviderLots(ProviderFilter{ProviderID: p.Scope, Limit: 1})
			if err != nil {
				return err
			}
			if len(lots) == 0 {
				return matching.NotFoundf("--provider: provider %q is not on the register: check the id with placematch providers list", clipID(p.Scope))
			}
		}
		if _, taken, err := tx.PersonByName(p.Name); err != nil || taken {
			if err == nil {
				err = matching.Conflictf("%s is already a person here: remove them first (people remove %q) to change their role or key", p.Name, p.Name)
			}
			return err
		}
		if other, taken, err := tx.PersonByKey(p.Fingerprint); err != nil || taken {
			if err == nil {
				err = matching.Conflictf("that key is already %s's: each person signs in with a key of their own", other.Name)
			}
			return err
		}
		if err := tx.AddPerson(p); err != nil {
			return err
		}
		return tx.AppendEvents(matching.PersonAdded(s.act(actor), p))
	})
	return p, err
}

// People are the people who may sign in, by name.
func (s *Service) People(ctx context.Context) ([]matching.Person, error) {
	if err := allow(ctx, OpPeopleList, Target{}); err != nil {
		return nil, err
	}
	var out []matching.Person
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.People()
		return err
	})
	return out, err
}

// RemovePerson takes a person's access away, on the record. Their sessions
// end when they next act or at the idle timeout.
func (s *Service) RemovePerson(ctx context.Context, actor, name string) error {
	if err := allow(ctx, OpPeopleManage, Target{}); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	return s.store.Update(ctx, func(tx Tx) error {
		p, ok, err := tx.PersonByName(name)
		if err != nil {
			return err
		}
		if !ok {
			return matching.NotFoundf("no one called %q may sign in here: placematch people list shows who may", clipID(name))
		}
		if err := tx.RemovePerson(name); err != nil {
			return err
		}
		return tx.AppendEvents(matching.PersonRemoved(s.act(actor), p))
	})
}

// SignIn is the person a public key belongs to: what a server asks, from
// the key its session was authenticated with. An unknown key is false.
func (s *Service) SignIn(ctx context.Context, key ssh.PublicKey) (matching.Person, bool, error) {
	var p matching.Person
	var ok bool
	fp := ssh.FingerprintSHA256(key)
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		p, ok, err = tx.PersonByKey(fp)
		return err
	})
	if err != nil || !ok {
		return matching.Person{}, false, err
	}
	// The key as registered, compared whole: a fingerprint is a hash, and
	// what signed the session must be the very key.
	if strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))) != p.Key {
		return matching.Person{}, false, nil
	}
	return p, true, nil
}

// KnownProvider refuses a provider id that is not on the register (or that
// the person acting may not see): for opening a provider's view.
func (s *Service) KnownProvider(ctx context.Context, providerID string) error {
	return s.knownProvider(ctx, providerID)
}
