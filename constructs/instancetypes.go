package ecsec2

import (
	"math"
	"strconv"
	"strings"
)

// ReservedMemoryMiB is the memory PrivateEcsEc2Cluster keeps out of the ECS
// pool (ECS_RESERVED_MEMORY) for the OS, the ECS agent, Docker and the SSM
// agent, so that tasks cannot starve them.
const ReservedMemoryMiB = 128

// kernelShare is the share of the installed memory the kernel reports as
// total, and so the ECS agent registers: about 97% on an 8 GiB instance, less
// on small ones; 90% is the conservative figure the fit check uses.
const kernelShare = 0.90

// burstable lists vCPUs and installed GiB of the burstable sizes.
var burstable = map[string]map[string][2]float64{
	"t2": {"nano": {1, 0.5}, "micro": {1, 1}, "small": {1, 2}, "medium": {2, 4}, "large": {2, 8}, "xlarge": {4, 16}, "2xlarge": {8, 32}},
	"t3": {"nano": {2, 0.5}, "micro": {2, 1}, "small": {2, 2}, "medium": {2, 4}, "large": {2, 8}, "xlarge": {4, 16}, "2xlarge": {8, 32}},
}

// gibPerVcpu lists the fixed-performance families whose memory is a fixed
// number of GiB per vCPU.
var gibPerVcpu = map[string]float64{}

func init() {
	burstable["t3a"] = burstable["t3"]
	burstable["t4g"] = burstable["t3"]
	for ratio, families := range map[float64][]string{
		2: {"c5", "c5a", "c6a", "c6g", "c6i", "c7a", "c7g", "c7i", "c7i-flex", "c8g"},
		4: {"m5", "m5a", "m6a", "m6g", "m6i", "m7a", "m7g", "m7i", "m7i-flex", "m8g"},
		8: {"r5", "r5a", "r6a", "r6g", "r6i", "r7a", "r7g", "r7i", "r8g"},
	} {
		for _, f := range families {
			gibPerVcpu[f] = ratio
		}
	}
}

// instanceCapacity estimates the CPU units and MiB of memory that tasks can
// reserve on an instance type, after the kernel and ReservedMemoryMiB. The
// second result is false for a type outside the table; the fit check then
// trusts the caller.
func instanceCapacity(instanceType string) (cpuUnits, memoryMiB float64, ok bool) {
	family, size, found := strings.Cut(instanceType, ".")
	if !found {
		return 0, 0, false
	}
	var vcpus, gib float64
	if sizes, isBurstable := burstable[family]; isBurstable {
		spec, known := sizes[size]
		if !known {
			return 0, 0, false
		}
		vcpus, gib = spec[0], spec[1]
	} else if ratio, isFixed := gibPerVcpu[family]; isFixed {
		vcpus = fixedSizeVcpus(size)
		if vcpus == 0 {
			return 0, 0, false
		}
		gib = vcpus * ratio
	} else {
		return 0, 0, false
	}
	return vcpus * 1024, math.Floor(gib*1024*kernelShare) - ReservedMemoryMiB, true
}

// burstableFamily reports whether an instance type is of a burstable family,
// one with CPU credits.
func burstableFamily(instanceType string) bool {
	family, _, _ := strings.Cut(instanceType, ".")
	return family == "t2" || family == "t3" || family == "t3a" || family == "t4g"
}

// fixedSizeVcpus is the vCPU count of a size of the c, m and r families:
// medium 1, large 2, xlarge 4, Nxlarge 4N; 0 for anything else.
func fixedSizeVcpus(size string) float64 {
	switch size {
	case "medium":
		return 1
	case "large":
		return 2
	case "xlarge":
		return 4
	}
	n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge"))
	if err != nil || !strings.HasSuffix(size, "xlarge") || n < 2 {
		return 0
	}
	return float64(4 * n)
}
