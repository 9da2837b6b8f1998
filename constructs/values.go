package ecsec2

import "github.com/aws/jsii-runtime-go"

// The props' values: a pointer, as in CDK's own Go props, is unset when nil,
// and its default then applies.

// orNumber is v, or def when v is unset.
func orNumber(v *float64, def float64) *float64 {
	if v == nil {
		return jsii.Number(def)
	}
	return v
}

// orBool is v, or def when v is unset.
func orBool(v *bool, def bool) *bool {
	if v == nil {
		return jsii.Bool(def)
	}
	return v
}

// deref is the elements of a list prop, or nil when it is unset. List and
// map props are pointers, as CDK's own Go props are, so that jsii.Strings
// and the values CDK returns pass straight in.
func deref[T any](list *[]T) []T {
	if list == nil {
		return nil
	}
	return *list
}

// derefMap is the entries of a map prop, or nil when it is unset.
func derefMap[K comparable, V any](m *map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	return *m
}
