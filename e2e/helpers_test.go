package main

import (
	"context"
	"slices"
	"sync"
	"time"
)

// fakeClock is a clock that moves only when told to, or when a fake sleep
// sleeps: the runner's loops run in no time and always the same way.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []*fakeTimer
}

// fakeTimer is when a fake command running in the background ends: C
// closes when a sleep reaches it.
type fakeTimer struct {
	at time.Time
	C  chan struct{}
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// After sets a timer at at, before the run, so that no sleep passes it.
func (c *fakeClock) After(at time.Time) *fakeTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	tm := &fakeTimer{at: at, C: make(chan struct{})}
	c.timers = append(c.timers, tm)
	return tm
}

// Stop removes a timer that has not fired (its command was cancelled).
func (c *fakeClock) Stop(tm *fakeTimer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = slices.DeleteFunc(c.timers, func(x *fakeTimer) bool { return x == tm })
}

// Sleep moves the clock on by d. A timer due within d stops the clock at
// its time and fires; the sleep then lasts until ctx ends, as the runner
// sleeps through a background command with a context that the command's
// end cancels.
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	end := c.t.Add(d)
	var due *fakeTimer
	for _, tm := range c.timers {
		if !tm.at.After(end) && (due == nil || tm.at.Before(due.at)) {
			due = tm
		}
	}
	if due == nil {
		c.t = end
		c.mu.Unlock()
		return nil
	}
	if due.at.After(c.t) {
		c.t = due.at
	}
	c.timers = slices.DeleteFunc(c.timers, func(x *fakeTimer) bool { return x == due })
	c.mu.Unlock()
	close(due.C)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(10 * time.Second):
		panic("a fake timer fired, and nothing ended the sleep's context")
	}
}
