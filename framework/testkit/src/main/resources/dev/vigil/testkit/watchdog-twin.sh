#!/usr/bin/env bash
# A stand-in for a hardware watchdog, for tests: usage FIFO TIMEOUT_SECONDS NODE_HOME [RESET_COMMAND...]
# The node writes a byte to FIFO to feed it; the first byte arms it (as opening /dev/watchdog
# does); 'V' disarms it (the watchdog's "magic close"). Armed and unfed for TIMEOUT_SECONDS it
# "resets the machine": SIGKILL to every process whose environment
# holds VIGIL_HOME=NODE_HOME (the node and every service its agents started), then RESET_COMMAND
# (e.g. taking the node's interfaces down). It prints one line, with the time in ms, either way.
set -u
fifo=$1 timeout=$2 home=$3
shift 3
exec 3<>"$fifo" # read-write: opening never blocks, and a writer closing is no EOF
echo "watchdog twin: listening for $home (timeout ${timeout}s)"
IFS= read -r -N 1 -u 3 c
echo "watchdog twin: armed at $(date +%s%3N)"
while IFS= read -r -N 1 -t "$timeout" -u 3 c; do
  if [ "$c" = V ]; then
    echo "watchdog twin: disarmed at $(date +%s%3N)"
    exit 0
  fi
done
reset_at=$(date +%s%3N)
for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}
  pid=${pid%/environ}
  if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qxF "VIGIL_HOME=$home"; then
    kill -KILL "$pid" 2>/dev/null
  fi
done
if [ $# -gt 0 ]; then
  "$@"
fi
echo "watchdog twin: not fed for ${timeout}s: reset $home at $reset_at"
exit 1
