#!/bin/bash
# Runs a command beside a private pcscd with one vsmartcard vpcd reader: the
# training mode and the integration tests use it to have a card reader of
# their own without touching a pcscd the machine may run.
#
#   with-private-pcscd.sh PORT COMMAND [ARGS...]
#
# Debian 12's pcscd (1.9.9) always listens on /run/pcscd/pcscd.comm and will
# not start beside another pcscd, so the daemon gets a mount namespace of its
# own with a tmpfs over /run/pcscd; COMMAND runs in the same namespace. The
# vpcd driver opens two slots, listening on TCP PORT and PORT+1 on loopback,
# where the virtual chip (tiepdon-vchip --port PORT) connects as a card.
# The namespace has its own network too, with only loopback up: vpcd listens
# on every interface, and a virtual reader any host on the network could put
# a card into is not something to leave open; it also lets several of these
# run at once with the same ports.
# Needs root (or CAP_SYS_ADMIN) for unshare. Exits with COMMAND's status.
set -eu

if [ "$#" -lt 2 ]; then
	echo "usage: $0 PORT COMMAND [ARGS...]" >&2
	exit 2
fi

if [ -z "${TD_PRIVATE_PCSCD_INNER:-}" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "with-private-pcscd.sh: needs root for a private mount namespace" >&2
		exit 77 # meson: skipped
	fi
	TD_PRIVATE_PCSCD_INNER=1 exec unshare --mount --net --propagation private "$0" "$@"
fi

port="$1"
shift
driver="${TD_VPCD_DRIVER:-/usr/lib/pcsc/drivers/serial/libifdvpcd.so}"
pcscd="${TD_PCSCD:-/usr/sbin/pcscd}"
for f in "$driver" "$pcscd"; do
	if [ ! -e "$f" ]; then
		echo "with-private-pcscd.sh: $f is missing (apt-get install pcscd vsmartcard-vpcd)" >&2
		exit 77
	fi
done

confdir=$(mktemp -d /tmp/tiepdon-pcscd.XXXXXX)
hex=$(printf '0x%04X' "$port")
cat >"$confdir/vpcd" <<CONF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:$hex
LIBPATH      $driver
CHANNELID    $hex
CONF

ip link set lo up

mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755 tmpfs /run/pcscd
# Polkit is not there in CI; pcscd 1.9.9 checks it only when built with it
# and running under systemd, so nothing to turn off here.
"$pcscd" --foreground --config "$confdir" >"$confdir/pcscd.log" 2>&1 &
pcscd_pid=$!

cleanup() {
	kill "$pcscd_pid" 2>/dev/null || true
	wait "$pcscd_pid" 2>/dev/null || true
	if [ -n "${TD_PCSCD_LOG:-}" ]; then cp "$confdir/pcscd.log" "$TD_PCSCD_LOG" || true; fi
	rm -rf "$confdir"
}
trap cleanup EXIT INT TERM

# Wait for the socket and the vpcd listener (up to 10 s).
i=0
while [ ! -S /run/pcscd/pcscd.comm ] || ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$pcscd_pid" 2>/dev/null; then
		echo "with-private-pcscd.sh: pcscd did not come up; its log:" >&2
		cat "$confdir/pcscd.log" >&2
		exit 1
	fi
	sleep 0.1
done

export TD_VPCD_PORT="$port"
set +e
"$@"
status=$?
set -e
exit "$status"
