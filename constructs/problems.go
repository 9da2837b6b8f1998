package ecsec2

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// PropsError reports every invalid prop of one construct's props at once.
type PropsError struct {
	// Props names the props type, such as "AlbFrontedService".
	Props string
	// Problems are the invalid props, in a stable order.
	Problems []Problem
}

// Error lists the problems under the Go field names.
func (e *PropsError) Error() string {
	return e.Message(func(field string) string { return field })
}

// Message lists the problems with each field named by name: a stack that
// reads its settings from CDK context names the keys its users typed.
func (e *PropsError) Message(name func(field string) string) string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Message(name)
	}
	return fmt.Sprintf("invalid %s props:\n%s", e.Props, strings.Join(lines, "\n"))
}

// Problem is one invalid prop, or one contradiction between props.
type Problem struct {
	// Fields are the props the message names, the one to change first.
	Fields []string
	text   string // the message, each field between fieldStart and fieldEnd
}

const fieldStart, fieldEnd = "\uE000", "\uE001"

// Message renders the problem, naming each field by name.
func (p Problem) Message(name func(field string) string) string {
	var b strings.Builder
	rest := p.text
	for {
		before, after, found := strings.Cut(rest, fieldStart)
		b.WriteString(before)
		if !found {
			return b.String()
		}
		field, tail, _ := strings.Cut(after, fieldEnd)
		b.WriteString(name(field))
		rest = tail
	}
}

// Error renders the problem with the Go field names.
func (p Problem) Error() string { return p.Message(func(field string) string { return field }) }

// field is a prop's name in a problem's message.
type field string

// String marks the name so that Problem.Message can rename it.
func (f field) String() string { return fieldStart + string(f) + fieldEnd }

// problems collects every invalid prop so that one error reports them all.
type problems []Problem

// addf adds a problem; the field arguments are the props it names.
func (p *problems) addf(format string, args ...any) {
	var fields []string
	for _, arg := range args {
		if f, ok := arg.(field); ok && !slices.Contains(fields, string(f)) {
			fields = append(fields, string(f))
		}
	}
	*p = append(*p, Problem{Fields: fields, text: fmt.Sprintf(format, args...)})
}

// err is a *PropsError for the props named props, or nil.
func (p problems) err(props string) error {
	if len(p) == 0 {
		return nil
	}
	return &PropsError{Props: props, Problems: p}
}

// known reports whether v is set and not an unresolved token.
func known(v *float64) bool {
	return v != nil && !isTokenNumber(*v)
}

// knownString reports whether s is set and not an unresolved token.
func knownString(s *string) bool {
	return s != nil && !isTokenString(*s)
}

// isTokenNumber reports whether v is a number that CDK made a token of: a
// double whose upper 16 bits are CDK's marker, 0xFBFF. It answers what
// Token.isUnresolved does, in Go, without a round trip through jsii for a
// number that Go mostly made itself.
func isTokenNumber(v float64) bool {
	return math.Float64bits(v)>>48 == 0xFBFF
}

// isTokenString reports whether s holds a token CDK encoded in a string,
// as "${Token[...]}" (or "#{Token[...]}" for a list), as Token.isUnresolved
// does.
func isTokenString(s string) bool {
	return strings.Contains(s, "${Token[") || strings.Contains(s, "#{Token[")
}

// wholeAtLeast checks that a known v is a whole number no smaller than lowest.
func (p *problems) wholeAtLeast(f field, v *float64, lowest float64) {
	if known(v) && (*v != math.Trunc(*v) || *v < lowest) {
		p.addf("%s (%v) must be a whole number of at least %v", f, *v, lowest)
	}
}

// wholeInRange checks that a known v is a whole number in [lowest, highest].
func (p *problems) wholeInRange(f field, v *float64, lowest, highest float64) {
	if known(v) && (*v != math.Trunc(*v) || *v < lowest || *v > highest) {
		p.addf("%s (%v) must be a whole number from %v to %v", f, *v, lowest, highest)
	}
}

// inRange checks that a known v lies in [lowest, highest].
func (p *problems) inRange(f field, v *float64, lowest, highest float64) {
	if known(v) && (*v < lowest || *v > highest) {
		p.addf("%s (%v) must be between %v and %v", f, *v, lowest, highest)
	}
}

// secondsInRange checks that a known duration lies in [lowest, highest]
// seconds and returns its seconds, or -1 when it is unset or a token.
func (p *problems) secondsInRange(f field, d awscdk.Duration, lowest, highest float64) float64 {
	s, known := secondsOf(d)
	if !known {
		return -1
	}
	if s < lowest || s > highest {
		p.addf("%s (%vs) must be between %s and %s seconds", f, s, strconv.FormatFloat(lowest, 'f', -1, 64), strconv.FormatFloat(highest, 'f', -1, 64))
	}
	return s
}

// ordered checks low <= high when both are known.
func (p *problems) ordered(lowField field, low *float64, highField field, high *float64) {
	if known(low) && known(high) && *low > *high {
		p.addf("%s (%v) is above %s (%v): lower %s or raise %s", lowField, *low, highField, *high, lowField, highField)
	}
}

// conflicts reports each set prop that cannot be combined with other, the
// prop that makes them meaningless.
func (p *problems) conflicts(other field, why string, set map[field]bool) {
	for _, f := range sortedFields(set) {
		p.addf("%s %s and cannot be combined with %s: drop %s or %s", f, why, other, f, other)
	}
}

func sortedFields(set map[field]bool) []field {
	var list []field
	for f, isSet := range set {
		if isSet {
			list = append(list, f)
		}
	}
	slices.Sort(list)
	return list
}
