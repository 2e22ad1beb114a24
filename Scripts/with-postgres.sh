#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on loopback, for the shared-outbox tests:
#   Scripts/with-postgres.sh swift test
# The server lives in a temporary folder, listens on 127.0.0.1 on a free port, trusts local
# connections (nothing else can reach it), and is stopped and deleted when the command ends.
# The command sees SWGATE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: no PostgreSQL server found under /usr/lib/postgresql (make deps installs it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/swgate-pg.XXXXXX)
# initdb refuses to run as root: the server runs as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as() { runuser -u postgres -- "$@"; }
else
  as() { "$@"; }
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
  as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off by default: a test server, thrown away afterwards — a killed *worker* is what the
# tests kill, never the server. SWGATE_PG_FSYNC=on gives a durable server (for benchmarks).
fsync=${SWGATE_PG_FSYNC:-off}
as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export SWGATE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') (fsync $fsync) on 127.0.0.1:$port" >&2
"$@"
