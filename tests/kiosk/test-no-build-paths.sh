#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# An installed program finds its data through the install prefix (and an
# environment override for the build tree), so none of them may carry the
# source or build folder in its constant data: the kiosk on a station has
# neither.
#   test-no-build-paths.sh SOURCE_ROOT BUILD_ROOT PROGRAM...
set -u
source_root="$1"
build_root="$2"
shift 2
status=0
for program in "$@"; do
	for dir in "$source_root" "$build_root"; do
		if readelf -p .rodata "$program" 2>/dev/null | grep -qF "$dir"; then
			echo "$program holds the path $dir"
			readelf -p .rodata "$program" | grep -F "$dir" | head -3
			status=1
		fi
	done
done
[ "$status" -eq 0 ] && echo "no source or build paths in $# programs"
exit "$status"
