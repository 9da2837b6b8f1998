package main

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseOptionsDefaults(t *testing.T) {
	o, err := parseOptions(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Connections != 300 || o.Duration != 15*time.Minute || o.Timeout != 10*time.Second ||
		o.URLWait != 10*time.Minute || o.ScaleInWait != 50*time.Minute || o.Poll != 15*time.Second ||
		o.SettleWait != 45*time.Minute || o.Keep || o.AllowExisting || len(o.Contexts) != 0 || len(o.Skip) != 0 ||
		o.Release != "" || o.ReleaseWait != 40*time.Minute {
		t.Errorf("defaults: %+v", o)
	}
	if !reflect.DeepEqual(o.Limits, DefaultLimits()) {
		t.Errorf("limits %+v, want the table's defaults", o.Limits)
	}
	if w := o.Warnings(); len(w) != 0 {
		t.Errorf("the defaults warn: %q", w)
	}
}

func TestParseOptionsFlags(t *testing.T) {
	o, err := parseOptions([]string{
		"-context", "maxTasks=20", "-context", "natGateways=1",
		"-connections", "50", "-duration", "20m", "-keep", "-allow-existing",
		"-skip", "instances-out,instances-in", "-skip", "destroy",
		"-tasks-out-within", "6m", "-max-5xx", "0.5%", "-max-errors", "0.002",
		"-region", "eu-west-1", "-profile", "dev",
	}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o.Contexts, []string{"maxTasks=20", "natGateways=1"}) {
		t.Errorf("contexts %q", o.Contexts)
	}
	if o.Connections != 50 || o.Duration != 20*time.Minute || !o.Keep || !o.AllowExisting || o.Region != "eu-west-1" || o.Profile != "dev" {
		t.Errorf("options %+v", o)
	}
	if !reflect.DeepEqual(o.Skip, map[ClaimID]bool{ClaimInstancesOut: true, ClaimInstancesIn: true, ClaimDestroy: true}) {
		t.Errorf("skip %v", o.Skip)
	}
	if o.Limits[ClaimTasksOut].Duration != 6*time.Minute || o.Limits[Claim5xx].Fraction != 0.005 || o.Limits[ClaimErrors].Fraction != 0.002 {
		t.Errorf("limits %+v", o.Limits)
	}
	if o.Limits[ClaimDestroy] != specOf(ClaimDestroy).Default {
		t.Errorf("an unset threshold keeps its default: %+v", o.Limits[ClaimDestroy])
	}
}

func TestParseOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-context", "novalue"}, "want key=value"},
		{[]string{"-context", "=x"}, "want key=value"},
		{[]string{"-skip", "tasks-out,bogus"}, `unknown claim "bogus"`},
		{[]string{"-max-5xx", "2"}, "between 0 and 1"},
		{[]string{"-max-errors", "lots"}, "want a share"},
		{[]string{"-connections", "0"}, "-connections must be 1 to 20000"},
		{[]string{"-duration", "0s", "-poll", "-1s"}, "-duration must be above 0"},
		{[]string{"-destroy-within", "0s"}, "-destroy-within must be above 0"},
		{[]string{"-release", "linear"}, `-release must be canary or empty, got "linear"`},
		{[]string{"-release", "canary", "-context", "appVersion=3"}, "-context appVersion does not go with -release"},
		{[]string{"-release", "canary", "-release-wait", "0s"}, "-release-wait must be above 0"},
		{[]string{"deploy"}, `unexpected argument "deploy"`},
		{[]string{"-nope"}, "flag provided but not defined"},
	} {
		_, err := parseOptions(tc.args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
		}
	}
	// Every problem at once.
	_, err := parseOptions([]string{"-duration", "0s", "-poll", "-1s"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "-poll must be above 0") {
		t.Errorf("both problems: %v", err)
	}
}

func TestUsageNamesTheDestroyAndEveryThreshold(t *testing.T) {
	var out bytes.Buffer
	_, err := parseOptions([]string{"-h"}, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	usage := out.String()
	for _, want := range []string{
		"skips to cdk destroy", "unless -keep is set", "Ctrl-C a second time", "exits 2", "scripts/cdk bootstrap",
		"-connections", "-duration", "-context", "-keep", "-skip", "-release kind", "-release-wait",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
	for _, spec := range ClaimSpecs {
		if !strings.Contains(usage, "-"+spec.Flag) {
			t.Errorf("usage lacks the threshold flag -%s", spec.Flag)
		}
	}
}

func TestWarnings(t *testing.T) {
	o, err := parseOptions([]string{"-duration", "5m", "-scale-in-wait", "30m", "-url-wait", "1m"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(o.Warnings(), "\n")
	for _, want := range []string{
		"-url-wait 1m0s is shorter than -url-within 5m0s",
		"-duration 5m0s is shorter than -tasks-out-within 8m0s",
		"-duration 5m0s is shorter than -scale-out-alarm-within 6m0s",
		"-duration 5m0s is shorter than -instances-out-within 12m0s",
		"-scale-in-wait 30m0s is shorter than -instances-in-within 45m0s",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "tasks-in-within") {
		t.Errorf("30m covers tasks-in's 25m:\n%s", got)
	}
	o.Skip[ClaimInstancesIn] = true
	if strings.Contains(strings.Join(o.Warnings(), "\n"), "instances-in") {
		t.Error("a skipped claim does not warn")
	}

	// The release's bound, with -release only.
	o, err = parseOptions([]string{"-release", "canary", "-release-wait", "20m"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(o.Warnings(), "\n"), "-release-wait 20m0s is shorter than -release-done-within 30m0s: claim release-done may not be seen to pass"; got != want {
		t.Errorf("warnings %q, want %q", got, want)
	}
	if o, _ = parseOptions([]string{"-release-wait", "20m"}, &bytes.Buffer{}); len(o.Warnings()) != 0 {
		t.Errorf("without -release: %q", o.Warnings())
	}
	if o, _ = parseOptions([]string{"-release", "canary"}, &bytes.Buffer{}); len(o.Warnings()) != 0 {
		t.Errorf("the defaults warn: %q", o.Warnings())
	}
}
