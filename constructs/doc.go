// Package ecsec2 provides AWS CDK constructs that together run containerised
// web services on ECS, on EC2 instances in private subnets, behind
// internet-facing Application Load Balancers:
//
//   - [PrivateEcsEc2Cluster]: the VPC (or an existing one), the ECS cluster and
//     its EC2 capacity (launch template, Auto Scaling group, capacity provider
//     with managed scaling and managed draining, or ECS Managed Instances),
//     and a dashboard.
//   - [InternetFacingAlb]: a load balancer and what belongs to it: security
//     group, listeners, certificate, alias record, access logs, its alarm,
//     and with Hardened a WAF.
//   - [AlbFrontedService]: the target group(s), the task definition (bridge
//     or awsvpc mode), the ECS service and how it releases (rolling, or
//     canary, linear and blue/green by ECS), its task-count autoscaling on
//     requests per task, its alarms; behind a load balancer of its own, or a
//     shared one.
//
// A service takes its cluster as a [ServiceCluster], which
// PrivateEcsEc2Cluster implements and [ExistingCluster] makes of a cluster
// built elsewhere.
//
// The package lives in the folder "constructs", whose name collides with
// github.com/aws/constructs-go/constructs/v10; import it under its package
// name:
//
//	import ecsec2 "github.com/ecsec2/ecsec2/constructs"
package ecsec2
