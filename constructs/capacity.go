package ecsec2

import (
	"fmt"
	"math"
	"strings"
)

// ReserveCapacity records what a service placed on the cluster may reserve
// at most; AlbFrontedService calls it.
func (c *PrivateEcsEc2Cluster) ReserveCapacity(r ServiceReservation) {
	c.reservations = append(c.reservations, r)
}

// CheckCapacity compares what every service placed on the cluster may
// reserve at once (MaxTasks each, times MaxHealthyPercent for a rolling
// deploy, times the task's CPU and memory reservations) with what
// MaxInstances instances of InstanceType hold, and SpotMaxInstances for the
// tasks the strategy puts on Spot. It returns nil when they fit, when
// AllowOvercommit is set, or when the instance type's size is not known;
// otherwise a *PropsError, under the cluster's path. Synthesis runs it too;
// call it before app.Synth to handle the error.
func (c *PrivateEcsEc2Cluster) CheckCapacity() error {
	if err := c.settings.capacityProblems(c.reservations).err("PrivateEcsEc2Cluster"); err != nil {
		return fmt.Errorf("%s: %w", *c.Node().Path(), err)
	}
	return nil
}

// CheckCapacity is the cluster's capacity check on props, before any
// construct exists: services are the props of the services to place on it,
// named "the service", or "service 1", "service 2", ..., in the report. A *PropsError names
// the props to change, so that one report can hold it with Validate's.
func (p PrivateEcsEc2ClusterProps) CheckCapacity(services ...AlbFrontedServiceProps) error {
	reservations := make([]ServiceReservation, len(services))
	for i, s := range services {
		name := fmt.Sprintf("service %d", i+1)
		if len(services) == 1 {
			name = "the service"
		}
		reservations[i] = s.withDefaults("").reservation(name)
	}
	return p.withDefaults().capacityProblems(reservations).err("PrivateEcsEc2Cluster")
}

// capacityProblems is CheckCapacity on props with their defaults.
func (p PrivateEcsEc2ClusterProps) capacityProblems(reservations []ServiceReservation) problems {
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
	if len(p.SpotInstanceTypes) > 0 && !*p.RetireSpot && sane(p.SpotMaxInstances) && sane(p.SpotWeight) {
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
func (p AlbFrontedServiceProps) reservation(service string) ServiceReservation {
	r := ServiceReservation{Service: service}
	if sane(p.MaxTasks) && sane(p.MaxHealthyPercent) && sane(p.Cpu) && sane(p.MemoryReservationMiB) {
		r.Tasks = math.Floor(*p.MaxTasks * *p.MaxHealthyPercent / 100)
		r.CpuUnits, r.MemoryMiB = *p.Cpu, *p.MemoryReservationMiB
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
func overcommitted(pools []capacityPool, reservations []ServiceReservation, base, spotShare float64, instanceType string) problems {
	cpu, memory := make([]float64, len(pools)), make([]float64, len(pools))
	parts := make([][]string, len(pools))
	for _, r := range reservations {
		tasks := []float64{r.Tasks}
		if len(pools) > 1 {
			onDemand := math.Min(r.Tasks, base) + math.Max(0, r.Tasks-base)*(1-spotShare)
			tasks = []float64{math.Ceil(onDemand), math.Ceil(r.Tasks - onDemand)}
		}
		for i, n := range tasks {
			cpu[i] += n * r.CpuUnits
			memory[i] += n * r.MemoryMiB
			parts[i] = append(parts[i], fmt.Sprintf("%s %v tasks of %v CPU units and %v MiB", r.Service, n, r.CpuUnits, r.MemoryMiB))
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
			"raise %s, choose a larger %s or lower %s (in Go, also a task's %s or %s, or %s; or set %s to let the extra tasks wait unplaced)",
			cpu[i], memory[i], pool.name, strings.Join(parts[i], "; "), field("MaxTasks"),
			haveCPU, haveMemory, pool.field, pool.instances, field("InstanceType"), instanceType, need,
			pool.field, field("InstanceType"), field("MaxTasks"), field("Cpu"), field("MemoryReservationMiB"), field("MaxHealthyPercent"), field("AllowOvercommit"))
	}
	return errs
}

// capacityValidation runs CheckCapacity when the app synthesizes, after
// every service is placed.
type capacityValidation struct{ cluster *PrivateEcsEc2Cluster }

// Validate returns CheckCapacity's error, if any, as CDK's validation
// message.
func (v *capacityValidation) Validate() *[]*string {
	if err := v.cluster.CheckCapacity(); err != nil {
		message := err.Error()
		return &[]*string{&message}
	}
	return &[]*string{}
}
