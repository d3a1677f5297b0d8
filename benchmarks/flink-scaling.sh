#!/usr/bin/env bash
# Restore speed on a Flink session cluster with one and with two TaskManagers, beside the
# DirectRunner, on one private MariaDB server holding sysbench's tables. See benchmarks/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/flink-scaling.sh [--smoke] [--tables N] [--rows N] [--chunk-rows N] [--runs N]
                                   [--slots S] [--work-dir DIR] [--port N] [--rest-port N]
                                   [--buffer-pool SIZE] [--skip-install]

Starts its own MariaDB server, creates sysbench's tables, backs them up with dbrestore backup
--chunk-rows N, then restores that set, --runs times each:
  on the DirectRunner (--runner-config direct), the reference on one machine;
  on a session cluster of 1 TaskManager of S slots (runner-configs/flink-session-cluster/start.sh),
    --runner-config flink-cluster --parallelism=S;
  on a session cluster of 2 TaskManagers of S slots each, --parallelism=2S.
Every restore verifies itself (digests) and is checked again against the source (CHECKSUM
TABLE) before it counts. Reports the median wall time, the data stage's time (from the restore's
summary line) and rows/s, and the CPU seconds of mariadbd and of the cluster's JVMs. Prints a
Markdown table and writes WORKDIR/flink-scaling.md.

  --tables N         sysbench tables (default 4)
  --rows N           rows per table (default 1000000)
  --chunk-rows N     dbrestore backup --chunk-rows (default 100000)
  --runs N           measured runs of each; the median is reported (default 3)
  --slots S          task slots per TaskManager (default 2)
  --work-dir DIR     data dir, backup set, cluster, logs and results (default /tmp/dbrestore-flink)
  --port N           the private server's TCP port on 127.0.0.1 (default 3397)
  --rest-port N      the session cluster's REST port on localhost (default 18091)
  --buffer-pool SIZE InnoDB buffer pool (default 2G)
  --skip-install     do not apt-get missing packages; fail instead
  --smoke            2 tables x 3000 rows in chunks of 1000, 1 run: checks the harness end to end
Exit status: 0 when every restore ran and was verified, 1 otherwise, 2 bad usage.
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=benchmarks/lib.sh
. "$here/lib.sh"

tables=4
rows=1000000
chunk_rows=100000
runs=3
slots=2
work="${TMPDIR:-/tmp}/dbrestore-flink"
port=3397
rest_port=18091
buffer_pool=2G
skip_install=0

die() { echo "flink-scaling.sh: $*" >&2; exit 1; }
bad_usage() { echo "flink-scaling.sh: $*" >&2; usage >&2; exit 2; }
say() { echo "== $*" >&2; }

while [ $# -gt 0 ]; do
  arg="$1"
  val=""
  has_val=0
  case "$arg" in --*=*) val="${arg#*=}"; arg="${arg%%=*}"; has_val=1 ;; esac
  case "$arg" in
    --tables | --rows | --chunk-rows | --runs | --slots | --work-dir | --port | --rest-port \
      | --buffer-pool)
      if [ "$has_val" = 0 ]; then
        [ $# -ge 2 ] || bad_usage "$arg needs a value"
        val="$2"
        shift
      fi
      [ -n "$val" ] || bad_usage "$arg needs a value"
      ;;
  esac
  case "$arg" in
    --tables) tables="$val" ;;
    --rows) rows="$val" ;;
    --chunk-rows) chunk_rows="$val" ;;
    --runs) runs="$val" ;;
    --slots) slots="$val" ;;
    --work-dir) work="$val" ;;
    --port) port="$val" ;;
    --rest-port) rest_port="$val" ;;
    --buffer-pool) buffer_pool="$val" ;;
    --skip-install) skip_install=1 ;;
    --smoke) tables=2; rows=3000; chunk_rows=1000; runs=1 ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown argument: $1" ;;
  esac
  shift
done

for pair in "tables:$tables" "rows:$rows" "chunk-rows:$chunk_rows" "runs:$runs" "slots:$slots" \
  "port:$port" "rest-port:$rest_port"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || bad_usage "--${pair%%:*} must be a positive whole number"
done
[[ "$buffer_pool" =~ ^[0-9]+[KMG]?$ ]] || bad_usage "--buffer-pool must look like 1G or 512M"
check_work_dir

missing=()
command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || missing+=(mariadb-server)
command -v mariadb >/dev/null || missing+=(mariadb-client)
command -v sysbench >/dev/null || missing+=(sysbench)
command -v curl >/dev/null || missing+=(curl)
install_missing "${missing[@]}"
build_if_missing
[ -f "$repo/pipelines/target/dbrestore-bundled.jar" ] \
  || die "pipelines/target/dbrestore-bundled.jar is missing: build it with mvn -B -DskipTests package"

check_server_free
if (exec 3<>"/dev/tcp/127.0.0.1/$rest_port") 2>/dev/null; then
  die "port $rest_port on localhost is in use: pick another with --rest-port"
fi
rm -rf "$work/data" "$work/tmp" "$work/set" "$work/cluster" "$work/dbrestore-home" "$work/logs" \
  "$work/dbrestore"
rm -f "$work/flink-scaling.md" "$work/root.cnf" "$work/bench.cnf" "$sock"
mkdir -p "$work/data" "$work/tmp" "$work/dbrestore-home" "$work/logs"
logs="$work/logs"

# The build, its bundled jar and the cluster scripts, copied: the cluster runs the same jars.
copy_build
cp -p "$repo/pipelines/target/dbrestore-bundled.jar" "$work/dbrestore/pipelines/target/"
mkdir -p "$work/dbrestore/runner-configs"
cp -r "$repo/runner-configs/flink-session-cluster" "$work/dbrestore/runner-configs/"
cluster_scripts="$work/dbrestore/runner-configs/flink-session-cluster"
cluster_dir="$work/cluster"

cluster_up=0
stop_cluster() {
  [ "$cluster_up" = 1 ] || return 0
  bash "$cluster_scripts/stop.sh" --dir "$cluster_dir" >>"$logs/cluster.log" 2>&1 || true
  cluster_up=0
}
stop_all() {
  stop_cluster
  stop_server
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start_server
write_client_files
# The TaskManagers read the password from their own environment, inherited from start.sh.
export DBRESTORE_BENCH_PASSWORD="$bench_password"
export DBRESTORE_HOME="$work/dbrestore-home"
export DBRESTORE_JAVA_OPTS="${DBRESTORE_JAVA_OPTS:--Xmx2g}"
url="jdbc:mysql://127.0.0.1:$port/"

sql <<EOF
CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY '$bench_password';
GRANT ALL PRIVILEGES ON *.* TO 'bench'@'127.0.0.1';
CREATE DATABASE sbtest;
EOF

table_names=()
for i in $(seq 1 "$tables"); do table_names+=("sbtest$i"); done
checksums_of() {
  local db="$1" t list=""
  for t in "${table_names[@]}"; do list+="${list:+, }\`$db\`.\`$t\`"; done
  sql -e "CHECKSUM TABLE $list" 2>/dev/null | awk '{ sub(/^[^.]*\./, "", $1); print $1, $2 }'
}
# The CPU seconds (user + system) of the processes with these pids, from /proc.
cpu_of() {
  local pid total=0 ticks
  ticks="$(getconf CLK_TCK)"
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v k="$ticks" 'BEGIN { printf "%.1f", t / k }'
}
cluster_pids() { cat "$cluster_dir"/*.pid 2>/dev/null || true; }

say "sysbench prepare: $tables tables x $rows rows"
sysbench oltp_read_write --db-driver=mysql --mysql-socket="$sock" --mysql-user=root \
  --mysql-db=sbtest --tables="$tables" --table-size="$rows" --threads=2 \
  prepare >"$logs/sysbench-prepare.log" 2>&1 || die "sysbench prepare failed: see $logs/sysbench-prepare.log"
source_checksums="$(checksums_of sbtest)"

say "dbrestore backup --chunk-rows $chunk_rows"
"$dbrestore" backup --source "$url" --user bench --password-env DBRESTORE_BENCH_PASSWORD \
  --database sbtest --chunk-rows "$chunk_rows" --output "$work/set" >"$logs/backup.log" 2>&1 \
  || die "dbrestore backup failed: see $logs/backup.log"

ok=0
results="$work/runs.tsv"
: >"$results"

# restore_step KEY RUN RUNNER-CONFIG [OPTION...]: one timed restore into a fresh database,
# checked against the source; appends KEY, wall s, data s, rows/s, server CPU s, cluster CPU s.
restore_step() {
  local key="$1" run="$2" runner="$3" log server_cpu0 server_cpu1 cluster_cpu0 cluster_cpu1
  local t0 t1 rc=0 summary data rate
  shift 3
  log="$logs/$key-run$run.log"
  drop_db r_bench dbrestore_journal
  settle
  server_cpu0="$(cpu_of "$server_pid")"
  # shellcheck disable=SC2046
  cluster_cpu0="$(cpu_of $(cluster_pids))"
  t0="$(date +%s.%N)"
  "$dbrestore" restore --backup-set "$work/set" --target "$url" --user bench \
    --password-env DBRESTORE_BENCH_PASSWORD --map-database sbtest=r_bench --accept-warnings \
    --name "flink scaling $key run $run" --runner-config "$runner" "$@" >"$log" 2>&1 || rc=$?
  t1="$(date +%s.%N)"
  server_cpu1="$(cpu_of "$server_pid")"
  # shellcheck disable=SC2046
  cluster_cpu1="$(cpu_of $(cluster_pids))"
  if [ "$rc" != 0 ]; then
    say "$key run $run failed (exit $rc): see $log"
    ok=1
    return 0
  fi
  if [ "$(checksums_of r_bench)" != "$source_checksums" ]; then
    say "$key run $run: CHECKSUM TABLE differs from the source; see $log"
    ok=1
    return 0
  fi
  summary="$(grep -E '^Task r-[0-9-]+[0-9a-f]+: restored' "$log" | tail -n 1)"
  data="$(sed -n 's/.* data \([0-9.]*\) s at \([0-9]*\) rows\/s.*/\1/p' <<<"$summary")"
  rate="$(sed -n 's/.* data \([0-9.]*\) s at \([0-9]*\) rows\/s.*/\2/p' <<<"$summary")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "${data:--}" "${rate:--}" \
    "$(awk -v a="$server_cpu0" -v b="$server_cpu1" 'BEGIN { printf "%.1f", b - a }')" \
    "$(awk -v a="$cluster_cpu0" -v b="$cluster_cpu1" 'BEGIN { printf "%.1f", b - a }')" >>"$results"
  drop_db r_bench dbrestore_journal
}

for run in $(seq 1 "$runs"); do
  say "DirectRunner, run $run of $runs"
  restore_step direct "$run" direct
done
for tm in 1 2; do
  say "session cluster: $tm TaskManager(s) of $slots slots"
  rm -rf "$cluster_dir"
  bash "$cluster_scripts/start.sh" --taskmanagers "$tm" --slots "$slots" --rest-port "$rest_port" \
    --dir "$cluster_dir" >>"$logs/cluster.log" 2>&1 || die "start.sh failed: see $logs/cluster.log"
  cluster_up=1
  for run in $(seq 1 "$runs"); do
    say "$tm TaskManager(s), run $run of $runs"
    restore_step "tm$tm" "$run" flink-cluster "--flinkMaster=localhost:$rest_port" \
      "--parallelism=$((tm * slots))"
  done
  stop_cluster
done

column() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$results" | median; }
total_rows=$((tables * rows))
{
  echo "Restore of one dbrestore set of $tables x $rows sysbench rows ($total_rows rows, chunks of"
  echo "$chunk_rows), medians of $runs, $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Every restore verified (digests) and CHECKSUM TABLE equal to the source."
  echo
  echo "| runner | parallelism | wall s | data stage s | data rows/s | mariadbd CPU s | cluster JVMs CPU s |"
  echo "|---|---|---|---|---|---|---|"
  echo "| DirectRunner | - | $(column direct 2) | $(column direct 3) | $(column direct 4) | $(column direct 5) | - |"
  echo "| session cluster, 1 TaskManager of $slots slots | $slots | $(column tm1 2) | $(column tm1 3) | $(column tm1 4) | $(column tm1 5) | $(column tm1 6) |"
  echo "| session cluster, 2 TaskManagers of $slots slots | $((2 * slots)) | $(column tm2 2) | $(column tm2 3) | $(column tm2 4) | $(column tm2 5) | $(column tm2 6) |"
} | tee "$work/flink-scaling.md"
exit "$ok"
