package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"placematch/delivery"
	"placematch/matching"
	"placematch/service"
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
  providers import FILE|- [--json]       load a provider register CSV; all or nothing
  providers list [--lot LOT] [--status S] [--council SLUG] [--capability TAG] [--json]
  providers show PID [--json]            a provider: its record in one line, its lots and contacts,
              every request it was invited to (offers and ranks once opened), its awards
  providers apply --provider PID --name NAME --kind KIND --lot LOT [--serves a;b] [--min-age N]
              [--cover-until N] [--ofsted-urn U] [--capabilities a;b] [--email E] [--phone P] [--town T]
              an application (status applied); decided within 10 working days
  providers applications [--framework F] [--json]   applications waiting, with the decision due
  providers assess PID --lot LOT --quality SCORE [--note TEXT]   the quality assessment (or a re-assessment)
  providers admit PID --lot LOT [--json] admit from the framework's next admission date
  providers refuse PID --lot LOT --reason TEXT
  providers suspend PID --lot LOT --reason TEXT [--until DATE]   reinstated by itself on DATE
  providers reinstate PID --lot LOT / providers remove PID --lot LOT --reason TEXT
  providers leave PID --lot LOT --reason TEXT   the provider leaves the lot (withdrawn)
  request new --org SLUG --lot LOT --case REF --initials XX --dob DATE --start DATE --deadline TIME
              [--urgency U] [--hours N] [--needs a;b] [--risks a;b] [--locality TEXT]
              [--summary TEXT] [--weights Q,P,A] [--price-cap POUNDS] [--json]
  request edit ID [any flag of request new]   change a draft; other fields stay
  request list [--org SLUG] [--status S] [--json]
  request show ID [--json]
  request preview ID [--json]            who a draft would reach, changing nothing
  request broadcast ID [--json]
  request respond ID --provider PID (--weekly POUNDS | --hourly POUNDS | --decline REASON)
              [--cover-until AGE] [--start DATE] [--received TIME] [--note TEXT]
  request withdraw ID --provider PID
  request extend ID --deadline TIME
  request cancel ID --reason TEXT
  request close ID --reason TEXT
  request rank ID [--json]
  request award ID --provider PID [--reason TEXT]
  request no-award ID --reason TEXT [--spot-purchase TEXT [--weekly POUNDS --provider-name NAME]]
              with the spot provider's name and weekly price, the spot purchase becomes a placement
  request note ID --text TEXT            a note for the record only; never shown to providers
  request move-start ID --start DATE [--reason TEXT]   move an open request's start date later,
              at the same age; every invited provider is told (and reads the reason)
  request report ID [--format md|pdf] [--output FILE]   the award report for the case file
              (Markdown, or PDF ready to file); to a new file with --output (never overwritten)
  audit list [--request ID] [--json]
  audit verify [--anchor COUNT:HASH] [--json]   the store file, the hash chain, and the state against
              the trail; with an anchor, that the trail still holds it
  audit anchor                           the trail's COUNT:HASH, to keep outside the store
  backup FILE                            a consistent copy of the store, while others keep working
  restore BACKUP [--to PATH]             put a backup in place as the store (or at PATH), checked,
              with no stale journal beside it, and record the restore; the old store is kept
  demo generate --providers N --requests M [--seed S] [--json]   fill a new store with a generated region
              (SQLite: made beside it as FILE.generating and renamed into place whole; a killed run leaves no half store)
  outbox list [--request ID] [--json]    messages to providers and whether they were delivered
  outbox send                            send (or retry) queued messages
  outbox resend [--request ID] [--provider PID] [--json]   queue again to the register's address
              and send: what never went; for one provider of one request, what went too
  settings show [--json] / settings set [--mail-from ADDR] [--mail-domain DOMAIN]
              [--server-address HOST:PORT] [--ocid-prefix PREFIX]   the server's own settings
  people add NAME --key FILE (--officer SLUG | --commissioner FRAMEWORK | --provider PID | --auditor | --admin)
              a person who may sign in to placematch serve with that SSH public key; people list [--json],
              people remove NAME
  serve [--listen HOST:PORT] [--host-key FILE] [--max-sessions N] [--idle DURATION]
              serve the app over SSH (default :23234) to the people added with people add, each
              by their key and held to their role; the host key is made on first start
  insight [--council SLUG] [--framework F] [--from DATE] [--to DATE] [--json]   what the data
              shows: requests by urgency, time to award, awards to rank 1 and to the lowest
              price, no awards, each provider's answers and declines, who never answers
  export ocds [--council SLUG] [--output FILE]   open data: an OCDS 1.1 release package (JSON);
              needs settings set --ocid-prefix; nothing personal
  export csv requests|offers|providers|placements [--council SLUG] [--output FILE]   a table as CSV
              (RFC 4180, UTF-8), formulas made inert; nothing personal, no sealed offer
  council show SLUG [--json]             a council's contact and its defaults on each lot
  council set SLUG [--lot LOT --weights Q,P,A --guide-price POUNDS] [--contact-name T]
              [--contact-email E] [--contact-phone P]
  council budget SLUG --framework F --year YYYY --amount POUNDS   its budget for the financial
              year from 1 April YYYY
  placements list [--council SLUG] [--provider PID] [--active] [--json]
  placements add --council SLUG --lot LOT --kind legacy|spot --provider-name NAME [--provider PID]
              --weekly POUNDS --start DATE [--end DATE [--end-reason TEXT]] --case REF [--dob DATE]
              [--note TEXT]                a placement made outside a mini-competition; prints its id
  placements change ID --weekly POUNDS --from DATE --reason TEXT   a new price from a date
  placements end ID --date DATE --reason TEXT   the end (the first day it no longer runs)
  spend [--council SLUG] [--framework F] [--year YYYY] [--json]   spend against budget, April to March:
              actual to today, forecast to 31 March, and each month's committed spend
  purchasers add SLUG --name NAME --framework F [--gss CODE]   a health body (an integrated care
              board) as a purchaser on a framework; it then acts as a council does there
  framework show F [--json]              a framework's term, its ends and extension decisions
  framework term F --start DATE --years 2+1+1   record the term: initial years, then each extension's
  framework extend F --reason TEXT       record the decision to take the next extension

Providers will read the --reason of request cancel, close, award, no-award and move-start:
no names, initials, case reference or date of birth in it. What the file needs
goes in a note for the record (request note), never shown to providers.

As a provider (placematch --provider PID ...): request list, request show ID,
  request respond ID (--weekly POUNDS | --hourly POUNDS | --decline REASON) [--cover-until AGE]
  [--start DATE] [--note TEXT], request withdraw ID

Messages to providers go through --smtp HOST:PORT (or PLACEMATCH_SMTP; from
--from ADDR) when given, otherwise as .eml files into --outbox DIR (or
PLACEMATCH_OUTBOX), by default the folder outbox beside an SQLite store (a
PostgreSQL store needs one of them). --smtp-tls auto|starttls|tls|none: auto
(the default) uses STARTTLS whenever the relay offers it and signs in only
over TLS; tls is TLS from the start (port 465). Sign-in from the environment
only: PLACEMATCH_SMTP_USER with PLACEMATCH_SMTP_PASSWORD (or
PLACEMATCH_SMTP_PASSWORD_FILE), or with PLACEMATCH_SMTP_TOKEN for XOAUTH2.
The demo never sends mail.

The store: --db PATH (SQLite, the default: $PLACEMATCH_DB, else
~/.local/share/placematch/placematch.db) or --db postgres://USER@HOST:PORT/DB
(PostgreSQL; the password in PGPASSWORD or ~/.pgpass, never in the URL).

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
	smtpTLS  delivery.TLSMode
	// smtpAuth reads the relay's sign-in from the environment when a
	// message is to be sent (nil: none).
	smtpAuth func() (delivery.Auth, error)
	from     string
	outbox   string
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
			switch name := f.Field; name {
			case "council":
				parts[i] = "--org: " + f.Msg // the flag's name for the council
			case "slug":
				parts[i] = "SLUG: " + f.Msg // given by position, not by a flag
			default:
				parts[i] = "--" + name + ": " + f.Msg
			}
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
	smtpTLS := fs.String("smtp-tls", string(delivery.TLSAuto), "how the relay's connection is encrypted: auto, starttls, tls or none")
	fs.StringVar(&g.from, "from", "", "from address of messages to providers")
	fs.StringVar(&g.outbox, "outbox", "", "the folder messages are written to when no relay is given")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s", err.Error())
	}
	rest := fs.Args()
	mode, err := delivery.ParseTLSMode(*smtpTLS)
	if err != nil {
		return usagef("%s", err.Error())
	}
	g.smtpTLS = mode
	g.smtpAuth = func() (delivery.Auth, error) { return delivery.AuthFromEnv(e.getenv) }
	smtpFlag, providerFlag := false, false
	fs.Visit(func(f *flag.Flag) {
		smtpFlag = smtpFlag || f.Name == "smtp"
		providerFlag = providerFlag || f.Name == "provider"
	})
	if providerFlag {
		// A provider's view acts as that provider, held to its role by
		// the service: never more than the provider itself could do.
		g.provider = strings.TrimSpace(g.provider)
		if g.provider == "" {
			return usagef("--provider needs the provider's id on the register, e.g. --provider P001")
		}
	}
	if g.smtp == "" {
		g.smtp = e.getenv("PLACEMATCH_SMTP")
	}
	if g.demo && g.smtp != "" {
		// The demo's providers are fictional, and their addresses may
		// not be: its messages go to its own outbox folder only.
		if smtpFlag {
			return usagef("the demo never sends mail: drop --smtp")
		}
		fmt.Fprintln(e.stderr, "placematch: the demo never sends mail: PLACEMATCH_SMTP is ignored, and messages go to the demo's outbox folder")
		g.smtp = ""
	}
	if g.user == "" {
		g.user = defaultUser(e)
	}
	// Who is acting goes on the record: one line of plain text.
	if err := matching.CheckText("--user name", g.user, matching.MaxShort); err != nil || strings.ContainsAny(g.user, "\n\t") {
		if err == nil {
			err = matching.Invalidf("the --user name must be one line")
		}
		return usagef("%s", err.Error())
	}
	if g.from == "" {
		g.from = e.getenv("PLACEMATCH_FROM")
	}
	if g.outbox == "" {
		g.outbox = e.getenv("PLACEMATCH_OUTBOX")
	}
	if g.council == "" {
		g.council = e.getenv("PLACEMATCH_COUNCIL")
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
	if g.provider != "" && (cmd == "init" || cmd == "backup" || cmd == "restore" || cmd == "serve") {
		// A provider's view never makes, copies or replaces the store.
		return matching.Conflictf("%s is for the store's owner, never as a provider (--provider): as a provider you can use request list, request show, request respond and request withdraw", cmd)
	}
	switch cmd {
	case "init":
		return cmdInit(ctx, path, g, sub, e)
	case "backup":
		return cmdBackup(ctx, path, g, sub, e)
	case "restore":
		return cmdRestore(ctx, path, g, sub, e)
	case "serve":
		return cmdServe(ctx, path, g, sub, e)
	case "providers", "request", "audit", "demo", "outbox", "settings", "council", "people", "placements", "framework", "purchasers", "export":
	case "spend", "insight":
		sub = append([]string{""}, sub...) // a command of one word
	default:
		return usagef("unknown command %q", cmd)
	}
	if len(sub) == 0 {
		return usagef("%s needs a subcommand", cmd)
	}
	// Only init, demo generate and the app's first run make a store: any
	// other command on a path with none says so (a mistyped --db).
	open := openExistingService
	if name := cmd + " " + sub[0]; name == "demo generate" {
		open = openService
	}
	svc, closeFn, err := open(ctx, path, e)
	if err != nil {
		return err
	}
	defer closeFn()
	if g.provider != "" {
		ctx = asProvider(ctx, g.provider)
		if err := svc.KnownProvider(ctx, g.provider); err != nil {
			return err
		}
	}
	c := &cli{svc: svc, g: g, e: e, path: path}
	name := strings.TrimSpace(cmd + " " + sub[0])
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

// asProvider is ctx acting as the provider pid: its view on a local or demo
// store, which the service holds to what that provider may do.
func asProvider(ctx context.Context, pid string) context.Context {
	return service.WithPerson(ctx, matching.Person{Name: "provider:" + pid, Role: matching.RoleProvider, Scope: pid})
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

// openService opens the service on the store at path, making the store if
// there is none (init, demo generate and the app's first run).
func openService(ctx context.Context, path string, e env) (*service.Service, func(), error) {
	db, err := store.Open(ctx, path)
	return serviceOn(db, err, e)
}

// openExistingService opens the service on the store at path, which must
// exist: every other command.
func openExistingService(ctx context.Context, path string, e env) (*service.Service, func(), error) {
	db, err := store.OpenExisting(ctx, path)
	return serviceOn(db, err, e)
}

func serviceOn(db *store.DB, err error, e env) (*service.Service, func(), error) {
	if err != nil {
		return nil, nil, err
	}
	svc := service.New(db, serviceOptions(e)...)
	return svc, func() { db.Close() }, nil
}

// serviceOptions are the service's options from the process's surroundings:
// a test's clock.
func serviceOptions(e env) []service.Option {
	if e.now != nil {
		return []service.Option{service.WithClock(e.now)}
	}
	return nil
}

// cli is what a command runs with: the service on the open store, the
// global flags, the process's surroundings and the store's path.
type cli struct {
	svc  *service.Service
	g    globals
	e    env
	path string
}

// handler runs a command with the arguments after its name.
type handler func(ctx context.Context, args []string) error

// handlers are the commands an officer may run, by their two words.
func (c *cli) handlers() map[string]handler {
	return map[string]handler{
		"providers import":       c.providersImport,
		"settings show":          c.settingsShow,
		"settings set":           c.settingsSet,
		"council show":           c.councilShow,
		"council set":            c.councilSet,
		"providers list":         c.providersList,
		"providers show":         c.providersShow,
		"providers apply":        c.providersApply,
		"providers applications": c.providersApplications,
		"providers assess":       c.providersAssess,
		"providers admit":        c.providersAdmit,
		"providers refuse":       c.providersRefuse,
		"providers suspend":      c.providersSuspend,
		"providers reinstate":    c.providersReinstate,
		"providers remove":       c.providersRemove,
		"providers leave":        c.providersLeave,
		"request new":            c.requestNew,
		"request list":           c.requestList,
		"request edit":           c.requestEdit,
		"request show":           c.requestShow,
		"request preview":        c.requestPreview,
		"request broadcast":      c.requestBroadcast,
		"request respond":        c.requestRespond,
		"request withdraw":       c.requestWithdraw,
		"request extend":         c.requestExtend,
		"request cancel":         c.requestCancel,
		"request close":          c.requestClose,
		"request rank":           c.requestRank,
		"request award":          c.requestAward,
		"request no-award":       c.requestNoAward,
		"request note":           c.requestNote,
		"request move-start":     c.requestMoveStart,
		"request report":         c.requestReport,
		"audit list":             c.auditList,
		"audit verify":           c.auditVerify,
		"audit anchor":           c.auditAnchor,
		"demo generate":          c.demoGenerate,
		"outbox list":            c.outboxList,
		"outbox send":            c.outboxSend,
		"outbox resend":          c.outboxResend,
		"people add":             c.peopleAdd,
		"people list":            c.peopleList,
		"people remove":          c.peopleRemove,
		"council budget":         c.councilBudget,
		"placements list":        c.placementsList,
		"placements add":         c.placementsAdd,
		"placements change":      c.placementsChange,
		"placements end":         c.placementsEnd,
		"spend":                  c.spend,
		"purchasers add":         c.purchasersAdd,
		"framework show":         c.frameworkShow,
		"framework term":         c.frameworkTerm,
		"framework extend":       c.frameworkExtend,
		"insight":                c.insight,
		"export ocds":            c.exportOCDS,
		"export csv":             c.exportCSV,
	}
}

// out is where a command's result goes.
func (c *cli) out() io.Writer { return c.e.stdout }
