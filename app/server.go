package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/panjf2000/gnet/v2"
)

// limits bound what one client can hold on to. They are not configurable in
// production; tests shorten the timeouts.
type limits struct {
	// readTimeout bounds reading a whole request (header and the tiny bodies
	// this service accepts), from its first byte; on a new connection it
	// runs from the connection's start. Empty lines before a request are not
	// its first byte.
	readTimeout time.Duration
	// writeTimeout bounds how long answers may wait for a client that does
	// not read them.
	writeTimeout time.Duration
	// idleTimeout bounds the wait for the next request on a keep-alive
	// connection. It is longer than the ALB's default idle timeout (60 s), so
	// the load balancer, not the target, closes idle connections: a target
	// closing first races the ALB reusing the connection and gives 502s.
	idleTimeout time.Duration
	// lingerTimeout bounds a lingering close: how long, once its write side
	// is shut down after its last answer, a connection is read (and what is
	// read discarded) before it is closed, unless the client closes first.
	lingerTimeout time.Duration
}

// defaultLimits are the limits of the production server.
var defaultLimits = limits{
	readTimeout:   5 * time.Second,
	writeTimeout:  10 * time.Second,
	idleTimeout:   75 * time.Second,
	lingerTimeout: 5 * time.Second,
}

// The header limits are at least the ALB's, so that the task refuses no
// request the ALB forwards. "Quotas for your Application Load Balancers",
// section "HTTP headers" (docs.aws.amazon.com/elasticloadbalancing/latest/
// application/load-balancer-limits.html#http-headers-quotas), none of them
// adjustable:
//
//	Request line           16 K
//	Single header          16 K
//	Whole response header  32 K
//	Whole request header   64 K
//
// The page does not say whether a header's size counts its name, or
// whether the whole request header counts the request line, and the ALB
// adds fields of its own to what it forwards (X-Forwarded-For, -Proto and
// -Port, X-Amzn-Trace-Id, appending to the client's X-Forwarded-For and
// X-Amzn-Trace-Id): hence the whole header holds the request line and 64 KiB
// of fields, and albHeadroom more here and on each field line.
const (
	// maxRequestLineBytes bounds the request line, without its CRLF: a
	// longer one is answered with 414 (RFC 9112, 3: "A server that receives
	// a request-target longer than any URI it wishes to parse MUST respond
	// with a 414 (URI Too Long) status code").
	maxRequestLineBytes = 16 << 10
	// maxFieldLineBytes bounds one header field line ("name: value"),
	// without its CRLF: a longer one is answered with 431.
	maxFieldLineBytes = 16<<10 + albHeadroom
	// maxHeaderBytes bounds a request's header, from its request line to the
	// empty line that ends it, CRLFs included: a larger one is answered with
	// 431.
	maxHeaderBytes = maxRequestLineBytes + 64<<10 + albHeadroom
	// albHeadroom is room for what the ALB adds to a header (a few hundred
	// bytes).
	albHeadroom = 1 << 10
	// maxEmptyLineBytes bounds the empty lines before a request, which are
	// ignored (RFC 9112, 2.2: a server "SHOULD ignore at least one empty
	// line (CRLF) received prior to the request-line"): past it the answer
	// is 400.
	maxEmptyLineBytes = 1 << 10
	// maxBodyBytes bounds a request body (the service reads none): a larger
	// one is answered with 413.
	maxBodyBytes = 4 << 10
	// maxLingerBytes bounds what a lingering close reads and discards: past
	// it the connection is closed.
	maxLingerBytes = 1 << 20
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
	// deadline: the read deadline while part of a request is received, the
	// end of the lingering close once the write side is shut down, else the
	// idle one (on a new connection, the read one).
	deadline time.Time
	// writeDeadline: while answers wait to be sent, the time they must be
	// sent by.
	writeDeadline time.Time
	// held: the start of a request that is not complete yet, kept across
	// reads (gnet's own buffer would be copied whole on every read).
	held []byte
	// pending, bodyAt, need: what parse found in held the last time it
	// needed more bytes: held's length then (0: held is not parsed yet),
	// where the body starts once the header is complete, and the length of
	// the whole request once a Content-Length header says it; scanned: how
	// much of held is searched for the header's end. So a request received
	// in many small reads is not parsed whole at each of them.
	pending, bodyAt, need, scanned int
	chunk                          chunkState // how far a chunked body is read
	blank                          int        // bytes of empty lines received since the last request
	discarded                      int        // bytes discarded while lingering
	fresh                          bool       // no request received yet
	partial                        bool       // part of a request (not only empty lines) is received
	continued                      bool       // "100 Continue" is sent for it
	closing                        bool       // the connection closes once its answers are sent
	// lingering: the connection closes in stages (RFC 9112, 9.6): its write
	// side is shut down once its answers are sent, then what the client
	// still sends is read and discarded until the client closes, or for at
	// most lingerTimeout and maxLingerBytes, and then it is closed. Without
	// it, closing with input unread makes the kernel reset the connection,
	// which can destroy the answer before the client reads it. It is set
	// after an error answer, and when input is unread after the last one.
	lingering bool
	shut      bool // the write side is shut down
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
	go s.sweepEvery(min(s.limits.readTimeout, s.limits.writeTimeout, s.limits.idleTimeout, s.limits.lingerTimeout) / 10)

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
	now := time.Now()
	if c.closing { // the answers so far are being sent: nothing more is read
		_, _ = gc.Discard(len(in))
		return s.discard(c, gc, len(in), now)
	}
	if gc.OutboundBuffered() == 0 {
		c.writeDeadline = time.Time{}
	}
	data := in
	if len(c.held) > 0 {
		c.held = append(c.held, in...)
		data = c.held
	}
	l := c.loop
	used, answered := l.serve(c, data, now)
	rest := data[used:]
	switch {
	case len(rest) == 0 || c.closing:
		c.held = nil
	case len(c.held) > 0:
		c.held = c.held[:copy(c.held, rest)]
	default:
		c.held = append(make([]byte, 0, max(2*len(rest), 1<<10)), rest...)
	}
	_, _ = gc.Discard(len(in)) // all of it is used or held
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
			if !c.lingering {
				return gnet.Close
			}
			return s.shutWrite(c, gc, now)
		} // else the sweep goes on once the answers are sent
	case len(rest) > 1 || len(rest) == 1 && rest[0] != '\r': // a request has started
		if !c.fresh && (answered || !c.partial) {
			c.deadline = now.Add(s.limits.readTimeout)
		}
		c.partial = true
	default: // nothing, empty lines, or a CR that may start one, are no request
		c.partial = false
		if answered {
			c.deadline = now.Add(s.limits.idleTimeout)
		}
	}
	return gnet.None
}

// discard discards n bytes received on a closing connection: input after
// the last answer makes the close linger, bounded by maxLingerBytes.
func (s *server) discard(c *conn, gc gnet.Conn, n int, now time.Time) gnet.Action {
	c.lingering = c.lingering || n > 0
	if c.discarded += n; c.discarded > maxLingerBytes {
		return gnet.Close
	}
	if !c.shut && gc.OutboundBuffered() == 0 {
		return s.shutWrite(c, gc, now)
	}
	return gnet.None
}

// shutWrite shuts down the write side of a lingering connection whose
// answers are all sent, so that the client reads them to their end, and
// starts the lingering timeout.
func (s *server) shutWrite(c *conn, gc gnet.Conn, now time.Time) gnet.Action {
	c.shut = true
	c.deadline = now.Add(s.limits.lingerTimeout)
	if err := syscall.Shutdown(gc.Fd(), syscall.SHUT_WR); err != nil {
		return gnet.Close // the client is gone
	}
	return gnet.None
}

// serve answers the complete requests at the start of in, appending the
// answers to l.out. It returns how many bytes of in it used (all of them
// once the connection is closing) and whether it answered any request.
// Empty lines before a request are used and ignored.
func (l *loop) serve(c *conn, in []byte, now time.Time) (used int, answered bool) {
	for used < len(in) {
		rest := in[used:]
		if k := emptyLines(rest); k > 0 {
			used += k
			if c.blank += k; c.blank > maxEmptyLineBytes {
				l.answer(c, &request{}, 400, now)
				return len(in), true
			}
			continue
		}
		if len(rest) == 1 && rest[0] == '\r' {
			return used, answered // perhaps the start of an empty line
		}
		if c.pending > 0 && !c.worthParsing(rest) {
			return used, answered
		}
		r, n, status := parse(rest)
		if n == 0 && status == 0 {
			c.pending, c.bodyAt, c.need, c.scanned, c.chunk = len(rest), r.bodyAt, r.need, len(rest), chunkState{}
			if r.expect && !c.continued {
				l.out = append(l.out, "HTTP/1.1 100 Continue\r\n\r\n"...)
				c.continued = true
			}
			return used, answered
		}
		c.pending, c.bodyAt, c.need, c.scanned, c.chunk, c.blank = 0, 0, 0, 0, chunkState{}, 0
		l.answer(c, &r, status, now)
		if c.closing {
			c.lingering = c.lingering || n < len(rest) // an error, or input after the request
			return len(in), true
		}
		used += n
		answered = true
	}
	return used, answered
}

// worthParsing reports whether the partial request at the start of b, which
// parse found incomplete when it was c.pending bytes long, may now be
// complete or in error. Parsing it again only then keeps the work per
// request proportional to its size however small the reads it comes in:
// only the new bytes are searched for the end of the header; a header is
// parsed again at the latest once it has grown by half (a bad line or a
// line over its limit is found then, a header over maxHeaderBytes at once);
// once the header is complete, only the body is looked at.
func (c *conn) worthParsing(b []byte) bool {
	switch {
	case c.need > 0:
		return len(b) >= c.need
	case c.bodyAt > 0: // chunked: read on from where the last look stopped
		n, status := chunkedLength(b[c.bodyAt:], &c.chunk)
		return n > 0 || status != 0
	case len(b) >= c.pending+c.pending/2, len(b) > maxHeaderBytes:
		return true
	}
	found := bytes.Contains(b[max(c.scanned-3, 0):], headerEnd)
	c.scanned = len(b)
	return found
}

// headerEnd ends a request header.
var headerEnd = []byte("\r\n\r\n")

// answer appends to l.out the answer to r, routed, or the error answer
// status if it is not 0, and marks the connection closing if it is to close
// after it.
func (l *loop) answer(c *conn, r *request, status int, now time.Time) {
	c.fresh, c.continued = false, false
	c.closing = status != 0 || r.close || l.srv.draining.Load()
	c.lingering = status != 0
	var body string
	if status == 0 {
		status, body = l.srv.route(r)
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

// Run enforces the timeouts of the loop's connections, shuts down the write
// side of lingering ones whose answers are sent and, while draining, closes
// the idle ones; sweep has gnet run it on the loop.
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
		case c.lingering && !c.shut:
			if l.srv.shutWrite(c, gc, now) == gnet.Close {
				_ = l.el.Close(gc)
			}
		case c.lingering:
			if now.After(c.deadline) {
				_ = l.el.Close(gc)
			}
		case c.closing, draining && !c.partial:
			_ = l.el.Close(gc)
		case now.After(c.deadline) && c.partial: // a request is late
			l.out = appendAnswer(l.out[:0], l.dateOf(now), 408, errorBody(408), false, "close")
			_, _ = gc.Write(l.out)
			l.out = l.out[:0]
			c.closing, c.lingering, c.held = true, true, nil // the client may still be sending it
			if gc.OutboundBuffered() == 0 && l.srv.shutWrite(c, gc, now) == gnet.Close {
				_ = l.el.Close(gc)
			}
		case now.After(c.deadline) && c.blank > 0:
			// Idle, but still sending empty lines: closing with some of them
			// unread would reset the connection, so it lingers.
			c.closing, c.lingering = true, true
			if l.srv.shutWrite(c, gc, now) == gnet.Close {
				_ = l.el.Close(gc)
			}
		case now.After(c.deadline): // idle, or a new connection that sent no request: no answer is due
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
