#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test against a private CUPS scheduler: cupsd with a temporary
# configuration listening on a socket in a temporary folder (CUPS_SERVER),
# so the machine's own cupsd and printers are never touched. Queues:
#   tiepdon-ok         accepting, prints to file:///dev/null (raw)
#   tiepdon-stopped    stopped (cupsdisable)
#   tiepdon-rejecting  rejects jobs (cupsreject)
#   tiepdon-file       accepting, writes each job to $TD_TEST_CUPS_OUTPUT/
#                      job-N and its options to job-N.options (a backend
#                      of its own: this CUPS has no filters, and a raw
#                      queue writes nothing to file:)
#   tiepdon-slow       accepting, writes each job like tiepdon-file, then
#                      takes 5 s more (a long raster on a slow printer)
#   tiepdon-offline    accepting, but its printer is switched off: the
#                      backend says "offline-report" and waits, as CUPS's
#                      usb backend does for a printer that is off
# TD_TEST_CUPSD=1 tells the test they exist. Without cupsd (package
# cups-daemon), the test runs with CUPS_SERVER on a socket nobody listens
# on, and TD_TEST_CUPSD unset.
set -eu

dir=$(mktemp -d /tmp/tiepdon-cupsd.XXXXXX)
cupsd_pid=""
cleanup() {
	if [ -n "$cupsd_pid" ]; then
		kill "$cupsd_pid" 2>/dev/null || true
		wait "$cupsd_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

export CUPS_SERVER="$dir/cups.sock"
# No ~/.cups/lpoptions default from the user running the tests.
export HOME="$dir"

cupsd=$(command -v cupsd || echo /usr/sbin/cupsd)
if [ -x "$cupsd" ] && command -v lpadmin >/dev/null 2>&1; then
	mkdir -p "$dir/spool" "$dir/cache" "$dir/state" "$dir/bin/backend" "$dir/out"
	# the machine's backends and helpers, and ours
	for f in /usr/lib/cups/*; do
		[ "$f" = /usr/lib/cups/backend ] || ln -s "$f" "$dir/bin/"
	done
	for f in /usr/lib/cups/backend/*; do
		ln -s "$f" "$dir/bin/backend/"
	done
	cat >"$dir/bin/backend/tdfile" <<'BACKEND'
#!/bin/sh
# tdfile:/folder - writes job N to /folder/job-N (whole, then renamed)
[ $# -eq 0 ] && { echo 'file tdfile "Unknown" "tiepdon test output"'; exit 0; }
out=${DEVICE_URI#tdfile:}
printf '%s\n' "$5" >"$out/job-$1.options"
cat "${6:-/dev/stdin}" >"$out/.job-$1" && mv "$out/.job-$1" "$out/job-$1"
BACKEND
	chmod 0700 "$dir/bin/backend/tdfile"
	cat >"$dir/bin/backend/tdoffline" <<'BACKEND'
#!/bin/sh
# tdoffline:/ - a printer switched off: says so, and waits for it
[ $# -eq 0 ] && { echo 'direct tdoffline "Unknown" "tiepdon test: printer off"'; exit 0; }
echo "STATE: +offline-report" >&2
echo "INFO: Waiting for printer to become available." >&2
exec sleep 3600
BACKEND
	chmod 0700 "$dir/bin/backend/tdoffline"
	cat >"$dir/bin/backend/tdslow" <<'BACKEND'
#!/bin/sh
# tdslow:/folder - as tdfile, then 5 s more printing
[ $# -eq 0 ] && { echo 'file tdslow "Unknown" "tiepdon test: a slow printer"'; exit 0; }
out=${DEVICE_URI#tdslow:}
cat "${6:-/dev/stdin}" >"$out/.slow-$1" && mv "$out/.slow-$1" "$out/slow-$1"
exec sleep 5
BACKEND
	chmod 0700 "$dir/bin/backend/tdslow"
	chmod 1777 "$dir/out"
	cat >"$dir/cupsd.conf" <<CONF
Listen $dir/cups.sock
LogLevel warn
# done jobs forgotten at once, as some servers are set: the kiosk's wait
# for its ticket must take a job that is gone for one printed
PreserveJobHistory No
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
	cat >"$dir/cups-files.conf" <<CONF
ServerRoot $dir
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/spool
DataDir /usr/share/cups
ServerBin $dir/bin
ErrorLog $dir/error_log
AccessLog $dir/access_log
PageLog $dir/page_log
FileDevice Yes
Printcap /dev/null
CONF
	"$cupsd" -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" 2>>"$dir/cupsd.stderr" &
	cupsd_pid=$!
	i=0
	while [ ! -S "$dir/cups.sock" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -S "$dir/cups.sock" ]; then
		lpadmin -p tiepdon-ok -v file:///dev/null -m raw -E 2>/dev/null
		lpadmin -p tiepdon-stopped -v file:///dev/null -m raw -E 2>/dev/null
		cupsdisable tiepdon-stopped
		lpadmin -p tiepdon-rejecting -v file:///dev/null -m raw -E 2>/dev/null
		cupsreject tiepdon-rejecting
		lpadmin -p tiepdon-file -v "tdfile:$dir/out" -m raw -E 2>/dev/null
		lpadmin -p tiepdon-offline -v "tdoffline:/" -m raw -E 2>/dev/null
		lpadmin -p tiepdon-slow -v "tdslow:$dir/out" -m raw -E 2>/dev/null
		export TD_TEST_CUPS_OUTPUT="$dir/out"
		export TD_TEST_CUPSD=1
	else
		echo "with-private-cupsd: cupsd did not start:" >&2
		cat "$dir/cupsd.stderr" "$dir/error_log" >&2 2>/dev/null || true
		exit 1
	fi
fi

"$@"
