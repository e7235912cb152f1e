#!/usr/bin/env bash
# The tests with the coverage gate, as CI runs them (and the platform's policy check): go vet, then
# every package's tests with coverage, failing under MIN_COVERAGE percent of statements (90).
# GO names the go command when it is not the one on PATH; COVERPROFILE keeps the profile.
set -euo pipefail

go_cmd="${GO:-go}"
min_coverage="${MIN_COVERAGE:-90}"
profile="${COVERPROFILE:-coverage.out}"

"$go_cmd" vet ./...
"$go_cmd" test -count=1 -covermode=atomic -coverprofile="$profile" ./...

total="$("$go_cmd" tool cover -func="$profile" | awk '/^total:/ { sub(/%/, "", $NF); print $NF }')"
echo "total coverage: ${total}% of statements (minimum ${min_coverage}%)"
if ! awk -v total="$total" -v min="$min_coverage" 'BEGIN { exit !(total >= min) }'; then
  echo "coverage ${total}% is below the minimum of ${min_coverage}%" >&2
  exit 1
fi
