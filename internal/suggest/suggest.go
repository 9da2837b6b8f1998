// Package suggest finds what a mistyped name probably meant, for the
// messages of the constructs and the stack.
package suggest

import "strings"

// Closest is the candidate nearest to typed, case aside, within limit edits
// (Levenshtein distance), or "" when none is that near; of equally near
// ones, the first.
func Closest(typed string, candidates []string, limit int) string {
	best, bestDistance := "", limit+1
	for _, c := range candidates {
		if d := Distance(strings.ToLower(typed), strings.ToLower(c)); d < bestDistance {
			best, bestDistance = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of bytes that turn one into the
// other.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
