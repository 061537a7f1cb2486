#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command beside a private PostgreSQL server of its own: a fresh
# cluster (initdb) in a temporary folder, started with pg_ctl, listening on
# a Unix socket in that folder and on no TCP port, stopped and removed
# afterwards, however the command ends.
#
#   with-private-postgres.sh COMMAND [ARGS...]
#
# COMMAND finds in its environment:
#   TD_PG_CONNINFO  libpq connection string for the superuser to the
#                   "postgres" database, e.g. for PQconnectdb or
#                   psql "$TD_PG_CONNINFO"
#   TD_PG_HOST TD_PG_PORT TD_PG_USER   the same in parts (the socket folder)
#   TD_PG_BINDIR    PostgreSQL's programs (psql, pg_dump, ...)
#   TD_PG_DATA      the cluster's folder
#   TD_PG_CTL       a program that runs pg_ctl on this cluster as its owner:
#                   "$TD_PG_CTL stop -m fast", "$TD_PG_CTL start" (to take
#                   the database away mid-test and bring it back)
#   TD_PG_LOG       the server's log
# Exits with COMMAND's status; 77 (meson: skipped) without PostgreSQL.
#
# PostgreSQL refuses to run as root, and the test suite runs as root: then
# the server runs as TD_PG_OS_USER (default nobody) and everything runs in
# a PID namespace of its own, so that even a kill -9 of this script takes
# the server down with it. Authentication is "trust": only the owner of the
# 0700 socket folder (and root) can reach it. TD_PG_OPTIONS adds server
# settings ("-c fsync=off" for a throw-away benchmark, say).
set -eu

if [ "$#" -lt 1 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi

if [ "$(id -u)" -eq 0 ] && [ -z "${TD_PRIVATE_PG_INNER:-}" ]; then
	# This script again, as the first process of a new PID namespace:
	# when it ends, the kernel ends everything left in there. Its own
	# /proc (in a mount namespace of its own) shows that namespace's
	# processes by their PIDs there, which LeakSanitizer needs. unshare
	# ignores SIGTERM while it waits, so a SIGTERM here (meson's timeout)
	# is passed on to the namespace's first process, which stops the
	# server and cleans up.
	TD_PRIVATE_PG_INNER=1 unshare --pid --fork --mount-proc --kill-child=SIGTERM "$0" "$@" 0<&0 &
	namespace=$!
	trap 'pkill -TERM -P "$namespace" || true' INT TERM
	while :; do
		wait "$namespace"
		status=$?
		kill -0 "$namespace" 2>/dev/null || exit "$status"
	done
fi

bindir="${TD_PG_BINDIR:-}"
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then
	bindir=$(pg_config --bindir)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	# Debian keeps the server's programs out of PATH
	bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
	echo "with-private-postgres.sh: PostgreSQL's initdb and pg_ctl are missing (apt-get install postgresql)" >&2
	exit 77
fi

dir=$(mktemp -d /tmp/tiepdon-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
	owner="${TD_PG_OS_USER:-nobody}"
	chown "$owner:" "$dir"
	as_owner=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --clear-groups --reset-env)
fi
chmod 0700 "$dir"
mkdir -m 0700 "$dir/socket"
[ "${#as_owner[@]}" -eq 0 ] || chown "$owner:" "$dir/socket"

port=5432
superuser=tdtest
export TD_PG_DATA="$dir/data"
export TD_PG_LOG="$dir/postgres.log"
export TD_PG_BINDIR="$bindir"
export TD_PG_HOST="$dir/socket"
export TD_PG_PORT="$port"
export TD_PG_USER="$superuser"
export TD_PG_CONNINFO="host=$dir/socket port=$port user=$superuser dbname=postgres"
export TD_PG_CTL="$dir/pg-ctl"

# pg_ctl as the cluster's owner, with this cluster's settings
cat >"$TD_PG_CTL" <<SCRIPT
#!/bin/sh
exec ${as_owner[*]} env HOME="$dir" "$bindir/pg_ctl" -D "$TD_PG_DATA" -l "$TD_PG_LOG" -w -t 60 \\
	-o "-c listen_addresses='' -k $dir/socket -p $port ${TD_PG_OPTIONS:-}" "\$@"
SCRIPT
chmod 0755 "$TD_PG_CTL"

cleanup() {
	status=$?
	trap - EXIT INT TERM
	"$TD_PG_CTL" stop -m immediate >/dev/null 2>&1 || true
	if [ -n "${TD_PG_KEEP_LOG:-}" ] && [ -f "$TD_PG_LOG" ]; then cp "$TD_PG_LOG" "$TD_PG_KEEP_LOG" || true; fi
	rm -rf "$dir"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

# --no-sync: a throw-away cluster need not survive a power cut while it
# is made; the server itself keeps PostgreSQL's usual durability.
if ! "${as_owner[@]}" env HOME="$dir" "$bindir/initdb" -D "$TD_PG_DATA" -U "$superuser" --auth=trust \
	--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
	echo "with-private-postgres.sh: initdb failed:" >&2
	cat "$dir/initdb.log" >&2
	exit 1
fi
if ! "$TD_PG_CTL" start >"$dir/pg_ctl.log" 2>&1; then
	echo "with-private-postgres.sh: the server did not start:" >&2
	cat "$dir/pg_ctl.log" "$TD_PG_LOG" >&2 2>/dev/null || true
	exit 1
fi

# In the background, so a SIGTERM is acted on at once (bash runs a trap
# only between commands): it goes on to COMMAND, which gets a few seconds
# to end before the cleanup stops the server and removes the folder.
set +e
"$@" 0<&0 &
child=$!
stopping() {
	kill -TERM "$child" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$child" 2>/dev/null || break
		sleep 0.1
	done
	exit 143
}
trap stopping INT TERM
wait "$child"
exit $?
