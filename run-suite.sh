#!/usr/bin/env bash
# hitcert: certify a Health IT RESTful API against a YAML plan.
#   ./run-suite.sh                      certify the built-in reference candidate with test-plans/tss-2015.yaml
#   ./run-suite.sh --candidate FILE     certify your server (see README.md)
#   ./run-suite.sh init --issuer URL     write a starter candidate file from what your server publishes
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
# Class data sharing: the first certification after a build records the classes it loaded in $jsa, and later
# certifications map them instead of loading and verifying them again (about 2 CPU-s less per run). The other
# commands neither record nor use it. A stale or damaged archive is ignored silently (the logs are off) and replaced
# once the jar or the classpath is newer than it.
jsa=target/hitcert.jsa
cds=(-Xshare:auto)
record=""
case "${1:-}" in
  list-checks|list-flaws|reference|verify|diff|init|-h|--help|-V|--version) ;;
  *)
    if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ] && [ "$jsa" -nt "$classpath" ]; then
      cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    else
      record="$jsa.$$"
      cds=(-XX:ArchiveClassesAtExit="$record" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi ;;
esac
# a terminal gets a live progress line (the JVM may run in the background below, its own stdin then not a terminal)
if [ -t 1 ]; then export HITCERT_LIVE=1; fi
run=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "${cds[@]}" -cp "$jar:$(cat "$classpath")" org.hitcert.cli.Main "$@")
if [ -z "$record" ]; then
  exec "${run[@]}"
fi
# run in the background so that a signal to this script (Ctrl-C, a CI time-out) reaches the JVM: exec is not used
# here because the archive is moved into place after the JVM exits
"${run[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' INT TERM HUP
set +e
wait "$pid"
code=$?
while kill -0 "$pid" 2>/dev/null; do # a trapped signal ends the first wait before the JVM has exited
  wait "$pid"
  code=$?
done
set -e
trap - INT TERM HUP
if [ -s "$record" ] && [ "$code" -le 1 ]; then # a run that ended with a verdict: it loaded what a run loads
  mv -f "$record" "$jsa"
else
  rm -f "$record"
fi
exit "$code"
