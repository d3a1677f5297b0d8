#!/usr/bin/env bash
# Stops the session cluster start.sh started in DIR (default /tmp/dbrestore-flink-session): the
# processes named in DIR/jobmanager.pid and DIR/taskmanager-K.pid, TaskManagers first. Waits up
# to 30 s for each to exit, then kills it; removes the pid files.
#
#   stop.sh [--dir DIR]
set -euo pipefail
dir=/tmp/dbrestore-flink-session
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || { echo "usage: stop.sh [--dir DIR]" >&2; exit 2; }; dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "stop.sh: unknown argument $1; usage: stop.sh [--dir DIR]" >&2; exit 2 ;;
  esac
done
shopt -s nullglob
pidfiles=("$dir"/taskmanager-*.pid)
[ -f "$dir/jobmanager.pid" ] && pidfiles+=("$dir/jobmanager.pid")
if [ ${#pidfiles[@]} -eq 0 ]; then
  echo "No session cluster in $dir (no pid files): nothing to stop."
  exit 0
fi
for pidfile in "${pidfiles[@]}"; do
  pid="$(cat "$pidfile")"
  # Only a process started from this folder's configuration is ours to stop.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c $dir/conf"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
echo "Stopped the session cluster in $dir."
