package main

import (
	"errors"
	"flag"
	"io"
	"strings"
)

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
