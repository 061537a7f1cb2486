#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The daily report's systemd side, checked by systemd's own tools:
#   - `systemd-analyze verify` on tiepdon-report.service and .timer and
#     tiepdon-hub.service as built (their programs pointed at this build),
#     warnings counted as failures;
#   - the generator turns [report] send-at into the timer's OnCalendar
#     (systemd-analyze calendar reads it back), keeps the timer's 08:30
#     when the setting is absent or wrong, and the timer with its drop-in
#     still verifies.
# Usage: test-report-units.sh TIEPDON TIEPDON-HUB REPORT.SERVICE HUB.SERVICE TIMER GENERATOR
set -uo pipefail

tiepdon=$(realpath "$1") hub=$(realpath "$2") report_service=$3 hub_service=$4 timer=$5 generator=$6
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze (package systemd) is missing"; exit 77
fi
work=$(mktemp -d /tmp/tiepdon-report-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

verify() {
	if ! SYSTEMD_UNIT_PATH="$work/units:" systemd-analyze verify --man=no "$@" >"$work/verify.out" 2>&1; then
		echo "FAIL: systemd-analyze verify $*"; fail=1
	fi
	if grep -v 'Failed to read \$container\|Found container virtualization' "$work/verify.out" | grep -q .; then
		echo "FAIL: systemd-analyze verify warns:"; fail=1
	fi
	cat "$work/verify.out"
}

mkdir -p "$work/units" "$work/bin"
# the units name the installed programs; here, this build's
for unit in "$report_service" "$hub_service"; do
	sed -e "s|^ExecStart=[^ ]*/tiepdon |ExecStart=$tiepdon |" \
	    -e "s|^ExecStart=[^ ]*/tiepdon-hub |ExecStart=$hub |" \
	    "$unit" >"$work/units/$(basename "$unit")"
done
cp "$timer" "$work/units/"
verify "$work/units/tiepdon-report.service" "$work/units/tiepdon-report.timer" "$work/units/tiepdon-hub.service"
grep -q '^ExecStart=/.*/tiepdon report --send$' "$report_service" || { echo "FAIL: report ExecStart"; fail=1; }
grep -q '^OnCalendar=\*-\*-\* 08:30:00 Asia/Ho_Chi_Minh$' "$timer" || { echo "FAIL: the timer's default is not 08:30"; fail=1; }
grep -q '^Persistent=true$' "$timer" || { echo "FAIL: a kiosk started late would skip the morning"; fail=1; }

# the generator, as systemd runs it, on three settings files
mkconf() {
	printf '[station]\ncode=01001\n[storage]\npath=%s/t.db\n%s' "$work" "$2" >"$work/$1.conf"
	chmod 600 "$work/$1.conf" # tiepdon refuses settings others may read
}
mkconf set '[report]
send-at=07:45
'
mkconf unset ''
mkconf wrong '[report]
send-at=7h45
'
for case in set unset wrong; do
	mkdir -p "$work/gen-$case"
	if ! TIEPDON="$tiepdon" TIEPDON_CONFIG="$work/$case.conf" sh "$generator" "$work/gen-$case" \
		"$work/early" "$work/late" 2>"$work/gen-$case.err"; then
		echo "FAIL: the generator failed ($case)"; fail=1
	fi
done
dropin=$work/gen-set/tiepdon-report.timer.d/50-send-at.conf
if ! grep -qx 'OnCalendar=\*-\*-\* 07:45:00 Asia/Ho_Chi_Minh' "$dropin" 2>/dev/null; then
	echo "FAIL: send-at=07:45 did not reach the timer:"; cat "$dropin"; fail=1
fi
grep -qx 'OnCalendar=' "$dropin" || { echo "FAIL: the drop-in does not reset the default"; fail=1; }
systemd-analyze calendar "$(sed -n 's/^OnCalendar=\(.\+\)$/\1/p' "$dropin")" || { echo "FAIL: calendar"; fail=1; }
grep -qx 'OnCalendar=\*-\*-\* 08:30:00 Asia/Ho_Chi_Minh' "$work/gen-unset/tiepdon-report.timer.d/50-send-at.conf" ||
	{ echo "FAIL: no send-at should give 08:30"; fail=1; }
if [ -e "$work/gen-wrong/tiepdon-report.timer.d" ]; then
	echo "FAIL: a wrong send-at changed the timer"; fail=1
fi
grep -q 'send-at' "$work/gen-wrong.err" || { echo "FAIL: a wrong send-at goes unexplained"; fail=1; }
# the timer with its drop-in, as systemd would load it
mkdir -p "$work/units/tiepdon-report.timer.d"
cp "$dropin" "$work/units/tiepdon-report.timer.d/"
verify "$work/units/tiepdon-report.timer"
exit $fail
