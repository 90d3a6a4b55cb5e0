package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"placematch/matching"
	"placematch/server"
	"placematch/service"
	"placematch/store"
)

// cmdServe serves the app over SSH to the people registered with people
// add, each held to their role, until stopped (Ctrl-C or SIGTERM).
func cmdServe(ctx context.Context, path string, g globals, args []string, e env) error {
	fs := newFlags("serve")
	listen := fs.String("listen", server.DefaultListen, "HOST:PORT to listen on")
	hostKey := fs.String("host-key", "", "the server's SSH host key file (made on first start)")
	maxSessions := fs.Int("max-sessions", 100, "how many sessions at once")
	idle := fs.Duration("idle", 30*time.Minute, "end a session after this long without a key pressed")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if *maxSessions < 1 {
		return usagef("--max-sessions must be 1 or more")
	}
	if *idle < time.Second {
		return usagef("--idle must be a duration like 30m or 2h")
	}
	if *hostKey == "" {
		*hostKey = defaultHostKey(path, e)
	}
	db, err := store.OpenExisting(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	// What one session does, the others' screens show at once.
	changes := service.NewChanges()
	svc := service.New(service.Notifying(db, changes), serviceOptions(e)...)
	// And what another program commits, on PostgreSQL, as it commits (on
	// SQLite each session's look at the store every second or two sees it).
	go func() {
		if err := db.Listen(ctx, func(string) { changes.Publish() }); err != nil {
			fmt.Fprintf(e.stderr, "placematch: not listening for others' changes (%v): screens follow them within a few seconds instead\n", err)
		}
	}()
	made, err := server.EnsureHostKey(*hostKey)
	if err != nil {
		return err
	}
	srv, err := server.New(svc, server.Options{HostKey: *hostKey, MaxSessions: *maxSessions, Idle: *idle, Log: e.stderr, Changes: changes})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return matching.Invalidf("cannot listen on %s (%v): choose another --listen HOST:PORT, or stop what uses it", *listen, err)
	}
	fp, _ := hostKeyFingerprint(*hostKey)
	if made {
		fmt.Fprintf(e.stdout, "placematch: made the host key %s (owner-only); its fingerprint is %s: give it to the people who connect, to check on first connection\n", *hostKey, fp)
	}
	fmt.Fprintf(e.stdout, "placematch: serving %s on %s (host key %s); connect with: ssh -p %s HOST\n", path, ln.Addr(), fp, portOf(ln.Addr().String()))
	if f, ok := e.stdout.(*bufio.Writer); ok {
		f.Flush()
	}
	// Messages the sessions' actions queued go out from here, as the
	// store's owner, with each sweep.
	c := &cli{svc: svc, g: g, e: e, path: path}
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.deliverNow(ctx)
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(stop)
	<-done
	return nil
}

// defaultHostKey is the host key beside an SQLite store, or in the
// placematch data folder for a store on a database server.
func defaultHostKey(path string, e env) string {
	if !isServerStore(path) {
		return filepath.Join(filepath.Dir(path), "ssh_host_ed25519_key")
	}
	dir := e.getenv("XDG_DATA_HOME")
	if dir == "" {
		home := e.getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "placematch", "ssh_host_ed25519_key")
}

func hostKeyFingerprint(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	k, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return "", err
	}
	return gossh.FingerprintSHA256(k.PublicKey()), nil
}

func portOf(addr string) string {
	if _, port, err := net.SplitHostPort(addr); err == nil {
		return port
	}
	return strings.TrimPrefix(addr, ":")
}
