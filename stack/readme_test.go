package stack

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// timingsTable renders the deploy timings the stack's settings imply, as
// README.md shows them.
func timingsTable() string {
	_, service := (&HostNameStackProps{}).constructProps(awscdk.NewStack(nil, jsii.String("Timings"), nil))
	one := service.Timings(1)
	var b strings.Builder
	b.WriteString("| step | time with the defaults |\n|---|---|\n")
	fmt.Fprintf(&b, "| a task's start to its first healthy target | %s (%d checks, %s apart) |\n",
		one.FirstHealthy, ecsec2.DefaultHealthyThreshold, ecsec2.DefaultHealthCheckIntervalSeconds*time.Second)
	fmt.Fprintf(&b, "| draining a stopped task | %s of deregistration delay, then the app exits at once; at most %s |\n", one.Drain, one.DrainMax)
	for _, tasks := range []int{1, 4, 10} {
		t := service.Timings(tasks)
		fmt.Fprintf(&b, "| rolling deploy of %d task(s) | %s: %d round(s) of start, healthy, drain |\n", tasks, t.RollingDeploy, t.Batches)
	}
	return b.String()
}

// README.md's timings are the ones the defaults give.
func TestReadmeTimingsAreComputedFromTheDefaults(t *testing.T) {
	readme, err := os.ReadFile(cdktest.RepoRoot() + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := timingsTable(); !strings.Contains(string(readme), want) {
		t.Errorf("README.md lacks the timings table; put this in it:\n%s", want)
	}
}
