#!/usr/bin/env bash
# Restore to a point in time: dbrestore restore --point-in-time side by side with what a DBA does
# today (restore the full set, then mariadb-binlog --start-position=... | mariadb), on one
# private MariaDB server after a sysbench write load that dbrestore capture followed.
# See benchmarks/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/pitr.sh [--smoke] [--tables N] [--rows N] [--load-seconds N] [--runs N]
                          [--work-dir DIR] [--port N] [--buffer-pool SIZE] [--skip-install]

Starts its own MariaDB server (binary log on, ROW, full row metadata), creates sysbench's
tables, takes a full dbrestore backup into a repository, then runs sysbench oltp_write_only
(2 threads) for --load-seconds while dbrestore capture follows the binary log, and measures
the capture's lag and CPU. Then, on the same server and data, the medians of --runs of:
  (a) dbrestore restore of the full set, then mariadb-binlog --start-position=<the set's point>
      --rewrite-db | mariadb (the replay alone is reported too);
  (b) dbrestore restore --point-in-time <the last captured commit> (the replay stage alone is
      reported too).
Both results are checked equal to the source (CHECKSUM TABLE) before they count.
Prints a Markdown table and writes WORKDIR/pitr-results.md.

  --tables N         sysbench tables (default 4)
  --rows N           rows per table (default 250000)
  --load-seconds N   length of the write load (default 30)
  --runs N           measured runs of (a) and (b); the median is reported (default 3)
  --work-dir DIR     data dir, repository, logs and results (default /tmp/dbrestore-pitr)
  --port N           the private server's TCP port on 127.0.0.1 (default 3398)
  --buffer-pool SIZE InnoDB buffer pool (default 1G)
  --skip-install     do not apt-get missing packages; fail instead
  --smoke            2 tables x 2000 rows, a 5 s load, 1 run: checks the harness end to end (CI)
Exit status: 0 when every step ran and every restore was verified, 1 otherwise, 2 bad usage.
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=benchmarks/lib.sh
. "$here/lib.sh"

tables=4
rows=250000
load_seconds=30
runs=3
work="${TMPDIR:-/tmp}/dbrestore-pitr"
port=3398
buffer_pool=1G
skip_install=0

die() { echo "pitr.sh: $*" >&2; exit 1; }
bad_usage() { echo "pitr.sh: $*" >&2; usage >&2; exit 2; }
say() { echo "== $*" >&2; }

while [ $# -gt 0 ]; do
  arg="$1"
  val=""
  has_val=0
  case "$arg" in --*=*) val="${arg#*=}"; arg="${arg%%=*}"; has_val=1 ;; esac
  case "$arg" in
    --tables | --rows | --load-seconds | --runs | --work-dir | --port | --buffer-pool)
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
    --load-seconds) load_seconds="$val" ;;
    --runs) runs="$val" ;;
    --work-dir) work="$val" ;;
    --port) port="$val" ;;
    --buffer-pool) buffer_pool="$val" ;;
    --skip-install) skip_install=1 ;;
    --smoke) tables=2; rows=2000; load_seconds=5; runs=1 ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown argument: $1" ;;
  esac
  shift
done

for pair in "tables:$tables" "rows:$rows" "load-seconds:$load_seconds" "runs:$runs" "port:$port"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || bad_usage "--${pair%%:*} must be a positive whole number"
done
[[ "$buffer_pool" =~ ^[0-9]+[KMG]?$ ]] || bad_usage "--buffer-pool must look like 1G or 512M"
check_work_dir

# ---------------------------------------------------------------------------------------------
# Packages and the dbrestore build
# ---------------------------------------------------------------------------------------------
missing=()
command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || missing+=(mariadb-server)
command -v mariadb >/dev/null && command -v mariadb-binlog >/dev/null || missing+=(mariadb-client)
command -v sysbench >/dev/null || missing+=(sysbench)
command -v python3 >/dev/null || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
install_missing "${missing[@]}"
build_if_missing

# ---------------------------------------------------------------------------------------------
# The private server
# ---------------------------------------------------------------------------------------------
check_server_free
rm -rf "$work/data" "$work/tmp" "$work/repository" "$work/dbrestore-home" "$work/logs" \
  "$work/dbrestore"
rm -f "$work/pitr-results.md" "$work/root.cnf" "$work/bench.cnf" "$sock"
mkdir -p "$work/data" "$work/tmp" "$work/repository" "$work/dbrestore-home" "$work/logs"
logs="$work/logs"

copy_build

capture_pid=""
stop_all() {
  if [ -n "$capture_pid" ] && kill -0 "$capture_pid" 2>/dev/null; then
    pkill -TERM -P "$capture_pid" 2>/dev/null || kill "$capture_pid" 2>/dev/null || true
    wait "$capture_pid" 2>/dev/null || true
  fi
  stop_server
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start_server --binlog-row-image=FULL --binlog-row-metadata=FULL

write_client_files
capture_password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DBRESTORE_BENCH_PASSWORD="$bench_password"
export DBRESTORE_CAPTURE_PASSWORD="$capture_password"
export DBRESTORE_HOME="$work/dbrestore-home"
export DBRESTORE_JAVA_OPTS="${DBRESTORE_JAVA_OPTS:--Xmx2g}"
url="jdbc:mysql://127.0.0.1:$port/"
repository="$work/repository"

# Passwords go through standard input, never a command line. The capture account is not the
# restore account.
sql <<EOF
CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY '$bench_password';
GRANT ALL PRIVILEGES ON *.* TO 'bench'@'127.0.0.1';
CREATE USER 'capture'@'127.0.0.1' IDENTIFIED BY '$capture_password';
GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO 'capture'@'127.0.0.1';
CREATE DATABASE sbtest;
EOF

table_names=()
for i in $(seq 1 "$tables"); do table_names+=("sbtest$i"); done
table_list_sql() { local db="$1" t out=""; for t in "${table_names[@]}"; do out+="${out:+, }\`$db\`.\`$t\`"; done; echo "$out"; }
checksums_of() { sql -e "CHECKSUM TABLE $(table_list_sql "$1")" 2>/dev/null | awk '{ sub(/^[^.]*\./, "", $1); print $1, $2 }'; }
counts_of() {
  local t
  for t in "${table_names[@]}"; do echo "$t $(sql -e "SELECT COUNT(*) FROM \`$1\`.\`$t\`" 2>/dev/null || echo -1)"; done
}

# run_timed LOG CMD...: runs CMD with its output in LOG; sets step_seconds and step_rc.
run_timed() {
  local log="$1" t0 t1
  shift
  step_rc=0
  t0="$(date +%s.%N)"
  "$@" >"$log" 2>&1 || step_rc=$?
  t1="$(date +%s.%N)"
  step_seconds="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
}

# ---------------------------------------------------------------------------------------------
# The full set, the load, the capture
# ---------------------------------------------------------------------------------------------
say "sysbench prepare: $tables tables x $rows rows"
sysbench oltp_write_only --db-driver=mysql --mysql-socket="$sock" --mysql-user=root \
  --mysql-db=sbtest --tables="$tables" --table-size="$rows" --threads=2 \
  prepare >"$logs/sysbench-prepare.log" 2>&1 || die "sysbench prepare failed: see $logs/sysbench-prepare.log"

say "full backup into the repository"
"$dbrestore" backup --source "$url" --user bench --password-env DBRESTORE_BENCH_PASSWORD \
  --database sbtest --repository "$repository" --source-name bench --backup-task nightly \
  >"$logs/backup.log" 2>&1 || die "dbrestore backup failed: see $logs/backup.log"
set_dir="$(find "$repository/bench/nightly" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[ -f "$set_dir/manifest.json" ] || die "no backup set in $repository/bench/nightly"
read -r start_file start_pos < <(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))["consistentPoint"]
print(p["binlogFile"], p["binlogPosition"])' "$set_dir/manifest.json")

say "capture follows the binary log; sysbench oltp_write_only for ${load_seconds} s"
/usr/bin/time -f '%U %S %e' -o "$logs/capture.time" \
  "$dbrestore" capture --source "$url" --user capture --password-env DBRESTORE_CAPTURE_PASSWORD \
  --source-name bench --repository "$repository" --segment-seconds 5 >"$logs/capture.log" 2>&1 &
capture_pid=$!
sleep 3
kill -0 "$capture_pid" 2>/dev/null || die "capture exited: see $logs/capture.log"
sysbench oltp_write_only --db-driver=mysql --mysql-socket="$sock" --mysql-user=root \
  --mysql-db=sbtest --tables="$tables" --table-size="$rows" --threads=2 \
  --time="$load_seconds" --report-interval=0 run >"$logs/sysbench-run.log" 2>&1 \
  || die "sysbench run failed: see $logs/sysbench-run.log"
load_end="$(date +%s.%N)"
transactions="$(awk '/transactions:/ { print $2; exit }' "$logs/sysbench-run.log")"
read -r end_file end_pos < <(sql -e "SHOW MASTER STATUS" | awk '{ print $1, $2 }')

# The capture's lag: from the end of the load until its durable log reaches the server's end.
durable_end() {
  python3 -c '
import json, os, sys
path = sys.argv[1]
if not os.path.exists(path):
    print("- 0"); sys.exit()
segments = json.load(open(path)).get("segments", [])
if not segments:
    print("- 0"); sys.exit()
end = segments[-1]["end"]
print(end["binlogFile"], end["binlogPosition"])' \
    "$repository/bench/binlog/log-manifest.json"
}
caught_up=0
for _ in $(seq 1 600); do
  read -r f p < <(durable_end)
  if [ "$f" != "-" ] && { [[ "$f" > "$end_file" ]] || { [ "$f" = "$end_file" ] && [ "$p" -ge "$end_pos" ]; }; }; then
    caught_up=1
    break
  fi
  kill -0 "$capture_pid" 2>/dev/null || break
  sleep 0.2
done
lag="$(awk -v a="$load_end" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
[ "$caught_up" = 1 ] || die "capture did not reach the server's end $end_file:$end_pos (lag $lag s): see $logs/capture.log"
# SIGTERM goes to the capture's JVM (the launcher execs it under /usr/bin/time), which closes its
# open segment and exits 0; time then writes the JVM's CPU.
pkill -TERM -P "$capture_pid" || kill -TERM "$capture_pid"
capture_rc=0
wait "$capture_pid" || capture_rc=$?
capture_pid=""
[ "$capture_rc" = 0 ] || die "capture exited $capture_rc after SIGTERM: see $logs/capture.log"
read -r cap_user cap_sys cap_elapsed <"$logs/capture.time"
capture_cpu_pct="$(awk -v u="$cap_user" -v s="$cap_sys" -v e="$cap_elapsed" 'BEGIN { printf "%.0f", 100 * (u + s) / e }')"

# The second to restore to: the last captured commit, whole second.
point_in_time="$(python3 -c '
import json, sys
segments = json.load(open(sys.argv[1]))["segments"]
print(segments[-1]["lastCommitTime"])' "$repository/bench/binlog/log-manifest.json")"
source_checksums="$(checksums_of sbtest)"
source_counts="$(counts_of sbtest)"

# The binary-log files the baseline replays: from the set's point to the end of the load. The
# restores below write to new files, never read back.
sql -e "FLUSH BINARY LOGS"
binlog_files=()
while read -r name _; do
  if [[ "$name" > "$start_file" || "$name" == "$start_file" ]] && [[ "$name" < "$end_file" || "$name" == "$end_file" ]]; then
    binlog_files+=("$work/data/$name")
  fi
done < <(sql -e "SHOW BINARY LOGS")
[ "${#binlog_files[@]}" -ge 1 ] || die "no binary-log files from $start_file to $end_file"

# ---------------------------------------------------------------------------------------------
# (a) and (b)
# ---------------------------------------------------------------------------------------------
verified() { [ "$(checksums_of "$1")" = "$source_checksums" ] && [ "$(counts_of "$1")" = "$source_counts" ]; }
stage_seconds() { # the replay stage's time from a restore's report, or -
  sed -n 's/.* replay \([0-9.]*\) s,.*/\1/p' "$1" | tail -n 1
}
failed=0
: >"$work/a-total" ; : >"$work/a-replay" ; : >"$work/b-total" ; : >"$work/b-replay"
for run in $(seq 1 "$runs"); do
  say "run $run (a): dbrestore restore of the set, then mariadb-binlog | mariadb"
  drop_db pitr_a dbrestore_journal
  run_timed "$logs/a-restore-run$run.log" "$dbrestore" restore --backup-set "$set_dir" \
    --target "$url" --user bench --password-env DBRESTORE_BENCH_PASSWORD \
    --map-database sbtest=pitr_a --accept-warnings --name "pitr benchmark a $run"
  a_restore="$step_seconds"; a_rc="$step_rc"
  run_timed "$logs/a-replay-run$run.log" bash -c '
    set -o pipefail
    mariadb-binlog --start-position="$1" --rewrite-db="sbtest->pitr_a" "${@:3}" \
      | mariadb --defaults-file="$2"' _ "$start_pos" "$work/bench.cnf" "${binlog_files[@]}"
  a_replay="$step_seconds"
  if [ "$a_rc" = 0 ] && [ "$step_rc" = 0 ] && verified pitr_a; then
    awk -v a="$a_restore" -v b="$a_replay" 'BEGIN { printf "%.3f\n", a + b }' >>"$work/a-total"
    echo "$a_replay" >>"$work/a-replay"
    say "run $run (a): restore ${a_restore}s + replay ${a_replay}s, verified"
  else
    say "run $run (a): FAILED or not equal to the source (see $logs/a-*-run$run.log)"
    failed=1
  fi

  say "run $run (b): dbrestore restore --point-in-time $point_in_time"
  drop_db pitr_b dbrestore_journal
  run_timed "$logs/b-run$run.log" "$dbrestore" restore --source bench --repository "$repository" \
    --point-in-time "$point_in_time" --target "$url" --user bench \
    --password-env DBRESTORE_BENCH_PASSWORD --map-database sbtest=pitr_b --accept-warnings \
    --name "pitr benchmark b $run"
  if [ "$step_rc" = 0 ] && verified pitr_b; then
    echo "$step_seconds" >>"$work/b-total"
    b_replay="$(stage_seconds "$logs/b-run$run.log")"
    [ -n "$b_replay" ] && echo "$b_replay" >>"$work/b-replay"
    say "run $run (b): ${step_seconds}s (replay stage ${b_replay:-?}s), verified"
  else
    say "run $run (b): FAILED or not equal to the source (see $logs/b-run$run.log)"
    failed=1
  fi
done

a_total="$(median <"$work/a-total")"; a_replay="$(median <"$work/a-replay")"
b_total="$(median <"$work/b-total")"; b_replay="$(median <"$work/b-replay")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'; }
tps="$(awk -v t="$transactions" -v s="$load_seconds" 'BEGIN { printf "%.0f", t / s }')"
{
  echo "Point-in-time restore: $tables tables x $rows rows, sysbench oltp_write_only ${load_seconds} s, 2 threads"
  echo "($transactions transactions, $tps per second), restored to $point_in_time; medians of $runs."
  echo
  echo "| | (a) set + mariadb-binlog \\| mariadb | (b) dbrestore --point-in-time | (a) / (b) |"
  echo "|---|---:|---:|---:|"
  echo "| whole restore (s) | $a_total | $b_total | $(ratio "$a_total" "$b_total") |"
  echo "| replay alone (s) | $a_replay | $b_replay | $(ratio "$a_replay" "$b_replay") |"
  echo
  echo "Capture while the load ran: caught up ${lag} s after the load ended (segments durable every 5 s),"
  echo "CPU ${capture_cpu_pct}% of one core over its ${cap_elapsed} s (user ${cap_user} s, system ${cap_sys} s)."
} | tee "$work/pitr-results.md"
exit "$failed"
