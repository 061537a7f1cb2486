#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The private PostgreSQL harness keeps its promises: a server reachable
# through TD_PG_CONNINFO, owned by an unprivileged user when run as root,
# on a socket only (no TCP), stoppable and startable mid-test, the
# command's exit status passed through, and nothing left behind, neither
# after a normal end nor after a SIGTERM.
#   test-private-postgres.sh WITH-PRIVATE-POSTGRES
set -u
harness="$1"
work=$(mktemp -d /tmp/tiepdon-pgtest.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

cat >"$work/inside.sh" <<'INSIDE'
#!/bin/bash
set -eu
psql=("$TD_PG_BINDIR/psql" "$TD_PG_CONNINFO" -Atc)
echo "$TD_PG_DATA" >"$1"
[ "$("${psql[@]}" 'SHOW listen_addresses')" = "" ] || { echo "FAIL: listens on TCP"; exit 10; }
[ "$("${psql[@]}" 'SELECT 1')" = 1 ] || { echo "FAIL: no answer"; exit 11; }
if [ "$(id -u)" -eq 0 ]; then
	[ "$(stat -c %u "$TD_PG_DATA")" != 0 ] || { echo "FAIL: the cluster belongs to root"; exit 12; }
fi
[ "$(stat -c %a "$TD_PG_HOST")" = 700 ] || { echo "FAIL: the socket folder is open to others"; exit 13; }
"$TD_PG_CTL" stop -m fast >/dev/null
if "${psql[@]}" 'SELECT 1' >/dev/null 2>&1; then echo "FAIL: still up after stop"; exit 14; fi
"$TD_PG_CTL" start >/dev/null
[ "$("${psql[@]}" 'SELECT 2')" = 2 ] || { echo "FAIL: not back after start"; exit 15; }
exit 7
INSIDE
chmod +x "$work/inside.sh"

"$harness" "$work/inside.sh" "$work/data-dir"
status=$?
if [ "$status" -eq 77 ]; then
	echo "PostgreSQL is not installed"; exit 77
fi
if [ "$status" -ne 7 ]; then
	echo "FAIL: exit status $status, not the command's 7"; fail=1
fi
dir=$(dirname "$(cat "$work/data-dir")")
if [ -e "$dir" ]; then echo "FAIL: $dir left behind"; fail=1; fi
if pgrep -f -- "-D $dir/data" >/dev/null; then echo "FAIL: a server of $dir still runs"; fail=1; fi

# SIGTERM (a test timing out) while the command runs
"$harness" bash -c 'echo "$TD_PG_DATA" >"$0"; sleep 120' "$work/data-dir-2" &
pid=$!
for _ in $(seq 100); do [ -s "$work/data-dir-2" ] && break; sleep 0.1; done
dir=$(dirname "$(cat "$work/data-dir-2")")
pgrep -f -- "-D $dir/data" >/dev/null || { echo "FAIL: no server running for $dir"; fail=1; }
kill -TERM "$pid"
wait "$pid"
for _ in $(seq 100); do [ -e "$dir" ] || break; sleep 0.1; done
if [ -e "$dir" ]; then echo "FAIL: $dir left behind after SIGTERM"; fail=1; fi
if pgrep -f -- "-D $dir/data" >/dev/null; then echo "FAIL: the server outlived SIGTERM"; fail=1; fi
[ "$fail" -eq 0 ] && echo "ok: private PostgreSQL up, reachable, stoppable, gone afterwards"
exit $fail
