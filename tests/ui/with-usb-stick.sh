#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test with a USB stick as GIO sees one: in a private mount
# namespace, an empty /media (the machine's own mounts hidden) and an ext2
# image mounted through a loop device on /media/TIEPDON-USB, its path in
# TD_TEST_USB. Both go with the namespace when the test ends. Without
# root, unshare, a loop device or mkfs.ext2, the test runs as it is and
# TD_TEST_USB stays unset.
set -eu

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v mkfs.ext2 >/dev/null 2>&1 ||
	[ ! -e /dev/loop-control ] || [ -n "${TD_WITH_USB_STICK:-}" ]; then
	exec "$@"
fi

dir=$(mktemp -d /tmp/tiepdon-usb.XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
truncate -s 8M "$dir/stick.img"
mkfs.ext2 -q -F "$dir/stick.img"

export TD_WITH_USB_STICK=1
unshare --mount --propagation private sh -c '
	image=$1
	shift
	if mount -t tmpfs -o mode=0755 tiepdon-media /media &&
		mkdir /media/TIEPDON-USB &&
		mount -o loop "$image" /media/TIEPDON-USB; then
		export TD_TEST_USB=/media/TIEPDON-USB
	else
		echo "with-usb-stick: could not mount the image; running without" >&2
	fi
	"$@"
' with-usb-stick "$dir/stick.img" "$@"
