package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"placematch/matching"
	"placematch/service"
)

// insight prints what the data shows, or its JSON.
func (c *cli) insight(ctx context.Context, args []string) error {
	fs := newFlags("insight")
	council := fs.String("council", "", "council slug (default: all)")
	framework := fs.String("framework", "", "framework code (default: all)")
	from := fs.String("from", "", "first day of creation, YYYY-MM-DD")
	to := fs.String("to", "", "last day of creation, YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "JSON output")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	in, err := c.svc.Insight(ctx, c.g.user, service.InsightQuery{Council: *council, Framework: *framework, From: *from, To: *to})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out(), in)
	}
	_, err = io.WriteString(c.out(), matching.InsightText(in, 0))
	return err
}

// exportOCDS writes the open data release package.
func (c *cli) exportOCDS(ctx context.Context, args []string) error {
	fs := newFlags("export ocds")
	council := fs.String("council", "", "council slug (default: the whole region)")
	output := fs.String("output", "", "file to write (never overwritten); default stdout")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	return c.writeExport(*output, "the OCDS release package", func(w io.Writer) error {
		return c.svc.ExportOCDS(ctx, c.g.user, service.OCDSQuery{Council: *council}, w)
	})
}

// exportCSV writes one table as CSV.
func (c *cli) exportCSV(ctx context.Context, args []string) error {
	fs := newFlags("export csv")
	council := fs.String("council", "", "council slug (default: the whole region)")
	output := fs.String("output", "", "file to write (never overwritten); default stdout")
	pos, err := parse(fs, args, 1, strings.Join(service.CSVTableNames(), "|"))
	if err != nil {
		return err
	}
	return c.writeExport(*output, "the "+pos[0]+" table", func(w io.Writer) error {
		return c.svc.ExportCSV(ctx, c.g.user, pos[0], *council, w)
	})
}

// writeExport streams an export to stdout, or to a new file that is
// removed again if the export fails (an existing file is never touched).
func (c *cli) writeExport(path, what string, write func(io.Writer) error) error {
	if path == "" {
		bw := bufio.NewWriterSize(c.out(), 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return matching.Conflictf("%s already exists: it is not overwritten; give another file name", path)
	}
	if err != nil {
		return matching.Invalidf("cannot write %s: %v", path, errors.Unwrap(err))
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	fmt.Fprintf(c.out(), "%s is in %s\n", what, matching.Inert(path))
	return nil
}
