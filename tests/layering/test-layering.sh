#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds on-demand targets that each include one header from code built the
# way ui/ is. td-gateway-client.h (public) must build; every other (a room's
# private header) must fail, and for that reason: the header is not found.
#   test-layering.sh BUILD_ROOT HEADER TARGET [HEADER TARGET]...
set -u
build="$1"
shift
status=0
while [ "$#" -ge 2 ]; do
	header="$1"
	target=$(realpath --relative-to="$build" "$2")
	shift 2
	if out=$(ninja -C "$build" "$target" 2>&1); then
		if [ "$header" = td-gateway-client.h ]; then
			echo "ok: public $header builds"
		else
			echo "FAIL: $header (private to its room) is reachable from other rooms"
			status=1
		fi
	elif [ "$header" = td-gateway-client.h ]; then
		echo "FAIL: public $header does not build:"
		printf '%s\n' "$out" | tail -5
		status=1
	elif printf '%s\n' "$out" | grep -q "$header.*\(not found\|No such file\)"; then
		echo "ok: $header is out of other rooms' reach"
	else
		echo "FAIL: $header failed to build, but not for want of the header:"
		printf '%s\n' "$out" | tail -5
		status=1
	fi
done
exit "$status"
