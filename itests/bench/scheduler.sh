#!/usr/bin/env bash
# Scheduler benchmark, side by side with Pacemaker's crm_simulate on the same generated CIBs.
#   itests/bench/scheduler.sh [SIZES...]     e.g. 2000x16 5000x16 10000x32 (default: 2000x16 5000x16)
# For each size and variant (empty, running, nodedown) it prints crm_simulate -R's wall time
# and peak RSS, Vigil's read time, compute time (first run and median of 5) and peak heap, and
# whether both agree on the transition summary. Set SKIP_CRM=1 to time Vigil only, and
# CRM_TIMEOUT (seconds, default 600) to bound each crm_simulate run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
GEN="$SHARED/conformance/pacemaker/scale/gen_cib.py"
JAR="$ROOT/framework/simulator/target/vigil-simulate.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q install -DskipTests -pl framework/simulator -am)
if [ -z "${SKIP_CRM:-}" ] && ! command -v crm_simulate >/dev/null; then
  apt-get install -y -qq pacemaker-cli-utils >/dev/null
fi
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(2000x16 5000x16)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
printf "%-9s %-9s | %-12s %-10s | %-8s %-10s %-10s %-9s | %-7s %s\n" size variant "crm_sim s" "crm RSS" "read s" "compute1 s" "median s" "heap MB" speedup agree
for size in "${SIZES[@]}"; do
  n=${size%x*}; m=${size#*x}
  for variant in empty running nodedown; do
    cib="$work/$n-$m-$variant.xml"
    python3 "$GEN" "$n" "$m" "$variant" > "$cib" 2>/dev/null
    crm_s="-"; crm_rss="-"; agree="-"
    if [ -z "${SKIP_CRM:-}" ]; then
      if /usr/bin/time -f "%e %M" -o "$work/time" timeout "${CRM_TIMEOUT:-600}" \
           crm_simulate -R -x "$cib" > "$work/crm.out" 2>/dev/null; then
        read -r crm_s crm_kb < "$work/time"; crm_rss="$((crm_kb / 1024)) MB"
        java -Xmx8g -jar "$JAR" -x "$cib" -R > "$work/vigil.out"
        agree=$(python3 - "$work/crm.out" "$work/vigil.out" "$SHARED/conformance/pacemaker" <<'PY'
import sys; sys.path.insert(0, sys.argv[3])
from pcmk_summary import sections, parse_transitions
a = parse_transitions(sections(open(sys.argv[1]).read()).get('transition summary', []))
b = parse_transitions(sections(open(sys.argv[2]).read()).get('transition summary', []))
print('yes' if a == b else 'NO (%d vs %d lines)' % (sum(a.values()), sum(b.values())))
PY
)
      else
        crm_s=">${CRM_TIMEOUT:-600}"
      fi
    fi
    line=$(java -Xmx8g -cp "$JAR" dev.vigil.simulator.Benchmark "$cib" 5)
    read_s=$(sed -E 's/.*read ([0-9.]+) s.*/\1/' <<<"$line")
    first=$(sed -E 's/.*compute first ([0-9.]+) s.*/\1/' <<<"$line")
    median=$(sed -E 's/.*median ([0-9.]+) s.*/\1/' <<<"$line")
    heap=$(sed -E 's/.*peak heap ([0-9]+) MB.*/\1/' <<<"$line")
    speed="-"; [[ "$crm_s" =~ ^[0-9.]+$ ]] && speed=$(python3 -c "print('%.0fx' % ($crm_s / $first))")
    printf "%-9s %-9s | %-12s %-10s | %-8s %-10s %-10s %-9s | %-7s %s\n" "$size" "$variant" "$crm_s" "$crm_rss" "$read_s" "$first" "$median" "$heap" "$speed" "$agree"
  done
done
