package stack

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// timingsTables render the deploy and scaling timings the stack's settings
// imply, as README.md shows them.
func timingsTables() (deploy, scaling string) {
	cluster, service := (&HostNameStackProps{}).constructProps(awscdk.NewStack(nil, jsii.String("Timings"), nil))
	awsvpc := service
	awsvpc.NetworkMode = awsecs.NetworkMode_AWS_VPC
	managed := cluster
	managed.Capacity = ecsec2.ManagedInstancesCapacity
	one, awsvpcOne := service.Timings(1, cluster), awsvpc.Timings(1, cluster)
	var b strings.Builder
	b.WriteString("| step | time with the defaults |\n|---|---|\n")
	fmt.Fprintf(&b, "| a task's start to its first healthy target | %s (%d checks, %s apart) |\n",
		one.FirstHealthy, ecsec2.DefaultHealthyThreshold, ecsec2.DefaultHealthCheckIntervalSeconds*time.Second)
	fmt.Fprintf(&b, "| draining a stopped task | %s of deregistration delay, then the app exits at once; at most %s |\n", one.Drain, one.DrainMax)
	for _, tasks := range []int{1, 4, 10} {
		t := service.Timings(tasks, cluster)
		fmt.Fprintf(&b, "| rolling deploy of %d task(s) | %s: %d round(s) of start, healthy, drain |\n", tasks, t.RollingDeploy, t.Batches)
	}
	fmt.Fprintf(&b, "| the same, awsvpc tasks (`networkMode=awsvpc`, `capacity=managed`) | %s a round |\n", awsvpcOne.RollingDeploy)
	fmt.Fprintf(&b, "| the rollback alarms' bake after the last round | %s; a deploy of 1 task takes %s in all |\n", one.Bake, one.Deploy)
	for _, release := range []struct {
		strategy awsecs.DeploymentStrategy
		key, how string
	}{
		{awsecs.DeploymentStrategy_BLUE_GREEN, "blueGreen", "all traffic at once"},
		{awsecs.DeploymentStrategy_CANARY, "canary", fmt.Sprintf("%v %% for %d min, then the rest", ecsec2.DefaultCanaryPercent, ecsec2.DefaultCanaryBakeTimeMinutes)},
		{awsecs.DeploymentStrategy_LINEAR, "linear", fmt.Sprintf("%v %% every %d min", ecsec2.DefaultLinearStepPercent, ecsec2.DefaultLinearStepBakeTimeMinutes)},
	} {
		shifting := awsvpc
		shifting.DeploymentStrategy = release.strategy
		t := shifting.Timings(1, cluster)
		fmt.Fprintf(&b, "| a release by `deploymentStrategy=%s`: %s | %s: %s to start the new revision, %s of shifts, %s of bake, %s of drain |\n",
			release.key, release.how, t.Deploy, t.ScaleUp, t.Shift, t.Bake, t.Drain)
	}
	shifting := awsvpc
	shifting.DeploymentStrategy = awsecs.DeploymentStrategy_CANARY
	fmt.Fprintf(&b, "| a release that answers errors, back on the previous revision | %s rolling (the alarm, then a round of old tasks); %s with traffic shifting (the alarm, then a rule change) |\n",
		one.Rollback, shifting.Timings(1, cluster).Rollback)
	deploy = b.String()
	b.Reset()
	b.WriteString("| from a step of load above the target to | time with the defaults |\n|---|---|\n")
	fmt.Fprintf(&b, "| the first added task serving, on an instance with room | %s |\n", one.ScaleOutTask)
	fmt.Fprintf(&b, "| the same, awsvpc tasks (`networkMode=awsvpc`, `capacity=managed`) | %s |\n", awsvpcOne.ScaleOutTask)
	fmt.Fprintf(&b, "| the first task on an added instance serving | %s |\n", one.ScaleOutInstance)
	fmt.Fprintf(&b, "| the same, with a warm pool (`warmPool`) | %s |\n", one.ScaleOutWarmInstance)
	fmt.Fprintf(&b, "| the same, awsvpc tasks | %s |\n", awsvpcOne.ScaleOutInstance)
	fmt.Fprintf(&b, "| the same, on ECS Managed Instances (`capacity=managed`), which launch one for the task | %s |\n", service.Timings(1, managed).ScaleOutInstance)
	fmt.Fprintf(&b, "| from the load stopping to the first task removed | %s |\n", one.ScaleIn)
	service.CpuTargetPercent = jsii.Number(60)
	fmt.Fprintf(&b, "| CPU above `CpuTargetPercent` (in Go) to the first added task serving, 20-second metrics | %s |\n", service.Timings(1, cluster).ScaleOutTaskOnUtilization)
	service.HighResolutionMetrics = jsii.Bool(false)
	fmt.Fprintf(&b, "| the same with 60-second metrics (`HighResolutionMetrics: false`) | %s |\n", service.Timings(1, cluster).ScaleOutTaskOnUtilization)
	return deploy, b.String()
}

// README.md's timings are the ones the defaults give.
func TestReadmeTimingsAreComputedFromTheDefaults(t *testing.T) {
	deployTable, scalingTable := timingsTables()
	readme, err := os.ReadFile(cdktest.RepoRoot() + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{deployTable, scalingTable} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md lacks this timings table; put it in:\n%s", want)
		}
	}
}
