#!/usr/bin/env bash
# Benchmark of a full certification of the reference candidate (tss-2015, Chromium), each run a cold JVM:
# wall time (every run and the median), per-area time, per-check p50/p95 (report.json timings), browser
# sessions started, peak RSS of the suite's JVM (VmHWM; browser processes excluded), load average.
#   bench/scale.sh [RUNS] [run-suite.sh arguments...]      e.g. bench/scale.sh 5 --parallel 1
# Verdicts of every run are compared: any difference is printed as a flake, with both reasons, and the script
# exits 1. Several candidates per run (--candidate given more than once) are told apart by their report folder's
# label; bench/multi.sh and bench/flakes.sh build on this script.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./run-suite.sh list-flaws >/dev/null   # build once, outside the timings
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); args: $*"
for i in $(seq 1 "$runs"); do
  mkdir -p "$out/$i"
  start=$(date +%s.%N)
  set +e
  ./run-suite.sh --out "$out/$i" "$@" >"$out/console-$i.txt" 2>&1 &
  pid=$!   # run-suite.sh execs java: this is the suite's JVM
  hwm=0
  cpu=0
  while kill -0 "$pid" 2>/dev/null; do
    # except the first certification after a build, whose JVM is run-suite.sh's child (it records the class archive)
    jvm=$(pgrep -P "$pid" -x java | head -1 || true)
    jvm=${jvm:-$pid}
    if [ "$(cat "/proc/$jvm/comm" 2>/dev/null)" != java ]; then
      sleep 0.2
      continue
    fi
    v=$(awk '/^VmHWM/ {print $2}' "/proc/$jvm/status" 2>/dev/null || true)
    [ -n "$v" ] && hwm=$v
    # CPU seconds of the suite JVM (utime + stime; browsers excluded), a figure the machine's other load barely moves
    t=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$jvm/stat" 2>/dev/null || true)
    [ -n "$t" ] && cpu=$t
    sleep 0.2
  done
  wait "$pid"
  code=$?
  set -e
  end=$(date +%s.%N)
  echo "$hwm" > "$out/$i/hwm"
  echo "$cpu" > "$out/$i/cpu"
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}' > "$out/$i/wall"
  printf 'run %d: %.2f s wall, %.1f s JVM CPU, exit %d, peak RSS %d MB, load %s\n' "$i" "$(cat "$out/$i/wall")" "$cpu" "$code" "$((hwm / 1024))" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
python3 - "$out" "$runs" <<'PY'
import json, glob, math, os, re, statistics, sys, collections
out, runs = sys.argv[1], int(sys.argv[2])
walls, verdicts, areas, durs, browsers, hwms, cpus = [], [], collections.defaultdict(list), [], [], [], []
for i in range(1, runs + 1):
    walls.append(float(open(f"{out}/{i}/wall").read()))
    cpus.append(float(open(f"{out}/{i}/cpu").read()))
    hwms.append(int(open(f"{out}/{i}/hwm").read()) / 1024)
    files = sorted(glob.glob(f"{out}/{i}/*/report.json"))
    if not files:
        print(f"run {i}: no report"); verdicts.append({}); continue
    v, per_area = {}, collections.Counter()
    for f in files:
        label = re.sub(r"^\d{8}-\d{6}-", "", os.path.basename(os.path.dirname(f)))
        prefix = label + " " if len(files) > 1 else ""
        r = json.load(open(f))
        browsers.append(r["run"]["environment"].get("browsers-started", "?"))
        if not r["overall"]["certified"]:
            for c in r["considerations"]:
                for q in c["requirements"]:
                    if q.get("blocking"):
                        print(f"run {i}: {label} NOT CERTIFIED by {c['id']}/{q['id']} {q.get('verdict')}: {(q.get('reason') or '')[:300]}")
        for c in r["considerations"]:
            for q in c["requirements"]:
                for ch in q.get("checks", []):
                    v[prefix + ch["uniqueId"]] = (ch["verdict"], ch.get("reason") or "")
                    durs.append(ch["durationMs"])
                    per_area[ch["checkId"].split(".")[0]] += ch["durationMs"]
    verdicts.append(v)
    for a, ms in per_area.items():
        areas[a].append(ms)
d = sorted(durs)
pct = lambda p: d[min(len(d) - 1, math.ceil(p * len(d)) - 1)] if d else 0
print(f"median wall of {runs} cold runs: {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f})")
print(f"median CPU of the suite JVM: {statistics.median(cpus):.1f} s (browsers excluded)")
print(f"per-check time: p50 {pct(.5)} ms, p95 {pct(.95)} ms, max {d[-1] if d else 0} ms ({len(d)} check runs)")
print(f"peak RSS of the suite JVM: median {statistics.median(hwms):.0f} MB, max {max(hwms):.0f} MB")
print(f"browser sessions started per report: {browsers}")
print("summed check time per area (median over runs, s; overlaps under parallelism):")
for a in sorted(areas, key=lambda a: -statistics.median(areas[a])):
    print(f"  {a:10s} {statistics.median(areas[a]) / 1000:7.1f}")
flakes = 0
short = lambda r: (r[:200] + "…") if len(r) > 200 else r
for i, v in enumerate(verdicts[1:], 2):
    for k in sorted(set(v) | set(verdicts[0])):
        first, now = verdicts[0].get(k, ("absent", "")), v.get(k, ("absent", ""))
        if first[0] != now[0]:
            flakes += 1
            print(f"FLAKE run {i}: {k}: run 1 {first[0]} ({short(first[1])}) then {now[0]} ({short(now[1])})")
print(f"verdict differences between runs: {flakes}")
sys.exit(1 if flakes else 0)
PY
