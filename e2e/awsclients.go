package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	asgtypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/smithy-go"
)

// The small parts of the SDK clients this command calls, so that the code
// around them runs against fakes in the tests.
type (
	cfnAPI interface {
		DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
		cloudformation.ListStackResourcesAPIClient
	}
	ecsAPI interface {
		DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
		ecs.ListContainerInstancesAPIClient
	}
	asgAPI interface {
		DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
	}
	aasAPI interface {
		DescribeScalableTargets(context.Context, *applicationautoscaling.DescribeScalableTargetsInput, ...func(*applicationautoscaling.Options)) (*applicationautoscaling.DescribeScalableTargetsOutput, error)
	}
)

// isStackMissing is CloudFormation's answer for a stack that is not there:
// a ValidationError "Stack with id X does not exist".
func isStackMissing(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist")
}

// awsStacks is Stacks on CloudFormation.
type awsStacks struct {
	cfn  cfnAPI
	name string
}

func (a awsStacks) State(ctx context.Context) (StackState, error) {
	out, err := a.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(a.name)})
	if isStackMissing(err) {
		return StackState{}, nil
	}
	if err != nil {
		return StackState{}, err
	}
	if len(out.Stacks) == 0 {
		return StackState{}, nil
	}
	status := string(out.Stacks[0].StackStatus)
	return StackState{Exists: status != string(cfntypes.StackStatusDeleteComplete), Status: status}, nil
}

// Resources pages through ListStackResources (DescribeStackResources
// stops at 100 resources; the stack has about 65, more with Spot or HTTPS).
func (a awsStacks) Resources(ctx context.Context) ([]StackResource, error) {
	var res []StackResource
	pages := cloudformation.NewListStackResourcesPaginator(a.cfn, &cloudformation.ListStackResourcesInput{StackName: aws.String(a.name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.StackResourceSummaries {
			res = append(res, StackResource{
				LogicalID:  aws.ToString(s.LogicalResourceId),
				PhysicalID: aws.ToString(s.PhysicalResourceId),
				Type:       aws.ToString(s.ResourceType),
				Status:     string(s.ResourceStatus),
			})
		}
	}
	return res, nil
}

// awsFleet is Fleet on ECS, Auto Scaling and Application Auto Scaling.
type awsFleet struct {
	ecs              ecsAPI
	asg              asgAPI
	aas              aasAPI
	cluster, service string
	groups           []string

	once     sync.Once
	minTasks int
}

// serviceCounts reads the one service DescribeServices was asked for.
func serviceCounts(out *ecs.DescribeServicesOutput, name string) (desired, running, pending int, err error) {
	for _, f := range out.Failures {
		return 0, 0, 0, fmt.Errorf("service %s: %s %s", name, aws.ToString(f.Reason), aws.ToString(f.Detail))
	}
	for _, s := range out.Services {
		return int(s.DesiredCount), int(s.RunningCount), int(s.PendingCount), nil
	}
	return 0, 0, 0, fmt.Errorf("service %s: not found", name)
}

// groupCounts sums the InService instances and the minimum sizes of the
// groups, and checks that every group asked for was found.
func groupCounts(groups []asgtypes.AutoScalingGroup, want []string) (inService, minSize int, err error) {
	found := map[string]bool{}
	for _, g := range groups {
		found[aws.ToString(g.AutoScalingGroupName)] = true
		minSize += int(aws.ToInt32(g.MinSize))
		for _, i := range g.Instances {
			if i.LifecycleState == asgtypes.LifecycleStateInService {
				inService++
			}
		}
	}
	var missing []string
	for _, name := range want {
		if !found[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return 0, 0, fmt.Errorf("Auto Scaling group(s) not found: %s", strings.Join(missing, ", "))
	}
	return inService, minSize, nil
}

// scalableTargetID is Application Auto Scaling's id of an ECS service.
func scalableTargetID(cluster, service string) string {
	return "service/" + cluster + "/" + service
}

// readMinTasks is the scalable target's MinCapacity, -1 if unknown.
func (f *awsFleet) readMinTasks(ctx context.Context) int {
	out, err := f.aas.DescribeScalableTargets(ctx, &applicationautoscaling.DescribeScalableTargetsInput{
		ServiceNamespace:  aastypes.ServiceNamespaceEcs,
		ResourceIds:       []string{scalableTargetID(f.cluster, f.service)},
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount,
	})
	if err != nil || len(out.ScalableTargets) == 0 || out.ScalableTargets[0].MinCapacity == nil {
		return -1
	}
	return int(*out.ScalableTargets[0].MinCapacity)
}

func (f *awsFleet) Snapshot(ctx context.Context) (Snapshot, error) {
	f.once.Do(func() { f.minTasks = f.readMinTasks(ctx) })
	s := Snapshot{MinTasks: f.minTasks}
	svc, err := f.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(f.cluster), Services: []string{f.service}})
	if err != nil {
		return s, err
	}
	if s.Desired, s.Running, s.Pending, err = serviceCounts(svc, f.service); err != nil {
		return s, err
	}
	groups, err := f.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: f.groups})
	if err != nil {
		return s, err
	}
	if s.InService, s.MinInstances, err = groupCounts(groups.AutoScalingGroups, f.groups); err != nil {
		return s, err
	}
	pages := ecs.NewListContainerInstancesPaginator(f.ecs, &ecs.ListContainerInstancesInput{
		Cluster: aws.String(f.cluster),
		Status:  ecstypes.ContainerInstanceStatusActive,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return s, err
		}
		s.Registered += len(page.ContainerInstanceArns)
	}
	return s, nil
}
