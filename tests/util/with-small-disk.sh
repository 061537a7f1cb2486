#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a small disk of its own that it may fill: a tmpfs of
# SIZE (e.g. 2m) in a private mount namespace, its path in TD_SMALL_DISK.
# A full disk is one of the things the kiosk must come through losing
# nothing, and the machine's own disk is not one to fill.
#
#   with-small-disk.sh SIZE COMMAND [ARGS...]
#
# Needs root (or CAP_SYS_ADMIN) for unshare and mount: skipped (77)
# otherwise. Exits with COMMAND's status.
set -eu

if [ "$#" -lt 2 ]; then
	echo "usage: $0 SIZE COMMAND [ARGS...]" >&2
	exit 2
fi
if [ -z "${TD_SMALL_DISK_INNER:-}" ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1; then
		echo "with-small-disk.sh: needs root for a private mount namespace" >&2
		exit 77 # meson: skipped
	fi
	TD_SMALL_DISK_INNER=1 exec unshare --mount --propagation private "$0" "$@"
fi

size="$1"
shift
TD_SMALL_DISK=$(mktemp -d)
mount -t tmpfs -o "size=$size,mode=0700" tiepdon-small-disk "$TD_SMALL_DISK"
export TD_SMALL_DISK
status=0
"$@" || status=$?
umount "$TD_SMALL_DISK"
rmdir "$TD_SMALL_DISK"
exit "$status"
