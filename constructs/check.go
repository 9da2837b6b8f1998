package ecsec2

import (
	"reflect"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Check reports, in one *PropsError, every problem of this package's
// constructs under scope (an app, a stack, or one construct): the props
// each was given, and whether the services placed on each
// PrivateEcsEc2Cluster fit its instances. Call it before app.Synth.
//
// The constructors never panic on invalid props: they record the problems
// and build with the invalid props at their defaults, or build nothing when
// that cannot help (a service without a cluster), so that the rest of the
// app still runs and every problem shows. `cdk synth` reports the same
// problems as errors on the constructs, with their paths, and fails.
func Check(scope constructs.IConstruct) error {
	prefix := *scope.Node().Path()
	checkedMu.Lock()
	entries := append([]checked(nil), checkedByRoot[scope.Node().Root()]...)
	checkedMu.Unlock()
	var all []Problem
	for _, entry := range entries {
		if under(entry.path, prefix) && attached(entry.construct) {
			all = append(all, entry.problems().of(entry.path, entry.props)...)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return &PropsError{Problems: all}
}

// checked is a construct whose problems Check reports.
type checked struct {
	construct constructs.IConstruct
	path      string
	props     string
	problems  func() problems
}

var (
	checkedMu sync.Mutex
	// checkedByRoot are the checked constructs of each app, by its root
	// construct (jsii gives one Go value to each JavaScript object), in the
	// order they were made.
	checkedByRoot = map[constructs.IConstruct][]checked{}
)

// register makes Check report the problems of c, given props of the type
// named props, as problemsOf finds them when Check runs.
func register(c constructs.IConstruct, props string, problemsOf func() problems) {
	entry := checked{construct: c, path: *c.Node().Path(), props: props, problems: problemsOf}
	root := c.Node().Root()
	checkedMu.Lock()
	defer checkedMu.Unlock()
	checkedByRoot[root] = append(checkedByRoot[root], entry)
}

// report records the problems of the props given to c: for Check, and as
// error annotations, which `cdk synth` prints with c's path before it
// fails.
func report(c constructs.IConstruct, props string, errs problems) {
	register(c, props, func() problems { return errs })
	annotate(c, props, errs)
}

// annotate adds each problem to c as an error annotation.
func annotate(c constructs.IConstruct, props string, errs problems) {
	for _, p := range errs {
		awscdk.Annotations_Of(c).AddError(jsii.Sprintf("%s: %s", props, p.Message))
	}
}

// under reports whether the construct at path is scope's at prefix, or
// under it; the root's path is "".
func under(path, prefix string) bool {
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

// attached reports whether c is still in its app's tree: a stack that
// failed its own checks may remove itself.
func attached(c constructs.IConstruct) bool {
	scopes := *c.Node().Scopes()
	for i := 0; i+1 < len(scopes); i++ {
		child := scopes[i].Node().TryFindChild(scopes[i+1].Node().Id())
		if child == nil || *child.Node().Addr() != *scopes[i+1].Node().Addr() {
			return false
		}
	}
	return true
}

// withoutFields is p, a props struct, with the fields the problems name set
// to their zero value, so that their defaults apply.
func withoutFields[P any](p P, errs problems) P {
	v := reflect.ValueOf(&p).Elem()
	for _, problem := range errs {
		for _, name := range problem.Fields {
			if f := v.FieldByName(name); f.IsValid() && f.CanSet() {
				f.SetZero()
			}
		}
	}
	return p
}
