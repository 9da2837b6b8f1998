package main

import (
	"fmt"
	"io"
	"time"

	"github.com/valyala/fasthttp"
)

// healthcheckTimeout bounds the whole probe, well within the ECS container
// health check's own timeout.
const healthcheckTimeout = 2 * time.Second

// healthcheck probes the server on this host's port and returns the exit
// code for the container health check: 0 when /healthz answers 200, 1
// otherwise, with the reason on stderr. The image has no shell or curl, so
// the task definition runs ["CMD", "/server", "healthcheck"].
func healthcheck(port int, timeout time.Duration, stderr io.Writer) int {
	url := fmt.Sprintf("http://127.0.0.1:%d/healthz", port)
	var req fasthttp.Request
	var resp fasthttp.Response
	req.SetRequestURI(url)
	req.SetConnectionClose()
	client := fasthttp.Client{MaxIdemponentCallAttempts: 1} // one try within the timeout
	switch err := client.DoTimeout(&req, &resp, timeout); {
	case err != nil:
		fmt.Fprintf(stderr, "healthcheck: GET %s: %v\n", url, err)
		return 1
	case resp.StatusCode() != fasthttp.StatusOK:
		fmt.Fprintf(stderr, "healthcheck: GET %s: status %d\n", url, resp.StatusCode())
		return 1
	}
	return 0
}
