// Package ecsec2 provides two AWS CDK constructs that together run a
// containerised web service on ECS, on EC2 instances in private subnets,
// behind an internet-facing Application Load Balancer:
//
//   - [PrivateEcsEc2Cluster]: the VPC (or an existing one), the ECS cluster and
//     its EC2 capacity (launch template, Auto Scaling group, capacity provider
//     with managed scaling and managed draining).
//   - [AlbFrontedService]: the load balancer, listener and target group, the
//     bridge-mode task definition, the ECS service and its task-count
//     autoscaling on requests per target.
//
// The package lives in the folder "constructs", whose name collides with
// github.com/aws/constructs-go/constructs/v10; import it under its package
// name:
//
//	import ecsec2 "github.com/ecsec2/ecsec2/constructs"
package ecsec2
