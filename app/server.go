package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panjf2000/gnet/v2"
)

// limits bound what one client can hold on to. They are not configurable in
// production; tests shorten the timeouts.
type limits struct {
	// readTimeout bounds reading a whole request (header and the tiny bodies
	// this service accepts), from its first byte; on a new connection it
	// runs from the connection's start.
	readTimeout time.Duration
	// writeTimeout bounds how long answers may wait for a client that does
	// not read them.
	writeTimeout time.Duration
	// idleTimeout bounds the wait for the next request on a keep-alive
	// connection. It is longer than the ALB's default idle timeout (60 s), so
	// the load balancer, not the target, closes idle connections: a target
	// closing first races the ALB reusing the connection and gives 502s.
	idleTimeout time.Duration
}

// defaultLimits are the limits of the production server.
var defaultLimits = limits{
	readTimeout:  5 * time.Second,
	writeTimeout: 10 * time.Second,
	idleTimeout:  75 * time.Second,
}

const (
	// maxHeaderBytes bounds a request's header, request line included: a
	// larger one is answered with 431.
	maxHeaderBytes = 8 << 10
	// maxBodyBytes bounds a request body (the service reads none): a larger
	// one is answered with 413.
	maxBodyBytes = 4 << 10
	// maxPendingBytes bounds the answers waiting for a client that sends
	// requests faster than it reads the answers: past it the connection is
	// closed.
	maxPendingBytes = 64 << 10
	// drainPoll is how often Shutdown closes idle connections and checks
	// whether any is left.
	drainPoll = 10 * time.Millisecond
)

// allowedMethods is the Allow header of a 405 answer.
const allowedMethods = "GET, HEAD"

// server is the HTTP/1.x server. Go's listener accepts the connections, so
// that closing it stops accepting while the event loops drain (gnet's own
// listener closes only with its loops), and gnet's Client engine, which takes
// over connections made elsewhere, serves them on as many event loops as
// GOMAXPROCS: no goroutine per connection, one read and one write system
// call per request (or per batch of pipelined ones). A connection's state is
// used on its loop's goroutine only.
type server struct {
	gnet.BuiltinEventEngine
	host   string
	limits limits
	log    *slog.Logger

	open     atomic.Int64 // connections open
	draining atomic.Bool  // set by Shutdown

	mu        sync.Mutex
	loops     map[gnet.EventLoop]*loop
	ln        net.Listener   // set by Serve
	events    *gnet.Client   // set by Serve
	accepting sync.WaitGroup // Serve's accept loop and its hand-overs
	done      chan struct{}  // closed once drained: ends the sweeps
}

// loop is the server's state on one event loop.
type loop struct {
	srv     *server
	el      gnet.EventLoop
	conns   map[*conn]gnet.Conn
	out     []byte // answers being written
	date    []byte // the Date header for the second dateSec
	dateSec int64
}

// conn is the state of one connection.
type conn struct {
	loop *loop
	// deadline: the read deadline while part of a request is received, else
	// the idle one.
	deadline time.Time
	// writeDeadline: while answers wait to be sent, the time they must be
	// sent by.
	writeDeadline time.Time
	fresh         bool // no request received yet
	partial       bool // part of a request is received
	continued     bool // "100 Continue" is sent for it
	closing       bool // the connection closes once its answers are sent
}

// newServer returns the server answering hostname on /host-name, with the
// given limits, logging errors that gnet reports to log as warnings.
func newServer(hostname string, l limits, log *slog.Logger) *server {
	return &server{
		host:   hostname,
		limits: l,
		log:    log,
		loops:  map[gnet.EventLoop]*loop{},
		done:   make(chan struct{}),
	}
}

// Serve accepts connections on ln and serves them until Shutdown, then
// returns nil; or returns the listener's error.
func (s *server) Serve(ln net.Listener) error {
	events, err := gnet.NewClient(s, gnet.WithNumEventLoop(runtime.GOMAXPROCS(0)), gnet.WithLogger(gnetLogger{s.log}))
	if err == nil {
		err = events.Start()
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.draining.Load() {
		s.mu.Unlock()
		return events.Stop()
	}
	s.ln, s.events = ln, events
	s.accepting.Add(1)
	s.mu.Unlock()
	defer s.accepting.Done()
	go s.sweepEvery(min(s.limits.readTimeout, s.limits.writeTimeout, s.limits.idleTimeout) / 10)

	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.draining.Load() {
				return nil
			}
			return err
		}
		s.accepting.Add(1)
		go func() { // a busy loop takes it at the end of its round: do not wait in line
			defer s.accepting.Done()
			if _, err := events.EnrollContext(nc, &conn{}); err != nil {
				s.log.Warn("cannot serve a connection", "err", err)
			}
		}()
	}
}

// Shutdown stops accepting connections, lets the requests in progress finish
// (their answers carry Connection: close), closes idle connections and
// returns once every connection is closed; or ctx's error if ctx ends first.
// It is called once.
func (s *server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining.Store(true)
	ln, events := s.ln, s.events
	s.mu.Unlock()
	if ln == nil {
		return nil
	}
	ln.Close()
	s.accepting.Wait()
	for s.open.Load() > 0 {
		s.sweep()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(drainPoll):
		}
	}
	close(s.done)
	return events.Stop()
}

// sweepEvery sweeps the event loops every d until the server is drained.
func (s *server) sweepEvery(d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.sweep()
		case <-s.done:
			return
		}
	}
}

// sweep has every event loop run its timeouts and, while draining, close its
// idle connections.
func (s *server) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for el, l := range s.loops {
		_ = el.Execute(context.Background(), l)
	}
}

// OnOpen sets up a connection's state, on its event loop.
func (s *server) OnOpen(gc gnet.Conn) ([]byte, gnet.Action) {
	c := gc.Context().(*conn)
	s.mu.Lock()
	c.loop = s.loops[gc.EventLoop()]
	if c.loop == nil {
		c.loop = &loop{srv: s, el: gc.EventLoop(), conns: map[*conn]gnet.Conn{}}
		s.loops[gc.EventLoop()] = c.loop
	}
	s.mu.Unlock()
	c.loop.conns[c] = gc
	c.fresh = true
	c.deadline = time.Now().Add(s.limits.readTimeout)
	s.open.Add(1)
	return nil, gnet.None
}

// OnClose forgets a closed connection.
func (s *server) OnClose(gc gnet.Conn, _ error) gnet.Action {
	c := gc.Context().(*conn)
	delete(c.loop.conns, c)
	s.open.Add(-1)
	return gnet.None
}

// OnTraffic answers the complete requests received on a connection, in
// order, with one write, and sets the connection's deadlines.
func (s *server) OnTraffic(gc gnet.Conn) gnet.Action {
	c := gc.Context().(*conn)
	in, _ := gc.Peek(-1)
	if c.closing { // the answers so far are being sent: nothing more is read
		_, _ = gc.Discard(len(in))
		return gnet.None
	}
	now := time.Now()
	if gc.OutboundBuffered() == 0 {
		c.writeDeadline = time.Time{}
	}
	l := c.loop
	used := l.serve(c, in, now)
	if used > 0 {
		_, _ = gc.Discard(used) // Discard(0) would discard everything
	}
	if len(l.out) > 0 {
		_, _ = gc.Write(l.out) // on error gnet closes the connection
		l.out = l.out[:0]
	}
	switch pending := gc.OutboundBuffered(); {
	case pending > maxPendingBytes:
		return gnet.Close
	case pending > 0 && c.writeDeadline.IsZero():
		c.writeDeadline = now.Add(s.limits.writeTimeout)
	}
	switch {
	case c.closing:
		if gc.OutboundBuffered() == 0 {
			return gnet.Close
		} // else the sweep closes it once the answers are sent
	case used < len(in):
		if !c.partial && !c.fresh {
			c.deadline = now.Add(s.limits.readTimeout)
		}
		c.partial = true
	default:
		c.partial = false
		c.deadline = now.Add(s.limits.idleTimeout)
	}
	return gnet.None
}

// serve answers the complete requests at the start of in, appending the
// answers to l.out, and returns how many bytes of in it used: all of them
// once the connection is closing.
func (l *loop) serve(c *conn, in []byte, now time.Time) int {
	used := 0
	for used < len(in) {
		r, n, status := parse(in[used:])
		if n == 0 && status == 0 {
			if r.expect && !c.continued {
				l.out = append(l.out, "HTTP/1.1 100 Continue\r\n\r\n"...)
				c.continued = true
			}
			return used
		}
		c.fresh, c.continued = false, false
		c.closing = status != 0 || r.close || l.srv.draining.Load()
		var body string
		if status == 0 {
			status, body = l.srv.route(&r)
		} else {
			body = errorBody(status)
		}
		connection := ""
		switch {
		case c.closing:
			connection = "close"
		case r.keepAlive10:
			connection = "keep-alive"
		}
		l.out = appendAnswer(l.out, l.dateOf(now), status, body, string(r.method) == "HEAD", connection)
		if c.closing {
			return len(in)
		}
		used += n
	}
	return used
}

// route returns the status and body of the answer to a request: GET or
// HEAD /host-name answers the host name and /healthz "ok"; other methods on
// those paths get 405, and other paths 404.
func (s *server) route(r *request) (int, string) {
	var body string
	switch string(r.path) {
	case "/host-name":
		body = s.host
	case "/healthz":
		body = "ok"
	default:
		return 404, errorBody(404)
	}
	if m := string(r.method); m != "GET" && m != "HEAD" {
		return 405, errorBody(405)
	}
	return 200, body
}

// dateOf returns the Date header value for now, formatted once a second.
func (l *loop) dateOf(now time.Time) []byte {
	if sec := now.Unix(); sec != l.dateSec || l.date == nil {
		l.date, l.dateSec = now.UTC().AppendFormat(l.date[:0], dateFormat), sec
	}
	return l.date
}

// Run enforces the timeouts of the loop's connections and, while draining,
// closes the idle ones; sweep has gnet run it on the loop.
func (l *loop) Run(context.Context) error {
	now := time.Now()
	draining := l.srv.draining.Load()
	for c, gc := range l.conns {
		if gc.OutboundBuffered() > 0 { // the client does not read
			if now.After(c.writeDeadline) {
				_ = l.el.Close(gc)
			}
			continue
		}
		switch {
		case c.closing, draining && !c.partial:
			_ = l.el.Close(gc)
		case now.After(c.deadline):
			if c.fresh || c.partial { // a request is late, not the next one
				l.out = appendAnswer(l.out[:0], l.dateOf(now), 408, errorBody(408), false, "close")
				_, _ = gc.Write(l.out)
				l.out = l.out[:0]
			}
			_ = l.el.Close(gc)
		}
	}
	return nil
}

// gnetLogger passes the warnings and errors that gnet reports to a
// slog.Logger as warnings, and drops its debug and info messages.
type gnetLogger struct{ log *slog.Logger }

func (gnetLogger) Debugf(string, ...any) {}
func (gnetLogger) Infof(string, ...any)  {}

// Warnf logs a gnet warning.
func (l gnetLogger) Warnf(format string, args ...any) { l.log.Warn(fmt.Sprintf(format, args...)) }

// Errorf logs a gnet error as a warning: it concerns one connection.
func (l gnetLogger) Errorf(format string, args ...any) { l.log.Warn(fmt.Sprintf(format, args...)) }

// Fatalf logs a fatal gnet error.
func (l gnetLogger) Fatalf(format string, args ...any) { l.log.Error(fmt.Sprintf(format, args...)) }
