package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Preflight is what the checks before the deploy found.
type Preflight struct {
	Config   aws.Config
	Account  string
	ARN      string
	RepoRoot string
	Stack    StackState
	// Notes are the quota checks' lines for the timeline.
	Notes []string
}

// preflightDeps are the preflight's ways out of the process.
type preflightDeps struct {
	loadConfig func(ctx context.Context) (aws.Config, error)
	identity   func(ctx context.Context, cfg aws.Config) (account, arn string, err error)
	stackState func(ctx context.Context, cfg aws.Config) (StackState, error)
	lookPath   func(file string) (string, error)
	getenv     func(key string) string
	getwd      func() (string, error)
	quotas     func(cfg aws.Config) quotaDeps
}

// The one-line answers of the preflight, each saying what to set.
const (
	noRegion = "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, a region in your AWS profile, or -region us-east-1)"
	credHelp = "set AWS_PROFILE (after `aws sso login` for an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or pass -profile"
)

// credentialProblem turns the SDK's long chain of a failed
// GetCallerIdentity into a short reason.
func credentialProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "ExpiredToken"), strings.Contains(msg, "expired"):
		return "the AWS credentials have expired"
	case strings.Contains(msg, "InvalidClientTokenId"), strings.Contains(msg, "SignatureDoesNotMatch"),
		strings.Contains(msg, "UnrecognizedClientException"):
		return "STS rejected the AWS credentials"
	case strings.Contains(msg, "failed to refresh cached credentials"), strings.Contains(msg, "get credentials"),
		strings.Contains(msg, "no EC2 IMDS role found"), strings.Contains(msg, "failed to retrieve credentials"),
		strings.Contains(msg, "AnonymousCredentials"):
		return "no AWS credentials found"
	case errors.Is(err, context.DeadlineExceeded):
		return "STS did not answer in time (no network, or no credentials)"
	}
	return "STS GetCallerIdentity failed: " + shortError(err)
}

// runPreflight checks, in order and before anything costs money: the
// region, the credentials (sts GetCallerIdentity), a Docker engine's CLI
// for the image build, the repository, that the stack is not already
// there, and that the Region's EC2 quotas leave room for it (checkQuotas).
// Each failure is one line that says what to do.
func runPreflight(ctx context.Context, o Options, d preflightDeps) (Preflight, error) {
	var p Preflight
	cfg, err := d.loadConfig(ctx)
	if err != nil {
		return p, fmt.Errorf("cannot load the AWS configuration: %s; %s", shortError(err), credHelp)
	}
	if cfg.Region == "" {
		return p, errors.New(noRegion)
	}
	p.Config = cfg
	idCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if p.Account, p.ARN, err = d.identity(idCtx, cfg); err != nil {
		return p, fmt.Errorf("%s (region %s): %s", credentialProblem(err), cfg.Region, credHelp)
	}
	docker := d.getenv("CDK_DOCKER")
	if docker == "" {
		docker = "docker"
	}
	if _, err := d.lookPath(docker); err != nil {
		return p, fmt.Errorf("no %s command: cdk deploy builds the app's image with a Docker engine; install one (or set CDK_DOCKER)", docker)
	}
	wd, err := d.getwd()
	if err == nil {
		p.RepoRoot, err = findRepoRoot(wd)
	}
	if err != nil {
		return p, err
	}
	if p.Stack, err = d.stackState(ctx, cfg); err != nil {
		return p, fmt.Errorf("cannot read stack %s in %s: %s", StackName, cfg.Region, shortError(err))
	}
	if err := existingStackProblem(p.Stack, o.AllowExisting, cfg.Region); err != nil {
		return p, err
	}
	quotaCtx, cancelQuotas := context.WithTimeout(ctx, time.Minute)
	defer cancelQuotas()
	if p.Notes, err = checkQuotas(quotaCtx, cfg.Region, o.Contexts, d.quotas(cfg)); err != nil {
		return p, err
	}
	return p, nil
}
