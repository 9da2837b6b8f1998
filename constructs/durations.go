package ecsec2

import (
	"math"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// The durations this package makes, with their seconds: a default is made
// once and its seconds are read in Go, not through jsii, where props are
// validated and timings computed. Durations are immutable values, shared
// freely.
var (
	durationsMu     sync.Mutex
	durationsByTime = map[float64]awscdk.Duration{}
	durationSeconds = map[awscdk.Duration]float64{}
)

// seconds is the duration of s seconds.
func seconds(s float64) awscdk.Duration {
	durationsMu.Lock()
	defer durationsMu.Unlock()
	d, ok := durationsByTime[s]
	if !ok {
		d = awscdk.Duration_Seconds(jsii.Number(s))
		durationsByTime[s], durationSeconds[d] = d, s
	}
	return d
}

// orSeconds is d, or the duration of s seconds when d is unset.
func orSeconds(d awscdk.Duration, s float64) awscdk.Duration {
	if d == nil {
		return seconds(s)
	}
	return d
}

// secondsOf is d in seconds, fractions kept, and false when d is unset or
// an unresolved token.
func secondsOf(d awscdk.Duration) (float64, bool) {
	if d == nil {
		return 0, false
	}
	durationsMu.Lock()
	s, ours := durationSeconds[d]
	durationsMu.Unlock()
	if ours {
		return s, true
	}
	if *d.IsUnresolved() {
		return 0, false
	}
	return *d.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)}), true
}

// wholeSeconds is d in whole seconds, as CDK's toSeconds() gives it; d is
// known (validated, or a default).
func wholeSeconds(d awscdk.Duration) float64 {
	if s, ours := secondsOf(d); ours {
		return math.Floor(s)
	}
	return *d.ToSeconds(nil)
}
