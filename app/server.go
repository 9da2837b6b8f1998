package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/valyala/fasthttp"
)

// limits bound what one client can hold on to. They are not configurable in
// production; tests shorten the timeouts.
type limits struct {
	// readTimeout bounds reading a whole request (header and the tiny bodies
	// this service accepts), from its first byte; on a new connection it also
	// bounds the wait for that first byte. It is the header read timeout.
	readTimeout time.Duration
	// writeTimeout bounds writing a response to a client that does not read.
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
	// maxHeaderBytes bounds a request's header: a larger one is answered
	// with 431. It is fasthttp's per-connection read buffer.
	maxHeaderBytes = 8 << 10
	// maxBodyBytes bounds a request body (the service reads none): a larger
	// one is answered with 413.
	maxBodyBytes = 4 << 10
)

// allowedMethods is the Allow header of a 405 answer.
const allowedMethods = "GET, HEAD"

// newServer returns the HTTP server: handler h, the given limits, no
// per-request logging, and connection errors logged as warnings to log.
func newServer(h fasthttp.RequestHandler, l limits, log *slog.Logger) *fasthttp.Server {
	return &fasthttp.Server{
		Handler:                      h,
		ReadTimeout:                  l.readTimeout,
		WriteTimeout:                 l.writeTimeout,
		IdleTimeout:                  l.idleTimeout,
		ReadBufferSize:               maxHeaderBytes,
		MaxRequestBodySize:           maxBodyBytes,
		DisablePreParseMultipartForm: true,
		NoDefaultServerHeader:        true,
		CloseOnShutdown:              true, // "Connection: close" on answers while draining
		ErrorHandler:                 answerError,
		Logger:                       warnLogger{log},
	}
}

// answerError answers a request that fasthttp could not read: 413 for a
// body over maxBodyBytes (fasthttp's default says 400), 431 for a header over
// maxHeaderBytes, 408 for a read timeout, 400 for anything else.
func answerError(ctx *fasthttp.RequestCtx, err error) {
	var small *fasthttp.ErrSmallBuffer
	var netErr net.Error
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		ctx.Error("request body too large", fasthttp.StatusRequestEntityTooLarge)
	case errors.As(err, &small):
		ctx.Error("request header too large", fasthttp.StatusRequestHeaderFieldsTooLarge)
	case errors.As(err, &netErr) && netErr.Timeout():
		ctx.Error("request timeout", fasthttp.StatusRequestTimeout)
	default:
		ctx.Error("bad request", fasthttp.StatusBadRequest)
	}
}

// routes returns the request handler: GET or HEAD /host-name answers
// hostname, /healthz answers "ok", both as text/plain; other methods on those
// paths get 405 with an Allow header, and other paths 404.
func routes(hostname string) fasthttp.RequestHandler {
	host, ok := []byte(hostname), []byte("ok")
	return func(ctx *fasthttp.RequestCtx) {
		var body []byte
		switch string(ctx.Path()) {
		case "/host-name":
			body = host
		case "/healthz":
			body = ok
		default:
			ctx.Error("not found", fasthttp.StatusNotFound)
			return
		}
		if !ctx.IsGet() && !ctx.IsHead() {
			ctx.Error("method not allowed", fasthttp.StatusMethodNotAllowed)
			ctx.Response.Header.Set(fasthttp.HeaderAllow, allowedMethods)
			return
		}
		ctx.SetContentType("text/plain; charset=utf-8")
		ctx.SetBody(body) // fasthttp omits it for HEAD and keeps Content-Length
	}
}

// warnLogger adapts a slog.Logger to fasthttp's Logger, for the connection
// errors fasthttp reports (it leaves out the common ones: timeouts, resets).
type warnLogger struct{ log *slog.Logger }

// Printf logs one fasthttp message as a warning.
func (l warnLogger) Printf(format string, args ...any) {
	l.log.Warn(fmt.Sprintf(format, args...))
}
