# What run.sh and pitr.sh share: the work dir's checks, Debian packages, the dbrestore build and
# its copy, and the private MariaDB server. Sourced, not run; the caller defines die, say, work,
# repo, port, buffer_pool and skip_install.

# The work dir is written into SQL string literals and socket paths.
check_work_dir() {
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  [[ "$work" =~ ^[A-Za-z0-9_./-]+$ ]] || die "--work-dir may hold only letters, digits and _ . / -"
  [ "${#work}" -le 80 ] || die "--work-dir is too long for a Unix socket path (80 characters at most)"
}

# install_missing PACKAGE...: apt-get the Debian packages named (unless --skip-install).
install_missing() {
  [ "$#" -gt 0 ] || return 0
  [ "$skip_install" = 0 ] || die "missing packages (--skip-install given): $*"
  say "installing $* with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Builds dbrestore when the checkout has no jar yet.
build_if_missing() {
  if [ ! -f "$repo/pipelines/target/dbrestore.jar" ] || [ ! -d "$repo/pipelines/target/lib" ]; then
    command -v mvn >/dev/null || die "pipelines/target/dbrestore.jar is missing and mvn is not on PATH"
    say "building dbrestore (mvn -B -q -DskipTests package)"
    (cd "$repo" && mvn -B -q -DskipTests package) >&2
  fi
}

# One build for the whole run: a copy of the launcher, the jar and its libraries, so a build in
# the checkout while the benchmark runs cannot change or break the dbrestore being timed. Sets
# dbrestore to the copy's launcher.
copy_build() {
  rm -rf "$work/dbrestore"
  mkdir -p "$work/dbrestore/pipelines/target"
  cp "$repo/dbrestore" "$work/dbrestore/dbrestore"
  # -p: a report dates the build by the jar, not by this copy.
  cp -p "$repo/pipelines/target/dbrestore.jar" "$work/dbrestore/pipelines/target/dbrestore.jar"
  cp -r "$repo/pipelines/target/lib" "$work/dbrestore/pipelines/target/lib"
  # The native SHA-256 library the build took out of its jar (the launcher loads it from there).
  [ ! -d "$repo/pipelines/target/native" ] \
    || cp -r "$repo/pipelines/target/native" "$work/dbrestore/pipelines/target/native"
  dbrestore="$work/dbrestore/dbrestore"
}

# Refuses to start beside a server an earlier run left, or on a port in use. Sets sock.
check_server_free() {
  sock="$work/mysqld.sock"
  if [ -S "$sock" ] && mariadb-admin --no-defaults -uroot -S "$sock" ping >/dev/null 2>&1; then
    die "a server still answers on $sock (an earlier run's?): stop it, or pick another --work-dir"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is in use: pick another with --port"
  fi
}

server_pid=""

# start_server [MARIADBD OPTION...]: a fresh data dir in WORK/data and mariadbd on 127.0.0.1 only,
# binary log on (ROW), with the options given added; waits until it answers. Logs go to $logs.
start_server() {
  say "starting MariaDB on 127.0.0.1:$port (data in $work/data)"
  mariadb-install-db --no-defaults --user=root --datadir="$work/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$logs/install-db.log" 2>&1 \
    || die "mariadb-install-db failed: see $logs/install-db.log"
  mariadbd --no-defaults --user=root --datadir="$work/data" --tmpdir="$work/tmp" \
    --port="$port" --socket="$sock" --bind-address=127.0.0.1 --skip-name-resolve \
    --pid-file="$work/mysqld.pid" --log-error="$logs/mariadbd.err" \
    --log-bin="$work/data/binlog" --binlog-format=ROW --server-id=1 \
    --max-allowed-packet=256M --innodb-buffer-pool-size="$buffer_pool" \
    --innodb-log-file-size=512M "$@" >>"$logs/mariadbd.err" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults -uroot -S "$sock" ping >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || die "mariadbd exited: $(tail -5 "$logs/mariadbd.err")"
    sleep 0.5
  done
  mariadb-admin --no-defaults -uroot -S "$sock" ping >/dev/null 2>&1 || die "mariadbd did not answer in 60 s"
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    mariadb-admin --no-defaults -uroot -S "$sock" shutdown >/dev/null 2>&1 || true
    for _ in $(seq 1 120); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# root over the socket (no password) for setup and checks, bench over TCP for the measured
# tools: WORK/root.cnf and WORK/bench.cnf, private; sets bench_password.
write_client_files() {
  local umask_before
  umask_before="$(umask)"
  umask 077
  printf '[client]\nuser=root\nsocket=%s\n' "$sock" >"$work/root.cnf"
  bench_password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '[client]\nuser=bench\npassword=%s\nhost=127.0.0.1\nport=%s\n' "$bench_password" "$port" >"$work/bench.cnf"
  umask "$umask_before"
}

# sql ARG...: the mariadb client as root over the socket (WORK/root.cnf), tab-separated, no
# column names.
sql() { mariadb --defaults-file="$work/root.cnf" -N -B "$@"; }

drop_db() { local db; for db in "$@"; do sql -e "DROP DATABASE IF EXISTS \`$db\`"; done; }

# The median of the numbers on standard input, one per line ("-" for none).
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "-" } else if (NR % 2) { print a[(NR + 1) / 2] } else { printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 } }'; }

# Every measured step starts from the same server state: no binlog left from the step before,
# and no dirty pages still being flushed from it.
settle() {
  local dirty dirty_pct_default
  dirty_pct_default="$(sql -e "SELECT @@GLOBAL.innodb_max_dirty_pages_pct")"
  sql -e "RESET MASTER"
  sql -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
  for _ in $(seq 1 240); do
    dirty="$(sql -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
                     WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")"
    [ "$dirty" -le 16 ] && break
    sleep 0.5
  done
  sql -e "SET GLOBAL innodb_max_dirty_pages_pct = $dirty_pct_default"
}
