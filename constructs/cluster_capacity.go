package ecsec2

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// reserveCapacity records what a service placed on the cluster may reserve
// at most; AlbFrontedService calls it.
func (c *PrivateEcsEc2Cluster) reserveCapacity(r serviceReservation) {
	if r.awsvpc && !slices.ContainsFunc(c.reservations, func(r serviceReservation) bool { return r.awsvpc }) {
		c.blockMetadataFromAwsvpcTasks()
	}
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

// capacityFields are the cluster props the capacity check reads.
var capacityFields = []string{"InstanceType", "MaxInstances", "SpotInstanceTypes", "SpotMaxInstances", "SpotWeight", "RetireSpot",
	"OnDemandBaseTasks", "AwsvpcTrunking", "Capacity", "AllowOvercommit"}

// capacityProblems are the cluster's capacity problems with the services
// placed on it so far; none while a prop the check reads has a problem,
// as it would read the default that replaced it (a t3.micro for a
// mistyped type) instead of what the user means.
func (c *PrivateEcsEc2Cluster) capacityProblems() problems {
	if c.capacityUnknown {
		return nil
	}
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
	// ECS Managed Instances launch what the tasks need, with no most
	// instances to exceed.
	if *p.AllowOvercommit || p.Capacity == ManagedInstancesCapacity {
		return nil
	}
	instanceType := *p.InstanceType.ToString()
	cpu, memory, known := instanceCapacity(instanceType)
	if !known || !sane(p.MaxInstances) {
		return nil
	}
	trunking := *p.AwsvpcTrunking
	pools := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: *p.MaxInstances, cpuUnits: cpu, memoryMiB: memory,
		taskSlots: awsvpcSlots(trunking, p.InstanceType)}}
	spotShare := 0.0
	if len(deref(p.SpotInstanceTypes)) > 0 && !*p.RetireSpot && sane(p.SpotMaxInstances) && sane(p.SpotWeight) {
		// Spot types are at least the on-demand type's size (validated).
		pools = append(pools, capacityPool{name: "Spot", field: "SpotMaxInstances", instances: *p.SpotMaxInstances, cpuUnits: cpu, memoryMiB: memory,
			taskSlots: awsvpcSlots(trunking, *p.SpotInstanceTypes...)})
		spotShare = *p.SpotWeight / (1 + *p.SpotWeight)
	}
	base := 0.0
	if sane(p.OnDemandBaseTasks) {
		base = *p.OnDemandBaseTasks
	}
	return overcommitted(pools, reservations, base, spotShare, instanceType, trunking)
}

// awsvpcSlots is how many AWS_VPC tasks each instance of the types holds
// at least: one per network interface beyond the primary (ECS guide,
// "Elastic network interface trunking": a c5.large has three, "so you can
// typically only run two such tasks"), or the trunk's task limit with
// trunking; 0 when a type's figure is not known, and the check trusts the
// user.
func awsvpcSlots(trunking bool, types ...awsec2.InstanceType) float64 {
	slots := math.Inf(1)
	for _, t := range types {
		spec, known := instanceSpecs[*t.ToString()]
		switch {
		case !known, trunking && spec.trunkTasks == 0:
			return 0
		case trunking:
			slots = math.Min(slots, float64(spec.trunkTasks))
		default:
			slots = math.Min(slots, float64(spec.enis-1))
		}
	}
	return slots
}

// sane reports whether v is known and not negative: the capacity check
// leaves values that validation rejects to validation.
func sane(v *float64) bool { return known(v) && *v >= 0 }

// reservation is what a service of props p (with their defaults) reserves
// at most.
func (p AlbFrontedServiceProps) reservation(service string) serviceReservation {
	r := serviceReservation{service: service}
	if sane(p.MaxTasks) && sane(p.MaxHealthyPercent) && sane(p.Cpu) && sane(p.MemoryReservationMiB) {
		share := *p.MaxHealthyPercent / 100
		if shiftsTraffic(p.DeploymentStrategy) {
			// The new revision starts at full size beside the old one
			// ("SCALE_UP: the green service revision scales up to 100%",
			// ECS guide), whatever MaxHealthyPercent says.
			share = max(share, 2)
		}
		r.tasks = math.Floor(*p.MaxTasks * share)
		r.cpuUnits, r.memoryMiB = *p.Cpu, *p.MemoryReservationMiB
	}
	r.awsvpc = p.NetworkMode == awsecs.NetworkMode_AWS_VPC
	return r
}

// capacityPool is the instances of one capacity provider at their maximum.
type capacityPool struct {
	name                string
	field               field
	instances           float64
	cpuUnits, memoryMiB float64 // per instance, for tasks
	taskSlots           float64 // per instance, for AWS_VPC tasks; 0: not counted
}

// overcommitted is a problem for each pool of instanceType instances that
// the reservations exceed. base tasks of each service go on-demand (the
// first pool), and spotShare of the rest on Spot (the second).
func overcommitted(pools []capacityPool, reservations []serviceReservation, base, spotShare float64, instanceType string, trunking bool) problems {
	cpu, memory, enis := make([]float64, len(pools)), make([]float64, len(pools)), make([]float64, len(pools))
	parts, enisParts := make([][]string, len(pools)), make([][]string, len(pools))
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
			if r.awsvpc {
				enis[i] += n
				enisParts[i] = append(enisParts[i], fmt.Sprintf("%s %v", r.service, n))
			}
		}
	}
	var errs problems
	for i, pool := range pools {
		haveCPU, haveMemory := pool.instances*pool.cpuUnits, pool.instances*pool.memoryMiB
		if cpu[i] > haveCPU || memory[i] > haveMemory {
			need := math.Max(math.Ceil(cpu[i]/pool.cpuUnits), math.Ceil(memory[i]/pool.memoryMiB))
			errs.addf("the services may reserve %v CPU units and %v MiB on %s capacity at once (%s, at %s during a deploy), "+
				"more than the %v CPU units and %v MiB that %s (%v) instances of %s (%s) hold; %v instances would: "+
				"raise %s, choose a larger %s or lower %s%s%s",
				cpu[i], memory[i], pool.name, strings.Join(parts[i], "; "), field("MaxTasks"),
				haveCPU, haveMemory, pool.field, pool.instances, field("InstanceType"), instanceType, need,
				pool.field, field("InstanceType"), field("MaxTasks"),
				optional(", a task's %s or %s, or %s", field("Cpu"), field("MemoryReservationMiB"), field("MaxHealthyPercent")),
				optional("; or set %s to let the extra tasks wait unplaced", field("AllowOvercommit")))
		}
		if have := pool.instances * pool.taskSlots; pool.taskSlots > 0 && enis[i] > have {
			errs.addf("the AWS_VPC services may run %v tasks at once on %s capacity (%s, at %s during a deploy), each with a network interface of its own, "+
				"more than the %v that %s (%v) instances of %s (%s) hold: %v each%s; %v instances would: raise %s, lower %s%s%s; or set the services' %s back to BRIDGE",
				enis[i], pool.name, strings.Join(enisParts[i], "; "), field("MaxTasks"),
				have, pool.field, pool.instances, field("InstanceType"), instanceType, pool.taskSlots, slotsWhy(trunking), math.Ceil(enis[i]/pool.taskSlots),
				pool.field, field("MaxTasks"), moreInterfaces(instanceType, math.Ceil(enis[i]/pool.instances), trunking),
				optional("; or set %s to let the extra tasks wait unplaced", field("AllowOvercommit")), field("NetworkMode"))
		}
	}
	return errs
}

// slotsWhy says where an instance's AWS_VPC task count comes from.
func slotsWhy(trunking bool) string {
	if trunking {
		return ", the trunk's limit for its type"
	}
	return ", one per network interface beyond the first"
}

// moreInterfaces names, for a message, what holds perInstance AWS_VPC tasks
// per instance: ENI trunking where the type supports it, or the smallest
// type of its family with enough network interfaces.
func moreInterfaces(instanceType string, perInstance float64, trunking bool) string {
	var fixes []string
	if spec := instanceSpecs[instanceType]; !trunking && float64(spec.trunkTasks) >= perInstance {
		fixes = append(fixes, fmt.Sprintf("set %s (a %s then has %v network interfaces for tasks)", field("AwsvpcTrunking"), instanceType, spec.trunkTasks))
	}
	family, _, _ := strings.Cut(instanceType, ".")
	candidates := slices.Clone(typesByFamily()[family])
	slices.SortStableFunc(candidates, func(a, b string) int {
		return cmp.Or(cmp.Compare(instanceSpecs[a].vcpus, instanceSpecs[b].vcpus), cmp.Compare(instanceSpecs[a].memoryGiB, instanceSpecs[b].memoryGiB))
	})
	found := false
	for _, name := range candidates {
		slots := float64(instanceSpecs[name].enis - 1)
		if trunking && instanceSpecs[name].trunkTasks > 0 {
			slots = float64(instanceSpecs[name].trunkTasks)
		}
		if slots >= perInstance {
			fixes = append(fixes, fmt.Sprintf("choose an %s with more network interfaces, such as %s (%v for tasks)", field("InstanceType"), name, slots))
			found = true
			break
		}
	}
	// A family without enough (burstable ones support no trunking): the
	// smallest current general-purpose type with a trunk, of the same
	// architecture.
	trunked := map[bool]string{false: "m6i.large", true: "m6g.large"}[instanceSpecs[instanceType].arm64]
	if spec := instanceSpecs[trunked]; !found && float64(spec.trunkTasks) >= perInstance {
		fixes = append(fixes, fmt.Sprintf("choose an %s with a trunk, such as %s with %s (%v network interfaces for tasks)", field("InstanceType"), trunked, field("AwsvpcTrunking"), spec.trunkTasks))
	}
	if len(fixes) == 0 {
		return ""
	}
	return ", " + strings.Join(fixes, ", or ")
}
