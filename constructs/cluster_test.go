package ecsec2

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

type obj = map[string]any

// variant is a Graviton cluster on Amazon Linux 2 with SSH and one NAT
// gateway, synthesized once for the tests that read it.
var variant assertions.Template

func variantTemplate(t *testing.T) assertions.Template {
	t.Helper()
	if variant == nil {
		stack := awscdk.NewStack(nil, jsii.String("Variant"), nil)
		NewPrivateEcsEc2Cluster(stack, jsii.String("Cluster"), &PrivateEcsEc2ClusterProps{
			InstanceType: awsec2.NewInstanceType(jsii.String("t4g.small")),
			Ami:          AmazonLinux2,
			KeyPairName:  jsii.String("ops"),
			NatGateways:  jsii.Number(1),
			MinInstances: jsii.Number(0),
			MaxInstances: jsii.Number(3),
		})
		cdktest.Check(t, func() { variant = assertions.Template_FromStack(stack, nil) })
		if variant == nil {
			t.FailNow()
		}
	}
	return variant
}

func TestClusterSelectsTheArm64Al2ImageForGraviton(t *testing.T) {
	template := variantTemplate(t)
	cdktest.Check(t, func() {
		template.HasParameter(jsii.String("*"), obj{
			"Type":    "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
			"Default": "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id",
		})
	})
	cdktest.Check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), obj{
			"LaunchTemplateData": assertions.Match_ObjectLike(&obj{"InstanceType": "t4g.small", "KeyName": "ops"}),
		})
	})
}

func TestClusterHonoursNatGatewaysAndInstanceBounds(t *testing.T) {
	template := variantTemplate(t)
	cdktest.Check(t, func() { template.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(1)) })
	cdktest.Check(t, func() {
		template.HasResourceProperties(jsii.String("AWS::AutoScaling::AutoScalingGroup"), obj{"MinSize": "0", "MaxSize": "3"})
	})
}

func TestNewPrivateEcsEc2ClusterPanicsWithEveryProblemNamed(t *testing.T) {
	err := recoverError(func() {
		NewPrivateEcsEc2Cluster(awscdk.NewStack(nil, nil, nil), jsii.String("Broken"), &PrivateEcsEc2ClusterProps{
			MinInstances: jsii.Number(9),
			NatGateways:  jsii.Number(7),
		})
	})
	for _, want := range []string{"Broken: invalid PrivateEcsEc2Cluster props", "MinInstances (9) is above MaxInstances (5)", "NatGateways (7)"} {
		if !strings.Contains(err, want) {
			t.Errorf("panic lacks %q:\n%s", want, err)
		}
	}
}

func TestNewAlbFrontedServiceFailsOnClusterWithoutSecurityGroups(t *testing.T) {
	stack := awscdk.NewStack(nil, jsii.String("Imported"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), nil)
	imported := awsecs.Cluster_FromClusterAttributes(stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName: jsii.String("legacy"),
		Vpc:         vpc,
	})
	err := recoverError(func() {
		NewAlbFrontedService(stack, jsii.String("Web"), &AlbFrontedServiceProps{
			Cluster:                    imported,
			CapacityProviderStrategies: []*awsecs.CapacityProviderStrategy{{CapacityProvider: jsii.String("legacy-capacity"), Weight: jsii.Number(1)}},
			Image:                      awsecs.ContainerImage_FromRegistry(jsii.String("nginx"), nil),
		})
	})
	if !strings.Contains(err, "Cluster has no security group in its Connections()") {
		t.Errorf("want the missing security group named, got:\n%s", err)
	}
}

func TestNewAlbFrontedServiceRequiresItsReferences(t *testing.T) {
	err := recoverError(func() { NewAlbFrontedService(awscdk.NewStack(nil, nil, nil), jsii.String("Empty"), nil) })
	for _, want := range []string{"Cluster is required", "CapacityProviderStrategies is empty", "Image is required"} {
		if !strings.Contains(err, want) {
			t.Errorf("panic lacks %q:\n%s", want, err)
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
