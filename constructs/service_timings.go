package ecsec2

import (
	"math"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
)

// The delays of AWS's own loops that the timings add up. CloudWatch alarms
// and the load balancer work in one-minute periods: the load balancer
// publishes its metrics every 60 seconds, and an alarm evaluates the
// newest datapoints once a minute.
const (
	// metricPeriod is the period of every metric the scaling reads.
	metricPeriod = time.Minute
	// highResolutionPeriod is the period of the service's CPU and memory
	// utilization with HighResolutionMetrics: AWS measured a CPU scale-out
	// triggered in 86 seconds with it, against 363 without, which three
	// datapoints and one period of delay (80 s) match.
	highResolutionPeriod = 20 * time.Second
	// scaleOutDatapoints is how many one-minute datapoints above the target
	// the scale-out alarm of a target tracking policy waits for.
	scaleOutDatapoints = 3
	// scaleInDatapoints is how many below it its scale-in alarm waits for.
	scaleInDatapoints = 15
	// managedScalingDatapoints is how many one-minute datapoints of
	// CapacityProviderReservation above the target managed scaling waits
	// for before it raises the group's desired capacity.
	managedScalingDatapoints = 1
	// taskStart is the time from ECS placing a task on an instance with its
	// image to the app listening: the agent's start of the container; the
	// app itself listens within a second. An estimate of this project.
	taskStart = 10 * time.Second
	// warmStart is the time a stopped instance of the warm pool takes to
	// start and register, in place of InstanceWarmup for a new launch: it
	// boots again but skips the launch and the AMI's first-boot work. AWS
	// gives no figure; this is this project's estimate.
	warmStart = 60 * time.Second
	// interfaceAttach is what an awsvpc task adds to its start: ECS creates
	// its network interface and attaches it to the instance before the
	// agent starts the containers. AWS gives no figure; the ECS agent's
	// developers measured 11 s from the attachment message to the task's
	// payload (amazon-ecs-agent #1148), rounded up here.
	interfaceAttach = 15 * time.Second
	// managedInstanceFirstTask is the time ECS Managed Instances take from
	// a task that no instance has room for to its app running: ECS picks a
	// type, launches the instance, which boots and registers, then starts
	// the task. AWS gives no figure; a public measurement of a single
	// task on an empty capacity provider found about 40 s (Neil Kuan,
	// "New 2025 Amazon ECS Managed Instance Support", January 2026).
	managedInstanceFirstTask = 40 * time.Second
)

// Timings are the times that an AlbFrontedService's settings, on a
// PrivateEcsEc2Cluster's, imply. They assume an image already on the
// instance (a few MB for the app of this repository); a pull adds its time.
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
	// to turn healthy, then drains the old ones; with room on the instances
	// for the new tasks (else add an instance's launch). Both are 0 for a
	// release by traffic shifting.
	Batches       int
	RollingDeploy time.Duration
	// ScaleUp is the time a release by traffic shifting takes to start the
	// new revision at full size, all tasks at once, and see it healthy;
	// Shift the time from its first traffic to all of it (CANARY's bake,
	// or LINEAR's steps and their bakes; 0 for BLUE_GREEN).
	ScaleUp, Shift time.Duration
	// Bake is the time ECS keeps watching the rollback alarms after the last
	// round before it calls a rolling deploy done: AWS computes it from the
	// alarms' periods and evaluation periods, and this is the longest of
	// their windows (0 without RollbackOnAlarm); with traffic shifting, the
	// BakeTime both revisions run after the last shift. Deploy is the whole
	// deploy, the old revision's drain included.
	Bake, Deploy time.Duration
	// Rollback is the time from a release whose tasks answer with errors to
	// the traffic back on the previous revision, with RollbackOnAlarm (else
	// 0): the error alarm's 3 datapoints and one period for them to arrive,
	// then a rolling round of the old tasks, or, with traffic shifting,
	// one rule change while the old revision still runs (AWS gives no
	// figure; counted as 0).
	Rollback time.Duration
	// ScaleOutTask is the time from a step of load above RequestsPerTarget
	// to the first added task serving, on an instance with room for it:
	// the alarm's datapoints, one period for the metric to arrive, the
	// task's start and its first healthy target.
	ScaleOutTask time.Duration
	// ScaleOutTaskOnUtilization is the same from a step of CPU or memory
	// load above CpuTargetPercent or MemoryTargetPercent: three datapoints
	// of the service's utilization, at 20 seconds with HighResolutionMetrics
	// (else 60), and one period for them to arrive; 0 without either policy.
	ScaleOutTaskOnUtilization time.Duration
	// ScaleOutInstance is the time to the first task on an added instance
	// serving, when no instance has room: the task is placed once managed
	// scaling has seen the reservation rise and the new instance has
	// launched and registered (InstanceWarmup at most), or started from the
	// warm pool (ScaleOutWarmInstance, 0 on ECS Managed Instances, which
	// have none). ECS Managed Instances launch an instance for the pending
	// task itself, with no metric in between.
	ScaleOutInstance, ScaleOutWarmInstance time.Duration
	// ScaleIn is the time from the load stopping to the first task removed:
	// the scale-in alarm's datapoints at zero requests.
	ScaleIn time.Duration
}

// Timings computes the Timings of a rolling deploy of tasks tasks, and of
// scaling, on a cluster of the given props. An awsvpc task's start adds the
// attachment of its network interface (an estimate).
func (p AlbFrontedServiceProps) Timings(tasks int, cluster PrivateEcsEc2ClusterProps) Timings {
	cluster = cluster.withDefaults()
	managed := cluster.Capacity == ManagedInstancesCapacity
	if p.NetworkMode == "" && managed {
		p.NetworkMode = awsecs.NetworkMode_AWS_VPC
	}
	p = p.withDefaults("")
	start := taskStart
	if p.NetworkMode == awsecs.NetworkMode_AWS_VPC {
		start += interfaceAttach
	}
	length := func(d awscdk.Duration) time.Duration {
		return time.Duration(wholeSeconds(d)) * time.Second
	}
	t := Timings{
		FirstHealthy: time.Duration(*p.HealthyThreshold) * length(p.HealthCheckInterval),
		Drain:        length(p.DeregistrationDelay),
	}
	t.DrainMax = t.Drain + length(p.StopTimeout)
	// ECS keeps at least MinHealthyPercent of the tasks healthy and runs at
	// most MaxHealthyPercent of them: the difference is replaced per round.
	perRound := int(math.Floor(float64(tasks)**p.MaxHealthyPercent/100)) - int(math.Ceil(float64(tasks)**p.MinHealthyPercent/100))
	if perRound < 1 {
		perRound = 1
	}
	round := start + t.FirstHealthy + t.Drain
	if shiftsTraffic(p.DeploymentStrategy) {
		t.ScaleUp = start + t.FirstHealthy
		switch p.DeploymentStrategy {
		case awsecs.DeploymentStrategy_CANARY:
			t.Shift = length(p.TrafficShiftBakeTime)
		case awsecs.DeploymentStrategy_LINEAR:
			t.Shift = time.Duration(linearSteps(*p.TrafficShiftPercent)) * length(p.TrafficShiftBakeTime)
		}
		t.Bake = length(p.BakeTime)
		t.Deploy = t.ScaleUp + t.Shift + t.Bake + t.Drain
	} else {
		t.Batches = (tasks + perRound - 1) / perRound
		t.RollingDeploy = time.Duration(t.Batches) * round
		if *p.RollbackOnAlarm {
			t.Bake = max(serverErrorPeriods, latencyPeriods) * metricPeriod
		}
		t.Deploy = t.RollingDeploy + t.Bake
	}
	if *p.RollbackOnAlarm {
		t.Rollback = serverErrorDatapoints*metricPeriod + metricPeriod
		if !shiftsTraffic(p.DeploymentStrategy) {
			t.Rollback += round
		}
	}

	toDesired := scaleOutDatapoints*metricPeriod + metricPeriod
	t.ScaleOutTask = toDesired + start + t.FirstHealthy
	if p.CpuTargetPercent != nil || p.MemoryTargetPercent != nil {
		period := metricPeriod
		if *p.HighResolutionMetrics {
			period = highResolutionPeriod
		}
		t.ScaleOutTaskOnUtilization = scaleOutDatapoints*period + period + start + t.FirstHealthy
	}
	if managed {
		t.ScaleOutInstance = toDesired + managedInstanceFirstTask + t.FirstHealthy
	} else {
		toInstances := toDesired + managedScalingDatapoints*metricPeriod + metricPeriod
		t.ScaleOutInstance = toInstances + length(cluster.InstanceWarmup) + start + t.FirstHealthy
		t.ScaleOutWarmInstance = toInstances + min(warmStart, length(cluster.InstanceWarmup)) + start + t.FirstHealthy
	}
	t.ScaleIn = scaleInDatapoints*metricPeriod + metricPeriod
	return t
}
