#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The systemd side of the deployment, checked by systemd's own tools:
#   - `systemd-analyze verify` on each unit (as built, with @bindir@
#     filled in), from a private unit path; its warnings (unknown keys, bad
#     values) count as failures, not only its exit status;
#   - `systemd-analyze security --offline` on each service: the exposure
#     score must stay at or under the one the README states (the kiosk
#     under cage 1.6, the retention pass and the nightly copy 0.2), and
#     LimitCORE=0 is there;
#   - systemd-sysusers and systemd-tmpfiles applied to an empty root: the
#     user, its scanner group, /var/lib/tiepdon and /var/backups/tiepdon
#     (0700, owned by it).
# Usage: test-systemd-units.sh KIOSK-SERVICE PURGE-SERVICE PURGE-TIMER
#        BACKUP-SERVICE BACKUP-TIMER
set -euo pipefail

src=${TD_UDEV_SOURCE_DIR:-$(dirname "$0")/../../udev}
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze (package systemd) is missing"; exit 77
fi
work=$(mktemp -d /tmp/tiepdon-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

mkdir -p "$work/units"
cp "$@" "$work/units/"
# verify wants the programs it runs: the ones just built (TIEPDON), not yet
# installed under @bindir@
if [ -n "${TIEPDON:-}" ]; then
	sed -i "s|^\(Exec[A-Za-z]*=[-+]*\)/[^ ]*/tiepdon |\1$TIEPDON |" "$work"/units/*
fi
for unit in "$@"; do
	name=$(basename "$unit")
	# The unit's own folder first, then the system's (for getty@, pcscd.socket).
	if ! SYSTEMD_UNIT_PATH="$work/units:" systemd-analyze verify --man=no \
		"$work/units/$name" >"$work/verify.out" 2>&1; then
		echo "FAIL: systemd-analyze verify $name"; fail=1
	fi
	if grep -v 'Failed to read \$container\|Found container virtualization' "$work/verify.out" | grep -q .; then
		echo "FAIL: systemd-analyze verify $name warns:"; fail=1
	fi
	cat "$work/verify.out"
done
kiosk=$work/units/$(basename "$1")
grep -q '^ExecStart=/usr/bin/cage -d -s -- /.*/tiepdon-kiosk$' "$kiosk" || { echo "FAIL: ExecStart"; fail=1; }

# name, most exposure allowed (the README's figure)
for check in "$(basename "$1") 1.6" "$(basename "$2") 0.2" "$(basename "$4") 0.2"; do
	set -- $check
	grep -q '^LimitCORE=0$' "$work/units/$1" || { echo "FAIL: $1 allows core dumps"; fail=1; }
	(cd "$work/units" && systemd-analyze security --offline=true --no-pager "./$1") >"$work/security.out" 2>&1 || true
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$work/security.out")
	echo "$1: exposure $score (at most $2)"
	if [ -z "$score" ] || ! awk -v s="$score" -v max="$2" 'BEGIN { exit !(s <= max) }'; then
		echo "FAIL: $1 is more exposed than $2:"; grep '✗' "$work/security.out" || cat "$work/security.out"; fail=1
	fi
done

root=$work/root
mkdir -p "$root/etc" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d"
cp "$src/tiepdon.sysusers.conf" "$root/usr/lib/sysusers.d/tiepdon.conf"
cp "$src/tiepdon.tmpfiles.conf" "$root/usr/lib/tmpfiles.d/tiepdon.conf"
systemd-sysusers --root="$root" 2>&1
systemd-tmpfiles --root="$root" --create 2>&1
uid=$(awk -F: '$1 == "tiepdon" { print $3 }' "$root/etc/passwd")
gid=$(awk -F: '$1 == "tiepdon" { print $3 }' "$root/etc/group")
if [ -z "$uid" ]; then
	echo "FAIL: no user tiepdon"; fail=1
fi
if ! grep -q '^tiepdon-scanner:x:[0-9]*:tiepdon$' "$root/etc/group"; then
	echo "FAIL: tiepdon is not the member of tiepdon-scanner"; fail=1
fi
for dir in /var/lib/tiepdon /var/backups/tiepdon; do
	if [ "$(stat -c '%a %u' "$root$dir")" != "700 $uid" ]; then
		echo "FAIL: $dir is $(stat -c '%a %u' "$root$dir"), not 700 $uid"; fail=1
	fi
done
if [ "$(stat -c '%a %u %g' "$root/etc/tiepdon/trust")" != "750 0 $gid" ]; then
	echo "FAIL: /etc/tiepdon/trust is not root:tiepdon 0750"; fail=1
fi
exit $fail
