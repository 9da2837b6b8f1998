package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// healthcheckTimeout bounds the whole probe, well within the ECS container
// health check's own timeout.
const healthcheckTimeout = 2 * time.Second

// healthcheck probes the server on this host's port and returns the exit
// code for the container health check: 0 when /healthz answers 200, 1
// otherwise, with the reason on stderr. The image has no shell or curl, so
// the task definition runs ["CMD", "/server", "healthcheck"].
func healthcheck(port int, timeout time.Duration, stderr io.Writer) int {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	switch status, err := probe(addr, timeout); {
	case err != nil:
		fmt.Fprintf(stderr, "healthcheck: GET http://%s/healthz: %v\n", addr, err)
		return 1
	case status != 200:
		fmt.Fprintf(stderr, "healthcheck: GET http://%s/healthz: status %d\n", addr, status)
		return 1
	}
	return 0
}

// probe sends GET /healthz to addr on a new connection, one try within
// timeout, and returns the status of the answer.
func probe(addr string, timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	c, err := (&net.Dialer{Deadline: deadline}).Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.SetDeadline(deadline); err != nil {
		return 0, err
	}
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		return 0, err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return 0, err
	}
	// The status line: "HTTP/1.1 200 OK\r\n".
	version, rest, _ := strings.Cut(line, " ")
	code, _, _ := strings.Cut(rest, " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(version, "HTTP/1.") || len(code) != 3 || err != nil {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	return status, nil
}
