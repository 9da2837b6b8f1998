// Package rename lets this module's stack package render the constructs'
// problems under other names than their Go fields (the CDK context keys a
// user typed), without making that plumbing part of the constructs' API.
package rename

// Problem is one problem rendered under other names.
type Problem struct {
	// Fields are the Go fields the problem names, the one to change first.
	Fields []string
	// Message is the problem with each field named by the name function;
	// a part that names a field the function has no name for ("") is left
	// out, such as a fix only a Go user can apply.
	Message string
}

// Problems renders the problems an error of the constructs package holds,
// naming each field by name; ok is false when err holds none. The
// constructs package sets it when it is imported.
var Problems func(err error, name func(field string) string) (problems []Problem, ok bool)
