#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on loopback for tests.
#   .ci/pg.sh start DIR [--fsync]  -> prints DATABASE_URL on stdout (installs PostgreSQL with apt-get if
#                                     missing). Without --fsync the server runs with fsync=off (fast,
#                                     for the test suites); with it, with PostgreSQL's durable defaults
#                                     (fsync, synchronous_commit, full_page_writes on), for the crash suite.
#   .ci/pg.sh restart DIR          -> starts the server of DIR again, with the same port and settings
#                                     (after it was stopped or killed); prints nothing
#   .ci/pg.sh pid DIR              -> prints the postmaster's pid
#   .ci/pg.sh stop DIR
set -euo pipefail
cmd=${1:?start|restart|pid|stop}; dir=${2:?directory}; flag=${3:-}
find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  return 1
}
run() { su postgres -s /bin/sh -c "$1" >&2; }
case "$cmd" in
  stop)
    bin=$(find_bin) || exit 0
    [ -f "$dir/data/postmaster.pid" ] && su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -m fast stop" >&2 || true
    exit 0
    ;;
  pid)
    head -n 1 "$dir/data/postmaster.pid"
    exit 0
    ;;
  restart)
    bin=$(find_bin)
    run "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -o \"$(cat "$dir/options")\" -w start >/dev/null"
    exit 0
    ;;
  start) ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
if ! bin=$(find_bin); then
  echo "installing PostgreSQL with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi
mkdir -p "$dir"
chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
durability="-c fsync=off"
[ "$flag" = "--fsync" ] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
options="-p $port -k '$dir' -c listen_addresses=127.0.0.1 $durability -c max_connections=200"
echo "$options" >"$dir/options"
run "$bin/initdb -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
run "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -o \"$options\" -w start >/dev/null"
run "$bin/psql -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE lentera_test' >/dev/null"
echo "postgres://postgres@127.0.0.1:$port/lentera_test"
