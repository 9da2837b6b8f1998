package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Options are the command line.
type Options struct {
	Contexts      []string
	Connections   int
	Duration      time.Duration // of the load
	Timeout       time.Duration // of one request
	URLWait       time.Duration // bound of the URL phase
	ScaleInWait   time.Duration // bound of the scale-in phase, from the load's end
	SettleWait    time.Duration // bound of waiting for CloudFormation before a destroy
	Release       string        // "" or canary
	ReleaseWait   time.Duration // bound of the release phase, from its cdk deploy's start
	Poll          time.Duration
	Keep          bool
	AllowExisting bool
	Region        string
	Profile       string
	Skip          map[ClaimID]bool
	Limits        map[ClaimID]Limit
}

// contextFlag collects repeated -context key=value.
type contextFlag struct{ values *[]string }

func (c contextFlag) String() string {
	if c.values == nil {
		return ""
	}
	return strings.Join(*c.values, " ")
}

func (c contextFlag) Set(v string) error {
	key, _, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(key) == "" || strings.ContainsAny(key, " \t") {
		return fmt.Errorf("want key=value, as in -context maxTasks=20, got %q", v)
	}
	*c.values = append(*c.values, v)
	return nil
}

// skipFlag collects claim ids, comma-separated or repeated.
type skipFlag struct{ ids map[ClaimID]bool }

func (s skipFlag) String() string {
	var ids []string
	for _, spec := range ClaimSpecs {
		if s.ids[spec.ID] {
			ids = append(ids, string(spec.ID))
		}
	}
	return strings.Join(ids, ",")
}

func (s skipFlag) Set(v string) error {
	for _, id := range strings.Split(v, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		known := false
		for _, spec := range ClaimSpecs {
			known = known || string(spec.ID) == id
		}
		if !known {
			return fmt.Errorf("unknown claim %q (claims: %s)", id, claimIDs())
		}
		s.ids[ClaimID(id)] = true
	}
	return nil
}

// fractionValue is a share, given as 0.001 or 0.1%.
type fractionValue struct{ f *float64 }

func (v fractionValue) String() string {
	if v.f == nil {
		return ""
	}
	return fmt.Sprint(*v.f)
}

func (v fractionValue) Set(s string) error {
	s = strings.TrimSpace(s)
	scale := 1.0
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 0.01
	}
	var f float64
	if _, err := fmt.Sscanf(s, "%g", &f); err != nil {
		return fmt.Errorf("want a share such as 0.001 or 0.1%%, got %q", s)
	}
	f *= scale
	if f < 0 || f > 1 {
		return fmt.Errorf("a share is between 0 and 1 (0%% and 100%%), got %g", f)
	}
	*v.f = f
	return nil
}

const usageHead = `Usage: scripts/e2e [flags]

Checks the README's claims in your own AWS account, at your cost (see
e2e/README.md: about an hour of the stack, well under 1 USD at us-east-1
prices): deploys the HostNameService stack with the pinned CDK CLI, waits
for its URL, loads it for -duration with -connections keep-alive
connections (the blog post's wrk -t4 -c300), watches the tasks and the
instances scale out and, with no request at all after the load (scale-in
waits for 15 quiet minutes), back in, then runs cdk destroy and prints a
timeline and a table of claims with PASS, FAIL or SKIPPED. With -release
canary, it also releases a new revision by ECS's canary deployment once the
URL answers (about 25 minutes more, on m6i.large instances), and records
the traffic split, the rollback alarms and the release's end.

If a phase fails, or on Ctrl-C, the run skips to cdk destroy, so a failed
run leaves no bill behind, unless -keep is set. Ctrl-C a second time
abandons the destroy (then run scripts/cdk destroy HostNameService
yourself). Without credentials or a region, or when the Region's EC2
quotas leave no room for the stack (Elastic IPs for its NAT gateways,
vCPUs for maxInstances instances), it says so and exits 2 before doing
anything. Exit code: 0 if every claim passed, 1 if not, 2 for a setup
problem, 130 after Ctrl-C.

Needs AWS credentials and a region (AWS_PROFILE or AWS_ACCESS_KEY_ID...,
AWS_REGION), a Docker engine for the image build, and a bootstrapped
account and region (scripts/cdk bootstrap).

Flags:
`

// parseOptions parses the command line; flag's own errors (and -h) come
// back as errors, with the usage written to out.
func parseOptions(args []string, out io.Writer) (Options, error) {
	o := Options{Skip: map[ClaimID]bool{}, Limits: DefaultLimits()}
	fs := flag.NewFlagSet("e2e", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Var(contextFlag{&o.Contexts}, "context", "CDK context `key=value` for deploy and destroy, as -c (repeatable): -context maxTasks=20")
	fs.IntVar(&o.Connections, "connections", 300, "keep-alive connections of the load (wrk -c)")
	// 15 minutes leaves room past the instances' scale-out threshold.
	fs.DurationVar(&o.Duration, "duration", 15*time.Minute, "how long the load runs; long enough for tasks, then instances, to scale out")
	fs.DurationVar(&o.Timeout, "timeout", 10*time.Second, "timeout of one request")
	fs.DurationVar(&o.URLWait, "url-wait", 10*time.Minute, "how long to wait, after the deploy, for the URL to answer 200")
	fs.DurationVar(&o.ScaleInWait, "scale-in-wait", 50*time.Minute, "how long to wait, after the load, for tasks and instances to return to their minimums")
	fs.DurationVar(&o.SettleWait, "settle-wait", 45*time.Minute, "how long to wait for a CloudFormation operation in progress before destroying")
	fs.StringVar(&o.Release, "release", "", "`kind` of release to run once the URL answers: canary, a second cdk deploy with a new appVersion that ECS releases by its canary deployment "+
		"(adds the context deploymentStrategy=canary and, unless set, networkMode=awsvpc, instanceType=m6i.large, awsvpcTrunking=true; then appVersion 1, and 2 for the release); empty: none")
	// The README's 20m55s for a canary release at the defaults, with margin
	// for CloudFormation's and ECS's own steps.
	fs.DurationVar(&o.ReleaseWait, "release-wait", 40*time.Minute, "how long the release's cdk deploy may take: the README's 20m55s for a canary at the defaults, plus CloudFormation's and ECS's own steps, with margin")
	fs.DurationVar(&o.Poll, "poll", 15*time.Second, "interval of the ECS and Auto Scaling polls, and of the release's")
	fs.BoolVar(&o.Keep, "keep", false, "leave the stack running at the end and after a failure or Ctrl-C (it costs money until you run scripts/cdk destroy)")
	fs.BoolVar(&o.AllowExisting, "allow-existing", false, "deploy over a HostNameService stack that already exists (and destroy it at the end)")
	fs.StringVar(&o.Region, "region", "", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)")
	fs.StringVar(&o.Profile, "profile", "", "AWS profile (default: AWS_PROFILE or default)")
	fs.Var(skipFlag{o.Skip}, "skip", "claims to report as SKIPPED, comma-separated, from "+claimIDs()+"; skipping tasks-in and instances-in skips the scale-in wait")
	// The thresholds, one flag each, from the table in claims.go.
	durations := map[ClaimID]*time.Duration{}
	fractions := map[ClaimID]*float64{}
	for _, spec := range ClaimSpecs {
		help := fmt.Sprintf("threshold of %q: %s", spec.Text, spec.Why)
		if spec.Kind == MaxFraction {
			f := spec.Default.Fraction
			fractions[spec.ID] = &f
			fs.Var(fractionValue{&f}, spec.Flag, help)
			continue
		}
		d := new(time.Duration)
		durations[spec.ID] = d
		fs.DurationVar(d, spec.Flag, spec.Default.Duration, help)
	}
	fs.Usage = func() {
		fmt.Fprint(out, usageHead)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (flags only; -h lists them)", fs.Arg(0))
	}
	for id, d := range durations {
		o.Limits[id] = Limit{Duration: *d}
	}
	for id, f := range fractions {
		o.Limits[id] = Limit{Fraction: *f}
	}
	if err := o.validate(); err != nil {
		return o, err
	}
	if o.Release != "" {
		o.Contexts = releaseContexts(o.Contexts)
	}
	return o, nil
}

// validate checks the values flag cannot: every bound and threshold above
// zero, at least one connection, a release this command knows, whose
// appVersion it sets itself.
func (o Options) validate() error {
	var errs []error
	positive := func(name string, d time.Duration) {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("-%s must be above 0, got %s", name, d))
		}
	}
	if o.Connections < 1 || o.Connections > 20000 {
		errs = append(errs, fmt.Errorf("-connections must be 1 to 20000, got %d", o.Connections))
	}
	positive("duration", o.Duration)
	positive("timeout", o.Timeout)
	positive("url-wait", o.URLWait)
	positive("scale-in-wait", o.ScaleInWait)
	positive("settle-wait", o.SettleWait)
	positive("poll", o.Poll)
	positive("release-wait", o.ReleaseWait)
	if o.Release != "" && o.Release != releaseCanary {
		errs = append(errs, fmt.Errorf("-release must be %s or empty, got %q", releaseCanary, o.Release))
	}
	if _, set := contextValues(o.Contexts)["appVersion"]; set && o.Release != "" {
		errs = append(errs, errors.New("-context appVersion does not go with -release, which sets it: 1 for the deploy, 2 for the release"))
	}
	for _, spec := range ClaimSpecs {
		if spec.Kind == MaxDuration {
			positive(spec.Flag, o.Limits[spec.ID].Duration)
		}
	}
	return errors.Join(errs...)
}

// Warnings are settings that make a claim unable to pass: a bound of a
// wait shorter than the threshold measured within it.
func (o Options) Warnings() []string {
	var w []string
	check := func(bound string, b time.Duration, id ClaimID) {
		spec := specOf(id)
		if o.Skip[id] {
			return
		}
		if l := o.Limits[id].Duration; b < l {
			w = append(w, fmt.Sprintf("-%s %s is shorter than -%s %s: claim %s may not be seen to pass", bound, b, spec.Flag, l, id))
		}
	}
	check("url-wait", o.URLWait, ClaimURL)
	check("duration", o.Duration, ClaimTasksOut)
	check("duration", o.Duration, ClaimScaleOutAlarm)
	check("duration", o.Duration, ClaimInstancesOut)
	check("scale-in-wait", o.ScaleInWait, ClaimTasksIn)
	check("scale-in-wait", o.ScaleInWait, ClaimInstancesIn)
	if o.Release != "" {
		check("release-wait", o.ReleaseWait, ClaimReleaseSplit)
		check("release-wait", o.ReleaseWait, ClaimReleaseDone)
	}
	return w
}
