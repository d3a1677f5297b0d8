#!/usr/bin/env bash
# Restore speed of dbrestore side by side with myloader and the server's own LOAD DATA INFILE,
# on one private MariaDB server holding sysbench's tables and a database of many small tables.
# See benchmarks/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/run.sh [--smoke] [--tables N] [--rows N] [--chunk-rows N] [--runs N]
                         [--small-tables N] [--work-dir DIR] [--port N] [--buffer-pool SIZE]
                         [--memory-mb N] [--skip-flink] [--skip-install]

Starts its own MariaDB server, creates sysbench's tables, and times on the same server and data:
  myloader -t 2 from a mydumper -t 2 --rows N dump (the baseline: N is dbrestore backup's rows
  per chunk), myloader -t 2 from a dump without --rows (a second row, not the baseline), two
  ceilings of the server's own LOAD DATA INFILE two tables at a time (into tables with their
  indexes; into tables without their secondary indexes, then one ADD INDEX per table), dbrestore
  restore on the DirectRunner and on FlinkRunner [local]; and, for backups, mydumper -t 2
  --rows N (and without --rows) against dbrestore backup --chunk-rows N. dbrestore restores
  twice on the DirectRunner: as installed (it reads every table back to compare digests) and
  with --no-verify (as myloader, which checks nothing; the benchmark then verifies it untimed).
  In the same runs, a second database of --small-tables tables of 3 rows and one secondary
  index each: mydumper -t 2 --rows N and dbrestore backup of it, myloader -t 2 of that dump and
  dbrestore restore of that set. Every restore is checked (row counts, indexes, checksums)
  before it counts. Every step's CPU time is recorded, the tool's and the server's. Then the
  memory check: one chunk of --memory-mb MB of random bytes backed up and restored at -Xmx512m.
Prints Markdown tables and writes WORKDIR/results.md and WORKDIR/results.json.

  --tables N         sysbench tables (default 4)
  --rows N           rows per table (default 250000)
  --chunk-rows N     rows per chunk for both dbrestore backup --chunk-rows and mydumper --rows
                     (default 100000, dbrestore backup's own default)
  --runs N           measured runs of each tool; the median is reported (default 3)
  --small-tables N   tables of 3 rows in the second database (default 1000; 0 skips it)
  --work-dir DIR     data dir, dumps, backup sets, logs and results (default /tmp/dbrestore-bench)
  --port N           the private server's TCP port on 127.0.0.1 (default 3399)
  --buffer-pool SIZE InnoDB buffer pool (default 1G)
  --memory-mb N      size of the one-chunk memory check, MB of values (default 1000; 0 skips it)
  --skip-flink       leave out the FlinkRunner [local] restore
  --skip-install     do not apt-get missing packages; fail instead
  --smoke            2 tables x 3000 rows in chunks of 1000, 50 small tables, 1 run, no Flink,
                     a 20 MB memory check: checks the harness end to end (CI)
Exit status: 0 when every tool ran and every restore was verified, 1 otherwise, 2 bad usage.
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=benchmarks/lib.sh
. "$here/lib.sh"
dbrestore="$repo/dbrestore" # replaced by a copy of the build once the work dir is ready

tables=4
rows=250000
# dbrestore backup's default rows per chunk (BackupOptions.getChunkRows, BackupCommand
# --chunk-rows); checked against the measured build's --help below, so the two stay in step.
default_chunk_rows=100000
chunk_rows=$default_chunk_rows
runs=3
work="${TMPDIR:-/tmp}/dbrestore-bench"
port=3399
buffer_pool=1G
skip_flink=0
skip_install=0
memory_mb=1000
small_tables=1000

die() { echo "run.sh: $*" >&2; exit 1; }
bad_usage() { echo "run.sh: $*" >&2; usage >&2; exit 2; }
say() { echo "== $*" >&2; }

while [ $# -gt 0 ]; do
  arg="$1"
  val=""
  has_val=0
  case "$arg" in --*=*) val="${arg#*=}"; arg="${arg%%=*}"; has_val=1 ;; esac
  case "$arg" in
    --tables | --rows | --chunk-rows | --runs | --small-tables | --work-dir | --port | --buffer-pool \
      | --memory-mb)
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
    --small-tables) small_tables="$val" ;;
    --work-dir) work="$val" ;;
    --port) port="$val" ;;
    --buffer-pool) buffer_pool="$val" ;;
    --memory-mb) memory_mb="$val" ;;
    --skip-flink) skip_flink=1 ;;
    --skip-install) skip_install=1 ;;
    # Chunks of 1000 so that both tools really split the smoke's 3000-row tables.
    --smoke) tables=2; rows=3000; chunk_rows=1000; runs=1; skip_flink=1; memory_mb=20; small_tables=50 ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown argument: $1" ;;
  esac
  shift
done

for pair in "tables:$tables" "rows:$rows" "chunk-rows:$chunk_rows" "runs:$runs" "port:$port"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || bad_usage "--${pair%%:*} must be a positive whole number"
done
[[ "$buffer_pool" =~ ^[0-9]+[KMG]?$ ]] || bad_usage "--buffer-pool must look like 1G or 512M"
[[ "$memory_mb" =~ ^[0-9]+$ ]] || bad_usage "--memory-mb must be a whole number (0 skips the check)"
[[ "$small_tables" =~ ^[0-9]+$ ]] || bad_usage "--small-tables must be a whole number (0 skips the shape)"
check_work_dir

# ---------------------------------------------------------------------------------------------
# Packages and the dbrestore build
# ---------------------------------------------------------------------------------------------
missing=()
command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || missing+=(mariadb-server)
command -v mariadb >/dev/null && command -v mariadb-admin >/dev/null || missing+=(mariadb-client)
command -v mydumper >/dev/null && command -v myloader >/dev/null || missing+=(mydumper)
command -v sysbench >/dev/null || missing+=(sysbench)
[ -x /usr/bin/time ] || missing+=(time)
install_missing "${missing[@]}"
command -v java >/dev/null || die "java is not on PATH (dbrestore needs JDK 17)"
build_if_missing

# ---------------------------------------------------------------------------------------------
# The private server
# ---------------------------------------------------------------------------------------------
check_server_free

rm -rf "$work/data" "$work/tmp" "$work/tsv" "$work/dumps" "$work/backups" \
  "$work/dbrestore-home" "$work/logs" "$work/runs"
rm -f "$work/results.md" "$work/results.json" "$work/root.cnf" "$work/bench.cnf" "$sock"
mkdir -p "$work/data" "$work/tmp" "$work/tsv" "$work/dumps" "$work/backups" \
  "$work/dbrestore-home" "$work/logs" "$work/runs"
logs="$work/logs"

copy_build
"$dbrestore" --version >/dev/null 2>&1 || die "the copied dbrestore does not start: was the jar being rebuilt? Run again."
# The baseline's mydumper --rows is meant to be dbrestore's own chunk size: fail if the build's
# default has moved away from the number this script was written for.
build_chunk_rows="$("$dbrestore" backup --help 2>/dev/null | tr -s ' \n' ' ' \
  | sed -n 's/.*chunk holds (default \([0-9]*\)).*/\1/p')"
[ "$build_chunk_rows" = "$default_chunk_rows" ] || die "dbrestore backup's default --chunk-rows is '${build_chunk_rows:-unreadable}', run.sh's is $default_chunk_rows: update default_chunk_rows in benchmarks/run.sh (and benchmarks/README.md)"
jar_sha="$(sha256sum "$work/dbrestore/pipelines/target/dbrestore.jar" | cut -c1-12)"
jar_time="$(date -r "$work/dbrestore/pipelines/target/dbrestore.jar" '+%Y-%m-%d %H:%M:%S')"

trap stop_server EXIT
trap 'exit 130' INT TERM

start_server --local-infile=1 --secure-file-priv="$work/tsv" --innodb-print-all-deadlocks=ON
# Each step's server CPU is read from /proc/$server_pid: that must be mariadbd itself.
[ "$(cat "/proc/$server_pid/comm" 2>/dev/null)" = mariadbd ] || die "process $server_pid is not mariadbd: cannot read the server's CPU time"

write_client_files
export DBRESTORE_BENCH_PASSWORD="$bench_password"
export DBRESTORE_HOME="$work/dbrestore-home"
export DBRESTORE_JAVA_OPTS="${DBRESTORE_JAVA_OPTS:--Xmx2g}"
url="jdbc:mysql://127.0.0.1:$port/"

# The password goes through standard input, never a command line.
sql <<EOF
CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY '$bench_password';
GRANT ALL PRIVILEGES ON *.* TO 'bench'@'127.0.0.1';
CREATE DATABASE sbtest;
EOF

# ---------------------------------------------------------------------------------------------
# The data: sysbench's tables, their counts and checksums, and one TSV export
# ---------------------------------------------------------------------------------------------
say "sysbench prepare: $tables tables x $rows rows"
prepare_threads=$((tables < 2 ? tables : 2))
sysbench oltp_read_write --db-driver=mysql --mysql-socket="$sock" --mysql-user=root \
  --mysql-db=sbtest --tables="$tables" --table-size="$rows" --threads="$prepare_threads" \
  prepare >"$logs/sysbench-prepare.log" 2>&1 || die "sysbench prepare failed: see $logs/sysbench-prepare.log"

table_names=()
for i in $(seq 1 "$tables"); do table_names+=("sbtest$i"); done

# The statements below go through standard input: a thousand tables' names overflow the longest
# argument a command line may hold.

# counts_of DB TABLE...: one line per table, its name and row count (-1 for a missing table).
counts_of() {
  local db="$1" t i=0 n query="" out
  shift
  for t in "$@"; do
    query+="${query:+ UNION ALL }SELECT $((i += 1)), '$t', COUNT(*) FROM \`$db\`.\`$t\`"
  done
  # One statement for all the tables; one per table only when it fails (a table is missing).
  if out="$(sql <<<"$query ORDER BY 1" 2>/dev/null)"; then
    awk -F'\t' '{ print $2, $3 }' <<<"$out"
    return
  fi
  for t in "$@"; do
    n="$(sql <<<"SELECT COUNT(*) FROM \`$db\`.\`$t\`" 2>/dev/null)" || n=-1
    echo "$t $n"
  done
}

# checksums_of DB TABLE...: one line per table, its name and CHECKSUM TABLE (NULL when missing).
checksums_of() {
  local db="$1" t list=""
  shift
  for t in "$@"; do list+="${list:+, }\`$db\`.\`$t\`"; done
  sql <<<"CHECKSUM TABLE $list" 2>/dev/null | awk '{ sub(/^[^.]*\./, "", $1); print $1, $2 }'
}

# indexes_of DB: one line per indexed column of DB's tables: table, index, unique or not,
# position, column, prefix.
indexes_of() {
  sql -e "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, IFNULL(SUB_PART, '-')
          FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$1'
          ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
}

# Each source database's tables (space-separated) and what a copy of it must hold.
declare -A tables_of source_counts source_checksums source_indexes
# record_source DB TABLE...
record_source() {
  local db="$1"
  shift
  tables_of[$db]="$*"
  source_counts[$db]="$(counts_of "$db" "$@")"
  source_checksums[$db]="$(checksums_of "$db" "$@")"
  source_indexes[$db]="$(indexes_of "$db")"
}

record_source sbtest "${table_names[@]}"
total_rows="$(awk '{ s += $2 } END { print s }' <<<"${source_counts[sbtest]}")"
[ "$total_rows" -eq $((tables * rows)) ] || die "sysbench made $total_rows rows, expected $((tables * rows))"

say "exporting the rows as TSV (SELECT ... INTO OUTFILE)"
for t in "${table_names[@]}"; do
  sql -e "SELECT * INTO OUTFILE '$work/tsv/$t.tsv' FROM sbtest.\`$t\`"
done
tsv_bytes="$(cat "$work"/tsv/*.tsv | wc -c)"
tsv_mb="$(awk -v b="$tsv_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"

# The second shape: many small tables, one secondary index each, to show what a tool pays per
# table (its structure, its files, its index) rather than per row.
small_db=sbsmall
small_rows=0
small_title="Many small tables"
[ "$small_tables" = 0 ] || small_title="$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$small_tables") tables of 3 rows"
if [ "$small_tables" -gt 0 ]; then
  say "the small tables: $small_tables tables x 3 rows in $small_db"
  small_table_names=()
  for i in $(seq 1 "$small_tables"); do small_table_names+=("t$i"); done
  {
    echo "CREATE DATABASE $small_db;"
    for i in $(seq 1 "$small_tables"); do
      echo "CREATE TABLE $small_db.t$i (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(60) NOT NULL, KEY k_$i (k));"
    done
    # One transaction: a commit per table would make the setup wait on the disk a thousand times.
    echo "START TRANSACTION;"
    for i in $(seq 1 "$small_tables"); do
      echo "INSERT INTO $small_db.t$i VALUES (1, $i, 'row 1 of t$i'), (2, $((i + 1)), 'row 2 of t$i'), (3, $((i + 2)), 'row 3 of t$i');"
    done
    echo "COMMIT;"
  } | sql
  record_source "$small_db" "${small_table_names[@]}"
  small_rows="$(awk '{ s += $2 } END { print s }' <<<"${source_counts[$small_db]}")"
  [ "$small_rows" -eq $((3 * small_tables)) ] || die "the small tables hold $small_rows rows, expected $((3 * small_tables))"
fi

# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------


clk_tck="$(getconf CLK_TCK)"
# The server's CPU time so far, all its threads, user + system, in clock ticks (fields 14 and 15
# of /proc/PID/stat, counted after the command name, which ends at the last ")").
server_ticks() {
  local stat fields
  stat="$(<"/proc/$server_pid/stat")"
  read -ra fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

# tool_time CMD...: CMD under GNU time, which appends CMD's peak RSS (kB) and user and system CPU
# seconds to the running step's file. The dbrestore launcher execs its JVM, so for dbrestore
# these are the JVM's.
tool_time() { /usr/bin/time -a -f '%M %U %S' -o "$step_time_file" "$@"; }

# run_timed LOG CMD...: runs CMD with its output in LOG. Sets step_seconds, step_rc,
# step_server_cpu (mariadbd's CPU seconds over the step), and from what CMD's tool_time calls
# wrote to LOG.time, step_tool_cpu (their CPU seconds, summed) and step_rss_kb (the largest
# peak RSS); "-" where nothing was written.
run_timed() {
  local log="$1" t0 t1 s0 s1
  shift
  step_rc=0
  step_time_file="$log.time"
  rm -f "$step_time_file"
  s0="$(server_ticks)"
  t0="$(date +%s.%N)"
  "$@" >"$log" 2>&1 || step_rc=$?
  t1="$(date +%s.%N)"
  s1="$(server_ticks)"
  step_seconds="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  step_server_cpu="$(awk -v a="$s0" -v b="$s1" -v hz="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  step_tool_cpu=- step_rss_kb=-
  if [ -f "$step_time_file" ]; then
    # GNU time writes "Command exited with non-zero status N" above the figures of a failure.
    step_tool_cpu="$(awk 'NF == 3 && $1 ~ /^[0-9]+$/ { s += $2 + $3; n++ } END { if (n) printf "%.2f", s; else print "-" }' "$step_time_file")"
    step_rss_kb="$(awk 'NF == 3 && $1 ~ /^[0-9]+$/ && $1 + 0 > m { m = $1 + 0 } END { print m ? m : "-" }' "$step_time_file")"
  fi
}

# run_dbrestore LOG ARGS...: run_timed of the dbrestore launcher under GNU time.
run_dbrestore() {
  local log="$1"
  shift
  run_timed "$log" tool_time "$dbrestore" "$@"
}

# The last step's figures as one list: seconds, peak RSS kB, exit status, the tool's CPU seconds,
# the server's CPU seconds. A backup's are kept so until a restore from it has been checked.
measured() { echo "$step_seconds $step_rss_kb $step_rc $step_tool_cpu $step_server_cpu"; }

# record KEY RUN MEASURED VERIFIED NOTE: one line of WORK/runs/KEY.tsv: run, seconds, peak RSS kB,
# exit status, verified (1 or 0), note, the tool's CPU seconds, the server's CPU seconds.
record() {
  local seconds rss rc tool_cpu server_cpu state="verified"
  read -r seconds rss rc tool_cpu server_cpu <<<"$3"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$seconds" "$rss" "$rc" "$4" "$5" "$tool_cpu" \
    "$server_cpu" >>"$work/runs/$1.tsv"
  [ "$rc" = 0 ] || state="FAILED (exit $rc)"
  [ "$rc" != 0 ] || [ "$4" = 1 ] || state="NOT VERIFIED"
  say "run $2: $1 ${seconds}s (CPU s: tool $tool_cpu, server $server_cpu; peak RSS $rss kB) $state${5:+ - $5}"
}

# counts_match, checksums_match, indexes_match COPY SOURCE: COPY's tables hold what SOURCE's do.
counts_match() {
  local names
  read -ra names <<<"${tables_of[$2]}"
  [ "$(counts_of "$1" "${names[@]}")" = "${source_counts[$2]}" ]
}
checksums_match() {
  local names
  read -ra names <<<"${tables_of[$2]}"
  [ "$(checksums_of "$1" "${names[@]}")" = "${source_checksums[$2]}" ]
}
# A restore that left an index out would be faster for it: the indexes count as part of the copy.
indexes_match() { [ "$(indexes_of "$1")" = "${source_indexes[$2]}" ]; }

# check_copy COPY SOURCE: sets copy_ok to 1 when COPY holds SOURCE's rows and indexes, else
# copy_note.
check_copy() {
  copy_ok=0
  copy_note=""
  if ! counts_match "$1" "$2"; then copy_note="row counts differ from the source"
  elif ! checksums_match "$1" "$2"; then copy_note="CHECKSUM TABLE differs from the source"
  elif ! indexes_match "$1" "$2"; then copy_note="the indexes differ from the source's"
  else copy_ok=1; fi
}

# The secondary indexes of each source table as one ALTER's clauses, to drop them from a copy
# before the index-deferred ceiling and to add them back after its LOAD DATA. Plain B-tree
# indexes, which is what sysbench's tables have; indexes_match checks the result either way.
drop_index_sql=()
add_index_sql=()
for t in "${table_names[@]}"; do
  drop_index_sql+=("$(sql -e "SELECT GROUP_CONCAT(DISTINCT CONCAT('DROP INDEX \`', INDEX_NAME, '\`')
                              ORDER BY INDEX_NAME SEPARATOR ', ')
                              FROM information_schema.STATISTICS
                              WHERE TABLE_SCHEMA = 'sbtest' AND TABLE_NAME = '$t'
                                AND INDEX_NAME <> 'PRIMARY'")")
  add_index_sql+=("$(sql -e "SELECT GROUP_CONCAT(clause ORDER BY INDEX_NAME SEPARATOR ', ') FROM (
                               SELECT INDEX_NAME, CONCAT(IF(NON_UNIQUE = 0, 'ADD UNIQUE INDEX \`', 'ADD INDEX \`'),
                                 INDEX_NAME, '\` (', GROUP_CONCAT(CONCAT('\`', COLUMN_NAME, '\`',
                                 IFNULL(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX SEPARATOR ', '),
                                 ')') AS clause
                               FROM information_schema.STATISTICS
                               WHERE TABLE_SCHEMA = 'sbtest' AND TABLE_NAME = '$t'
                                 AND INDEX_NAME <> 'PRIMARY'
                               GROUP BY INDEX_NAME, NON_UNIQUE) s")")
done

# load_data_two_at_a_time DB [then-add-indexes]: LOAD DATA INFILE of the TSV export on two
# connections, each taking every other table; with then-add-indexes, each connection adds a
# table's secondary indexes (one ALTER TABLE) right after loading it.
load_data_two_at_a_time() {
  local db="$1" then_add_indexes="${2:-}" w pids=() rc=0
  for w in 0 1; do
    (
      for ((i = w; i < ${#table_names[@]}; i += 2)); do
        t="${table_names[$i]}"
        statements="LOAD DATA INFILE '$work/tsv/$t.tsv' INTO TABLE \`$db\`.\`$t\`"
        if [ -n "$then_add_indexes" ] && [ "${add_index_sql[$i]}" != NULL ]; then
          statements+="; ALTER TABLE \`$db\`.\`$t\` ${add_index_sql[$i]}"
        fi
        tool_time mariadb --defaults-file="$work/bench.cnf" -e "$statements" || exit 1
      done
    ) &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return "$rc"
}

# Data files in a mydumper dump (sbtest.T.sql per table unchunked, sbtest.T.00000.sql and on
# with --rows; the schema files aside): shows in the report that the baseline's dump is chunked.
dump_files_of() { find "$1" -maxdepth 1 -name 'sbtest.*.sql' ! -name '*-schema.sql' | wc -l; }

# myloader_step KEY RUN SOURCE_DB DUMP_DIR TARGET_DB: myloader -t 2 of the dump into TARGET_DB,
# checked against SOURCE_DB and recorded; sets ok. myloader turns the binlog off for its
# sessions unless --enable-binlog is given: given, so every tool writes the same binlog.
myloader_step() {
  local key="$1" run="$2" source_db="$3" dir="$4" db="$5" note
  drop_db "$db"
  settle
  run_timed "$logs/$key-run$run.log" tool_time myloader --defaults-file="$work/bench.cnf" -t 2 \
    --enable-binlog -d "$dir" -s "$source_db" -B "$db"
  ok=0
  note="see $logs/$key-run$run.log"
  if [ "$step_rc" = 0 ]; then
    check_copy "$db" "$source_db"
    ok=$copy_ok note=$copy_note
  fi
  record "$key" "$run" "$(measured)" "$ok" "$note"
  drop_db "$db"
}

# dbrestore_restore_step KEY RUN SOURCE_DB BACKUP_SET TARGET_DB RUNNER_CONFIG [RESTORE ARGS...]
dbrestore_restore_step() {
  local key="$1" run="$2" source_db="$3" backup_set="$4" db="$5" runner="$6" ok=0 note=""
  shift 6
  drop_db "$db" dbrestore_journal
  settle
  run_dbrestore "$logs/$key-run$run.log" restore --backup-set "$backup_set" --target "$url" \
    --user bench --password-env DBRESTORE_BENCH_PASSWORD --map-database "$source_db=$db" \
    --accept-warnings --name "benchmark run $run $key" --runner-config "$runner" "$@"
  if [ "$step_rc" = 0 ]; then
    if ! counts_match "$db" "$source_db"; then
      note="row counts differ from the source"
    elif ! "$dbrestore" verify --backup-set "$backup_set" --target "$url" --user bench \
      --password-env DBRESTORE_BENCH_PASSWORD --map-database "$source_db=$db" \
      >"$logs/$key-verify-run$run.log" 2>&1; then
      note="dbrestore verify failed: see $logs/$key-verify-run$run.log"
    elif ! indexes_match "$db" "$source_db"; then
      note="the indexes differ from the source's"
    else
      ok=1
      checksums_match "$db" "$source_db" || note="dbrestore verify passed but CHECKSUM TABLE differs from the source"
    fi
  else
    note="see $logs/$key-run$run.log"
  fi
  record "$key" "$run" "$(measured)" "$ok" "$note"
  drop_db "$db" dbrestore_journal
}

# small_tables_run RUN: the small tables' steps, as the sysbench ones: mydumper -t 2 --rows and
# dbrestore backup of them, then myloader -t 2 of that dump and dbrestore restore (as installed:
# it verifies) of that set; a backup counts as verified when the restore from it was.
small_tables_run() {
  local run="$1" dump="$work/dumps/small-run$1" backup_set="$work/backups/small-run$1"
  local dumper_measured backup_measured
  settle
  run_timed "$logs/small-mydumper-run$run.log" tool_time mydumper --defaults-file="$work/bench.cnf" \
    -t 2 --rows "$chunk_rows" -B "$small_db" -o "$dump"
  dumper_measured="$(measured)"
  settle
  run_dbrestore "$logs/small-dbrestore-backup-run$run.log" backup --source "$url" --user bench \
    --password-env DBRESTORE_BENCH_PASSWORD --database "$small_db" --chunk-rows "$chunk_rows" \
    --output "$backup_set"
  backup_measured="$(measured)"

  myloader_step small-myloader "$run" "$small_db" "$dump" r_small_myloader
  record small-mydumper "$run" "$dumper_measured" "$ok" \
    "$([ "$ok" = 1 ] || echo "its dump did not restore verified")"

  dbrestore_restore_step small-dbrestore-restore "$run" "$small_db" "$backup_set" \
    r_small_dbrestore direct
  ok="$(tail -n 1 "$work/runs/small-dbrestore-restore.tsv" | cut -f5)"
  record small-dbrestore-backup "$run" "$backup_measured" "$ok" \
    "$([ "$ok" = 1 ] || echo "no restore of its set was verified")"
}

load_avg_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  say "run $run of $runs"

  # Backups first, of the same source: mydumper -t 2 --rows (the baseline, in chunks of the
  # same number of rows as dbrestore's), mydumper -t 2 without --rows (one file per table),
  # then dbrestore backup with that chunk size given explicitly.
  settle
  run_timed "$logs/mydumper-run$run.log" tool_time mydumper --defaults-file="$work/bench.cnf" \
    -t 2 --rows "$chunk_rows" -B sbtest -o "$work/dumps/run$run"
  mydumper_measured="$(measured)"

  settle
  run_timed "$logs/mydumper-unchunked-run$run.log" tool_time mydumper \
    --defaults-file="$work/bench.cnf" -t 2 -B sbtest -o "$work/dumps/run$run-unchunked"
  mydumper_unchunked_measured="$(measured)"

  settle
  run_dbrestore "$logs/dbrestore-backup-run$run.log" backup --source "$url" --user bench \
    --password-env DBRESTORE_BENCH_PASSWORD --database sbtest --chunk-rows "$chunk_rows" \
    --output "$work/backups/run$run"
  backup_measured="$(measured)"
  if [ "$run" = 1 ]; then
    dump_files_chunked="$(dump_files_of "$work/dumps/run$run")"
    dump_files_unchunked="$(dump_files_of "$work/dumps/run$run-unchunked")"
    backup_chunks="$(find "$work/backups/run$run" -name '*.parquet' 2>/dev/null | wc -l)"
  fi

  # (a) myloader -t 2 from each dump.
  for dump in chunked unchunked; do
    key=myloader dir="$work/dumps/run$run" dumper_key=mydumper dumper_measured=$mydumper_measured
    if [ "$dump" = unchunked ]; then
      key=myloader-unchunked dir="$work/dumps/run$run-unchunked" dumper_key=mydumper-unchunked
      dumper_measured=$mydumper_unchunked_measured
    fi
    myloader_step "$key" "$run" sbtest "$dir" r_myloader
    record "$dumper_key" "$run" "$dumper_measured" "$ok" \
      "$([ "$ok" = 1 ] || echo "its dump did not restore verified")"
  done
  # The unchunked dump goes once loaded: keeping both dumps of every run would double their disk.
  rm -rf "$work/dumps/run$run-unchunked"

  # (b) The ceilings: LOAD DATA INFILE of the TSV export, two tables at a time, into empty
  # tables that already have their indexes; and (b') into tables without their secondary
  # indexes, each followed by one ALTER TABLE adding them: the most a tool that defers its
  # indexes could do. The empty tables are made before the clock starts.
  for ceiling in loaddata loaddata-deferred; do
    drop_db r_loaddata
    sql -e "CREATE DATABASE r_loaddata"
    for i in "${!table_names[@]}"; do
      t="${table_names[$i]}"
      sql -e "CREATE TABLE r_loaddata.\`$t\` LIKE sbtest.\`$t\`"
      if [ "$ceiling" = loaddata-deferred ] && [ "${drop_index_sql[$i]}" != NULL ]; then
        sql -e "ALTER TABLE r_loaddata.\`$t\` ${drop_index_sql[$i]}"
      fi
    done
    settle
    if [ "$ceiling" = loaddata ]; then
      run_timed "$logs/$ceiling-run$run.log" load_data_two_at_a_time r_loaddata
    else
      run_timed "$logs/$ceiling-run$run.log" load_data_two_at_a_time r_loaddata then-add-indexes
    fi
    ok=0
    note="see $logs/$ceiling-run$run.log"
    if [ "$step_rc" = 0 ]; then
      check_copy r_loaddata sbtest
      ok=$copy_ok note=$copy_note
    fi
    record "$ceiling" "$run" "$(measured)" "$ok" "$note"
    drop_db r_loaddata
  done

  # (c) dbrestore restore on the DirectRunner, from this run's backup set.
  dbrestore_restore_step dbrestore-direct "$run" sbtest "$work/backups/run$run" r_dbrestore direct
  set_ok="$(tail -n 1 "$work/runs/dbrestore-direct.tsv" | cut -f5)"

  # (c') the same without the read-back (as myloader, which checks nothing); verified untimed.
  dbrestore_restore_step dbrestore-direct-noverify "$run" sbtest "$work/backups/run$run" \
    r_dbrestore direct --no-verify
  [ "$(tail -n 1 "$work/runs/dbrestore-direct-noverify.tsv" | cut -f5)" = 0 ] || set_ok=1

  # (d) the same restore on FlinkRunner [local].
  if [ "$skip_flink" = 0 ]; then
    dbrestore_restore_step dbrestore-flink "$run" sbtest "$work/backups/run$run" r_flink flink-local
    [ "$(tail -n 1 "$work/runs/dbrestore-flink.tsv" | cut -f5)" = 0 ] || set_ok=1
  fi
  record dbrestore-backup "$run" "$backup_measured" "$set_ok" \
    "$([ "$set_ok" = 1 ] || echo "no restore of its set was verified")"

  # The small tables, on the same server in the same run.
  [ "$small_tables" = 0 ] || small_tables_run "$run"
done

# ---------------------------------------------------------------------------------------------
# Memory: one chunk of --memory-mb MB of random bytes, backed up and restored at -Xmx512m
# ---------------------------------------------------------------------------------------------
memory_state="skipped (--memory-mb 0)"
memory_md=""
memory_json="null"
if [ "$memory_mb" -gt 0 ]; then
  say "memory check: one chunk of $memory_mb MB, the JVM at -Xmx512m"
  # 100,000-byte values of base64 text from /dev/urandom: Snappy cannot shrink them much, so
  # the chunk file is about as large as its values.
  head -c $((memory_mb * 750000)) /dev/urandom | base64 -w 100000 >"$work/tsv/memory.tsv"
  drop_db sbmemory r_memory
  sql -e "CREATE DATABASE sbmemory"
  sql -e "CREATE TABLE sbmemory.blobs (id INT AUTO_INCREMENT PRIMARY KEY, b LONGBLOB NOT NULL)"
  sql -e "LOAD DATA INFILE '$work/tsv/memory.tsv' INTO TABLE sbmemory.blobs (b)"
  rm -f "$work/tsv/memory.tsv"
  memory_rows="$(sql -e "SELECT COUNT(*) FROM sbmemory.blobs")"
  memory_checksum="$(sql -e "CHECKSUM TABLE sbmemory.blobs" | cut -f2)"
  settle
  java_opts_before="$DBRESTORE_JAVA_OPTS"
  export DBRESTORE_JAVA_OPTS="-Xmx512m"
  run_dbrestore "$logs/memory-backup.log" backup --source "$url" --user bench \
    --password-env DBRESTORE_BENCH_PASSWORD --database sbmemory --chunk-rows 100000000 \
    --output "$work/backups/memory"
  mem_backup_rc=$step_rc mem_backup_s=$step_seconds mem_backup_rss=$step_rss_kb
  chunk_bytes="$(find "$work/backups/memory" -name '*.parquet' -printf '%s\n' 2>/dev/null | sort -n | tail -n 1)"
  chunk_files="$(find "$work/backups/memory" -name '*.parquet' 2>/dev/null | wc -l)"
  mem_restore_rc=1 mem_restore_s="" mem_restore_rss=""
  if [ "$mem_backup_rc" = 0 ]; then
    settle
    run_dbrestore "$logs/memory-restore.log" restore --backup-set "$work/backups/memory" \
      --target "$url" --user bench --password-env DBRESTORE_BENCH_PASSWORD \
      --map-database sbmemory=r_memory --accept-warnings --name "benchmark memory check"
    mem_restore_rc=$step_rc mem_restore_s=$step_seconds mem_restore_rss=$step_rss_kb
  fi
  export DBRESTORE_JAVA_OPTS="$java_opts_before"
  mem_verified=false
  if [ "$mem_restore_rc" = 0 ] \
    && [ "$(sql -e "SELECT COUNT(*) FROM r_memory.blobs")" = "$memory_rows" ] \
    && [ "$(sql -e "CHECKSUM TABLE r_memory.blobs" | cut -f2)" = "$memory_checksum" ]; then
    mem_verified=true
  else
    all_ok_memory=0
  fi
  memory_state="backup exit $mem_backup_rc, restore exit $mem_restore_rc, verified $mem_verified"
  say "memory check: $memory_state"
  kb_mb() { [[ "$1" =~ ^[0-9]+$ ]] && awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }' || echo null; }
  memory_md="| $memory_rows rows of 100,000 bytes | $chunk_files | ${chunk_bytes:-?} | $(printf '%.1f' "$mem_backup_s") | $(kb_mb "$mem_backup_rss") | $(printf '%.1f' "${mem_restore_s:-0}") | $(kb_mb "$mem_restore_rss") | $([ "$mem_verified" = true ] && echo yes || echo "**NO**: $memory_state") |"
  memory_json="{\"values_mb\": $memory_mb, \"rows\": $memory_rows, \"chunk_files\": $chunk_files, \"largest_chunk_bytes\": ${chunk_bytes:-null}, \"java_opts\": \"-Xmx512m\", \"backup_exit\": $mem_backup_rc, \"backup_seconds\": $mem_backup_s, \"backup_peak_rss_mb\": $(kb_mb "$mem_backup_rss"), \"restore_exit\": $mem_restore_rc, \"restore_seconds\": ${mem_restore_s:-null}, \"restore_peak_rss_mb\": $(kb_mb "$mem_restore_rss"), \"verified\": $mem_verified}"
  drop_db sbmemory r_memory dbrestore_journal
fi
load_avg_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
# json_items ITEM...: the items one per line, indented, commas between them (a JSON array's body).
json_items() { local n=$# i=0 item; for item in "$@"; do i=$((i + 1)); echo "    $item$([ "$i" -lt "$n" ] && echo ,)"; done; }
median_of() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# median_column KEY COLUMN: the median of a column of WORK/runs/KEY.tsv over the runs that have
# a figure in it; empty when none does.
median_column() { [ -f "$work/runs/$1.tsv" ] && cut -f"$2" "$work/runs/$1.tsv" | grep -E '^[0-9]+(\.[0-9]+)?$' | median_of || true; }
median_seconds() { median_column "$1" 2; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || true; }
# per_cpu_second ROWS CPU_SECONDS: rows per CPU-second; empty without a CPU time above zero.
per_cpu_second() { [ -n "$2" ] && awk -v r="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.0f", r / c }' || true; }
# per_run_list KEY COLUMN: a column's figure for each run, as a JSON list (null where none).
per_run_list() { cut -f"$2" "$work/runs/$1.tsv" | awk '{ printf "%s%s", (NR > 1 ? ", " : ""), ($1 ~ /^[0-9]+(\.[0-9]+)?$/ ? $1 : "null") }'; }

myloader_s="$(median_seconds myloader)"
loaddata_s="$(median_seconds loaddata)"
loaddata_deferred_s="$(median_seconds loaddata-deferred)"
mydumper_s="$(median_seconds mydumper)"
small_myloader_s="$(median_seconds small-myloader)"
small_mydumper_s="$(median_seconds small-mydumper)"

all_ok=1
[ "${all_ok_memory:-1}" = 1 ] || all_ok=0
md_restore=()
md_backup=()
json_rows=()
md_small=()
json_small=()
# summarise KEY LABEL OPERATION [small]: one Markdown row and one JSON object for a tool's runs,
# on sysbench's tables or (with small) on the small tables.
summarise() {
  local key="$1" label="$2" op="$3" shape="${4:-sysbench}" f="$work/runs/$1.tsv" rows="$total_rows"
  local n med rps mbps rss_kb rss_mb verified per_run r_myl="" r_ld="" r_ldd="" r_mdp="" notes shown
  local tool_cpu server_cpu per_tool_cpu="" per_server_cpu="" json_common
  [ "$shape" = sysbench ] || rows="$small_rows"
  n="$(wc -l <"$f")"
  med="$(median_seconds "$key")"
  tool_cpu="$(median_column "$key" 7)"
  server_cpu="$(median_column "$key" 8)"
  rps="$(awk -v r="$rows" -v s="$med" 'BEGIN { printf "%.0f", r / s }')"
  mbps="$(awk -v b="$tsv_bytes" -v s="$med" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
  rss_kb="$(cut -f3 "$f" | grep -E '^[0-9]+$' | sort -n | tail -n 1 || true)"
  rss_mb=""
  [ -z "$rss_kb" ] || rss_mb="$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
  verified=true
  [ "$n" -eq "$runs" ] || verified=false
  if awk -F'\t' '$4 != 0 || $5 != 1 { bad = 1 } END { exit bad ? 0 : 1 }' "$f"; then verified=false; fi
  [ "$verified" = true ] || all_ok=0
  per_run="$(cut -f2 "$f" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')"
  notes="$(cut -f6 "$f" | grep -v '^$' | sort -u | paste -sd';' - || true)"
  shown="yes"
  [ "$verified" = true ] || shown="**NO**: ${notes:-a run is missing}"
  [ -z "$notes" ] || [ "$verified" = false ] || shown="yes ($notes)"
  # A tool that failed or restored wrong rows gets no ratio: a fast wrong restore cannot score.
  if [ "$verified" = true ]; then
    per_tool_cpu="$(per_cpu_second "$rows" "$tool_cpu")"
    per_server_cpu="$(per_cpu_second "$rows" "$server_cpu")"
    if [ "$shape" = small ] && [ "$op" = restore ]; then
      r_myl="$(ratio "$small_myloader_s" "$med")"
    elif [ "$shape" = small ]; then
      r_mdp="$(ratio "$small_mydumper_s" "$med")"
    elif [ "$op" = restore ]; then
      r_myl="$(ratio "$myloader_s" "$med")"
      r_ld="$(ratio "$loaddata_s" "$med")"
      r_ldd="$(ratio "$loaddata_deferred_s" "$med")"
    else
      r_mdp="$(ratio "$mydumper_s" "$med")"
    fi
  fi
  json_common="\"tool\": \"$label\", \"operation\": \"$op\", \"runs\": $n, \"median_seconds\": $med, \"seconds_per_run\": [$per_run], \"rows_per_second\": $rps, \"peak_rss_mb\": ${rss_mb:-null}, \"median_tool_cpu_seconds\": ${tool_cpu:-null}, \"tool_cpu_seconds_per_run\": [$(per_run_list "$key" 7)], \"median_server_cpu_seconds\": ${server_cpu:-null}, \"server_cpu_seconds_per_run\": [$(per_run_list "$key" 8)], \"rows_per_tool_cpu_second\": ${per_tool_cpu:-null}, \"rows_per_server_cpu_second\": ${per_server_cpu:-null}"
  if [ "$shape" = small ]; then
    md_small+=("| $label | $op | $n | $(printf '%.2f' "$med") | $per_run | $rps | ${rss_mb:--} | ${r_myl:+${r_myl}x}${r_mdp:+${r_mdp}x} | ${per_tool_cpu:--} | ${per_server_cpu:--} | $shown |")
    json_small+=("{$json_common, \"ratio_to_myloader\": ${r_myl:-null}, \"ratio_to_mydumper\": ${r_mdp:-null}, \"verified\": $verified, \"notes\": \"$notes\"}")
    return
  fi
  if [ "$op" = restore ]; then
    md_restore+=("| $label | $n | $(printf '%.2f' "$med") | $per_run | $rps | $mbps | ${rss_mb:--} | ${r_myl:+${r_myl}x} | ${r_ld:+${r_ld}x} | ${r_ldd:+${r_ldd}x} | ${per_tool_cpu:--} | ${per_server_cpu:--} | $shown |")
  else
    md_backup+=("| $label | $n | $(printf '%.2f' "$med") | $per_run | $rps | $mbps | ${rss_mb:--} | ${r_mdp:+${r_mdp}x} | ${per_tool_cpu:--} | ${per_server_cpu:--} | $shown |")
  fi
  json_rows+=("{$json_common, \"mb_per_second\": $mbps, \"ratio_to_myloader\": ${r_myl:-null}, \"ratio_to_load_data\": ${r_ld:-null}, \"ratio_to_load_data_deferred_indexes\": ${r_ldd:-null}, \"ratio_to_mydumper\": ${r_mdp:-null}, \"verified\": $verified, \"notes\": \"$notes\"}")
}

summarise myloader "myloader -t 2, dump by mydumper --rows $chunk_rows (the baseline)" restore
summarise myloader-unchunked "myloader -t 2, dump by mydumper without --rows (unchunked, not the baseline)" restore
summarise loaddata "LOAD DATA INFILE, 2 tables at a time, indexes kept (ceiling)" restore
summarise loaddata-deferred "LOAD DATA INFILE without secondary indexes, then ADD INDEX, 2 tables at a time (ceiling)" restore
summarise dbrestore-direct "dbrestore restore, DirectRunner" restore
summarise dbrestore-direct-noverify "dbrestore restore --no-verify, DirectRunner" restore
if [ "$skip_flink" = 0 ]; then
  summarise dbrestore-flink "dbrestore restore, FlinkRunner [local]" restore
else
  md_restore+=("| dbrestore restore, FlinkRunner [local] | skipped (--skip-flink) | | | | | | | | | | | |")
  json_rows+=("{\"tool\": \"dbrestore restore, FlinkRunner [local]\", \"operation\": \"restore\", \"skipped\": true}")
fi
summarise mydumper "mydumper -t 2 --rows $chunk_rows (the baseline)" backup
summarise mydumper-unchunked "mydumper -t 2 without --rows (unchunked, not the baseline)" backup
summarise dbrestore-backup "dbrestore backup --chunk-rows $chunk_rows, DirectRunner" backup
if [ "$small_tables" -gt 0 ]; then
  summarise small-myloader "myloader -t 2, dump by mydumper --rows $chunk_rows (the baseline)" restore small
  summarise small-dbrestore-restore "dbrestore restore, DirectRunner" restore small
  summarise small-mydumper "mydumper -t 2 --rows $chunk_rows (the baseline)" backup small
  summarise small-dbrestore-backup "dbrestore backup --chunk-rows $chunk_rows, DirectRunner" backup small
fi

v_mariadb="$(mariadbd --version | sed 's/^.*Ver //')"
v_mydumper="$(mydumper --version 2>&1 | head -n 1) (Debian package $(dpkg-query -W -f '${Version}' mydumper 2>/dev/null || echo '?'))"
v_sysbench="$(sysbench --version | head -n 1)"
v_java="$(java -version 2>&1 | head -n 2 | tail -n 1)"
v_dbrestore="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] || v_dbrestore+=" with uncommitted changes"
v_dbrestore+=", dbrestore.jar built $jar_time, sha256 $jar_sha..."
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mem_gib="$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
sync_binlog="$(sql -e "SELECT @@sync_binlog")"
flush_at_commit="$(sql -e "SELECT @@innodb_flush_log_at_trx_commit")"

{
  echo "## dbrestore restore benchmark: $tables tables x $rows rows"
  echo
  echo "$total_rows rows of sysbench's \`oltp_read_write\` tables; MB = 10^6 bytes of their TSV export ($tsv_bytes bytes, $tsv_mb MB). Median of $runs run(s); rows/s and MB/s are computed from the median."
  echo
  echo "### Restore"
  echo
  echo "| tool | runs | median s | each run, s | rows/s | MB/s | peak RSS MB | throughput vs myloader (--rows dump) | throughput vs LOAD DATA | throughput vs LOAD DATA + ADD INDEX | rows per CPU-second, tool | rows per CPU-second, server | verified |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${md_restore[@]}"
  echo
  echo "### Backup"
  echo
  echo "| tool | runs | median s | each run, s | rows/s | MB/s | peak RSS MB | throughput vs mydumper --rows | rows per CPU-second, tool | rows per CPU-second, server | verified |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${md_backup[@]}"
  echo
  echo "### $small_title"
  echo
  if [ "$small_tables" -gt 0 ]; then
    echo "The database \`$small_db\`: $small_tables tables of 3 rows and one secondary index each, $small_rows rows. Median of $runs run(s); rows/s is computed from the median."
    echo
    echo "| tool | operation | runs | median s | each run, s | rows/s | peak RSS MB | throughput vs myloader (restore) or mydumper (backup) | rows per CPU-second, tool | rows per CPU-second, server | verified |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${md_small[@]}"
  else
    echo "skipped (--small-tables 0)"
  fi
  echo
  echo "### Memory: one large chunk, the JVM at -Xmx512m"
  echo
  if [ -n "$memory_md" ]; then
    echo "| values | chunk files | largest chunk, bytes | backup s | backup peak RSS MB | restore s | restore peak RSS MB | verified |"
    echo "|---|---|---|---|---|---|---|---|"
    echo "$memory_md"
  else
    echo "$memory_state"
  fi
  echo
  echo "dbrestore's own summary lines, per run (where the wall time went):"
  echo
  for key in dbrestore-backup dbrestore-direct dbrestore-direct-noverify dbrestore-flink \
    small-dbrestore-backup small-dbrestore-restore; do
    for r in $(seq 1 "$runs"); do
      line="$(grep -hE '^(Task r-[^ ]*: restored|Backup set [^ ]*:)' "$logs/$key-run$r.log" 2>/dev/null | tail -n 1 || true)"
      [ -z "$line" ] || echo "- $key run $r: $line"
    done
  done
  echo
  echo "- Same server, same data, one after another within each run; binlog on (ROW) for all: myloader with \`--enable-binlog\` (it turns the binlog off by default)."
  echo "- The baseline: \`mydumper -t 2 --rows $chunk_rows -B sbtest\`, then \`myloader -t 2 --enable-binlog -s sbtest -B <target>\` (otherwise their defaults, e.g. myloader's 1,000 multi-row INSERTs per transaction; this myloader creates each table with its indexes before loading it); $chunk_rows is the rows per chunk given to \`dbrestore backup --chunk-rows\` too. Both split by estimate: in run 1, for the $tables table(s), mydumper wrote ${dump_files_chunked:-?} data file(s) with --rows and ${dump_files_unchunked:-?} without, and dbrestore's set held ${backup_chunks:-?} chunk file(s). The unchunked row (one file per table, so one myloader thread per table) is shown for comparison only, never the baseline."
  echo "- The ceilings: the TSV export loaded by \`LOAD DATA INFILE\` on two connections, each taking every other table, into empty tables made beforehand (\`CREATE TABLE ... LIKE\`); either with their indexes, or without their secondary indexes, each connection adding a table's indexes (one \`ALTER TABLE ... ADD INDEX\`) right after loading it, both timed."
  [ "$small_tables" = 0 ] || echo "- The small tables: \`$small_db\`.\`t1\`..\`t$small_tables\`, each \`(id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(60) NOT NULL, KEY k_I (k))\` with 3 rows. Each run, after the sysbench steps: \`mydumper -t 2 --rows $chunk_rows -B $small_db\`, \`dbrestore backup --database $small_db --chunk-rows $chunk_rows\`, \`myloader -t 2 --enable-binlog\` of that dump and \`dbrestore restore\` (as installed: it verifies) of that set, each into its own database and checked as below."
  echo "- Before each timed step: RESET MASTER and the buffer pool's dirty pages flushed; the restore target dropped. Restores go into a separate database (\`-B\`, \`--map-database\`, \`CREATE TABLE ... LIKE\`)."
  echo "- Times are wall clock of the whole command: JVM start, dbrestore's pre-check (chunk SHA-256s), structure, data, post-data and count check included; myloader and mydumper likewise whole."
  echo "- Verified: row counts per table equal the source's, the indexes (information_schema.STATISTICS) equal the source's, and CHECKSUM TABLE equals the source's (myloader, LOAD DATA) or \`dbrestore verify\` exits 0 (dbrestore). A backup is verified when a restore made from it (myloader's from that dump; dbrestore's on either runner) was."
  echo "- Peak RSS: the tool's maximum resident set size (GNU time: the dbrestore JVM, myloader, mydumper; for LOAD DATA the largest \`mariadb\` client), largest over runs; DBRESTORE_JAVA_OPTS=\`$DBRESTORE_JAVA_OPTS\`."
  echo "- Rows per CPU-second: the rows divided by the median CPU time (user + system, all threads) over the runs, of the tool (GNU time; for LOAD DATA the \`mariadb\` clients, which only send the statements) and of \`mariadbd\` over the step (its /proc/PID/stat, background threads included). It is the rows/s that each fully busy core gives: R rows/s would need about R divided by it cores for that process, if it can spread its work over them (not measured here; $(nproc) cores here)."
  echo "- Server: MariaDB $v_mariadb; innodb_buffer_pool_size=$buffer_pool, innodb_log_file_size=512M, innodb_flush_log_at_trx_commit=$flush_at_commit, sync_binlog=$sync_binlog, binlog_format=ROW."
  echo "- Versions: mydumper/myloader $v_mydumper; $v_sysbench; Java: $v_java; dbrestore at $v_dbrestore."
  echo "- Machine: $(nproc) cores ($cpu), $mem_gib GiB memory; load average at start $load_avg_start, at end $load_avg_end."
} >"$work/results.md"

{
  echo "{"
  echo "  \"tables\": $tables, \"rows_per_table\": $rows, \"total_rows\": $total_rows, \"runs\": $runs,"
  echo "  \"chunk_rows\": $chunk_rows, \"baseline\": \"mydumper -t 2 --rows $chunk_rows, myloader -t 2 --enable-binlog\","
  echo "  \"files_in_run_1\": {\"mydumper_rows_data_files\": ${dump_files_chunked:-null}, \"mydumper_unchunked_data_files\": ${dump_files_unchunked:-null}, \"dbrestore_chunk_files\": ${backup_chunks:-null}},"
  echo "  \"tsv_bytes\": $tsv_bytes, \"mb_definition\": \"10^6 bytes of the TSV export (SELECT ... INTO OUTFILE)\","
  echo "  \"binlog\": \"ROW, on for every tool (myloader --enable-binlog)\","
  echo "  \"dbrestore_java_opts\": \"$DBRESTORE_JAVA_OPTS\","
  echo "  \"versions\": {\"mariadb\": \"$v_mariadb\", \"mydumper\": \"$v_mydumper\", \"sysbench\": \"$v_sysbench\", \"java\": \"$v_java\", \"dbrestore\": \"$v_dbrestore\"},"
  echo "  \"server\": {\"innodb_buffer_pool_size\": \"$buffer_pool\", \"innodb_log_file_size\": \"512M\", \"innodb_flush_log_at_trx_commit\": $flush_at_commit, \"sync_binlog\": $sync_binlog},"
  echo "  \"machine\": {\"nproc\": $(nproc), \"cpu\": \"$cpu\", \"memory_gib\": $mem_gib, \"load_average_start\": \"$load_avg_start\", \"load_average_end\": \"$load_avg_end\"},"
  echo "  \"memory_check\": $memory_json,"
  if [ "$small_tables" -gt 0 ]; then
    echo "  \"small_tables\": {\"database\": \"$small_db\", \"tables\": $small_tables, \"rows_per_table\": 3, \"total_rows\": $small_rows, \"results\": ["
    json_items "${json_small[@]}"
    echo "  ]},"
  else
    echo "  \"small_tables\": null,"
  fi
  echo "  \"results\": ["
  json_items "${json_rows[@]}"
  echo "  ]"
  echo "}"
} >"$work/results.json"

cat "$work/results.md"
echo
echo "Results: $work/results.md and $work/results.json; logs in $logs"
[ "$all_ok" = 1 ] || { echo "run.sh: some tool failed or was not verified (see the table)" >&2; exit 1; }
