#!/usr/bin/env bash
# Flake hunt: N consecutive full certifications of the reference candidate (default 20), each a cold JVM; prints
# every run's wall time and, for any check whose verdict differed from the first run's, both verdicts with their
# reasons. Exit 0 when every run gave identical verdicts, 1 otherwise.
#   bench/flakes.sh [N] [run-suite.sh arguments...]     e.g. bench/flakes.sh 20 --parallel 4
# The timing and comparison are bench/scale.sh's (median wall, per-area time, p50/p95, RSS come with it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
exec bench/scale.sh "$runs" "$@"
