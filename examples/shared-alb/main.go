// Command shared-alb is an example CDK app: two services on one cluster
// behind one load balancer. web, the /host-name app of this repository,
// takes every path, in bridge mode; api, a stand-in image, takes /api/*,
// in awsvpc mode, with a security group of its own, and releases by
// canary. They differ in size, network mode, scaling and release, and
// share the alarm topic and the cluster's dashboard.
//
//	cd examples/shared-alb && ../../scripts/cdk synth
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
)

// StackName is the stack's name and its template's in cdk.out.
const StackName = "SharedAlb"

func main() {
	defer jsii.Close()
	// CDK's own CloudFormation validation only with CDK_VALIDATION=true, as
	// in the repository's app: the tests run cfn-lint on the template.
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(os.Getenv("CDK_VALIDATION") == "true")})
	if _, err := NewSharedAlbStack(app, StackName); err != nil {
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
	app.Synth(nil)
}

// SharedAlbStack is the example's stack and what it is made of.
type SharedAlbStack struct {
	Stack    awscdk.Stack
	Cluster  *ecsec2.PrivateEcsEc2Cluster
	Alb      *ecsec2.InternetFacingAlb
	Web, Api *ecsec2.AlbFrontedService
}

// NewSharedAlbStack builds the stack; an error reports every problem of the
// constructs' props, and services that would reserve more than the cluster
// holds.
func NewSharedAlbStack(scope constructs.Construct, id string) (*SharedAlbStack, error) {
	s := &SharedAlbStack{Stack: awscdk.NewStack(scope, &id, &awscdk.StackProps{
		Description: jsii.String("Two services on one ECS-on-EC2 cluster behind one load balancer"),
	})}
	topic := awssns.NewTopic(s.Stack, jsii.String("Alarms"), &awssns.TopicProps{EnforceSSL: jsii.Bool(true)})
	s.Cluster = ecsec2.NewPrivateEcsEc2Cluster(s.Stack, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
		InstanceType: awsec2.NewInstanceType(jsii.String("t3.small")),
		MaxInstances: jsii.Number(4),
		NatGateways:  jsii.Number(1),
		AlarmTopic:   topic,
	})
	s.Alb = ecsec2.NewInternetFacingAlb(s.Stack, jsii.String("Alb"), &ecsec2.InternetFacingAlbProps{Vpc: s.Cluster.Vpc, AlarmTopic: topic})

	s.Web = ecsec2.NewAlbFrontedService(s.Stack, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
		Cluster: s.Cluster,
		Alb:     s.Alb,
		// The lowest priority: what no other rule takes.
		PathPatterns: jsii.Strings("/*"),
		Priority:     jsii.Number(100),
		Image: awsecs.ContainerImage_FromDockerImageAsset(awsecrassets.NewDockerImageAsset(s.Stack, jsii.String("WebImage"), &awsecrassets.DockerImageAssetProps{
			Directory: jsii.String(appDirectory()),
			Platform:  awsecrassets.Platform_LINUX_AMD64(),
		})),
		ContainerHealthCheck: &awsecs.HealthCheck{Command: jsii.Strings("CMD", "/server", "healthcheck")},
		MaxTasks:             jsii.Number(8),
		AlarmTopic:           topic,
	})
	s.Api = ecsec2.NewAlbFrontedService(s.Stack, jsii.String("Api"), &ecsec2.AlbFrontedServiceProps{
		Cluster:      s.Cluster,
		Alb:          s.Alb,
		PathPatterns: jsii.Strings("/api/*"),
		Priority:     jsii.Number(10),
		// A stand-in: it answers any path with the container's host name
		// and the request, on the port it is told, as any uid.
		Image: awsecs.ContainerImage_FromRegistry(jsii.String("traefik/whoami:v1.11.0"), nil),
		// Its own network interface and security group, which a
		// database's group can admit alone: s.Api.Service.Connections().
		// A t3.small has two interfaces for tasks; four instances hold the
		// 8 tasks a deploy at MaxTasks runs.
		NetworkMode: awsecs.NetworkMode_AWS_VPC,
		// A release reaches 5 % of the requests for 10 minutes, then all;
		// the old revision stays 10 minutes more. Requests with the header
		// reach the new revision first, through a rule at priority 9.
		DeploymentStrategy:   awsecs.DeploymentStrategy_CANARY,
		TestTrafficHeader:    jsii.String("X-Api-Canary"),
		Environment:          &map[string]*string{"WHOAMI_PORT_NUMBER": jsii.String("8000")},
		HealthCheckPath:      jsii.String("/health"),
		Cpu:                  jsii.Number(512),
		MemoryReservationMiB: jsii.Number(128),
		MemoryLimitMiB:       jsii.Number(256),
		MinTasks:             jsii.Number(2),
		MaxTasks:             jsii.Number(4),
		RequestsPerTarget:    jsii.Number(200),
		CpuTargetPercent:     jsii.Number(60),
		AlarmTopic:           topic,
	})
	// Every problem of the constructs' props, and whether the services fit
	// the cluster's instances, in one report.
	if err := ecsec2.Check(s.Stack); err != nil {
		return nil, err
	}
	awscdk.NewCfnOutput(s.Stack, jsii.String("WebUrl"), &awscdk.CfnOutputProps{Value: s.Alb.Url("/host-name")})
	awscdk.NewCfnOutput(s.Stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{Value: s.Alb.Url("/api/")})
	return s, nil
}

// appDirectory is the repository's app/, wherever the command runs from.
func appDirectory() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "app")
}
