package main

import (
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placematch/store/storetest"
)

// outboxDir is where the harness's messages go.
func (h *harness) outboxDir() string {
	if h.outbox != "" {
		return h.outbox
	}
	return filepath.Join(filepath.Dir(h.db), "outbox")
}

// mailTo lists the messages in the outbox to a provider about a request.
func (h *harness) mailTo(request, provider string) []string {
	h.t.Helper()
	names, err := filepath.Glob(filepath.Join(h.outboxDir(), request+"."+provider+".*.eml"))
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestProvidersToPhoneAndResend: a provider with no email is listed "to
// phone" with its phone, in the broadcast, the request and the outbox; once
// the register gives its email, outbox resend sends what it missed; a
// provider who says its invitation never came gets it again, as a new
// message; the council's contact is its Reply-To and is named in it.
func TestProvidersToPhoneAndResend(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, kind string) {
		h := newHarnessOn(t, kind)
		reg, err := os.ReadFile("testdata/register.csv")
		if err != nil {
			t.Fatal(err)
		}
		// A phone column, and a phone for P002, which has no email.
		lines := strings.Split(strings.TrimSpace(string(reg)), "\n")
		for i := range lines {
			switch {
			case i == 0:
				lines[i] += ",phone"
			case strings.HasPrefix(lines[i], "P002,"):
				lines[i] += ",0161 496 0002"
			default:
				lines[i] += ","
			}
		}
		withPhone := strings.Join(lines, "\n") + "\n"
		regFile := filepath.Join(t.TempDir(), "register.csv")
		os.WriteFile(regFile, []byte(withPhone), 0o600)
		h.ok("providers", "import", regFile)
		h.ok("council", "set", "manchester", "--contact-name", "Placements team", "--contact-email", "placements@manchester.example.gov.uk",
			"--contact-phone", "0161 496 0900")
		id := newRequest(h)
		out := h.ok("request", "broadcast", id)
		if !strings.Contains(out, "to phone: 0161 496 0002 (no email on the register)") {
			t.Fatalf("the broadcast does not say to phone P002:\n%s", out)
		}
		if out := h.ok("request", "show", id); !strings.Contains(out, "to phone: 0161 496 0002") || !strings.Contains(out, "referrals@alder.example.org") {
			t.Errorf("request show lacks the contacts:\n%s", out)
		}
		if out := h.ok("outbox", "list", "--request", id); !strings.Contains(out, "no email on the register: phone the provider") {
			t.Errorf("outbox list:\n%s", out)
		}
		first := h.mailTo(id, "P001")
		if len(first) != 1 || len(h.mailTo(id, "P002")) != 0 {
			t.Fatalf("%d invitations to P001, %d to P002", len(first), len(h.mailTo(id, "P002")))
		}
		for _, want := range []string{"Reply-To: <placements@manchester.example.gov.uk>", "Placements team, Manchester Council",
			"Phone: 0161 496 0900", "To decline, say so"} {
			if !strings.Contains(strings.ReplaceAll(first[0], "=\r\n", ""), want) {
				t.Errorf("the invitation lacks %q:\n%s", want, first[0])
			}
		}
		// Nothing to resend yet: P002 still has no email.
		if out := h.ok("outbox", "resend", "--request", id); !strings.Contains(out, "P002") || !strings.Contains(out, "0161 496 0002") {
			t.Errorf("resend before the register has an email:\n%s", out)
		}
		if n := len(h.mailTo(id, "P002")); n != 0 {
			t.Fatalf("%d messages to a provider with no email", n)
		}
		// The register gains its email: resend sends the invitation it missed, once.
		fixed := strings.Replace(withPhone, "Salford,,0161 496 0002", "Salford,bids@birchwood.example.org,0161 496 0002", 1)
		if r := h.run(fixed, "providers", "import", "-"); r.code != 0 {
			t.Fatalf("import: %s", r.err)
		}
		h.ok("outbox", "resend", "--request", id)
		h.ok("outbox", "resend", "--request", id)
		got := h.mailTo(id, "P002")
		if len(got) != 1 || !strings.Contains(got[0], "To: <bids@birchwood.example.org>") {
			t.Fatalf("after the email was added, %d messages to P002: %v", len(got), got)
		}
		// P001 says its invitation never came: it goes again, as a new message.
		h.ok("outbox", "resend", "--request", id, "--provider", "P001")
		again := h.mailTo(id, "P001")
		if len(again) != 2 || messageID(again[0]) == messageID(again[1]) {
			t.Fatalf("resent to P001: %d messages, ids %q %q\n%s", len(again), messageID(again[0]), messageID(again[len(again)-1]), again[0][:min(600, len(again[0]))])
		}
		h.fails(1, "was not invited", "outbox", "resend", "--request", id, "--provider", "P999")
		h.fails(1, "does not exist", "outbox", "resend", "--request", "MAN-2026-9999")
	})
}

func messageID(eml string) string {
	m, err := mail.ReadMessage(strings.NewReader(eml))
	if err != nil {
		return ""
	}
	return m.Header.Get("Message-ID")
}
