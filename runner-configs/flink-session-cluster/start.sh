#!/usr/bin/env bash
# Starts a Flink 1.19 standalone session cluster on this machine from the jars the build put in
# pipelines/target/lib (no flink-dist): a JobManager and N TaskManagers, each its own JVM,
# listening on localhost only. Waits until all N TaskManagers are registered, writes
# DIR/jobmanager.pid and DIR/taskmanager-K.pid, and prints the REST address last.
#
#   start.sh [--taskmanagers N] [--slots S] [--rest-port P] [--dir DIR]
#
# Defaults: 2 TaskManagers of 2 slots, REST port 18081 (what runner-configs/flink-cluster.yaml
# points at), DIR /tmp/dbrestore-flink-session. Logs in DIR/log; stop.sh --dir DIR stops it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib="$root/pipelines/target/lib"

taskmanagers=2
slots=2
rest_port=18081
dir=/tmp/dbrestore-flink-session
usage() {
  echo "usage: start.sh [--taskmanagers N] [--slots S] [--rest-port P] [--dir DIR]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --taskmanagers) [ $# -ge 2 ] || usage; taskmanagers="$2"; shift 2 ;;
    --slots) [ $# -ge 2 ] || usage; slots="$2"; shift 2 ;;
    --rest-port) [ $# -ge 2 ] || usage; rest_port="$2"; shift 2 ;;
    --dir) [ $# -ge 2 ] || usage; dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start.sh: unknown argument $1" >&2; usage ;;
  esac
done
for value in "$taskmanagers" "$slots" "$rest_port"; do
  if ! [[ "$value" =~ ^[1-9][0-9]*$ ]]; then
    echo "start.sh: $value is not a positive whole number; --taskmanagers, --slots and --rest-port take one." >&2
    exit 2
  fi
done
if ! ls "$lib"/flink-runtime-1.19*.jar >/dev/null 2>&1; then
  echo "start.sh: there are no Flink jars in $lib; build them with mvn -B -DskipTests package in $root." >&2
  exit 1
fi
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if answers "$rest_port"; then
  echo "start.sh: port $rest_port is taken on localhost; give another with --rest-port." >&2
  exit 1
fi
if [ -f "$dir/jobmanager.pid" ] && kill -0 "$(cat "$dir/jobmanager.pid")" 2>/dev/null; then
  echo "start.sh: a cluster started in $dir is still running; stop it first with stop.sh --dir $dir." >&2
  exit 1
fi
# The JobManager's RPC port: the first free one from 6123 up (TaskManagers and the blob
# server take random ports).
rpc_port=6123
while answers "$rpc_port" || [ "$rpc_port" = "$rest_port" ]; do rpc_port=$((rpc_port + 1)); done

mkdir -p "$dir/conf" "$dir/log" "$dir/tmp"
rm -f "$dir"/taskmanager-*.pid "$dir/jobmanager.pid"
cp "$here/flink-conf.yaml" "$dir/conf/flink-conf.yaml"

# Flink and its own dependencies only: dbrestore and Beam come with each job (the bundled jar).
cp_jars=()
for jar in "$lib"/flink-*.jar; do cp_jars+=("$jar"); done
for name in async-profiler chill-java commons-cli commons-collections commons-compress commons-io \
    commons-lang3 commons-math3 commons-text javassist jsr305 kryo lz4-java minlog objenesis \
    slf4j-api slf4j-simple snakeyaml-engine snappy-java; do
  for jar in "$lib/$name"-[0-9]*.jar; do
    [ -f "$jar" ] || { echo "start.sh: $lib has no $name jar; rebuild with mvn -B -DskipTests package." >&2; exit 1; }
    cp_jars+=("$jar")
  done
done
classpath="$(IFS=:; echo "${cp_jars[*]}")"
opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
)
logging=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
# Flink settings (after the main class) that differ per cluster.
settings=(-c "$dir/conf" -Djobmanager.rpc.port="$rpc_port" -Drest.port="$rest_port"
  -Dtaskmanager.numberOfTaskSlots="$slots" -Dio.tmp.dirs="$dir/tmp")

nohup java -Xmx512m "${opens[@]}" "${logging[@]}" -cp "$classpath" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  "${settings[@]}" -Dweb.tmpdir="$dir/tmp" >"$dir/log/jobmanager.log" 2>&1 </dev/null &
echo $! >"$dir/jobmanager.pid"
# The JVM sizes Flink's own scripts derive from flink-conf.yaml's memory settings: heap =
# framework heap + task heap; direct memory = framework off-heap + task off-heap + network.
for k in $(seq 1 "$taskmanagers"); do
  nohup java -Xms640m -Xmx640m -XX:MaxDirectMemorySize=384m -XX:MaxMetaspaceSize=256m \
    "${opens[@]}" "${logging[@]}" -cp "$classpath" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    "${settings[@]}" -Dtaskmanager.resource-id="taskmanager-$k" \
    >"$dir/log/taskmanager-$k.log" 2>&1 </dev/null &
  echo $! >"$dir/taskmanager-$k.pid"
done

# Up to two minutes for all N to register (a busy 2-core machine takes about 5 s).
for _ in $(seq 1 240); do
  if overview="$(curl -sf "http://localhost:$rest_port/overview" 2>/dev/null)" \
      && [[ "$overview" == *"\"taskmanagers\":$taskmanagers,"* ]]; then
    echo "Flink session cluster: a JobManager and $taskmanagers TaskManagers of $slots slots; logs in $dir/log; stop it with $here/stop.sh --dir $dir"
    echo "REST address: localhost:$rest_port"
    exit 0
  fi
  for pidfile in "$dir/jobmanager.pid" "$dir"/taskmanager-*.pid; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      name="$(basename "$pidfile" .pid)"
      echo "start.sh: the $name exited while starting; see $dir/log/$name.log. Stopping the rest." >&2
      "$here/stop.sh" --dir "$dir" >/dev/null 2>&1 || true
      exit 1
    fi
  done
  sleep 0.5
done
echo "start.sh: not all $taskmanagers TaskManagers registered within two minutes; see $dir/log. Stopping the cluster." >&2
"$here/stop.sh" --dir "$dir" >/dev/null 2>&1 || true
exit 1
