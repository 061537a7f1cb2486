#!/bin/bash
# The README's first command where there is no display: kiosk/run-training.sh's
# walk-through in the terminal (kiosk/training-walkthrough.sh), through a
# private pcscd, over every demo citizen. It goes on past a card it cannot
# read (a newcomer sees what failed), so its status says little: each
# citizen must be read, found genuine against the training PKI and given
# the next number, reception's queue must list the patients sent to the
# desk by their number, and the manager's report must count them.
#
#   test-training-walkthrough.sh WITH_PCSCD WALKTHROUGH BUILD_DIR PROFILES_DIR
set -euo pipefail

with_pcscd="$1"
walkthrough="$2"
build="$3"
profiles="$4"
out=$(mktemp /tmp/tiepdon-walkthrough.XXXXXX)
trap 'rm -f "$out"' EXIT

fail() {
	cat "$out"
	echo "FAIL: $*" >&2
	exit 1
}

# stdin from /dev/null: no "Enter: next citizen" pause
status=0
"$with_pcscd" 35350 "$walkthrough" "$build" </dev/null >"$out" 2>&1 || status=$?
# 77: no root, pcscd or vpcd here (with-private-pcscd.sh says which): skipped
[ "$status" -eq 77 ] && { cat "$out"; exit 77; }
[ "$status" -eq 0 ] || fail "the walk-through ended with status $status"

n=$(find "$profiles" -maxdepth 1 -name '*.ini' | wc -l)
[ "$n" -gt 0 ] || fail "no demo citizens in $profiles"
count() { grep -c -E -- "$1" "$out" || true; }
[ "$(count '^ Công dân / citizen: ')" -eq "$n" ] || fail "not every one of the $n demo citizens was walked through"
[ "$(count '^Card opened with (PACE|BAC)')" -eq "$n" ] || fail "a card was not opened"
[ "$(count '^Verification: genuine ')" -eq "$n" ] || fail "a demo card was not found genuine"
for i in $(seq 1 "$n"); do
	grep -q -E "^Queue number: +$i\$" "$out" || fail "no queue number $i"
done
sent=$(count '^Outcome: +see-staff$')
[ "$sent" -gt 0 ] || fail "no demo citizen was sent to the desk (the training shows reception's queue)"
# reception's queue: one case a patient sent to the desk, by their number
[ "$(sed -n '/^-- tiepdon exceptions list/,/^-- tiepdon report/p' "$out" | grep -c -E '^#[0-9]+ .* số \(no\.\) [0-9]+ ')" -eq "$sent" ] ||
	fail "reception's queue does not list the $sent patients sent to the desk"
grep -q -E "^Chuyển nhân viên tiếp đón \(sent to reception\): +$sent\$" "$out" || fail "the report does not count $sent sent to reception"
grep -q -E '^Tỷ lệ tích hợp \(integration rate\): [0-9]+% \([0-9]+ trên [0-9]+ lượt\)$' "$out" ||
	fail "the report has no integration rate with its denominator"
echo "the walk-through: $n demo citizens read, verified and checked in; $sent sent to the desk"
