package main

import (
	"bytes"
	"path"
	"strconv"
)

// request is what the server reads of one HTTP/1.x request. Its slices point
// into the connection's input, or hold a normalised copy of the path.
type request struct {
	method, target []byte
	// path is the path that the target names, as routing sees it (see
	// targetPath); nil for an authority (CONNECT) or "*" (OPTIONS).
	path []byte
	// close: the connection closes after the answer (Connection: close, an
	// HTTP/1.0 request without keep-alive, or a body framed by both
	// Transfer-Encoding and Content-Length).
	close bool
	// keepAlive10: an HTTP/1.0 request with Connection: keep-alive, whose
	// answer says keep-alive.
	keepAlive10 bool
	// expect: the client waits for "100 Continue" before sending the body.
	expect bool
	// bodyAt and need, while parse waits for the body: where the body
	// starts and, for a Content-Length body, the length of the whole
	// request; so that the request is parsed again only once it may be
	// complete.
	bodyAt, need int
}

// crlf ends every line of a request header; slash is the path of a target
// that has none.
var crlf, slash = []byte("\r\n"), []byte("/")

// parse parses the request at the start of b, strictly (RFC 9112): CRLF line
// ends; a request target in origin form, absolute form, "*" for OPTIONS or
// an authority for CONNECT; no obsolete line folding; HTTP/1.x (a higher
// minor version is read as 1.1); a valid Host, required in HTTP/1.1 and
// checked even when the target has an authority, and at most one Host and
// one Content-Length; chunked the only transfer coding, in HTTP/1.1 only.
// Empty lines before the request are skipped. It returns the request and n,
// its length with its body, once b holds all of it; n == 0 and status 0
// while more bytes are needed (r.method is set once the header is complete);
// else the status of the error answer, after which the connection closes:
// 414 for a request line over maxRequestLineBytes, 431 for a field line over
// maxFieldLineBytes or a header over maxHeaderBytes, 413 for a body over
// maxBodyBytes, 505 for a major version other than 1, 400 for anything else.
func parse(b []byte) (r request, n, status int) {
	pos := emptyLines(b)
	start := pos // the header's size counts from its request line
	var (
		http11, keepAlive, chunked bool
		host                       []byte
		hosts                      int
		contentLength              = -1
	)
	for first := true; ; first = false {
		limit := maxFieldLineBytes
		if first {
			limit = maxRequestLineBytes
		}
		// The line, its CR and LF lie within limit+2 bytes, or it is too long.
		end := bytes.IndexByte(b[pos:min(len(b), pos+limit+2)], '\n')
		if end < 0 {
			switch {
			case len(b)-pos > limit+1 && first:
				return request{}, 0, 414
			case len(b)-pos > limit+1, len(b)-start > maxHeaderBytes:
				return request{}, 0, 431
			}
			return request{}, 0, 0
		}
		end += pos
		if end+1-start > maxHeaderBytes {
			return request{}, 0, 431
		}
		if end == pos || b[end-1] != '\r' {
			return request{}, 0, 400
		}
		line := b[pos : end-1]
		pos = end + 1
		if first {
			if r.method, r.target, http11, status = requestLine(line); status != 0 {
				return request{}, 0, status
			}
			continue
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := field(line)
		if !ok {
			return request{}, 0, 400
		}
		switch {
		case equalFold(name, "host"):
			if hosts++; hosts > 1 {
				return request{}, 0, 400
			}
			host = value
		case equalFold(name, "content-length"):
			if contentLength >= 0 {
				return request{}, 0, 400
			}
			if contentLength = decimal(value); contentLength < 0 {
				return request{}, 0, 400
			}
		case equalFold(name, "transfer-encoding"):
			if chunked || !equalFold(value, "chunked") {
				return request{}, 0, 400
			}
			chunked = true
		case equalFold(name, "connection"):
			for opt := range bytes.SplitSeq(value, []byte(",")) {
				opt = bytes.Trim(opt, " \t")
				r.close = r.close || equalFold(opt, "close")
				keepAlive = keepAlive || equalFold(opt, "keep-alive")
			}
		case equalFold(name, "expect"):
			r.expect = http11 && equalFold(value, "100-continue")
		}
	}

	var authority []byte
	var ok bool
	if r.path, authority, ok = targetPath(r.method, r.target); !ok {
		return request{}, 0, 400
	}
	// RFC 9112, 3.2: 400 for an HTTP/1.1 request without Host, and for any
	// request with more than one or an invalid one. An absolute-form target's
	// authority replaces Host for routing (3.2.2), not for this check.
	if http11 && len(host) == 0 || len(host) > 0 && !validHost(host) ||
		authority != nil && !validHost(authority) || chunked && !http11 {
		return request{}, 0, 400
	}
	if !http11 {
		r.keepAlive10 = keepAlive && !r.close
		r.close = !r.keepAlive10
	}

	switch {
	case chunked:
		r.close = r.close || contentLength >= 0
		if n, status = chunkedLength(b[pos:], new(chunkState)); n == 0 {
			r.bodyAt = pos
			return r, 0, status // waiting for the body, or an error
		}
		return r, pos + n, 0
	case contentLength > maxBodyBytes:
		return request{}, 0, 413
	case len(b)-pos < contentLength:
		r.bodyAt, r.need = pos, pos+contentLength
		return r, 0, 0 // the header is complete: r.expect counts
	}
	return r, pos + max(contentLength, 0), 0
}

// emptyLines returns the length of the empty lines (CRLF, or a bare LF) at
// the start of b, which a server ignores before a request (RFC 9112, 2.2).
// A CR at the very end is not counted: its LF may follow.
func emptyLines(b []byte) int {
	pos := 0
	for pos < len(b) {
		switch {
		case b[pos] == '\n':
			pos++
		case b[pos] == '\r' && pos+1 < len(b) && b[pos+1] == '\n':
			pos += 2
		default:
			return pos
		}
	}
	return pos
}

// requestLine parses "method SP request-target SP HTTP-version" (RFC 9112,
// 3). http11 is true for HTTP/1.1 and for a higher minor version, which a
// server reads as the highest minor version it implements (RFC 9110, 2.5);
// HTTP/1.0 is HTTP/1.0. status is 400 for a malformed line, and 505 for
// another major version (RFC 9110, 15.6.6), HTTP/0.x and HTTP/2 and up.
func requestLine(line []byte) (method, target []byte, http11 bool, status int) {
	method, rest, ok1 := bytes.Cut(line, []byte(" "))
	target, version, ok2 := bytes.Cut(rest, []byte(" "))
	if !ok1 || !ok2 || !isToken(method) || len(target) == 0 || !isHTTPVersion(version) {
		return nil, nil, false, 400
	}
	for _, c := range target {
		if c <= ' ' || c == 0x7f {
			return nil, nil, false, 400
		}
	}
	if version[5] != '1' {
		return nil, nil, false, 505
	}
	return method, target, version[7] != '0', 0
}

// isHTTPVersion reports whether v is HTTP/d.d (RFC 9112, 2.3).
func isHTTPVersion(v []byte) bool {
	return len(v) == 8 && string(v[:5]) == "HTTP/" && isDigit(v[5]) && v[6] == '.' && isDigit(v[7])
}

// field parses a header field line "name: value", trimming the value's
// surrounding spaces and tabs. The name must be a token; the value may hold
// visible characters, spaces, tabs and bytes over 0x7f only.
func field(line []byte) (name, value []byte, ok bool) {
	name, value, ok = bytes.Cut(line, []byte(":"))
	if !ok || !isToken(name) {
		return nil, nil, false
	}
	value = bytes.Trim(value, " \t")
	if hasCTL(value) {
		return nil, nil, false
	}
	return name, value, true
}

// hasCTL reports whether b holds a control character other than tab.
func hasCTL(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}

// chunkedLength returns the length of the chunked body at the start of b, 0
// while more bytes are needed, or the status of the error answer: 413 for
// more than maxBodyBytes of data or, with the framing, twice that; 400 for
// bad framing or a trailer field that would change how the request is read.
// Chunk extensions and the other trailer fields are ignored. It reads b from
// where st says a previous call stopped, on a shorter b, and updates st, so
// that a body received in many reads is read once (st's zero value starts
// at the beginning).
func chunkedLength(b []byte, st *chunkState) (n, status int) {
	for {
		end := bytes.Index(b[st.pos:], crlf)
		switch {
		case end < 0 && len(b) > 2*maxBodyBytes, st.pos+end > 2*maxBodyBytes:
			return 0, 413
		case end < 0:
			return 0, 0
		}
		line := b[st.pos : st.pos+end]
		pos := st.pos + end + 2
		if st.trailer { // trailer fields up to an empty line
			if len(line) == 0 {
				return pos, 0
			}
			name, _, ok := field(line)
			if !ok || framing(name) {
				return 0, 400
			}
			st.pos = pos
			continue
		}
		if hasCTL(line) {
			return 0, 400
		}
		sizeField, _, _ := bytes.Cut(line, []byte(";"))
		sizeField = bytes.TrimRight(sizeField, " \t")
		if len(sizeField) == 0 {
			return 0, 400
		}
		size := 0
		for _, c := range sizeField {
			v := unhex(c)
			if v < 0 {
				return 0, 400
			}
			if size = size<<4 | v; st.data+size > maxBodyBytes {
				return 0, 413
			}
		}
		if size == 0 { // the last chunk
			st.pos, st.trailer = pos, true
			continue
		}
		if len(b) < pos+size+2 {
			return 0, 0
		}
		if !bytes.HasPrefix(b[pos+size:], crlf) {
			return 0, 400
		}
		st.pos, st.data = pos+size+2, st.data+size
	}
}

// chunkState is how far chunkedLength has read a chunked body: the offset
// of the first line or chunk it has not read whole, the data before it, and
// whether that is in the trailer.
type chunkState struct {
	pos, data int
	trailer   bool
}

// framing reports whether name is one of the header fields that say how the
// request is read and answered.
func framing(name []byte) bool {
	for _, f := range []string{"host", "content-length", "transfer-encoding", "connection", "expect"} {
		if equalFold(name, f) {
			return true
		}
	}
	return false
}

// decimal returns the value of the non-negative decimal number in b (any
// number of digits), capped at maxDecimal, or -1 if b is not one. A value too
// large to hold is still a valid Content-Length, to answer with 413.
func decimal(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return -1
		}
		n = min(n*10+int(c-'0'), maxDecimal)
	}
	return n
}

// maxDecimal caps what decimal returns: far above any limit, and small enough
// that n*10+9 cannot overflow.
const maxDecimal = 1 << 40

// isDigit reports whether c is a decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isAlpha reports whether c is an ASCII letter.
func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// unhex returns the value of the hex digit c, or -1.
func unhex(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}

// isToken reports whether b is an RFC 9110 token: the characters of a method
// or a header field name.
func isToken(b []byte) bool { return len(b) > 0 && allIn(b, &tokenChars) }

// allIn reports whether every byte of b is in set.
func allIn(b []byte, set *[256]bool) bool {
	for _, c := range b {
		if !set[c] {
			return false
		}
	}
	return true
}

// The characters of a token, a URI scheme and a host: ASCII letters, digits
// and some more (for a host, as fasthttp: also the bytes over 0x7f).
var (
	tokenChars  = charset("!#$%&'*+-.^_`|~", false)
	schemeChars = charset("+-.", false)
	hostChars   = charset("!\"$&'()*+,-.:;<=>[]_~", true)
)

// charset returns the set of ASCII letters, digits, the bytes of extra and,
// if high, the bytes over 0x7f.
func charset(extra string, high bool) (set [256]bool) {
	for c := range 256 {
		set[c] = isAlpha(byte(c)) || isDigit(byte(c)) || high && c > 0x7f
	}
	for _, c := range []byte(extra) {
		set[c] = true
	}
	return set
}

// equalFold reports whether b equals the lower-case ASCII s, ignoring case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(s) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// targetPath returns the path that a request target names, as routing sees
// it (as fasthttp did): without query or fragment, percent-decoded, with "."
// and ".." segments resolved and repeated slashes collapsed, a trailing
// slash kept. For an absolute-form target it also returns the authority. ok
// is false for a target that is neither origin-form, absolute-form (with
// no user information), "*" for OPTIONS, nor an authority for CONNECT.
func targetPath(method, target []byte) (p, authority []byte, ok bool) {
	switch {
	case target[0] == '/':
	case string(target) == "*":
		return nil, nil, string(method) == "OPTIONS"
	case bytes.Contains(target, []byte("://")):
		scheme, rest, _ := bytes.Cut(target, []byte("://"))
		if len(scheme) == 0 || !isAlpha(scheme[0]) || !allIn(scheme, &schemeChars) {
			return nil, nil, false
		}
		i := bytes.IndexAny(rest, "/?#")
		if i < 0 {
			i = len(rest)
		}
		if authority, target = rest[:i], rest[i:]; len(target) == 0 || target[0] != '/' {
			target = slash
		}
		if len(authority) == 0 || bytes.IndexByte(authority, '@') >= 0 {
			return nil, nil, false
		}
	case string(method) == "CONNECT":
		return nil, target, true
	default:
		return nil, nil, false
	}
	if i := bytes.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	if bytes.IndexByte(target, '%') >= 0 {
		target = percentDecode(target)
	}
	if !bytes.Contains(target, []byte("//")) && !bytes.Contains(target, []byte("/.")) {
		return target, authority, true
	}
	raw := string(target)
	clean := path.Clean(raw)
	if base := path.Base(raw); clean != "/" && (raw[len(raw)-1] == '/' || base == "." || base == "..") {
		clean += "/"
	}
	return []byte(clean), authority, true
}

// validHost reports whether h is a valid host[:port], as fasthttp accepted
// it: a bracketed IPv6 address, or a name without brackets and at most one
// colon; an optional port of digits; and for the rest hostChars, with %XX
// escapes for non-ASCII bytes and "%25" only.
func validHost(h []byte) bool {
	port := []byte(nil)
	if h[0] == '[' {
		i := bytes.LastIndexByte(h, ']')
		if i < 0 {
			return false
		}
		port = h[i+1:]
	} else if bytes.ContainsAny(h, "[]") {
		return false
	} else if i := bytes.IndexByte(h, ':'); i >= 0 {
		port = h[i:]
	}
	for i, c := range port { // ":" and digits
		if i == 0 && c != ':' || i > 0 && !isDigit(c) {
			return false
		}
	}
	for i := 0; i < len(h); i++ {
		switch {
		case h[i] != '%':
			if !hostChars[h[i]] {
				return false
			}
		case i+2 >= len(h) || unhex(h[i+2]) < 0 || unhex(h[i+1]) < 8 && string(h[i:i+3]) != "%25":
			return false
		default:
			i += 2
		}
	}
	return true
}

// percentDecode returns b with its %XX escapes decoded; a "%" not followed
// by two hex digits stays as it is.
func percentDecode(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+2 < len(b) && unhex(b[i+1]) >= 0 && unhex(b[i+2]) >= 0 {
			out = append(out, byte(unhex(b[i+1])<<4|unhex(b[i+2])))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// statusText is the reason phrase of the statuses the server answers.
func statusText(status int) string {
	switch status {
	case 100:
		return "Continue"
	case 200:
		return "OK"
	case 400:
		return "Bad Request"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 408:
		return "Request Timeout"
	case 413:
		return "Request Entity Too Large"
	case 414:
		return "URI Too Long"
	case 431:
		return "Request Header Fields Too Large"
	case 505:
		return "HTTP Version Not Supported"
	}
	return ""
}

// errorBody is the body of an error answer.
func errorBody(status int) string {
	switch status {
	case 400:
		return "bad request"
	case 404:
		return "not found"
	case 405:
		return "method not allowed"
	case 408:
		return "request timeout"
	case 413:
		return "request body too large"
	case 414:
		return "request line too long"
	case 431:
		return "request header too large"
	case 505:
		return "HTTP version not supported: this server speaks HTTP/1.0 and HTTP/1.1"
	}
	return ""
}

// dateFormat is the HTTP date format (RFC 9110, IMF-fixdate).
const dateFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// appendAnswer appends an answer: status, the Date header date, body as
// text/plain (its length only, for HEAD), Allow for 405, and the
// Connection header conn unless it is empty.
func appendAnswer(out, date []byte, status int, body string, head bool, conn string) []byte {
	out = append(out, "HTTP/1.1 "...)
	out = strconv.AppendInt(out, int64(status), 10)
	out = append(out, ' ')
	out = append(out, statusText(status)...)
	out = append(out, "\r\nDate: "...)
	out = append(out, date...)
	out = append(out, "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "...)
	out = strconv.AppendInt(out, int64(len(body)), 10)
	out = append(out, "\r\n"...)
	if status == 405 {
		out = append(out, "Allow: "+allowedMethods+"\r\n"...)
	}
	if conn != "" {
		out = append(out, "Connection: "...)
		out = append(out, conn...)
		out = append(out, "\r\n"...)
	}
	out = append(out, "\r\n"...)
	if !head {
		out = append(out, body...)
	}
	return out
}
