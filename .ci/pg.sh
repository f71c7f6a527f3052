#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on loopback for tests.
#   .ci/pg.sh start DIR   -> prints DATABASE_URL on stdout (installs PostgreSQL with apt-get if missing)
#   .ci/pg.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  return 1
}
if [ "$cmd" = stop ]; then
  bin=$(find_bin) || exit 0
  [ -f "$dir/data/postmaster.pid" ] && su postgres -s /bin/sh -c "$bin/pg_ctl -D '$dir/data' -m fast stop" >&2 || true
  exit 0
fi
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
run() { su postgres -s /bin/sh -c "$1" >&2; }
run "$bin/initdb -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
run "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" -w start >/dev/null"
run "$bin/psql -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE lentera_test' >/dev/null"
echo "postgres://postgres@127.0.0.1:$port/lentera_test"
