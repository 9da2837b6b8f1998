package ecsec2

import (
	"errors"
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
// AllowOvercommit is set, or when the instance type's size is not known.
// Synthesis runs it too; call it before app.Synth to handle the error.
func (c *PrivateEcsEc2Cluster) CheckCapacity() error {
	p := c.settings
	if *p.AllowOvercommit {
		return nil
	}
	cpu, memory, known := instanceCapacity(*p.InstanceType.ToString())
	if !known {
		return nil
	}
	pools := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: *p.MaxInstances, cpuUnits: cpu, memoryMiB: memory}}
	spotShare := 0.0
	if len(p.SpotInstanceTypes) > 0 && !*p.RetireSpot {
		// Spot types are at least the on-demand type's size (validated).
		pools = append(pools, capacityPool{name: "Spot", field: "SpotMaxInstances", instances: *p.SpotMaxInstances, cpuUnits: cpu, memoryMiB: memory})
		spotShare = *p.SpotWeight / (1 + *p.SpotWeight)
	}
	base := 0.0
	if p.OnDemandBaseTasks != nil {
		base = *p.OnDemandBaseTasks
	}
	messages := overcommitted(pools, c.reservations, base, spotShare)
	if len(messages) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w", *c.Node().Path(), errors.New(strings.Join(messages, "\n")+
		"\nraise the instance counts or choose a larger InstanceType, lower the services' MaxTasks, Cpu or MemoryReservationMiB (or MaxHealthyPercent), "+
		"or set AllowOvercommit to let the extra tasks wait unplaced"))
}

// capacityPool is the instances of one capacity provider at their maximum.
type capacityPool struct {
	name, field         string
	instances           float64
	cpuUnits, memoryMiB float64 // per instance, for tasks
}

// overcommitted describes each pool that the reservations exceed. base tasks
// of each service go on-demand (the first pool), and spotShare of the rest
// on Spot (the second).
func overcommitted(pools []capacityPool, reservations []ServiceReservation, base, spotShare float64) []string {
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
	var messages []string
	for i, pool := range pools {
		haveCPU, haveMemory := pool.instances*pool.cpuUnits, pool.instances*pool.memoryMiB
		if cpu[i] <= haveCPU && memory[i] <= haveMemory {
			continue
		}
		need := math.Max(math.Ceil(cpu[i]/pool.cpuUnits), math.Ceil(memory[i]/pool.memoryMiB))
		messages = append(messages, fmt.Sprintf(
			"the services may reserve %v CPU units and %v MiB on %s capacity at once (%s, at MaxTasks during a rolling deploy), "+
				"more than the %v CPU units and %v MiB that %s (%v) instances hold; %v instances would",
			cpu[i], memory[i], pool.name, strings.Join(parts[i], "; "), haveCPU, haveMemory, pool.field, pool.instances, need))
	}
	return messages
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
