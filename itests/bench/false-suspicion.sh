#!/usr/bin/env bash
# False suspicions under load: 3 node processes on 127.0.0.1 at aggressive timing, both cores
# saturated by busy loops for MINUTES (default 10); every view change after the cluster formed
# is a false suspicion (nobody died). Prints the count and the views.
#   itests/bench/false-suspicion.sh [MINUTES] [KEEPALIVE WARNTIME DEADTIME] [kill-one]
# Every view line counts, lease losses included; kill-one soaks the two survivors of a kill.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$(ls -d "$ROOT"/distribution/target/vigil-*/vigil 2>/dev/null | sed -n 1p)"
MINUTES="${1:-10}"; KA="${2:-100ms}"; WT="${3:-300ms}"; DT="${4:-500ms}"; MODE="${5:-}"
work="$(mktemp -d)"
java -Dvigil.home="$DIST" -cp "$DIST/lib/vigil-distribution.jar" dev.vigil.distribution.SoakRunner \
  "$work" 3 "$KA" "$WT" "$DT" "$MINUTES" $MODE &
runner=$!
busy=()
for _ in $(seq 1 "$(nproc)"); do (while :; do :; done) & busy+=($!); done
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
wait "$runner"
