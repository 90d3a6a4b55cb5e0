package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"placematch/matching"
	"placematch/service"
	"placematch/service/demo"
	"placematch/store"
)

// env is the process's surroundings, passed in so tests run commands in
// process against a real store.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// now replaces the clock in tests; nil means the real time.
	now func() time.Time
	// interactive starts the app; nil means the real one.
	interactive func(ctx context.Context, svc *service.Service, g globals) error
}

// usageError is bad usage: exit 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// exitError carries a chosen exit code with its message already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

const usageText = `placematch: DPS mini-competitions for children's and young people's care

Usage:
  placematch [--db PATH] [--user NAME]              the interactive app
  placematch --demo [--db PATH]                     the app on fictional demo data
  placematch --council SLUG                         the app, showing that council's requests first
  placematch [--demo] --provider PID                the app as that provider: its invitations, answers, outcomes
  placematch --demo --live                          the provider-forum demonstration, for a projector
  placematch [--db PATH] [--user NAME] COMMAND ...

Commands:
  init [--demo]                          create the store (and load the demo data)
  providers import FILE|-                load a provider register CSV; all or nothing
  providers list [--lot LOT] [--status S] [--council SLUG] [--json]
  request new --org SLUG --lot LOT --case REF --initials XX --dob DATE --start DATE --deadline TIME
              [--urgency U] [--hours N] [--needs a;b] [--risks a;b] [--locality TEXT]
              [--summary TEXT] [--weights Q,P,A] [--price-cap POUNDS]
  request edit ID [any flag of request new]   change a draft; other fields stay
  request list [--org SLUG] [--status S] [--json]
  request show ID [--json]
  request preview ID [--json]            who a draft would reach, changing nothing
  request broadcast ID [--json]
  request respond ID --provider PID (--weekly POUNDS | --decline REASON) [--cover-until AGE]
              [--start DATE] [--received TIME] [--note TEXT]
  request withdraw ID --provider PID
  request extend ID --deadline TIME
  request cancel ID --reason TEXT
  request close ID --reason TEXT
  request rank ID [--json]
  request award ID --provider PID [--reason TEXT]
  request no-award ID --reason TEXT [--spot-purchase TEXT]
  audit list [--request ID] [--json]
  audit verify
  backup FILE                            a consistent copy of the store, while others keep working
  demo generate --providers N --requests M [--seed S]   fill an empty store with a generated region
  outbox list [--request ID] [--json]    messages to providers and whether they were delivered
  outbox send                            send (or retry) queued messages

As a provider (placematch --provider PID ...): request list, request show ID,
  request respond ID (--weekly POUNDS | --decline REASON) [--cover-until AGE], request withdraw ID

Messages to providers go through --smtp HOST:PORT (from --from ADDR) when given,
otherwise into the outbox folder beside the store as .eml files.

Times: 2026-11-26 17:00 (London) or 2026-11-26T17:00:00Z. Dates: YYYY-MM-DD.
Money: 950, 950.50 or £1,200.50.
`

// flushFirst writes to w after flushing out.
type flushFirst struct {
	out *bufio.Writer
	w   io.Writer
}

func (f flushFirst) Write(p []byte) (int, error) {
	f.out.Flush()
	return f.w.Write(p)
}

// globals are the flags before the command.
type globals struct {
	db       string
	user     string
	demo     bool
	live     bool
	provider string
	council  string
	smtp     string
	from     string
}

func run(ctx context.Context, args []string, e env) int {
	// Output goes through one buffer: a region's lists run to hundreds of
	// thousands of cells, and a write to the terminal for each was most of
	// their time. Whatever goes to stderr first flushes what went before it
	// to stdout, so the two stay in order; so does the app before it starts.
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	e.stdout, e.stderr = out, flushFirst{out, e.stderr}
	err := dispatch(ctx, args, e)
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usageText)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "placematch: %s (see placematch --help)\n", matching.Inert(ue.msg))
		return 2
	default:
		fmt.Fprintf(e.stderr, "placematch: %s\n", matching.InertBlock(errorText(err)))
		return 1
	}
}

func errorText(err error) string {
	var fe matching.FieldErrors
	if errors.As(err, &fe) {
		parts := make([]string, len(fe))
		for i, f := range fe {
			name := f.Field
			if name == "council" {
				name = "org" // the flag's name for the council
			}
			parts[i] = "--" + name + ": " + f.Msg
		}
		return strings.Join(parts, "\n  ")
	}
	return err.Error()
}

func dispatch(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("placematch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var g globals
	fs.StringVar(&g.db, "db", "", "the store")
	fs.StringVar(&g.user, "user", "", "who is acting")
	fs.BoolVar(&g.demo, "demo", false, "the app on demo data")
	fs.BoolVar(&g.live, "live", false, "with --demo: a live provider forum demonstration")
	fs.StringVar(&g.provider, "provider", "", "act as this provider")
	fs.StringVar(&g.council, "council", "", "the council whose requests the app shows first")
	fs.StringVar(&g.smtp, "smtp", "", "mail relay host:port")
	fs.StringVar(&g.from, "from", "", "from address of messages to providers")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s", err.Error())
	}
	rest := fs.Args()
	if g.user == "" {
		g.user = defaultUser(e)
	}
	if g.from == "" {
		g.from = e.getenv("PLACEMATCH_FROM")
	}
	if g.council == "" {
		g.council = e.getenv("PLACEMATCH_COUNCIL")
	}
	if g.from == "" {
		g.from = "placematch@localhost"
	}
	if g.live && !g.demo {
		return usagef("--live goes with --demo: placematch --demo --live")
	}
	if len(rest) == 0 {
		return runApp(ctx, g, e)
	}
	if g.demo {
		return usagef("--demo opens the app; to load demo data into a store use: placematch --db PATH init --demo")
	}
	if rest[0] == "help" {
		return flag.ErrHelp
	}
	path, err := dbPath(g, e)
	if err != nil {
		return err
	}
	cmd, sub := rest[0], rest[1:]
	switch cmd {
	case "init":
		return cmdInit(ctx, path, g, sub, e)
	case "backup":
		if len(sub) != 1 {
			return usagef("backup needs FILE, the new file to write the copy to")
		}
		svc, closeFn, err := openService(ctx, path, e)
		if err != nil {
			return err
		}
		defer closeFn()
		if err := svc.Backup(ctx, g.user, sub[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "backed up %s to %s\n", path, sub[0])
		return nil
	case "providers", "request", "audit", "demo", "outbox":
	default:
		return usagef("unknown command %q", cmd)
	}
	if len(sub) == 0 {
		return usagef("%s needs a subcommand", cmd)
	}
	svc, closeFn, err := openService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	c := &cli{svc: svc, g: g, e: e, path: path}
	name := cmd + " " + sub[0]
	handlers := c.handlers()
	if g.provider != "" {
		handlers = c.providerHandlers()
	}
	h, ok := handlers[name]
	if !ok {
		if g.provider != "" {
			if _, exists := c.handlers()[name]; exists {
				return matching.Conflictf("%s is for council officers: as a provider you can use request list, request show, request respond and request withdraw", name)
			}
		}
		return usagef("unknown command %q", name)
	}
	return h(ctx, sub[1:])
}

func defaultUser(e env) string {
	if u := e.getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}

func dbPath(g globals, e env) (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	if p := e.getenv("PLACEMATCH_DB"); p != "" {
		return p, nil
	}
	if x := e.getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "placematch", "placematch.db"), nil
	}
	home := e.getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot tell where to keep the store: pass --db PATH or set PLACEMATCH_DB")
		}
		home = h
	}
	return filepath.Join(home, ".local", "share", "placematch", "placematch.db"), nil
}

func openService(ctx context.Context, path string, e env) (*service.Service, func(), error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	var opts []service.Option
	if e.now != nil {
		opts = append(opts, service.WithClock(e.now))
	}
	svc := service.New(db, opts...)
	return svc, func() { db.Close() }, nil
}

func cmdInit(ctx context.Context, path string, g globals, args []string, e env) error {
	fs := newFlags("init")
	withDemo := fs.Bool("demo", false, "load the demo data")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	svc, closeFn, err := openService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if *withDemo {
		if err := demo.Load(ctx, svc, g.user); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created %s with the demo data\n", path)
		return nil
	}
	fmt.Fprintf(e.stdout, "store ready at %s\n", path)
	return nil
}

func runApp(ctx context.Context, g globals, e env) error {
	if g.live && g.provider != "" {
		return usagef("--live is the presenter's demonstration; --provider opens the app as a provider: use one of them")
	}
	path := g.db
	if g.demo && path == "" {
		dir, err := os.MkdirTemp("", "placematch-demo-")
		if err != nil {
			return fmt.Errorf("cannot make a temporary folder for the demo: %w", err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "demo.db")
	}
	if path == "" {
		p, err := dbPath(g, e)
		if err != nil {
			return err
		}
		path = p
	}
	svc, closeFn, err := openService(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if g.demo {
		err := demo.Load(ctx, svc, "demo")
		if err != nil && matching.KindOf(err) != matching.KindConflict {
			return err
		}
		// The live demonstration creates and broadcasts a request: only
		// ever on a store of its own, never on one that holds real work.
		if err != nil && g.live {
			return matching.Conflictf("--live plays on a fresh demo store, and %s already has data: leave out --db, or give a new file", path)
		}
	}
	start := e.interactive
	if start == nil {
		start = startApp
	}
	if f, ok := e.stdout.(*bufio.Writer); ok {
		f.Flush() // what was said before the app takes the screen
	}
	g.db = path // the app's outbox sits beside the store it opened
	return start(ctx, svc, g)
}

// newFlags makes a flag set whose errors come back as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse reads flags and positionals in any order (request show ID --json
// and request show --json ID both work) and checks the positional count.
func parse(fs *flag.FlagSet, args []string, positionals int, names ...string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %s", fs.Name(), err.Error())
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != positionals {
		if len(pos) < positionals {
			return nil, usagef("%s needs %s", fs.Name(), strings.Join(names, " "))
		}
		return nil, usagef("%s: unexpected %q", fs.Name(), pos[positionals])
	}
	return pos, nil
}

// required checks that flags were given.
func required(fs *flag.FlagSet, names ...string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, n := range names {
		if !set[n] {
			missing = append(missing, "--"+n)
		}
	}
	if len(missing) > 0 {
		return usagef("%s needs %s", fs.Name(), strings.Join(missing, ", "))
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return writeJSONText(w, buf.Bytes())
}

// printJSONList writes a list exactly as printJSON does, an element at a
// time: a region's lists run to tens of megabytes of JSON, which printJSON
// would build and indent whole before writing a byte.
func printJSONList[T any](w io.Writer, items []T) error {
	l := newJSONList(w)
	for _, it := range items {
		if err := l.add(it); err != nil {
			return err
		}
	}
	return l.close()
}

// jsonList writes a list as printJSON writes it whole, element by element,
// for lists too long to hold (the audit trail of a region).
type jsonList struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONList(w io.Writer) *jsonList {
	l := &jsonList{w: w}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetIndent("  ", "  ")
	return l
}

func (l *jsonList) add(v any) error {
	if l.n == 0 {
		l.buf.WriteString("[\n  ")
	} else {
		l.buf.WriteString(",\n  ")
	}
	l.n++
	if err := l.enc.Encode(v); err != nil {
		return err
	}
	l.buf.Truncate(l.buf.Len() - 1) // Encode's newline
	if l.buf.Len() < 32<<10 {
		return nil
	}
	// Whole elements only, so no character is cut in two.
	err := writeJSONText(l.w, l.buf.Bytes())
	l.buf.Reset()
	return err
}

func (l *jsonList) close() error {
	if l.n == 0 {
		l.buf.WriteString("[]\n")
	} else {
		l.buf.WriteString("\n]\n")
	}
	return writeJSONText(l.w, l.buf.Bytes())
}

// writeJSONText writes JSON from encoding/json. It escapes C0 controls but
// not DEL or the C1 controls (U+0080 to U+009F, CSI among them), which some
// terminals obey. Outside strings JSON is ASCII, so escaping them keeps the
// same JSON.
func writeJSONText(w io.Writer, b []byte) error {
	// In UTF-8, DEL is the byte 0x7f and a C1 control 0xc2 then 0x80 to
	// 0x9f; no other character holds either.
	c1 := bytes.IndexByte(b, 0x7f) >= 0
	for rest := b; !c1; {
		i := bytes.IndexByte(rest, 0xc2)
		if i < 0 || i+1 == len(rest) {
			break
		}
		c1 = rest[i+1] >= 0x80 && rest[i+1] < 0xa0
		rest = rest[i+1:]
	}
	if !c1 {
		_, err := w.Write(b)
		return err
	}
	var out strings.Builder
	for _, r := range string(b) {
		if r >= 0x7f && r < 0xa0 {
			fmt.Fprintf(&out, "\\u%04x", r)
		} else {
			out.WriteRune(r)
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}
