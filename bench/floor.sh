#!/usr/bin/env bash
# The floor: the same authorization-code flow N times through the suite (CodeFlow) and by a bare Selenium + JDK
# HttpClient loop, interleaved, against the reference; prints both medians and the ratio suite / bare.
#   bench/floor.sh [N]     (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
./run-suite.sh list-flaws >/dev/null
mvn -B -o -q test-compile
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/classes:target/test-classes:$(cat target/runtime-classpath.txt)" org.hitcert.bench.FlowFloorBench "${1:-10}"
