package main

import (
	"io"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"

	"placematch/service"
)

// verifyBar draws audit verify's progress on a terminal: one line on
// stderr, redrawn in place at most ten times a second, and rubbed out when
// the check ends. It is only ever made for a terminal (see isTerminal):
// piped or --json output carries none of it.
type verifyBar struct {
	w     io.Writer
	bar   progress.Model
	width int
	last  time.Time
	stage service.VerifyStage
	drawn bool
}

func newVerifyBar(w io.Writer, width int) *verifyBar {
	if width <= 0 {
		width = 80
	}
	return &verifyBar{w: w, width: width, bar: progress.New(progress.WithDefaultGradient(), progress.WithWidth(min(30, width/3)))}
}

// update draws p, unless the line was drawn a moment ago at the same stage.
func (b *verifyBar) update(p service.VerifyProgress) {
	now := time.Now()
	if b.drawn && p.Stage == b.stage && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last, b.stage, b.drawn = now, p.Stage, true
	line := b.bar.ViewAs(p.Fraction()) + " " + service.VerifyProgressWords(p)
	io.WriteString(b.w, "\r"+ansi.Truncate(line, b.width-1, "…")+"\x1b[K")
}

// clear rubs the line out, so that what is printed next starts clean.
func (b *verifyBar) clear() {
	if b.drawn {
		io.WriteString(b.w, "\r\x1b[K")
		b.drawn = false
	}
}

// terminalWidth is w's width when w is a terminal; ok is false otherwise.
func terminalWidth(w io.Writer) (width int, ok bool) {
	f, isFile := w.(*os.File)
	if !isFile || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		width = 80
	}
	return width, true
}
