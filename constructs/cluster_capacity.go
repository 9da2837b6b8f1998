package ecsec2

import (
	"fmt"
	"math"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// reserveCapacity records what a service placed on the cluster may reserve
// at most; AlbFrontedService calls it.
func (c *PrivateEcsEc2Cluster) reserveCapacity(r serviceReservation) {
	c.reservations = append(c.reservations, r)
}

// checkCapacity makes Check, and `cdk synth`, compare what every service
// placed on the cluster may reserve at once (MaxTasks each, times
// MaxHealthyPercent for a rolling deploy, times the task's CPU and memory
// reservations) with what MaxInstances instances of InstanceType hold, and
// SpotMaxInstances for the tasks the strategy puts on Spot, unless
// AllowOvercommit is set or the instance type's size is not known. Both run
// it once every service is placed: Check when it is called, synthesis from
// an aspect, which adds the problems as errors on the cluster.
func (c *PrivateEcsEc2Cluster) checkCapacity() {
	register(c, "PrivateEcsEc2ClusterProps", c.capacityProblems)
	check := constructs.NewConstruct(c, jsii.String("CapacityCheck"))
	awscdk.Aspects_Of(check).Add(&capacityAspect{c}, nil)
}

// capacityProblems are the cluster's capacity problems with the services
// placed on it so far.
func (c *PrivateEcsEc2Cluster) capacityProblems() problems {
	return c.settings.capacityProblems(c.reservations)
}

// capacityAspect adds the cluster's capacity problems as errors at
// synthesis; it visits one construct, made for it.
type capacityAspect struct{ cluster *PrivateEcsEc2Cluster }

// Visit annotates the cluster with its capacity problems.
func (a *capacityAspect) Visit(constructs.IConstruct) {
	annotate(a.cluster, "PrivateEcsEc2ClusterProps", a.cluster.capacityProblems())
}

// capacityProblems is the capacity check on props with their defaults.
func (p PrivateEcsEc2ClusterProps) capacityProblems(reservations []serviceReservation) problems {
	if *p.AllowOvercommit {
		return nil
	}
	instanceType := *p.InstanceType.ToString()
	cpu, memory, known := instanceCapacity(instanceType)
	if !known || !sane(p.MaxInstances) {
		return nil
	}
	pools := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: *p.MaxInstances, cpuUnits: cpu, memoryMiB: memory}}
	spotShare := 0.0
	if len(deref(p.SpotInstanceTypes)) > 0 && !*p.RetireSpot && sane(p.SpotMaxInstances) && sane(p.SpotWeight) {
		// Spot types are at least the on-demand type's size (validated).
		pools = append(pools, capacityPool{name: "Spot", field: "SpotMaxInstances", instances: *p.SpotMaxInstances, cpuUnits: cpu, memoryMiB: memory})
		spotShare = *p.SpotWeight / (1 + *p.SpotWeight)
	}
	base := 0.0
	if sane(p.OnDemandBaseTasks) {
		base = *p.OnDemandBaseTasks
	}
	return overcommitted(pools, reservations, base, spotShare, instanceType)
}

// sane reports whether v is known and not negative: the capacity check
// leaves values that validation rejects to validation.
func sane(v *float64) bool { return known(v) && *v >= 0 }

// reservation is what a service of props p (with their defaults) reserves
// at most.
func (p AlbFrontedServiceProps) reservation(service string) serviceReservation {
	r := serviceReservation{service: service}
	if sane(p.MaxTasks) && sane(p.MaxHealthyPercent) && sane(p.Cpu) && sane(p.MemoryReservationMiB) {
		r.tasks = math.Floor(*p.MaxTasks * *p.MaxHealthyPercent / 100)
		r.cpuUnits, r.memoryMiB = *p.Cpu, *p.MemoryReservationMiB
	}
	return r
}

// capacityPool is the instances of one capacity provider at their maximum.
type capacityPool struct {
	name                string
	field               field
	instances           float64
	cpuUnits, memoryMiB float64 // per instance, for tasks
}

// overcommitted is a problem for each pool of instanceType instances that
// the reservations exceed. base tasks of each service go on-demand (the
// first pool), and spotShare of the rest on Spot (the second).
func overcommitted(pools []capacityPool, reservations []serviceReservation, base, spotShare float64, instanceType string) problems {
	cpu, memory := make([]float64, len(pools)), make([]float64, len(pools))
	parts := make([][]string, len(pools))
	for _, r := range reservations {
		tasks := []float64{r.tasks}
		if len(pools) > 1 {
			onDemand := math.Min(r.tasks, base) + math.Max(0, r.tasks-base)*(1-spotShare)
			tasks = []float64{math.Ceil(onDemand), math.Ceil(r.tasks - onDemand)}
		}
		for i, n := range tasks {
			cpu[i] += n * r.cpuUnits
			memory[i] += n * r.memoryMiB
			parts[i] = append(parts[i], fmt.Sprintf("%s %v tasks of %v CPU units and %v MiB", r.service, n, r.cpuUnits, r.memoryMiB))
		}
	}
	var errs problems
	for i, pool := range pools {
		haveCPU, haveMemory := pool.instances*pool.cpuUnits, pool.instances*pool.memoryMiB
		if cpu[i] <= haveCPU && memory[i] <= haveMemory {
			continue
		}
		need := math.Max(math.Ceil(cpu[i]/pool.cpuUnits), math.Ceil(memory[i]/pool.memoryMiB))
		errs.addf("the services may reserve %v CPU units and %v MiB on %s capacity at once (%s, at %s during a rolling deploy), "+
			"more than the %v CPU units and %v MiB that %s (%v) instances of %s (%s) hold; %v instances would: "+
			"raise %s, choose a larger %s or lower %s%s%s",
			cpu[i], memory[i], pool.name, strings.Join(parts[i], "; "), field("MaxTasks"),
			haveCPU, haveMemory, pool.field, pool.instances, field("InstanceType"), instanceType, need,
			pool.field, field("InstanceType"), field("MaxTasks"),
			optional(", a task's %s or %s, or %s", field("Cpu"), field("MemoryReservationMiB"), field("MaxHealthyPercent")),
			optional("; or set %s to let the extra tasks wait unplaced", field("AllowOvercommit")))
	}
	return errs
}
