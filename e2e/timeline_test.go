package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "00:00:00"},
		{999 * time.Millisecond, "00:00:00"},
		{61 * time.Second, "00:01:01"},
		{time.Hour + 2*time.Minute + 3*time.Second, "01:02:03"},
		{-time.Second, "00:00:00"},
		{27 * time.Hour, "27:00:00"},
	} {
		if got := clock(tc.d); got != tc.want {
			t.Errorf("clock(%s) = %s, want %s", tc.d, got, tc.want)
		}
	}
}

func TestRoundDuration(t *testing.T) {
	for _, tc := range []struct{ in, want time.Duration }{
		{1234567 * time.Microsecond, 1235 * time.Millisecond},
		{90*time.Second + 400*time.Millisecond, 90 * time.Second},
		{12 * time.Millisecond, 12 * time.Millisecond},
	} {
		if got := roundDuration(tc.in); got != tc.want {
			t.Errorf("roundDuration(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestTimelinePrintsEventsLiveAndRendersThemAgain(t *testing.T) {
	clk := newFakeClock()
	var live bytes.Buffer
	tl := NewTimeline(clk.Now, &live)
	tl.Add(PhaseDeploy, "started %d", 1)
	clk.Advance(9*time.Minute + 30*time.Second)
	tl.Add(PhaseDeploy, "done")
	want := "+00:00:00  deploy     started 1\n+00:09:30  deploy     done\n"
	if live.String() != want {
		t.Errorf("live output:\n%q\nwant\n%q", live.String(), want)
	}
	var again bytes.Buffer
	tl.Render(&again)
	if again.String() != want {
		t.Errorf("rendered:\n%q\nwant\n%q", again.String(), want)
	}
	if got := tl.Events()[1].At; got != 9*time.Minute+30*time.Second {
		t.Errorf("event time %s", got)
	}
}

func TestTimelinePhaseSpans(t *testing.T) {
	clk := newFakeClock()
	tl := NewTimeline(clk.Now, nil)
	tl.Begin(PhaseDeploy)
	clk.Advance(10 * time.Minute)
	if d := tl.End(PhaseDeploy, "ok"); d != 10*time.Minute {
		t.Errorf("deploy lasted %s, want 10m", d)
	}
	tl.Begin(PhaseURL)
	clk.Advance(5 * time.Second)
	tl.Begin(PhaseLoad) // still running when rendered
	if d := tl.End(PhaseDestroy, "ok"); d != 0 {
		t.Errorf("ending a phase never begun: %s, want 0", d)
	}
	tl.End(PhaseURL, "failed")
	var b bytes.Buffer
	tl.RenderPhases(&b)
	got := b.String()
	for _, want := range []string{
		"phase   start      duration  result",
		"deploy  +00:00:00  10m0s     ok",
		"url     +00:10:00  5s        failed",
		"load    +00:10:05  running",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("phases table lacks %q:\n%s", want, got)
		}
	}
}

func TestWriteTableAlignsColumns(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, [][]string{{"a", "bb", "c"}, {"long", "x", "last column"}})
	want := "a     bb  c\n----  --  -----------\nlong  x   last column\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTimelineAddAtKeepsTimeOrder(t *testing.T) {
	clk := newFakeClock()
	var live bytes.Buffer
	tl := NewTimeline(clk.Now, &live)
	tl.Add(PhaseLoad, "a")
	clk.Advance(10 * time.Minute)
	tl.Add(PhaseLoad, "c")
	tl.AddAt(4*time.Minute, PhaseLoad, "b, read %s", "later")
	tl.AddAt(10*time.Minute, PhaseLoad, "d, at the same time as c")
	var b bytes.Buffer
	tl.Render(&b)
	want := "+00:00:00  load       a\n+00:04:00  load       b, read later\n+00:10:00  load       c\n+00:10:00  load       d, at the same time as c\n"
	if b.String() != want {
		t.Errorf("rendered:\n%s\nwant\n%s", b.String(), want)
	}
	// Printed as it was added, with its own time.
	if !strings.HasSuffix(live.String(), "+00:04:00  load       b, read later\n+00:10:00  load       d, at the same time as c\n") {
		t.Errorf("live:\n%s", live.String())
	}
	if got := tl.Since(tl.WallTime(4 * time.Minute)); got != 4*time.Minute {
		t.Errorf("Since(WallTime(4m)) = %s", got)
	}
}
