#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The systemd side of the deployment, checked by systemd's own tools:
#   - `systemd-analyze verify` on the kiosk unit (as built, with @bindir@
#     filled in), from a private unit path; its warnings (unknown keys, bad
#     values) count as failures, not only its exit status;
#   - systemd-sysusers and systemd-tmpfiles applied to an empty root: the
#     user, its scanner group and /var/lib/tiepdon (0700, owned by it).
# Usage: test-systemd-units.sh BUILT-UNIT
set -euo pipefail

unit=$1
src=${TD_UDEV_SOURCE_DIR:-$(dirname "$0")/../../udev}
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze (package systemd) is missing"; exit 77
fi
work=$(mktemp -d /tmp/tiepdon-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

mkdir -p "$work/units"
cp "$unit" "$work/units/"
# The unit's own folder first, then the system's (for getty@, pcscd.socket).
if ! SYSTEMD_UNIT_PATH="$work/units:" systemd-analyze verify --man=no \
	"$work/units/$(basename "$unit")" >"$work/verify.out" 2>&1; then
	echo "FAIL: systemd-analyze verify"; fail=1
fi
if grep -v 'Failed to read \$container\|Found container virtualization' "$work/verify.out" | grep -q .; then
	echo "FAIL: systemd-analyze verify warns:"; fail=1
fi
cat "$work/verify.out"
grep -q '^ExecStart=/usr/bin/cage -d -s -- /.*/tiepdon-kiosk$' "$unit" || { echo "FAIL: ExecStart"; fail=1; }

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
if [ "$(stat -c '%a %u' "$root/var/lib/tiepdon")" != "700 $uid" ]; then
	echo "FAIL: /var/lib/tiepdon is $(stat -c '%a %u' "$root/var/lib/tiepdon"), not 700 $uid"; fail=1
fi
if [ "$(stat -c '%a %u %g' "$root/etc/tiepdon/trust")" != "750 0 $gid" ]; then
	echo "FAIL: /etc/tiepdon/trust is not root:tiepdon 0750"; fail=1
fi
exit $fail
