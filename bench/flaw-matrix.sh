#!/usr/bin/env bash
# The flaw meta-test in full: every check under every flaw (FlawsFailTheirChecksTest runs, under each flaw, only the
# checks that name it and the cheap checks of their areas). One clean run, then one full run per flaw, each a cold JVM.
# Prints, per flaw, every check whose verdict differs from the clean run's and whether the flaw declares that check:
#   declared FAIL       as it should be
#   UNDECLARED <v>      a check the flaw moves without naming it (a side effect, or a check that should name it)
#   MISSED <v>          a check naming the flaw that did not FAIL
# A precondition flaw (the flaw list marks it) should FAIL nothing; it may only move checks to INCONCLUSIVE.
#   bench/flaw-matrix.sh [FLAW...] [-- run-suite.sh arguments...]      (default: every flaw)
# Output: a summary on stdout and the per-flaw verdicts in $HITCERT_MATRIX_OUT (default a temporary folder).
# About one full run per flaw: 160 flaws take over an hour on 2 cores; name a few flaws while developing.
set -euo pipefail
cd "$(dirname "$0")/.."
flaws=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flaws+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
extra=("$@")
out=${HITCERT_MATRIX_OUT:-$(mktemp -d)}
mkdir -p "$out"
./run-suite.sh list-flaws >"$out/flaws.txt"
if [ ${#flaws[@]} -eq 0 ]; then
  mapfile -t flaws < <(awk '/^[a-z0-9-]+ / {print $1}' "$out/flaws.txt")
fi
verdicts() { # report folder -> "check<TAB>verdict" lines
  python3 - "$1" <<'PY'
import json, sys, glob
r = json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))
for c in r["considerations"]:
    for q in c["requirements"]:
        for k in q.get("checks", []):
            print(k["checkId"] + "\t" + k["verdict"] + "\t" + (k.get("reason") or "").replace("\t", " ")[:200])
PY
}
run() { # name, run-suite arguments...
  local name=$1; shift
  rm -rf "$out/$name"
  ./run-suite.sh --out "$out/$name" "$@" "${extra[@]}" >"$out/$name.console" 2>&1 || true
  verdicts "$out/$name" >"$out/$name.tsv"
}
run clean
printf 'clean: %s checks\n' "$(wc -l <"$out/clean.tsv")"
for f in "${flaws[@]}"; do
  run "flaw-$f" --flaw "$f"
  python3 - "$out" "$f" <<'PY'
import sys, re
out, flaw = sys.argv[1], sys.argv[2]
def load(p):
    return {l.split("\t")[0]: l.rstrip("\n").split("\t")[1:] for l in open(p) if "\t" in l}
clean, under = load(out + "/clean.tsv"), load(out + "/flaw-" + flaw + ".tsv")
declared, cur = set(), None
for line in open(out + "/flaws.txt"):
    m = re.match(r"^([a-z0-9-]+)\s", line)
    if m:
        cur = m.group(1)
    elif cur == flaw and "caught by:" in line:
        declared |= {c.strip() for c in line.split("caught by:")[1].split(",") if c.strip()}
rows = []
for check in sorted(set(clean) | set(under)):
    was = clean.get(check, ["absent", ""])[0]
    now, why = under.get(check, ["absent", ""])
    if check in declared and now != "FAIL":
        rows.append(f"  MISSED {now:<14} {check}  {why}")
    elif check not in declared and now != was:
        rows.append(f"  UNDECLARED {was}->{now:<10} {check}  {why}")
print(f"{flaw}: {len(declared)} declared, {sum(1 for r in rows if 'UNDECLARED' in r)} undeclared moves, "
      f"{sum(1 for r in rows if 'MISSED' in r)} missed")
print("\n".join(rows)) if rows else None
PY
done
echo "verdicts: $out"
