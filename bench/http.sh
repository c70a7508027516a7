#!/usr/bin/env bash
# Requests/s through the suite's Http against the reference: pooled connections versus a fresh TLS connection per
# request (Connection: close, the behaviour before pooling).   bench/http.sh [REQUESTS] [THREADS]   (200, 4)
set -euo pipefail
cd "$(dirname "$0")/.."
./run-suite.sh list-flaws >/dev/null
mvn -B -o -q test-compile
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/classes:target/test-classes:$(cat target/runtime-classpath.txt)" org.hitcert.bench.HttpReuseBench "${1:-200}" "${2:-4}"
