#!/usr/bin/env bash
# Scheduler benchmark, side by side with Pacemaker's crm_simulate on the same generated CIBs.
#   itests/bench/scheduler.sh [SIZES...]     e.g. 2000x16 5000x16 10000x32 (default: 2000x16 5000x16)
# For each size, kind (plain: primitives only, from ../shared's gen_cib.py; mixed: a fifth of
# them in groups and clones, gen_mixed_cib.py) and variant (empty, running, nodedown) it prints
# both whole processes timed the same way, CIB file in, transition out (`crm_simulate -S -x`
# against `bin/vigil simulate -S -x`, the distribution's script itself), their peak RSS,
# the speedup, Vigil's in-process read and compute times and peak heap (Benchmark), and whether
# both agree on the transition summary. SKIP_CRM=1 times Vigil only; CRM_TIMEOUT (seconds,
# default 600) bounds each crm_simulate run; KINDS="plain" or "mixed" runs one kind only; RUNS=N
# times Vigil N times and shows the least wall time and the least user+sys CPU time ("cpu s").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
export GEN_CIB="$SHARED/conformance/pacemaker/scale/gen_cib.py"
JAR="$ROOT/framework/simulator/target/vigil-simulate.jar"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q install -DskipTests -pl framework/simulator -am)
if [ -z "${SKIP_CRM:-}" ] && ! command -v crm_simulate >/dev/null; then
  apt-get install -y -qq pacemaker-cli-utils >/dev/null
fi
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(2000x16 5000x16)
read -r -a KIND_LIST <<< "${KINDS:-plain mixed}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# `bin/vigil simulate` itself, in a home of its own made of this checkout's script and jar: the
# same choice of JVM, flags and start-up cache as an installed distribution (its first run, below,
# untimed, makes the cache in $work/home/var/cache).
mkdir -p "$work/home/bin" "$work/home/lib"
cp "$ROOT/distribution/src/main/dist/bin/vigil" "$work/home/bin/vigil"
ln -s "$JAR" "$work/home/lib/vigil-simulate.jar"
VIGIL=("$work/home/bin/vigil" simulate)
printf "%-9s %-6s %-9s | %-9s %-8s | %-8s %-8s %-8s | %-7s | %-7s %-9s %-7s | %s\n" size kind variant "crm s" "crm RSS" \
  "vigil s" "cpu s" "RSS" speedup "read s" "compute s" "heap MB" agree
for size in "${SIZES[@]}"; do
  n=${size%x*}; m=${size#*x}
  for kind in "${KIND_LIST[@]}"; do
    gen="$GEN_CIB"; [ "$kind" = mixed ] && gen="$ROOT/itests/bench/gen_mixed_cib.py"
    for variant in empty running nodedown; do
      python3 "$gen" "$n" "$m" "$variant" > "$work/$n-$m-$kind-$variant.xml"
    done
    if [ ! -d "$work/home/var/cache" ]; then
      # the cache is made by the first run, here on a running cluster's CIB (a first run on a
      # small one leaves out the classes a large status section needs: they load from the jar)
      "${VIGIL[@]}" -x "$work/$n-$m-$kind-running.xml" -S > /dev/null
      cache=$(ls "$work/home/var/cache")
      echo "bin/vigil simulate's start-up cache: $cache (.aot: JDK 25 or newer, AOT cache; .jsa: class-data sharing)"
    fi
    for variant in empty running nodedown; do
      cib="$work/$n-$m-$kind-$variant.xml"
      vigil_s=""; vigil_cpu=""
      for ((run = 0; run < ${RUNS:-1}; run++)); do
        /usr/bin/time -f "%e %U %S %M" -o "$work/vtime" "${VIGIL[@]}" -x "$cib" -S > "$work/vigil.out"
        read -r s u k vigil_kb < "$work/vtime"
        read -r vigil_s vigil_cpu < <(python3 -c "import sys; w, c, s, u, k = sys.argv[1:]; \
print(min(float(w or 1e9), float(s)), '%.2f' % min(float(c or 1e9), float(u) + float(k)))" "$vigil_s" "$vigil_cpu" "$s" "$u" "$k")
      done
      crm_s="-"; crm_rss="-"; agree="-"; speed="-"
      if [ -z "${SKIP_CRM:-}" ]; then
        if /usr/bin/time -f "%e %M" -o "$work/time" timeout "${CRM_TIMEOUT:-600}" \
             crm_simulate -S -x "$cib" > "$work/crm.out" 2>/dev/null; then
          read -r crm_s crm_kb < "$work/time"; crm_rss="$((crm_kb / 1024))MB"
          speed=$(python3 -c "print('%.1fx' % ($crm_s / $vigil_s))")
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
      line=$(java -Xmx8g -cp "$JAR" dev.vigil.simulator.Benchmark "$cib" 3)
      read_s=$(sed -E 's/.*read ([0-9.]+) s.*/\1/' <<<"$line")
      first=$(sed -E 's/.*compute first ([0-9.]+) s.*/\1/' <<<"$line")
      heap=$(sed -E 's/.*peak heap ([0-9]+) MB.*/\1/' <<<"$line")
      printf "%-9s %-6s %-9s | %-9s %-8s | %-8s %-8s %-8s | %-7s | %-7s %-9s %-7s | %s\n" "$size" "$kind" "$variant" \
        "$crm_s" "$crm_rss" "$vigil_s" "$vigil_cpu" "$((vigil_kb / 1024))MB" "$speed" "$read_s" "$first" "$heap" "$agree"
    done
  done
done
