package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The latency histogram: values in microseconds, exact below 64 µs, then
// 32 buckets per power of two (a relative error under 3.2 %), up to about
// 2^36 µs (19 hours); larger values land in the last bucket.
const (
	histSub     = 32
	histBuckets = 36*histSub + 2*histSub
)

// Histogram counts latencies in log-linear buckets, so millions of requests
// take a fixed few kilobytes.
type Histogram struct {
	Counts   [histBuckets]uint64
	N        uint64
	Sum      time.Duration
	Min, Max time.Duration
}

// bucketOf is the bucket index of v microseconds.
func bucketOf(v uint64) int {
	if v < 2*histSub {
		return int(v)
	}
	shift := bits.Len64(v) - 6 // v>>shift is in [32, 63]
	i := shift*histSub + int(v>>uint(shift))
	if i >= histBuckets {
		return histBuckets - 1
	}
	return i
}

// bucketBounds is the range of microseconds bucket i holds, inclusive.
func bucketBounds(i int) (lo, hi uint64) {
	if i < 2*histSub {
		return uint64(i), uint64(i)
	}
	shift := i/histSub - 1
	m := uint64(i - shift*histSub)
	return m << uint(shift), (m+1)<<uint(shift) - 1
}

// Record adds one latency.
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.Counts[bucketOf(uint64(d/time.Microsecond))]++
	if h.N == 0 || d < h.Min {
		h.Min = d
	}
	if d > h.Max {
		h.Max = d
	}
	h.N++
	h.Sum += d
}

// Merge adds o's counts.
func (h *Histogram) Merge(o *Histogram) {
	if o.N == 0 {
		return
	}
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
	if h.N == 0 || o.Min < h.Min {
		h.Min = o.Min
	}
	if o.Max > h.Max {
		h.Max = o.Max
	}
	h.N += o.N
	h.Sum += o.Sum
}

// Quantile is the latency at or below which a share q (0..1) of the
// requests fell, by nearest rank: the upper bound of that rank's bucket,
// never above the largest latency seen. 0 without samples.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.N == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.N)))
	if rank < 1 {
		rank = 1
	}
	if rank > h.N {
		rank = h.N
	}
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= rank {
			_, hi := bucketBounds(i)
			d := time.Duration(hi) * time.Microsecond
			if d > h.Max {
				d = h.Max
			}
			if d < h.Min {
				d = h.Min
			}
			return d
		}
	}
	return h.Max
}

// Mean is the average latency, 0 without samples.
func (h *Histogram) Mean() time.Duration {
	if h.N == 0 {
		return 0
	}
	return h.Sum / time.Duration(h.N)
}

// ErrorKind sorts the requests that got no HTTP answer.
type ErrorKind int

const (
	ErrOther ErrorKind = iota
	ErrTimeout
	ErrRefused
	ErrReset
	ErrDNS
	errKinds
)

var errKindNames = [errKinds]string{"other", "timeout", "refused", "reset", "dns"}

func (k ErrorKind) String() string { return errKindNames[k] }

// classifyError sorts a request's error.
func classifyError(err error) ErrorKind {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return ErrDNS
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return ErrTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "connection reset"),
		strings.Contains(err.Error(), "server closed idle connection"):
		return ErrReset
	}
	return ErrOther
}

// statusClass is 1 to 5 for an HTTP status of that hundred, 0 for any
// other number.
func statusClass(code int) int {
	if code < 100 || code > 599 {
		return 0
	}
	return code / 100
}

// Stats is what the load generator counted.
type Stats struct {
	// ByClass counts answers by status class: [2] is 2xx; [0] any status
	// outside 100-599.
	ByClass [6]uint64
	// Errors are requests that got no answer; ErrorsBy sorts them.
	Errors   uint64
	ErrorsBy [errKinds]uint64
	Latency  Histogram // of the answers
	Bytes    uint64    // of the answers' bodies
	// Dials is the number of connections opened: with keep-alive, about
	// the number of connections asked for.
	Dials   uint64
	Elapsed time.Duration
}

// Answers is the number of requests that got an HTTP answer.
func (s *Stats) Answers() uint64 {
	var n uint64
	for _, c := range s.ByClass {
		n += c
	}
	return n
}

// Merge adds o's counts (not its Dials or Elapsed, which belong to the run).
func (s *Stats) Merge(o *Stats) {
	for i, c := range o.ByClass {
		s.ByClass[i] += c
	}
	s.Errors += o.Errors
	for i, c := range o.ErrorsBy {
		s.ErrorsBy[i] += c
	}
	s.Latency.Merge(&o.Latency)
	s.Bytes += o.Bytes
}

// RecordAnswer counts an answer.
func (s *Stats) RecordAnswer(code int, body int64, latency time.Duration) {
	s.ByClass[statusClass(code)]++
	s.Bytes += uint64(body)
	s.Latency.Record(latency)
}

// RecordError counts a request without an answer.
func (s *Stats) RecordError(err error) {
	s.Errors++
	s.ErrorsBy[classifyError(err)]++
}

// Summary is one line: the counts by class, the errors by kind, the rate
// and the latency percentiles.
func (s *Stats) Summary() string {
	var b strings.Builder
	answers := s.Answers()
	fmt.Fprintf(&b, "%d answers", answers)
	if s.Elapsed > 0 {
		fmt.Fprintf(&b, " in %s (%.0f/s)", roundDuration(s.Elapsed), float64(answers)/s.Elapsed.Seconds())
	}
	fmt.Fprintf(&b, ": 2xx %d, 3xx %d, 4xx %d, 5xx %d", s.ByClass[2], s.ByClass[3], s.ByClass[4], s.ByClass[5])
	if n := s.ByClass[0] + s.ByClass[1]; n > 0 {
		fmt.Fprintf(&b, ", other %d", n)
	}
	fmt.Fprintf(&b, "; %d errors", s.Errors)
	if s.Errors > 0 {
		var kinds []string
		for k, c := range s.ErrorsBy {
			if c > 0 {
				kinds = append(kinds, fmt.Sprintf("%s %d", ErrorKind(k), c))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(kinds, ", "))
	}
	if s.Latency.N > 0 {
		fmt.Fprintf(&b, "; latency p50 %s, p90 %s, p99 %s, p99.9 %s, max %s",
			roundDuration(s.Latency.Quantile(0.50)), roundDuration(s.Latency.Quantile(0.90)),
			roundDuration(s.Latency.Quantile(0.99)), roundDuration(s.Latency.Quantile(0.999)),
			roundDuration(s.Latency.Max))
	}
	if s.Dials > 0 {
		fmt.Fprintf(&b, "; %d connections opened", s.Dials)
	}
	return b.String()
}

// Loader is a load generator: Run sends requests until ctx ends and returns
// the counts; Snapshot reads them meanwhile.
type Loader interface {
	Run(ctx context.Context) Stats
	Snapshot() Stats
}

// Generator is the built-in equivalent of `wrk -c N`: N workers, each
// sending GET requests one after the other over its own keep-alive
// connection, counting answers by status class, errors by kind and
// latencies. HTTP/1.1 only, as wrk: HTTP/2 would fold the connections into
// one.
type Generator struct {
	URL         string
	Connections int
	Timeout     time.Duration // per request
	// MaxRequests, if above 0, stops the run after that many requests;
	// MaxDuration, if above 0, after that long: bounds on top of ctx.
	MaxRequests uint64
	MaxDuration time.Duration

	client  *http.Client
	dials   atomic.Uint64
	tickets atomic.Uint64
	started time.Time
	mu      sync.Mutex // guards workers and started
	workers []*workerStats
}

type workerStats struct {
	mu sync.Mutex
	s  Stats
}

// NewGenerator builds a generator for url with conns connections.
func NewGenerator(url string, conns int, timeout time.Duration) *Generator {
	g := &Generator{URL: url, Connections: conns, Timeout: timeout}
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			g.dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
		MaxIdleConns:          conns,
		MaxIdleConnsPerHost:   conns,
		MaxConnsPerHost:       conns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		DisableCompression:    true,
		ForceAttemptHTTP2:     false,
		// An empty, non-nil map turns HTTP/2 off.
		TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
	g.client = &http.Client{
		Transport: transport,
		Timeout:   timeout,
		// Count a redirect as the answer it is (3xx), as wrk does.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return g
}

// Run sends requests until ctx ends or a bound is reached.
func (g *Generator) Run(ctx context.Context) Stats {
	if g.MaxDuration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.MaxDuration)
		defer cancel()
	}
	n := max(g.Connections, 1)
	g.mu.Lock()
	g.started = time.Now()
	g.workers = make([]*workerStats, n)
	for i := range g.workers {
		g.workers[i] = &workerStats{}
	}
	workers := g.workers
	g.mu.Unlock()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.work(ctx, w)
		}()
	}
	wg.Wait()
	g.client.CloseIdleConnections()
	return g.Snapshot()
}

// Snapshot merges the workers' counts so far.
func (g *Generator) Snapshot() Stats {
	g.mu.Lock()
	workers, started := g.workers, g.started
	g.mu.Unlock()
	var s Stats
	for _, w := range workers {
		w.mu.Lock()
		s.Merge(&w.s)
		w.mu.Unlock()
	}
	s.Dials = g.dials.Load()
	if !started.IsZero() {
		s.Elapsed = time.Since(started)
	}
	return s
}

func (g *Generator) work(ctx context.Context, w *workerStats) {
	for ctx.Err() == nil {
		if g.MaxRequests > 0 && g.tickets.Add(1) > g.MaxRequests {
			return
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.URL, nil)
		if err != nil {
			w.mu.Lock()
			w.s.RecordError(err)
			w.mu.Unlock()
			return
		}
		req.Header.Set("User-Agent", "ecsec2-e2e")
		start := time.Now()
		resp, err := g.client.Do(req)
		var body int64
		if err == nil {
			body, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		latency := time.Since(start)
		if ctx.Err() != nil {
			// The run ended with this request in flight: not the service's
			// fault, not counted.
			return
		}
		w.mu.Lock()
		if err == nil {
			w.s.RecordAnswer(resp.StatusCode, body, latency)
		} else {
			// No answer, or a body that broke off: an error.
			w.s.RecordError(err)
		}
		w.mu.Unlock()
	}
}
