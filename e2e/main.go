// Command e2e checks the README's claims about the HostNameService stack in
// the user's own AWS account: it deploys the stack with the pinned CDK CLI,
// waits for its URL, loads it as the blog post's `wrk -t4 -c300` does,
// watches tasks and instances scale out and back in, destroys the stack and
// prints a timeline and a table of claims. scripts/e2e runs it; -h lists
// the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitPass
	}
	if err != nil {
		fmt.Fprintln(stderr, "e2e:", err)
		return ExitSetup
	}

	// The first Ctrl-C (or SIGTERM) ends the phase under way and goes to the
	// destroy; the second abandons the destroy; the third exits at once.
	runCtx, stopRun := context.WithCancel(context.Background())
	defer stopRun()
	destroyCtx, stopDestroy := context.WithCancel(context.Background())
	defer stopDestroy()
	signals := make(chan os.Signal, 3)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	var live atomic.Pointer[Timeline] // set once the run starts
	go func() {
		for n := 1; ; n++ {
			<-signals
			switch n {
			case 1:
				stopRun()
				if tl := live.Load(); tl != nil {
					if opts.Keep {
						tl.Add("signal", "interrupted: stopping; -keep, so the stack stays")
					} else {
						tl.Add("signal", "interrupted: stopping, then destroying the stack (interrupt again to abandon the destroy)")
					}
				}
			case 2:
				stopDestroy()
			default:
				os.Exit(ExitInterrupted)
			}
		}
	}()

	pre, err := runPreflight(runCtx, opts, realPreflightDeps(opts))
	if err != nil {
		fmt.Fprintf(stderr, "e2e: %s; nothing was deployed\n", err)
		return ExitSetup
	}

	tl := NewTimeline(time.Now, stdout)
	live.Store(tl)
	tl.Add(PhasePreflight, "account %s as %s, region %s, repository %s", pre.Account, pre.ARN, pre.Config.Region, pre.RepoRoot)
	for _, n := range pre.Notes {
		tl.Add(PhasePreflight, "%s", n)
	}
	if pre.Stack.Exists {
		tl.Add(PhasePreflight, "stack %s already exists (%s): -allow-existing, deploying over it", StackName, pre.Stack.Status)
	}
	for _, w := range opts.Warnings() {
		tl.Add(PhasePreflight, "warning: %s", w)
	}
	if opts.Keep {
		tl.Add(PhasePreflight, "-keep: the stack stays at the end, and after a failure; it costs money until scripts/cdk destroy %s", StackName)
	}

	tmp, err := os.MkdirTemp("", "ecsec2-e2e-")
	if err != nil {
		fmt.Fprintf(stderr, "e2e: %s; nothing was deployed\n", err)
		return ExitSetup
	}
	defer os.RemoveAll(tmp)

	cfg := pre.Config
	cfn := cloudformation.NewFromConfig(cfg)
	ecsClient := ecs.NewFromConfig(cfg)
	asgClient := autoscaling.NewFromConfig(cfg)
	aasClient := applicationautoscaling.NewFromConfig(cfg)
	cwClient := cloudwatch.NewFromConfig(cfg)
	elbClient := elasticloadbalancingv2.NewFromConfig(cfg)
	r := &Runner{
		Opts: opts,
		TL:   tl,
		CDK: cdkCLI{
			root: pre.RepoRoot,
			env:  childEnv(os.Environ(), cfg.Region, opts.Profile),
			out:  newPrefixWriter(stderr, "  cdk | "),
		},
		Stacks: awsStacks{cfn: cfn, name: StackName},
		NewFleet: func(out Outputs, groups []string) Fleet {
			return &awsFleet{ecs: ecsClient, asg: asgClient, aas: aasClient, cluster: out.ClusterName, service: out.ServiceName, groups: groups}
		},
		NewAlarms: func(out Outputs) Alarms {
			return awsAlarms{aas: aasClient, cw: cwClient, cluster: out.ClusterName, service: out.ServiceName}
		},
		NewRollout: func(out Outputs, rule string) Rollout {
			return awsRollout{elb: elbClient, ecs: ecsClient, cw: cwClient, rule: rule, cluster: out.ClusterName, service: out.ServiceName}
		},
		Probe: httpProbe(opts.Timeout),
		NewLoader: func(url string) Loader {
			g := NewGenerator(url, opts.Connections, opts.Timeout)
			// A bound of its own, on top of the runner's clock.
			g.MaxDuration = opts.Duration + time.Minute
			return g
		},
		ReadFile:      os.ReadFile,
		OutputsFile:   filepath.Join(tmp, "outputs.json"),
		Sleep:         sleepCtx,
		ProbeEvery:    5 * time.Second,
		ProgressEvery: time.Minute,
	}
	m := r.Run(runCtx, destroyCtx)
	return Report(stdout, tl, m, opts.Limits)
}

// realPreflightDeps are the preflight's calls to AWS and the machine.
func realPreflightDeps(o Options) preflightDeps {
	return preflightDeps{
		loadConfig: func(ctx context.Context) (aws.Config, error) {
			var load []func(*config.LoadOptions) error
			if o.Region != "" {
				load = append(load, config.WithRegion(o.Region))
			}
			if o.Profile != "" {
				load = append(load, config.WithSharedConfigProfile(o.Profile))
			}
			return config.LoadDefaultConfig(ctx, load...)
		},
		identity: func(ctx context.Context, cfg aws.Config) (string, string, error) {
			out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if err != nil {
				return "", "", err
			}
			return aws.ToString(out.Account), aws.ToString(out.Arn), nil
		},
		stackState: func(ctx context.Context, cfg aws.Config) (StackState, error) {
			return awsStacks{cfn: cloudformation.NewFromConfig(cfg), name: StackName}.State(ctx)
		},
		lookPath: exec.LookPath,
		getenv:   os.Getenv,
		getwd:    os.Getwd,
		quotas: func(cfg aws.Config) quotaDeps {
			return awsQuotas{sq: servicequotas.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg)}.deps()
		},
	}
}
