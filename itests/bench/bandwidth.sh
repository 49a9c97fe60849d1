#!/usr/bin/env bash
# Heartbeat bandwidth per node (UDP unicast), from the real frame codec.
#   itests/bench/bandwidth.sh [NODES...]     (default: 3 8 32)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$(ls -d "$ROOT"/distribution/target/vigil-*/vigil 2>/dev/null | sed -n 1p)"
[ -n "$DIST" ] || { (cd "$ROOT" && mvn -B -q install -DskipTests); DIST="$(ls -d "$ROOT"/distribution/target/vigil-*/vigil | sed -n 1p)"; }
CP="$DIST/lib/vigil-distribution.jar:$(ls "$DIST"/bundle/vigil-heartbeat-*.jar):$(ls "$DIST"/bundle/vigil-cluster-api-*.jar)"
java -cp "$CP" dev.vigil.distribution.HeartbeatBandwidth "$@"
