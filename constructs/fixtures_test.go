package ecsec2

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	cdktest.RemoveOutdirs()
	jsii.Close()
	os.Exit(code)
}

// fixtures are what validation cases reference: a VPC and an imported
// cluster whose Connections() hold the instances' security group, in one
// stack that is never synthesized.
type fixtures struct {
	stack    awscdk.Stack
	vpc      awsec2.IVpc
	otherVpc awsec2.IVpc // a second VPC, for mismatches
	cluster  awsecs.ICluster
	image    awsecs.ContainerImage
}

var fixture = sync.OnceValue(func() fixtures {
	stack := awscdk.NewStack(nil, jsii.String("Fixtures"), nil)
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId:                      jsii.String("vpc-0123456789abcdef0"),
		AvailabilityZones:          jsii.Strings("eu-west-1a", "eu-west-1b"),
		PublicSubnetIds:            jsii.Strings("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
		PrivateSubnetIds:           jsii.Strings("subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"),
		PrivateSubnetRouteTableIds: jsii.Strings("rtb-0ccccccccccccccc1", "rtb-0ccccccccccccccc2"),
		PublicSubnetRouteTableIds:  jsii.Strings("rtb-0ddddddddddddddd1", "rtb-0ddddddddddddddd2"),
	})
	otherVpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("OtherVpc"), &awsec2.VpcAttributes{
		VpcId:                     jsii.String("vpc-0fedcba9876543210"),
		AvailabilityZones:         jsii.Strings("eu-west-1a", "eu-west-1b"),
		PublicSubnetIds:           jsii.Strings("subnet-0eeeeeeeeeeeeeee1", "subnet-0eeeeeeeeeeeeeee2"),
		PublicSubnetRouteTableIds: jsii.Strings("rtb-0fffffffffffffff1", "rtb-0fffffffffffffff2"),
	})
	cluster := awsecs.Cluster_FromClusterAttributes(stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName:    jsii.String("shop"),
		Vpc:            vpc,
		SecurityGroups: &[]awsec2.ISecurityGroup{awsec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("Instances"), jsii.String("sg-0123456789abcdef0"), nil)},
	})
	return fixtures{stack: stack, vpc: vpc, otherVpc: otherVpc, cluster: cluster, image: awsecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:1.37"), nil)}
})

// managedCluster is a cluster on ECS Managed Instances, in a stack of its
// own that is never synthesized.
var managedCluster = sync.OnceValue(func() ServiceCluster {
	return NewPrivateEcsEc2Cluster(awscdk.NewStack(nil, jsii.String("Managed"), nil), jsii.String("Cluster"),
		&PrivateEcsEc2ClusterProps{Capacity: ManagedInstancesCapacity})
})

// clusterOf is the fixture cluster with instances of the type.
func clusterOf(instanceType string) ServiceCluster {
	f := fixture()
	return ExistingCluster(f.cluster, []*awsecs.CapacityProviderStrategy{{CapacityProvider: jsii.String("shop-capacity"), Weight: jsii.Number(1)}},
		awsec2.NewInstanceType(&instanceType))
}

// withRefs gives props the required cluster (of t3.micro instances) and
// image where they have none.
func withRefs(p AlbFrontedServiceProps) AlbFrontedServiceProps {
	if p.Cluster == nil {
		p.Cluster = clusterOf(DefaultInstanceType)
	}
	if p.Image == nil {
		p.Image = fixture().image
	}
	return p
}

// awsvpc is p with AWS_VPC tasks.
func awsvpc(p AlbFrontedServiceProps) AlbFrontedServiceProps {
	p.NetworkMode = awsecs.NetworkMode_AWS_VPC
	return p
}

// wantErrors fails unless err holds every message in want.
func wantErrors(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// recoverError runs f and returns what it panicked with, or "".
func recoverError(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
