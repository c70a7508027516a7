#!/usr/bin/env bash
# Benchmark: wall time of a full certification of the reference candidate (tss-2015 plan, Chromium),
# each run a cold JVM through ./run-suite.sh. Prints every run and the median.
#   bench/full-run.sh [RUNS] [extra run-suite.sh arguments...]     (default 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./run-suite.sh list-flaws >/dev/null   # build once, outside the timings
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  set +e
  ./run-suite.sh --out "$out" "$@" >"$out/console-$i.txt" 2>&1
  code=$?
  set -e
  end=$(date +%s.%N)
  t=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  checks=$(grep -cE '^(PASS|FAIL|ERROR|INCONCLUSIVE|NOT_APPLICABLE) +TSS-' "$out/console-$i.txt" || true)
  printf 'run %d: %.2f s, exit %d, %d checks decided\n' "$i" "$t" "$code" "$checks"
  times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
printf 'median of %d cold runs: %.2f s\n' "$runs" "$median"
