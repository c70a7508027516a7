#!/usr/bin/env bash
# Several candidates in one invocation: wall time of one reference candidate versus K reference candidates
# certified concurrently by one JVM (default K=4; target: at most 2.5 times the time of one), each a cold JVM,
# median of RUNS runs (default 5). Also prints each side's peak RSS, per-area time and verdict differences.
#   bench/multi.sh [RUNS] [K] [run-suite.sh arguments...]     e.g. bench/multi.sh 3 4 --max-browsers 8
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
k=${2:-4}
shift $(( $# < 2 ? $# : 2 ))
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
median() { sed -n 's/^median wall of .* cold runs: \([0-9.]*\) s.*/\1/p' "$1"; }
echo "== 1 reference candidate, $runs run(s)"
bench/scale.sh "$runs" "$@" | tee "$logs/one" || true   # a flake is reported above; the timing still counts
one=$(median "$logs/one")
many_args=()
for _ in $(seq 1 "$k"); do many_args+=(--candidate fixtures/candidates/reference.yaml); done
echo "== $k reference candidates in one invocation, $runs run(s)"
bench/scale.sh "$runs" "${many_args[@]}" "$@" | tee "$logs/many" || true
many=$(median "$logs/many")
if [ -z "$one" ] || [ -z "$many" ]; then
  echo "multi: a side produced no median (see above)" >&2
  exit 1
fi
cpu() { sed -n 's/^median CPU of the suite JVM: \([0-9.]*\) s.*/\1/p' "$1"; }
awk -v a="$one" -v b="$many" -v k="$k" -v ca="$(cpu "$logs/one")" -v cb="$(cpu "$logs/many")" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  r = b / a
  printf "1 candidate: %.2f s; %d candidates: %.2f s; ratio %.2f (target <= 2.5: %s); load average now %s\n",
         a, k, b, r, (r <= 2.5 ? "met" : "NOT met"), load
  if (ca > 0) printf "suite JVM CPU: %.1f s for 1, %.1f s for %d (%.2f x; a loaded machine stretches wall time, not this)\n", ca, cb, k, cb / ca
}'
