#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#   scripts/with-postgres.sh sh -c 'psql "$DATABASE_URL" -c "select 1"'
#
# (DATABASE_URL only exists inside the command: quote it as above so the calling shell does not
# expand it first.)
#
# Creates a cluster in a fresh temporary folder (trust auth, loopback only, fsync off: for tests
# only), creates the database "bina", exports
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/bina
# runs COMMAND, then stops the cluster and removes the folder, whatever COMMAND did. Exits with
# COMMAND's status.
#
# Works with the machine's own cluster stopped or running (own port, own socket folder). As root,
# the server runs as the "postgres" user (PostgreSQL refuses to run as root); as any other user it
# runs as that user.
#
# Environment: BINA_PG_PORT (first port to try, default 55432), BINA_PG_TMPDIR (parent of the
# temporary folder, default /tmp: it must be reachable by the postgres user).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

die() { echo "with-postgres: $*" >&2; exit 1; }

# /usr/local/bin/pg_ctl and friends may be wrappers: use the newest server's own binaries.
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[[ -n "$pgbin" && -x "$pgbin/pg_ctl" ]] \
    || die "no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)"

if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
    # A login shell would not matter; -s makes it independent of the user's shell.
    as_pg() { su -s /bin/sh postgres -c "$1"; }
else
    as_pg() { sh -c "$1"; }
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port="${BINA_PG_PORT:-55432}"
for _ in $(seq 1 100); do
    port_in_use "$port" || break
    port=$((port + 1))
done
port_in_use "$port" && die "no free port found from ${BINA_PG_PORT:-55432}"

tmp="$(mktemp -d "${BINA_PG_TMPDIR:-/tmp}/bina-pg.XXXXXX")"
data="$tmp/data"
started=0

cleanup() {
    local status=$?
    if [[ $started -eq 1 ]]; then
        as_pg "$(printf '%q ' "$pgbin/pg_ctl" -D "$data" -m immediate -w stop)" >/dev/null 2>&1 \
            || echo "with-postgres: could not stop the cluster in $data" >&2
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$tmp"
fi
chmod 700 "$tmp"

q() { printf '%q ' "$@"; }
as_pg "cd $(q "$tmp") && $(q "$pgbin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8)" >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }

opts="-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
opts+=" -c full_page_writes=off"
started=1
as_pg "cd $(q "$tmp") && $(q "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "$opts" start)" >/dev/null \
    || { cat "$tmp/server.log" >&2 || true; die "the server did not start"; }

as_pg "cd $(q "$tmp") && $(q "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres bina)" \
    || die "createdb failed"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/bina"
echo "with-postgres: PostgreSQL $(basename "$(dirname "$pgbin")") at $DATABASE_URL" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
