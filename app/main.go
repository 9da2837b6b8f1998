// Command server is the container service behind the ALB: GET /host-name
// answers the host (container) name, GET /healthz answers "ok".
//
// Usage:
//
//	server              serve on $PORT (default 8000) until SIGTERM or SIGINT,
//	                    then drain for at most $DRAIN_TIMEOUT (default 10s)
//	server healthcheck  exit 0 if the local server's /healthz answers 200, else 1
//
// An invalid PORT or DRAIN_TIMEOUT is reported on stderr with exit code 2.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run runs the command line args with the environment getenv and returns the
// process exit code.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	switch {
	case len(args) == 0:
		return serve(cfg, slog.New(slog.NewJSONHandler(stdout, nil)))
	case len(args) == 1 && args[0] == "healthcheck":
		return healthcheck(cfg.port, healthcheckTimeout, stderr)
	}
	fmt.Fprintln(stderr, "usage: server [healthcheck]")
	return 2
}

// serve listens on cfg.port until SIGTERM or SIGINT, then stops accepting,
// lets in-flight requests finish within cfg.drainTimeout and returns 0, or 1
// if the deadline passed first or the server could not start. It logs one
// line when it starts and one when it stops.
func serve(cfg config, log *slog.Logger) int {
	hostname, err := os.Hostname()
	if err != nil {
		log.Error("cannot read the host name", "err", err)
		return 1
	}
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.port))
	if err != nil {
		log.Error("cannot listen", "err", err)
		return 1
	}
	srv := newServer(hostname, defaultLimits, log)

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "port", cfg.port, "drain_timeout", cfg.drainTimeout.String())

	select {
	case err := <-served: // Serve returns early only if the listener fails
		log.Error("serve failed", "err", err)
		return 1
	case sig := <-sigs:
		signal.Stop(sigs) // a second signal ends the process at once
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), cfg.drainTimeout)
		defer cancel()
		err := srv.Shutdown(ctx)
		took := time.Since(start).Round(time.Millisecond).String()
		if err != nil {
			log.Error("stopped", "signal", sig.String(), "drained", false, "took", took, "err", err)
			return 1
		}
		log.Info("stopped", "signal", sig.String(), "drained", true, "took", took)
		return 0
	}
}
