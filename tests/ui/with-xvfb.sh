#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on a private Xvfb: Xvfb picks a free display number itself
# (-displayfd), we wait until it has written it (the server is then ready),
# run the command with DISPLAY set, and stop the server whatever happens.
set -u

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# --screen=WxHxD first: the screen (default 1280x800x24); the layout test
# takes one every kiosk window size fits on.
screen=1280x800x24
case "${1:-}" in
--screen=*)
	screen=${1#--screen=}
	shift
	;;
esac
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb_pid=$!

i=0
while [ ! -s "$dir/display" ]; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$xvfb_pid" 2>/dev/null; then
		echo "with-xvfb.sh: Xvfb did not start" >&2
		cat "$dir/xvfb.log" >&2
		kill "$xvfb_pid" 2>/dev/null
		exit 1
	fi
	sleep 0.05
done

DISPLAY=":$(cat "$dir/display")"
export DISPLAY
unset WAYLAND_DISPLAY
"$@"
status=$?
kill "$xvfb_pid" 2>/dev/null
wait "$xvfb_pid" 2>/dev/null
exit $status
