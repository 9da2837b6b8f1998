package ecsec2

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ecsec2/ecsec2/internal/suggest"
)

// ReservedMemoryMiB is the memory PrivateEcsEc2Cluster keeps out of the ECS
// pool (ECS_RESERVED_MEMORY) for the OS, the ECS agent, Docker and the SSM
// agent, so that tasks cannot starve them.
const ReservedMemoryMiB = 128

// kernelShare is the share of the installed memory the kernel reports as
// total, and so the ECS agent registers: about 97% on an 8 GiB instance, less
// on small ones; 90% is the conservative figure the fit check uses.
const kernelShare = 0.90

// instanceCapacity estimates the CPU units and MiB of memory that tasks can
// reserve on an instance type, after the kernel and ReservedMemoryMiB. The
// second result is false for a type outside the table (instanceSpecs); the
// fit check then trusts the caller.
func instanceCapacity(instanceType string) (cpuUnits, memoryMiB float64, ok bool) {
	spec, ok := instanceSpecs[instanceType]
	if !ok {
		return 0, 0, false
	}
	return spec.vcpus * 1024, math.Floor(spec.memoryGiB*1024*kernelShare) - ReservedMemoryMiB, true
}

// burstableFamily reports whether an instance type is of a burstable family,
// one with CPU credits.
func burstableFamily(instanceType string) bool {
	family, _, _ := strings.Cut(instanceType, ".")
	return family == "t2" || family == "t3" || family == "t3a" || family == "t4g"
}

// sizeWord matches the size part of every EC2 instance type's name.
var sizeWord = regexp.MustCompile(`^(nano|micro|small|medium|large|xlarge|\d+xlarge|metal(-\d+xl)?)$`)

// typesByFamily are the table's types of each family.
var typesByFamily = sync.OnceValue(func() map[string][]string {
	families := map[string][]string{}
	for name := range instanceSpecs {
		family, _, _ := strings.Cut(name, ".")
		families[family] = append(families[family], name)
	}
	for _, names := range families {
		slices.Sort(names)
	}
	return families
})

// checkInstanceType reports an instance type whose name is a typo: a family
// of the table with a size it does not come in, or a size no EC2 type has,
// with the nearest type of the table. A type of a family newer than the
// table, with a real size, is trusted.
func checkInstanceType(errs *problems, f field, name string) {
	if _, known := instanceSpecs[name]; known || isTokenString(name) {
		return
	}
	family, size, _ := strings.Cut(name, ".")
	candidates, knownFamily := typesByFamily()[family]
	if !knownFamily {
		if sizeWord.MatchString(size) {
			return
		}
		candidates = slices.Sorted(maps.Keys(instanceSpecs))
	}
	fix := "use a type such as " + DefaultInstanceType
	if nearest := suggest.Closest(name, candidates, 3); nearest != "" {
		fix = "did you mean " + nearest + "?"
	} else if knownFamily {
		fix = "a " + family + " comes in " + sizesOf(candidates)
	}
	errs.addf("%s (%s) is not an EC2 instance type: %s", f, name, fix)
}

// sizesOf lists the sizes of a family's types.
func sizesOf(names []string) string {
	sizes := make([]string, len(names))
	for i, n := range names {
		_, sizes[i], _ = strings.Cut(n, ".")
	}
	return strings.Join(sizes, ", ")
}
