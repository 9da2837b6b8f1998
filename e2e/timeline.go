package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// Event is one line of the timeline: when, in which phase, what happened.
type Event struct {
	At    time.Duration // since the run started
	Phase Phase
	Msg   string
}

// PhaseSpan is one phase's start, end and result.
type PhaseSpan struct {
	Phase      Phase
	Start, End time.Duration
	Result     string // "", while it runs
}

// Timeline records events against a clock and prints each one as it is
// added. It is safe for concurrent use (the load generator's progress and
// the poller write to it).
type Timeline struct {
	mu     sync.Mutex
	now    func() time.Time
	start  time.Time
	live   io.Writer
	events []Event
	phases []PhaseSpan
}

// NewTimeline starts the clock now; live, if not nil, gets every event as a
// line at once.
func NewTimeline(now func() time.Time, live io.Writer) *Timeline {
	return &Timeline{now: now, start: now(), live: live}
}

// Elapsed is the time since the run started.
func (t *Timeline) Elapsed() time.Duration { return t.now().Sub(t.start) }

// Add records and prints an event.
func (t *Timeline) Add(phase Phase, format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := Event{At: t.now().Sub(t.start), Phase: phase, Msg: fmt.Sprintf(format, args...)}
	t.events = append(t.events, e)
	if t.live != nil {
		fmt.Fprintln(t.live, formatEvent(e))
	}
}

// AddAt records and prints an event that happened earlier, at (since the
// run started), read afterwards (a CloudWatch alarm's history): it takes
// its place in time order among the events, and is printed at once with
// its own time.
func (t *Timeline) AddAt(at time.Duration, phase Phase, format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := Event{At: at, Phase: phase, Msg: fmt.Sprintf(format, args...)}
	i := len(t.events)
	for i > 0 && t.events[i-1].At > at {
		i--
	}
	t.events = slices.Insert(t.events, i, e)
	if t.live != nil {
		fmt.Fprintln(t.live, formatEvent(e))
	}
}

// WallTime is the clock's time at elapsed d, to compare with AWS's
// timestamps.
func (t *Timeline) WallTime(d time.Duration) time.Time { return t.start.Add(d) }

// Since is the elapsed time at w, a time of the clock.
func (t *Timeline) Since(w time.Time) time.Duration { return w.Sub(t.start) }

// Begin opens a phase span and returns its start.
func (t *Timeline) Begin(phase Phase) time.Duration {
	at := t.Elapsed()
	t.mu.Lock()
	t.phases = append(t.phases, PhaseSpan{Phase: phase, Start: at})
	t.mu.Unlock()
	return at
}

// End closes the last open span of phase with result and returns its
// duration (0 if the phase was never begun).
func (t *Timeline) End(phase Phase, result string) time.Duration {
	at := t.Elapsed()
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.phases) - 1; i >= 0; i-- {
		if p := &t.phases[i]; p.Phase == phase && p.Result == "" {
			p.End, p.Result = at, result
			return p.End - p.Start
		}
	}
	return 0
}

// Events is a copy of the events so far.
func (t *Timeline) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Event(nil), t.events...)
}

// Phases is a copy of the phase spans so far.
func (t *Timeline) Phases() []PhaseSpan {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]PhaseSpan(nil), t.phases...)
}

// Render writes every event, one a line.
func (t *Timeline) Render(w io.Writer) {
	for _, e := range t.Events() {
		fmt.Fprintln(w, formatEvent(e))
	}
}

// RenderPhases writes the phases as a table: start, duration, result.
func (t *Timeline) RenderPhases(w io.Writer) {
	rows := [][]string{{"phase", "start", "duration", "result"}}
	for _, p := range t.Phases() {
		dur := "running"
		if p.Result != "" {
			dur = roundDuration(p.End - p.Start).String()
		}
		rows = append(rows, []string{string(p.Phase), "+" + clock(p.Start), dur, p.Result})
	}
	writeTable(w, rows)
}

// formatEvent is a timeline line: "+01:02:03  phase      message".
func formatEvent(e Event) string {
	return fmt.Sprintf("+%s  %-9s  %s", clock(e.At), e.Phase, e.Msg)
}

// clock formats an elapsed time as hh:mm:ss, truncated to the second.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

// roundDuration rounds to the second above a minute and to the millisecond
// below, which is how every figure is printed.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Minute || d <= -time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// writeTable writes rows as left-aligned columns, the first row a header
// underlined with dashes.
func writeTable(w io.Writer, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			if i < len(widths) && len(cell) > widths[i] {
				widths[i] = len(cell)
			}
		}
	}
	line := func(row []string) {
		var b strings.Builder
		for i, cell := range row {
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			fmt.Fprintf(&b, "%-*s  ", widths[i], cell)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(rows[0])
	dashes := make([]string, len(widths))
	for i, n := range widths {
		dashes[i] = strings.Repeat("-", n)
	}
	line(dashes)
	for _, row := range rows[1:] {
		line(row)
	}
}
