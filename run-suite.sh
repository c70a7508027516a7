#!/usr/bin/env bash
# hitcert: certify a Health IT RESTful API against a YAML plan.
#   ./run-suite.sh                      certify the built-in reference candidate with test-plans/tss-2015.yaml
#   ./run-suite.sh --candidate FILE     certify your server (see README.md)
#   ./run-suite.sh list-checks | list-flaws | reference | --help
# Builds first when sources are newer than the jar. Exit: 0 certified, 1 not certified, 2 bad input,
# 3 candidate unreachable.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/hitcert.jar
classpath=target/runtime-classpath.txt
if [ ! -f "$jar" ] || [ ! -f "$classpath" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
  echo "hitcert: building (sources are newer than $jar)..." >&2
  if ! mvn -B -q -DskipTests package >&2; then
    echo "hitcert: the build failed; see the Maven output above" >&2
    exit 2
  fi
fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
  -cp "$jar:$(cat "$classpath")" org.hitcert.cli.Main "$@"
