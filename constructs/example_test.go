package ecsec2_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
)

// A service on a VPC that already exists: the cluster takes the VPC instead
// of creating one, and the service runs any image.
func Example_serviceOnAnExistingVpc() {
	// CDK's own CloudFormation validation off, as in this repository's
	// apps: it takes about half of a synth, and cfn-lint checks templates.
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("Existing"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
	})
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId:             jsii.String("vpc-0123456789abcdef0"),
		AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
		PublicSubnetIds:   jsii.Strings("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
		PrivateSubnetIds:  jsii.Strings("subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"),
		// The route tables of the subnets, which CDK warns about when missing.
		PublicSubnetRouteTableIds:  jsii.Strings("rtb-0ccccccccccccccc1", "rtb-0ccccccccccccccc2"),
		PrivateSubnetRouteTableIds: jsii.Strings("rtb-0ddddddddddddddd1", "rtb-0ddddddddddddddd2"),
	})

	cluster := ecsec2.NewPrivateEcsEc2Cluster(stack, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
		Vpc:          vpc,
		InstanceType: awsec2.NewInstanceType(jsii.String("t3.small")),
	})
	web := ecsec2.NewAlbFrontedService(stack, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
		Cluster: cluster,
		// The image runs as uid 65532 on a read-only root filesystem and
		// listens on 8000; the app of this repository does.
		Image:    awsecs.ContainerImage_FromAsset(jsii.String("../app"), nil),
		MaxTasks: jsii.Number(4),
	})
	awscdk.NewCfnOutput(stack, jsii.String("Url"), &awscdk.CfnOutputProps{Value: web.Alb.LoadBalancer.LoadBalancerDnsName()})

	template := assertions.Template_FromStack(stack, nil)

	count := func(resourceType string) int {
		return len(*template.FindResources(jsii.String(resourceType), nil))
	}
	fmt.Println("VPCs created:", count("AWS::EC2::VPC"))
	fmt.Println("services:", count("AWS::ECS::Service"))
	for _, rule := range *template.FindResources(jsii.String("AWS::EC2::SecurityGroupIngress"), nil) {
		props := (*rule)["Properties"].(map[string]any)
		fmt.Printf("instances accept the load balancer on tcp %v-%v\n", props["FromPort"], props["ToPort"])
	}
	// Output:
	// VPCs created: 0
	// services: 1
	// instances accept the load balancer on tcp 32768-65535
}
