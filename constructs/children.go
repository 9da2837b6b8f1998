package ecsec2

import (
	"fmt"
	"reflect"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// child is the child id that a CDK construct makes inside scope, as a T.
// Those ids are CDK's internals, not its API: if an upgrade of CDK renames
// one, this says so instead of failing on a nil value somewhere later.
func child[T any](scope constructs.IConstruct, id string) T {
	found := scope.Node().TryFindChild(jsii.String(id))
	c, ok := found.(T)
	if !ok {
		panic(fmt.Errorf("ecsec2: %s has no child %q of type %v (found %T): the CDK version in use builds it differently; please report it",
			*scope.Node().Path(), id, reflect.TypeFor[T](), found))
	}
	return c
}
