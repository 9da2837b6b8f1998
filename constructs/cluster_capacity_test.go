package ecsec2

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"
)

// The capacity check compares every service's most with what the
// instances hold: 40 tasks of 256 CPU units fit five t3.micro (2048 units
// each) exactly; one more does not.
func TestCapacityCheckComparesTheServicesWithTheInstances(t *testing.T) {
	cpu, memory, _ := instanceCapacity("t3.micro")
	pools := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: 5, cpuUnits: cpu, memoryMiB: memory}}
	web := serviceReservation{service: "Stack/Web", tasks: 20, cpuUnits: 256, memoryMiB: 64}
	if got := overcommitted(pools, []serviceReservation{web, {service: "Stack/Api", tasks: 20, cpuUnits: 256, memoryMiB: 64}}, 0, 0, "t3.micro", false); len(got) != 0 {
		t.Errorf("40 tasks of 256 units on 5 x 2048: want a fit, got %v", got)
	}
	got := overcommitted(pools, []serviceReservation{web, {service: "Stack/Api", tasks: 21, cpuUnits: 256, memoryMiB: 64}}, 0, 0, "t3.micro", false)
	if len(got) != 1 || !strings.Contains(got[0].Error(), "may reserve 10496 CPU units and 2624 MiB on on-demand capacity at once") ||
		!strings.Contains(got[0].Error(), "Stack/Api 21 tasks of 256 CPU units and 64 MiB") ||
		!strings.Contains(got[0].Error(), "more than the 10240 CPU units and 3965 MiB that MaxInstances (5) instances of InstanceType (t3.micro) hold; 6 instances would") {
		t.Errorf("41 tasks: want the numbers named, got %v", got)
	}
	// Memory can be the limit too: 62 tasks of 64 MiB, on 793 MiB each.
	if got := overcommitted(pools, []serviceReservation{{service: "Stack/Big", tasks: 62, cpuUnits: 0, memoryMiB: 64}}, 0, 0, "t3.micro", false); len(got) != 1 {
		t.Errorf("3968 MiB on 5 x 793: want too much, got %v", got)
	}
	// With Spot at weight 3 and a base of 1, 21 tasks are 6 on-demand and
	// 15 on Spot.
	spot := append(pools, capacityPool{name: "Spot", field: "SpotMaxInstances", instances: 1, cpuUnits: cpu, memoryMiB: memory})
	got = overcommitted(spot, []serviceReservation{{service: "Stack/Web", tasks: 21, cpuUnits: 256, memoryMiB: 64}}, 1, 0.75, "t3.micro", false)
	if len(got) != 1 || !strings.Contains(got[0].Error(), "on Spot capacity") || !strings.Contains(got[0].Error(), "Stack/Web 15 tasks") ||
		!slices.Equal(got[0].Fields, []string{"MaxTasks", "SpotMaxInstances", "InstanceType", "Cpu", "MemoryReservationMiB", "MaxHealthyPercent", "AllowOvercommit"}) {
		t.Errorf("Spot share: want 15 tasks over one Spot instance, got %v (fields %q)", got, got[0].Fields)
	}
}

// AWS_VPC tasks take a network interface each: five t3.micro (two
// interfaces, one for the instance) hold five, in a rolling deploy too;
// a sixth names the instance count and a type with more interfaces, and
// twenty, more than any t3 holds, a type with a trunk. With
// trunking, the trunk's limit counts: 10 on an m5.large, and a type that
// could trunk names AwsvpcTrunking.
func TestCapacityCheckCountsNetworkInterfacesOfAwsvpcTasks(t *testing.T) {
	cpu, memory, _ := instanceCapacity("t3.micro")
	pools := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: 5, cpuUnits: cpu, memoryMiB: memory, taskSlots: awsvpcSlots(false, awsec2.NewInstanceType(jsii.String("t3.micro")))}}
	five := serviceReservation{service: "Stack/Api", tasks: 5, cpuUnits: 256, memoryMiB: 64, awsvpc: true}
	bridge := serviceReservation{service: "Stack/Web", tasks: 20, cpuUnits: 256, memoryMiB: 64}
	if got := overcommitted(pools, []serviceReservation{five, bridge}, 0, 0, "t3.micro", false); len(got) != 0 {
		t.Errorf("5 awsvpc tasks on 5 t3.micro, beside bridge ones: want a fit, got %v", got)
	}
	six := five
	six.tasks = 6
	got := overcommitted(pools, []serviceReservation{six}, 0, 0, "t3.micro", false)
	if len(got) != 1 || !strings.Contains(got[0].Error(), "the AWS_VPC services may run 6 tasks at once on on-demand capacity (Stack/Api 6, at MaxTasks during a deploy)") ||
		!strings.Contains(got[0].Error(), "more than the 5 that MaxInstances (5) instances of InstanceType (t3.micro) hold: 1 each, one per network interface beyond the first; 6 instances would") ||
		!strings.Contains(got[0].Error(), "choose an InstanceType with more network interfaces, such as t3.small (2 for tasks)") {
		t.Errorf("6 awsvpc tasks on 5 t3.micro: want the numbers and the fixes, got %v", got)
	}
	// 4 a t3 holds with no size: a type with a trunk, of its architecture.
	twenty := five
	twenty.tasks = 20
	got = overcommitted(pools, []serviceReservation{twenty}, 0, 0, "t3.micro", false)
	if len(got) != 1 || !strings.Contains(got[0].Error(), "choose an InstanceType with a trunk, such as m6i.large with AwsvpcTrunking (10 network interfaces for tasks)") ||
		strings.Contains(got[0].Error(), "more network interfaces") {
		t.Errorf("20 awsvpc tasks on 5 t3.micro: want a type with a trunk named, got %v", got)
	}
	m5 := awsec2.NewInstanceType(jsii.String("m5.large"))
	cpu, memory, _ = instanceCapacity("m5.large")
	plain := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: 2, cpuUnits: cpu, memoryMiB: memory, taskSlots: awsvpcSlots(false, m5)}}
	got = overcommitted(plain, []serviceReservation{{service: "Stack/Api", tasks: 6, cpuUnits: 128, memoryMiB: 64, awsvpc: true}}, 0, 0, "m5.large", false)
	if len(got) != 1 || !strings.Contains(got[0].Error(), "set AwsvpcTrunking (a m5.large then has 10 network interfaces for tasks)") {
		t.Errorf("6 awsvpc tasks on 2 m5.large without trunking: want AwsvpcTrunking named, got %v", got)
	}
	trunked := []capacityPool{{name: "on-demand", field: "MaxInstances", instances: 2, cpuUnits: cpu, memoryMiB: memory, taskSlots: awsvpcSlots(true, m5)}}
	for tasks, fits := range map[float64]bool{20: true, 21: false} {
		got := overcommitted(trunked, []serviceReservation{{service: "Stack/Api", tasks: tasks, cpuUnits: 64, memoryMiB: 32, awsvpc: true}}, 0, 0, "m5.large", true)
		if fits != (len(got) == 0) || !fits && !strings.Contains(got[0].Error(), "10 each, the trunk's limit for its type") {
			t.Errorf("%v trunked tasks on 2 m5.large: want a fit %v, got %v", tasks, fits, got)
		}
	}
	if slots := awsvpcSlots(true, awsec2.NewInstanceType(jsii.String("m9z.large"))); slots != 0 {
		t.Errorf("a type the table does not know: want it trusted (0), got %v", slots)
	}
}
