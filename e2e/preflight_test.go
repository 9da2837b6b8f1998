package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
)

func TestCredentialProblem(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found"), "no AWS credentials found"},
		{errors.New("operation error STS: GetCallerIdentity, https response error StatusCode: 403, api error ExpiredToken: The security token included in the request is expired"), "have expired"},
		{&smithy.GenericAPIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."}, "STS rejected"},
		{context.DeadlineExceeded, "did not answer in time"},
		{errors.New("dial tcp: lookup sts.us-east-1.amazonaws.com: no such host"), "STS GetCallerIdentity failed: dial tcp"},
	} {
		if got := credentialProblem(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("credentialProblem(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// okDeps is a preflight where everything is in place.
func okDeps(t *testing.T) preflightDeps {
	root := makeRepo(t)
	return preflightDeps{
		loadConfig: func(context.Context) (aws.Config, error) { return aws.Config{Region: "us-east-1"}, nil },
		identity: func(context.Context, aws.Config) (string, string, error) {
			return "123456789012", "arn:aws:iam::123456789012:user/me", nil
		},
		stackState: func(context.Context, aws.Config) (StackState, error) { return StackState{}, nil },
		lookPath:   func(f string) (string, error) { return "/usr/bin/" + f, nil },
		getenv:     func(string) string { return "" },
		getwd:      func() (string, error) { return filepath.Join(root, "e2e"), nil },
		quotas:     func(aws.Config) quotaDeps { return roomy().deps() },
	}
}

func TestRunPreflight(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    Options
		breakIt func(*preflightDeps)
		want    string // "" for success
	}{
		{name: "everything in place"},
		{name: "no region", breakIt: func(d *preflightDeps) {
			d.loadConfig = func(context.Context) (aws.Config, error) { return aws.Config{}, nil }
			d.identity = func(context.Context, aws.Config) (string, string, error) { panic("STS called without a region") }
		}, want: "no AWS region: set AWS_REGION"},
		{name: "a broken profile", breakIt: func(d *preflightDeps) {
			d.loadConfig = func(context.Context) (aws.Config, error) {
				return aws.Config{}, errors.New("failed to get shared config profile, dev")
			}
		}, want: "cannot load the AWS configuration: failed to get shared config profile, dev; set AWS_PROFILE"},
		{name: "no credentials", breakIt: func(d *preflightDeps) {
			d.identity = func(context.Context, aws.Config) (string, string, error) {
				return "", "", errors.New("get credentials: failed to refresh cached credentials, no EC2 IMDS role found")
			}
			d.lookPath = func(string) (string, error) { panic("went past the credentials") }
		}, want: "no AWS credentials found (region us-east-1): set AWS_PROFILE"},
		{name: "no docker", breakIt: func(d *preflightDeps) {
			d.lookPath = func(string) (string, error) { return "", errors.New("not found") }
		}, want: "no docker command"},
		{name: "CDK_DOCKER names the engine", breakIt: func(d *preflightDeps) {
			d.getenv = func(k string) string {
				if k == "CDK_DOCKER" {
					return "finch"
				}
				return ""
			}
			d.lookPath = func(f string) (string, error) {
				if f != "finch" {
					return "", errors.New("not found")
				}
				return "/usr/bin/finch", nil
			}
		}},
		{name: "outside the repository", breakIt: func(d *preflightDeps) {
			dir := t.TempDir()
			d.getwd = func() (string, error) { return dir, nil }
		}, want: "no scripts/cdk and cdk.json"},
		{name: "the stack exists", breakIt: func(d *preflightDeps) {
			d.stackState = func(context.Context, aws.Config) (StackState, error) {
				return StackState{Exists: true, Status: "CREATE_COMPLETE"}, nil
			}
		}, want: "already exists in us-east-1 (CREATE_COMPLETE)"},
		{name: "the stack exists, allowed", opts: Options{AllowExisting: true}, breakIt: func(d *preflightDeps) {
			d.stackState = func(context.Context, aws.Config) (StackState, error) {
				return StackState{Exists: true, Status: "CREATE_COMPLETE"}, nil
			}
		}},
		{name: "CloudFormation denied", breakIt: func(d *preflightDeps) {
			d.stackState = func(context.Context, aws.Config) (StackState, error) { return StackState{}, errors.New("AccessDenied") }
		}, want: "cannot read stack HostNameService in us-east-1: AccessDenied"},
		{name: "quotas in the way", opts: Options{Contexts: []string{"maxAzs=3"}},
			want: "not enough Elastic IPs in us-east-1: the stack's 3 NAT gateway(s) (one per zone, -context maxAzs=3) need 3"},
		{name: "quotas not readable", breakIt: func(d *preflightDeps) {
			d.quotas = func(aws.Config) quotaDeps {
				w := roomy()
				w.sqErr = &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized to perform: servicequotas:GetServiceQuota"}
				return w.deps()
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := okDeps(t)
			if tc.breakIt != nil {
				tc.breakIt(&d)
			}
			p, err := runPreflight(context.Background(), tc.opts, d)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p.Account != "123456789012" || p.Config.Region != "us-east-1" || !isFile(filepath.Join(p.RepoRoot, "cdk.json")) {
					t.Errorf("preflight %+v", p)
				}
				// A note per quota check, checked or skipped.
				if len(p.Notes) != 2 || !strings.HasPrefix(p.Notes[0], "quota") {
					t.Errorf("quota notes %q", p.Notes)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
		})
	}
}

// The real configuration loader, with no region anywhere: the one-line
// answer, before any call to AWS.
func TestRunWithoutRegionExits2(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	var stdout, stderr strings.Builder
	code := run(nil, &stdout, &stderr)
	if code != ExitSetup {
		t.Errorf("exit code %d, want %d", code, ExitSetup)
	}
	want := "e2e: " + noRegion + "; nothing was deployed\n"
	if stderr.String() != want || stdout.String() != "" {
		t.Errorf("stderr %q\nwant %q; stdout %q", stderr.String(), want, stdout.String())
	}
}

func TestRunFlagErrorsExit2AndHelpExits0(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run([]string{"-connections", "x"}, &stdout, &stderr); code != ExitSetup {
		t.Errorf("a bad flag: exit %d", code)
	}
	stderr.Reset()
	if code := run([]string{"-h"}, &stdout, &stderr); code != ExitPass || !strings.Contains(stderr.String(), "Usage: scripts/e2e") {
		t.Errorf("-h: exit %d, %q", code, stderr.String())
	}
}
