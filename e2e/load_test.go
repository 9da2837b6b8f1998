package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestBucketsCoverEveryValueOnce(t *testing.T) {
	// Every value lands in the bucket whose bounds hold it, and the buckets
	// tile the line without gaps.
	prevHi := uint64(0)
	for i := 0; i < histBuckets-1; i++ {
		lo, hi := bucketBounds(i)
		if i > 0 && lo != prevHi+1 {
			t.Fatalf("bucket %d starts at %d, the one before ends at %d", i, lo, prevHi)
		}
		for _, v := range []uint64{lo, hi, (lo + hi) / 2} {
			if got := bucketOf(v); got != i {
				t.Fatalf("bucketOf(%d) = %d, want %d (bounds %d..%d)", v, got, i, lo, hi)
			}
		}
		if lo >= 64 && float64(hi-lo+1)/float64(lo) > 1.0/32+1e-9 {
			t.Fatalf("bucket %d (%d..%d) wider than 1/32 of its start", i, lo, hi)
		}
		prevHi = hi
	}
	if got := bucketOf(1 << 62); got != histBuckets-1 {
		t.Errorf("a huge value goes to bucket %d, want the last, %d", got, histBuckets-1)
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 {
		t.Error("an empty histogram has no quantiles")
	}
	// 1..1000 ms, once each.
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Millisecond}, {0.9, 900 * time.Millisecond}, {0.99, 990 * time.Millisecond}, {1, 1000 * time.Millisecond}, {0, time.Millisecond}} {
		got := h.Quantile(tc.q)
		// The bucket's upper bound: at most 1/32 above the exact value.
		if got < tc.want || float64(got-tc.want) > float64(tc.want)/32 {
			t.Errorf("q%g = %s, want %s within 1/32 above", tc.q, got, tc.want)
		}
	}
	if h.Min != time.Millisecond || h.Max != time.Second || h.N != 1000 {
		t.Errorf("min %s max %s n %d", h.Min, h.Max, h.N)
	}
	if got := h.Mean(); got != 500500*time.Microsecond {
		t.Errorf("mean %s", got)
	}
}

func TestHistogramQuantileNeverAboveTheMax(t *testing.T) {
	var h Histogram
	h.Record(1000 * time.Microsecond) // in a bucket 992..1023 µs
	if got := h.Quantile(0.99); got != 1000*time.Microsecond {
		t.Errorf("q99 of a single 1ms sample = %s", got)
	}
}

func TestHistogramMerge(t *testing.T) {
	var a, b, empty Histogram
	a.Record(time.Millisecond)
	b.Record(3 * time.Millisecond)
	b.Record(5 * time.Microsecond)
	a.Merge(&b)
	a.Merge(&empty)
	if a.N != 3 || a.Min != 5*time.Microsecond || a.Max != 3*time.Millisecond || a.Sum != 4005*time.Microsecond {
		t.Errorf("merged: n %d min %s max %s sum %s", a.N, a.Min, a.Max, a.Sum)
	}
	var c Histogram
	c.Merge(&b)
	if c.Min != 5*time.Microsecond {
		t.Errorf("merging into an empty histogram keeps the min: %s", c.Min)
	}
}

func TestStatusClass(t *testing.T) {
	for code, want := range map[int]int{200: 2, 204: 2, 301: 3, 404: 4, 499: 4, 500: 5, 502: 5, 599: 5, 101: 1, 600: 0, 99: 0, 0: 0} {
		if got := statusClass(code); got != want {
			t.Errorf("statusClass(%d) = %d, want %d", code, got, want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassifyError(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "http://x", Err: err} }
	for _, tc := range []struct {
		err  error
		want ErrorKind
	}{
		{wrap(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), ErrRefused},
		{wrap(&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), ErrReset},
		{wrap(io.EOF), ErrReset},
		{wrap(io.ErrUnexpectedEOF), ErrReset},
		{wrap(timeoutErr{}), ErrTimeout},
		{wrap(context.DeadlineExceeded), ErrTimeout},
		{wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}), ErrDNS},
		{errors.New("http: server closed idle connection"), ErrReset},
		{errors.New("something else"), ErrOther},
	} {
		if got := classifyError(tc.err); got != tc.want {
			t.Errorf("classifyError(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}

func TestStatsSummary(t *testing.T) {
	var s Stats
	s.RecordAnswer(200, 12, 10*time.Millisecond)
	s.RecordAnswer(503, 0, 20*time.Millisecond)
	s.RecordError(io.EOF)
	s.Elapsed = 2 * time.Second
	s.Dials = 4
	got := s.Summary()
	for _, want := range []string{"2 answers in 2s (1/s)", "2xx 1", "5xx 1", "1 errors (reset 1)", "p50 10ms", "max 20ms", "4 connections opened"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary %q lacks %q", got, want)
		}
	}
	if s.Answers() != 2 || s.Bytes != 12 {
		t.Errorf("answers %d bytes %d", s.Answers(), s.Bytes)
	}
}

// The generator against a loopback server: every 10th request answers 503,
// every 25th 404; the run is bounded by a request count.
func TestGeneratorCountsAnswersByClass(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch i := n.Add(1); {
		case i%10 == 0:
			w.WriteHeader(http.StatusServiceUnavailable)
		case i%25 == 0:
			http.NotFound(w, r)
		default:
			fmt.Fprint(w, "task-1234")
		}
	}))
	defer srv.Close()
	g := NewGenerator(srv.URL+"/host-name", 4, 10*time.Second)
	g.MaxRequests, g.MaxDuration = 200, time.Minute
	s := g.Run(context.Background())
	// Of 1..200: 20 multiples of 10; 8 of 25, 4 of them also of 10 (50s).
	if s.ByClass[5] != 20 || s.ByClass[4] != 4 || s.ByClass[2] != 176 || s.Errors != 0 {
		t.Errorf("2xx %d 4xx %d 5xx %d errors %d, want 176, 4, 20, 0: %s", s.ByClass[2], s.ByClass[4], s.ByClass[5], s.Errors, s.Summary())
	}
	if s.Latency.N != 200 {
		t.Errorf("%d latencies, want 200", s.Latency.N)
	}
	if s.Bytes != 176*uint64(len("task-1234"))+4*uint64(len("404 page not found\n")) {
		t.Errorf("%d body bytes", s.Bytes)
	}
	// Keep-alive: one connection per worker, not one per request.
	if s.Dials < 1 || s.Dials > 4 {
		t.Errorf("%d connections opened for 4 workers", s.Dials)
	}
}

// A listener that closes every connection at once: every request is a
// connection error, none an answer.
func TestGeneratorCountsConnectionErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	g := NewGenerator("http://"+ln.Addr().String()+"/host-name", 2, 5*time.Second)
	g.MaxRequests, g.MaxDuration = 20, time.Minute
	s := g.Run(context.Background())
	if s.Errors != 20 || s.Answers() != 0 {
		t.Errorf("errors %d answers %d, want 20 and 0: %s", s.Errors, s.Answers(), s.Summary())
	}
	if s.ErrorsBy[ErrReset] != 20 {
		t.Errorf("by kind %v, want 20 resets", s.ErrorsBy)
	}
}

// Cancelling the run ends it, and the requests in flight then are not
// counted as errors.
func TestGeneratorStopsWhenCancelled(t *testing.T) {
	release := make(chan struct{})
	var started atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	g := NewGenerator(srv.URL, 3, time.Minute)
	g.MaxDuration = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Stats)
	go func() { done <- g.Run(ctx) }()
	for started.Load() < 3 {
		time.Sleep(5 * time.Millisecond)
	}
	if s := g.Snapshot(); s.Answers() != 0 || s.Errors != 0 {
		t.Errorf("snapshot while all hang: %s", s.Summary())
	}
	cancel()
	s := <-done
	if s.Errors != 0 || s.Answers() != 0 {
		t.Errorf("after cancel: %s, want nothing counted", s.Summary())
	}
}

func TestGeneratorSpeaksHTTP1(t *testing.T) {
	var proto atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(r.Proto)
		fmt.Fprint(w, "x")
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	g := NewGenerator(srv.URL, 1, 10*time.Second)
	g.client.Transport.(*http.Transport).TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	g.MaxRequests = 1
	if s := g.Run(context.Background()); s.ByClass[2] != 1 {
		t.Fatalf("no answer: %s", s.Summary())
	}
	if got := proto.Load(); got != "HTTP/1.1" {
		t.Errorf("protocol %v, want HTTP/1.1 (one connection per worker, as wrk)", got)
	}
}
