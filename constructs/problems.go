package ecsec2

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/ecsec2/ecsec2/internal/rename"
)

// PropsError reports every problem found at once: those of one props value
// (Validate), or of every construct of this package in an app (Check).
type PropsError struct {
	// Problems are the invalid props, in the order the constructs were
	// made and, within one, in a stable order.
	Problems []Problem
}

// Problem is one invalid prop, or one contradiction between props.
type Problem struct {
	// Construct is the path of the construct the props were given to, or
	// "" when props were validated alone.
	Construct string
	// Props names the props type, such as "AlbFrontedServiceProps".
	Props string
	// Fields are the props the message names, the one to change first.
	Fields []string
	// Message says what is wrong, with the value given and the fix.
	Message string

	text string // Message, each field between fieldStart and fieldEnd
}

// Error lists the problems, each after the construct or props it is about.
func (e *PropsError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return "invalid props:\n" + strings.Join(lines, "\n")
}

// Error is the problem after the construct or props it is about.
func (p Problem) Error() string {
	if p.Construct != "" {
		return fmt.Sprintf("%s (%s): %s", p.Construct, p.Props, p.Message)
	}
	return p.Props + ": " + p.Message
}

// The markers of a problem's text: a field's name, and a part that names
// fields another audience may have no name for (the stack's context keys
// reach only some of the props).
const (
	fieldStart, fieldEnd       = "\uE000", "\uE001"
	optionalStart, optionalEnd = "\uE002", "\uE003"
)

func init() {
	rename.Problems = func(err error, name func(field string) string) ([]rename.Problem, bool) {
		var pe *PropsError
		if !errors.As(err, &pe) {
			return nil, false
		}
		out := make([]rename.Problem, len(pe.Problems))
		for i, p := range pe.Problems {
			out[i] = rename.Problem{Fields: p.Fields, Message: render(p.text, name)}
		}
		return out, true
	}
}

// render is a problem's text with each field named by name, or by its Go
// name where name has none (""); an optional part that names such a field
// is left out.
func render(text string, name func(field string) string) string {
	var b strings.Builder
	for rest := text; rest != ""; {
		before, optional, found := strings.Cut(rest, optionalStart)
		b.WriteString(renderFields(before, name, false))
		if !found {
			break
		}
		optional, rest, _ = strings.Cut(optional, optionalEnd)
		b.WriteString(renderFields(optional, name, true))
	}
	return b.String()
}

// renderFields names each field of text by name; a field name has no name
// for keeps its Go name, or, with optional, makes the whole text "".
func renderFields(text string, name func(field string) string, optional bool) string {
	var b strings.Builder
	rest := text
	for {
		before, after, found := strings.Cut(rest, fieldStart)
		b.WriteString(before)
		if !found {
			return b.String()
		}
		field, tail, _ := strings.Cut(after, fieldEnd)
		named := name(field)
		switch {
		case named == "" && optional:
			return ""
		case named == "":
			named = field
		}
		b.WriteString(named)
		rest = tail
	}
}

// goName names a field by itself.
func goName(field string) string { return field }

// field is a prop's name in a problem's message.
type field string

// String marks the name so that render can rename it.
func (f field) String() string { return fieldStart + string(f) + fieldEnd }

// optional marks a part of a message that another audience may leave out,
// because it names a field that audience has no name for.
func optional(format string, args ...any) string {
	return optionalStart + fmt.Sprintf(format, args...) + optionalEnd
}

// problems collects every invalid prop so that one error reports them all.
type problems []Problem

// addf adds a problem; the field arguments, and fields in optional parts,
// are the props it names.
func (p *problems) addf(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	var fields []string
	for rest := text; ; {
		_, after, found := strings.Cut(rest, fieldStart)
		if !found {
			break
		}
		name, tail, _ := strings.Cut(after, fieldEnd)
		if !slices.Contains(fields, name) {
			fields = append(fields, name)
		}
		rest = tail
	}
	*p = append(*p, Problem{Fields: fields, Message: render(text, goName), text: text})
}

// err is a *PropsError of props, the props type's name, or nil.
func (p problems) err(props string) error {
	if len(p) == 0 {
		return nil
	}
	return &PropsError{Problems: p.of("", props)}
}

// of is a copy of the problems as those of the construct at path, given
// props of the type named props.
func (p problems) of(path, props string) []Problem {
	out := slices.Clone(p)
	for i := range out {
		out[i].Construct, out[i].Props = path, props
	}
	return out
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
		p.addf("%s (%v) must be a whole number from %s to %s", f, *v, strconv.FormatFloat(lowest, 'f', -1, 64), strconv.FormatFloat(highest, 'f', -1, 64))
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

// minutesInRange checks that a known duration is a whole number of
// minutes in [lowest, highest] and returns its minutes, or -1 when it is
// unset, a token or not whole.
func (p *problems) minutesInRange(f field, d awscdk.Duration, lowest, highest float64) float64 {
	s, known := secondsOf(d)
	if !known {
		return -1
	}
	if m := s / 60; m == math.Trunc(m) && m >= lowest && m <= highest {
		return m
	}
	p.addf("%s (%v min) must be a whole number of minutes from %v to %v", f, s/60, lowest, highest)
	return -1
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
