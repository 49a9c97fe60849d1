#!/usr/bin/env bash
# Detection benchmark: N node processes on 127.0.0.1, a random one SIGKILLed R times; prints the
# time until a survivor's view excludes it (median, p99). Also prints heartbeat bandwidth.
#   itests/bench/detection.sh [NODES] [RUNS] [KEEPALIVE WARNTIME DEADTIME]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$(ls -d "$ROOT"/distribution/target/vigil-*/vigil 2>/dev/null | sed -n 1p)"
[ -n "$DIST" ] || { (cd "$ROOT" && mvn -B -q install -DskipTests); DIST="$(ls -d "$ROOT"/distribution/target/vigil-*/vigil | sed -n 1p)"; }
NODES="${1:-3}"; RUNS="${2:-20}"; KA="${3:-100ms}"; WT="${4:-300ms}"; DT="${5:-500ms}"
java -Dvigil.home="$DIST" -cp "$DIST/lib/vigil-distribution.jar" dev.vigil.distribution.DetectionBenchmark \
  "$NODES" "$RUNS" "$KA" "$WT" "$DT"
