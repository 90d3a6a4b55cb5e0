package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"placematch/store/storetest"
)

// newKeyFile writes a new ed25519 public key in OpenSSH's form to a file
// and returns the file and the key's fingerprint.
func newKeyFile(t *testing.T) (string, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "id.pub")
	if err := os.WriteFile(f, append(ssh.MarshalAuthorizedKey(pk)[:len(ssh.MarshalAuthorizedKey(pk))-1], []byte(" ann@laptop\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	return f, ssh.FingerprintSHA256(pk)
}

// TestPeople: people are added with a key and one role, listed, and
// removed, on the record; bad input gets one clear message and changes
// nothing.
func TestPeople(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		h.ok("providers", "import", "testdata/register.csv")
		ann, annFP := newKeyFile(t)
		out := h.ok("people", "add", "Ann Lee", "--key", ann, "--officer", "Sefton")
		if !strings.Contains(out, "Ann Lee may sign in as officer of sefton") || !strings.Contains(out, annFP) {
			t.Fatalf("people add said %q", out)
		}
		p1, _ := newKeyFile(t)
		h.ok("people", "add", "Care Co", "--key", p1, "--provider", "P001")
		aud, _ := newKeyFile(t)
		h.ok("people", "add", "Audrey", "--key", aud, "--auditor")

		before := h.ok("people", "list", "--json")
		other, _ := newKeyFile(t)
		h.fails(1, "already a person here", "people", "add", "Ann Lee", "--key", other, "--officer", "wirral")
		h.fails(1, "already Ann Lee's", "people", "add", "Bob", "--key", ann, "--officer", "wirral")
		h.fails(1, "not on the register", "people", "add", "Bob", "--key", other, "--provider", "P999")
		h.fails(1, "council \"narnia\" is not known", "people", "add", "Bob", "--key", other, "--officer", "narnia")
		h.fails(1, "framework \"nope\" is not known", "people", "add", "Bob", "--key", other, "--commissioner", "nope")
		h.fails(2, "exactly one role", "people", "add", "Bob", "--key", other, "--auditor", "--admin")
		h.fails(2, "exactly one role", "people", "add", "Bob", "--key", other)
		h.fails(2, "needs --key", "people", "add", "Bob", "--admin")
		notKey := filepath.Join(t.TempDir(), "x.pub")
		os.WriteFile(notKey, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n"), 0o600)
		h.fails(1, "not an SSH public key", "people", "add", "Bob", "--key", notKey, "--admin")
		h.fails(1, "no one called \"Nobody\"", "people", "remove", "Nobody")
		if after := h.ok("people", "list", "--json"); after != before {
			t.Fatalf("a refused change changed the people:\n%s\n%s", before, after)
		}

		var people []struct {
			Name, Role, Scope, Key, Fingerprint string
		}
		if err := json.Unmarshal([]byte(before), &people); err != nil {
			t.Fatal(err)
		}
		if len(people) != 3 || people[0].Name != "Ann Lee" || people[0].Role != "officer" || people[0].Scope != "sefton" ||
			people[0].Fingerprint != annFP || strings.Contains(people[0].Key, "ann@laptop") || people[1].Name != "Audrey" || people[2].Scope != "P001" {
			t.Fatalf("people list --json: %s", before)
		}
		list := h.ok("people", "list")
		if !strings.Contains(list, "Care Co") || !strings.Contains(list, "provider") {
			t.Fatalf("people list: %q", list)
		}
		h.ok("people", "remove", "Care Co")
		if list := h.ok("people", "list"); strings.Contains(list, "Care Co") {
			t.Fatalf("removed, still listed: %q", list)
		}
		trail := h.ok("audit", "list", "--json")
		if !strings.Contains(trail, "person added") || !strings.Contains(trail, "person removed") {
			t.Fatalf("the trail does not record people: %s", trail)
		}
		h.ok("audit", "verify")
	})
}

// TestProviderViewIsAProvider: --provider on a local store is that
// provider and no more: an empty or unknown id is refused, and the store's
// owner's commands are not its.
func TestProviderViewIsAProvider(t *testing.T) {
	t.Parallel()
	h := newHarnessOn(t, storetest.SQLite)
	h.ok("providers", "import", "testdata/register.csv")
	h.fails(2, "--provider needs the provider's id", "--provider", "", "request", "list")
	h.fails(2, "--provider needs the provider's id", "--provider", " ", "request", "list")
	h.fails(1, "not on the register", "--provider", "P999", "request", "list")
	h.fails(1, "never as a provider", "--provider", "P001", "backup", filepath.Join(t.TempDir(), "b.db"))
	h.fails(1, "never as a provider", "--provider", "P001", "serve")
	h.fails(1, "for council officers", "--provider", "P001", "people", "list")
	h.fails(1, "for council officers", "--provider", "P001", "settings", "show")
	h.ok("--provider", "P001", "request", "list")
}
