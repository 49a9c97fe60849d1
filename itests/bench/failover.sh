#!/usr/bin/env bash
# Failover benchmark: runs the demo N times (default 5) and reports the client-seen outage
# from SIGKILL of the serving node to the first answer from another node, the time each node
# took from launch to the full agreed view, and each node's RSS.
#   itests/bench/failover.sh [RUNS] [demo options, e.g. --deadtime 1s --keepalive 100ms]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"; [ $# -gt 0 ] && shift
out="$(mktemp)"
for i in $(seq 1 "$RUNS"); do
  "$ROOT/vigil" demo "$@" > "$out.$i" 2>&1 || { echo "run $i failed:"; cat "$out.$i"; exit 1; }
  grep -E "client-seen outage" "$out.$i" | sed "s/^/run $i: /"
done
python3 - "$out" "$RUNS" <<'PY'
import re, statistics, sys
base, runs = sys.argv[1], int(sys.argv[2])
outages, joins, rss = [], [], []
for i in range(1, runs + 1):
    text = open(f"{base}.{i}").read()
    outages += [float(x) for x in re.findall(r"client-seen outage: ([0-9.]+) s", text)]
    joins += [float(x) for x in re.findall(r"joined the full view ([0-9.]+) s", text)]
    rss += [float(x) for x in re.findall(r"RSS ([0-9.]+) MB", text)]
def show(name, xs, unit):
    if xs:
        print(f"{name}: median {statistics.median(xs):.3f} {unit}, max {max(xs):.3f} {unit}, n={len(xs)}")
show("client-seen outage", outages, "s")
show("launch to joined view", joins, "s")
show("node RSS", rss, "MB")
PY
