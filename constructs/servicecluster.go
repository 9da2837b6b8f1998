package ecsec2

import (
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
)

// ServiceCluster is what an AlbFrontedService needs of the cluster it runs
// on, in one value so that a service cannot be given parts that disagree.
// PrivateEcsEc2Cluster implements it; ExistingCluster adapts a cluster made
// elsewhere.
type ServiceCluster interface {
	// EcsCluster is the ECS cluster. Its Connections() hold the instances'
	// security group, through which a bridge-mode service opens the dynamic
	// host ports to its load balancer.
	EcsCluster() awsecs.ICluster
	// CapacityProviderStrategies places the tasks on the cluster's capacity
	// providers, so that managed scaling launches instances for them.
	CapacityProviderStrategies() []*awsecs.CapacityProviderStrategy
	// InstanceType is the instances' type, or nil when it is not known; it
	// enables the synth-time fit and architecture checks.
	InstanceType() awsec2.InstanceType
	// ServiceDashboard is the cluster's dashboard, to which a service adds its
	// rows, or nil: the service then makes a dashboard of its own.
	ServiceDashboard() cw.Dashboard
	// reserveCapacity tells the cluster what a service placed on it may
	// reserve at most, for its capacity check. Only this package's
	// clusters implement ServiceCluster.
	reserveCapacity(serviceReservation)
	// capacityKind is what runs the cluster's tasks.
	capacityKind() CapacityKind
}

// serviceReservation is the most that one service reserves on its cluster.
type serviceReservation struct {
	service             string  // the service's construct path
	tasks               float64 // MaxTasks, times MaxHealthyPercent during a rolling deploy, or twice it with traffic shifting
	cpuUnits, memoryMiB float64 // what ECS reserves for each task
	awsvpc              bool    // each task takes a network interface
}

// ExistingCluster adapts a cluster made elsewhere, such as one imported with
// awsecs.Cluster_FromClusterAttributes, for AlbFrontedService. Its
// Connections() must hold the instances' security group. instanceType, for
// the fit and architecture checks, may be nil. Its services are not checked
// against its capacity: this package does not know its instance counts.
func ExistingCluster(cluster awsecs.ICluster, strategies []*awsecs.CapacityProviderStrategy, instanceType awsec2.InstanceType) ServiceCluster {
	return &existingCluster{cluster: cluster, strategies: strategies, instanceType: instanceType}
}

type existingCluster struct {
	cluster      awsecs.ICluster
	strategies   []*awsecs.CapacityProviderStrategy
	instanceType awsec2.InstanceType
}

func (c *existingCluster) EcsCluster() awsecs.ICluster { return c.cluster }

func (c *existingCluster) CapacityProviderStrategies() []*awsecs.CapacityProviderStrategy {
	return c.strategies
}

func (c *existingCluster) InstanceType() awsec2.InstanceType { return c.instanceType }

func (c *existingCluster) ServiceDashboard() cw.Dashboard { return nil }

func (c *existingCluster) reserveCapacity(serviceReservation) {}

func (c *existingCluster) capacityKind() CapacityKind { return AutoScalingGroupCapacity }
