#!/bin/bash
# Runs a command where no pcscd is reachable: a mount namespace of its own
# with an empty tmpfs over /run/pcscd, so a pcscd running on the host stays
# invisible, and a network of its own (loopback only), so its vpcd port is
# neither reachable from outside nor taken by a parallel run. The command
# may start its own pcscd there.
#
#   with-no-pcscd.sh COMMAND [ARGS...]
#
# Needs root (or CAP_SYS_ADMIN) for unshare; exits 77 (meson: skipped)
# otherwise.
set -eu

if [ "$#" -lt 1 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi

if [ -z "${TD_NO_PCSCD_INNER:-}" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "with-no-pcscd.sh: needs root for a private mount namespace" >&2
		exit 77
	fi
	TD_NO_PCSCD_INNER=1 exec unshare --mount --net --propagation private "$0" "$@"
fi

ip link set lo up
mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755 tmpfs /run/pcscd
exec "$@"
