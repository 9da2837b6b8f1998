package ecsec2

import (
	"math"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// Timings are the deploy times that an AlbFrontedService's settings imply,
// with room for the new tasks on the instances (otherwise add an instance's
// launch: InstanceWarmup at most), and not counting the image pull.
type Timings struct {
	// FirstHealthy is the time from a task's start to its first healthy
	// target: HealthyThreshold checks, HealthCheckInterval apart.
	FirstHealthy time.Duration
	// Drain is the time from the order to stop a task to its exit: the
	// deregistration delay, then the app's own drain. DrainMax adds the
	// whole StopTimeout, the most it can take.
	Drain, DrainMax time.Duration
	// Batches is how many rounds a rolling deploy of the tasks takes, and
	// RollingDeploy their time: each round starts new tasks, waits for them
	// to turn healthy, then drains the old ones.
	Batches       int
	RollingDeploy time.Duration
}

// Timings computes the Timings of a rolling deploy of tasks tasks.
func (p AlbFrontedServiceProps) Timings(tasks int) Timings {
	p = p.withTimingDefaults()
	seconds := func(d awscdk.Duration) time.Duration {
		return time.Duration(*d.ToSeconds(nil)) * time.Second
	}
	t := Timings{
		FirstHealthy: time.Duration(*p.HealthyThreshold) * seconds(p.HealthCheckInterval),
		Drain:        seconds(p.DeregistrationDelay),
	}
	t.DrainMax = t.Drain + seconds(p.StopTimeout)
	// ECS keeps at least MinHealthyPercent of the tasks healthy and runs at
	// most MaxHealthyPercent of them: the difference is replaced per round.
	perRound := int(math.Floor(float64(tasks)**p.MaxHealthyPercent/100)) - int(math.Ceil(float64(tasks)**p.MinHealthyPercent/100))
	if perRound < 1 {
		perRound = 1
	}
	t.Batches = (tasks + perRound - 1) / perRound
	t.RollingDeploy = time.Duration(t.Batches) * (t.FirstHealthy + t.Drain)
	return t
}

// withTimingDefaults fills the props Timings reads; withDefaults fills the
// rest, some of which need a cluster.
func (p AlbFrontedServiceProps) withTimingDefaults() AlbFrontedServiceProps {
	p.HealthyThreshold = orNumber(p.HealthyThreshold, DefaultHealthyThreshold)
	p.HealthCheckInterval = orSeconds(p.HealthCheckInterval, DefaultHealthCheckIntervalSeconds)
	p.DeregistrationDelay = orSeconds(p.DeregistrationDelay, DefaultDeregistrationDelaySeconds)
	p.StopTimeout = orSeconds(p.StopTimeout, DefaultStopTimeoutSeconds)
	p.MinHealthyPercent = orNumber(p.MinHealthyPercent, DefaultMinHealthyPercent)
	p.MaxHealthyPercent = orNumber(p.MaxHealthyPercent, DefaultMaxHealthyPercent)
	return p
}
