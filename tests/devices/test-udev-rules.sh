#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The udev rules, run by udev itself on devices that look real to it.
#
# Debian 12's udev (252) has no `udevadm verify` (253+). `udevadm test`
# runs the real rule engine on one device, but only on a path under /sys
# and with the rules from the system folders. So, in a mount namespace of
# its own (root), this test puts a made-up sysfs over /sys (a USB 2D
# scanner's event node, a keyboard's, a CCID reader) and only our rules
# over the rule folders, then checks what udev would do: symlink, group,
# mode, tag, LIBINPUT_IGNORE_DEVICE, the override file, the reader's power.
# A syntax error fails the test: udev reports it on stderr and we reject
# any warning about our files.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "needs root (mount namespace)"; exit 77
fi
if ! command -v udevadm >/dev/null || ! command -v unshare >/dev/null; then
	echo "udevadm (package udev) or unshare is missing"; exit 77
fi
src=${TD_UDEV_SOURCE_DIR:-$(dirname "$0")/../../udev}
work=$(mktemp -d /tmp/tiepdon-udev.XXXXXX)
trap '[ -n "${TD_KEEP:-}" ] || rm -rf "$work"' EXIT

# --- the fake sysfs --------------------------------------------------------
S=$work/sys
usb=$S/devices/pci0000:00/0000:00:14.0/usb1
mkdir -p "$S/bus/usb" "$S/class/input"
# usb_device: its interfaces as udev's usb_id would have listed them.
mkusb() { # name vendor product interfaces
	local d=$usb/$1
	mkdir -p "$d/power"
	ln -s "$S/bus/usb" "$d/subsystem"
	echo "$2" >"$d/idVendor"; echo "$3" >"$d/idProduct"
	echo auto >"$d/power/control"; echo 2000 >"$d/power/autosuspend_delay_ms"
	printf 'DEVTYPE=usb_device\nPRODUCT=%s/%s/100\nID_USB_INTERFACES=%s\n' "$2" "$3" "$4" >"$d/uevent"
}
# input event node below a usb_device, with the properties that udev's
# earlier rules (60-input-id, 60-persistent-input) would have set.
mkevent() { # usbname eventN vendor product
	local d=$usb/$1/$1:1.0/input/input${2#event}/$2
	mkdir -p "$d"
	ln -s "$S/class/input" "$d/subsystem"
	ln -s "$S/class/input" "$(dirname "$d")/subsystem"
	printf 'PRODUCT=3/%s/%s/110\n' "$3" "$4" >"$(dirname "$d")/uevent"
	echo "13:${2#event}" >"$d/dev"
	printf 'MAJOR=13\nMINOR=%s\nDEVNAME=input/%s\nID_INPUT=1\nID_INPUT_KEY=1\nID_INPUT_KEYBOARD=1\nID_BUS=usb\nID_VENDOR_ID=%s\nID_MODEL_ID=%s\n' \
		"${2#event}" "$2" "$3" "$4" >"$d/uevent"
	echo "/sys${d#$S}"
}
mkusb 1-1 0c2e 0b07 ":030101:030000:"
mkusb 1-2 046d c31c ":030101:030102:"
mkusb 1-3 abcd 1234 ":030101:"
mkusb 1-4 076b 3021 ":0b0000:"
honeywell=$(mkevent 1-1 event3 0c2e 0b07)
keyboard=$(mkevent 1-2 event4 046d c31c)
unknown=$(mkevent 1-3 event5 abcd 1234)
reader=/sys${usb#$S}/1-4

# --- only our rules --------------------------------------------------------
mkdir -p "$work/rules" "$work/etc-rules"
cp "$src/70-tiepdon-scanner.rules" "$src/93-tiepdon-ccid.rules" "$work/rules/"
# The technician's override, adding the unknown scanner by vendor+model.
sed -n '/^#   SUBSYSTEM/s/^#   //p' "$src/69-tiepdon-scanner-local.rules" |
	sed 's/abcd/abcd/; s/1234/1234/' >"$work/etc-rules/69-tiepdon-scanner-local.rules"
grep -q 'TIEPDON_SCANNER}="1"' "$work/etc-rules/69-tiepdon-scanner-local.rules"

# The group systemd-sysusers creates from tiepdon.sysusers.conf.
cp /etc/group "$work/group"
echo "tiepdon-scanner:x:64999:tiepdon" >>"$work/group"

run_udev() { # syspath outfile
	unshare -m --propagation private sh -c '
		set -e
		w=$1
		mount -t tmpfs tmpfs /run/udev 2>/dev/null || { mkdir -p /run/udev && mount -t tmpfs tmpfs /run/udev; }
		mount --bind "$w/sys" /sys
		for d in /lib/udev/rules.d /usr/lib/udev/rules.d; do
			[ -d "$d" ] && mount --bind "$w/rules" "$d"
		done
		mkdir -p /etc/udev/rules.d
		mount --bind "$w/etc-rules" /etc/udev/rules.d
		mount --bind "$w/group" /etc/group
		# udevadm test really creates the symlinks: give it a /dev of
		# its own, with what it opens.
		mkdir -p "$w/dev"
		for n in null zero urandom; do
			touch "$w/dev/$n"
			mount --bind "/dev/$n" "$w/dev/$n"
		done
		mount --rbind "$w/dev" /dev
		# The made-up devices are not on a sysfs file system.
		SYSTEMD_DEVICE_VERIFY_SYSFS=0 exec udevadm test --action=add "$2"
	' sh "$work" "$1" >"$2" 2>"$2.err" || { cat "$2" "$2.err"; return 1; }
}

fail=0
check() { # file pattern what
	if ! grep -qE "$2" "$1" "$1.err"; then
		echo "FAIL: $3 (no /$2/ in the output of udevadm test)"; fail=1
	fi
}
check_not() {
	if grep -qE "$2" "$1" "$1.err"; then
		echo "FAIL: $3"; fail=1
	fi
}

run_udev "$honeywell" "$work/honeywell"
check "$work/honeywell" '^LIBINPUT_IGNORE_DEVICE=1$' "listed scanner hidden from libinput"
check "$work/honeywell" '^TAGS=.*:tiepdon-scanner:' "listed scanner tagged"
check "$work/honeywell" '^DEVLINKS=.*/dev/input/tiepdon-scanner' "listed scanner linked"
check "$work/honeywell" "rules:[0-9]+ GROUP 64999" "listed scanner group"
check "$work/honeywell" "rules:[0-9]+ MODE 0660" "listed scanner mode"
run_udev "$unknown" "$work/unknown"
check "$work/unknown" '^LIBINPUT_IGNORE_DEVICE=1$' "override-file scanner hidden from libinput"
check "$work/unknown" '^DEVLINKS=.*/dev/input/tiepdon-scanner' "override-file scanner linked"
run_udev "$keyboard" "$work/keyboard"
check_not "$work/keyboard" '^LIBINPUT_IGNORE_DEVICE|^DEVLINKS=.*tiepdon|^TAGS=.*tiepdon' "a plain keyboard must stay a keyboard"
run_udev "$reader" "$work/reader"
check "$work/reader" '^TIEPDON_CCID=1$' "CCID reader recognised"
check "$work/reader" "ATTR '.*power/control' writing 'on'" "CCID reader autosuspend switched off"

# Any complaint of udev's parser about our files.
for f in "$work"/*.err; do
	if grep -E 'tiepdon.*\.rules.*(Invalid|invalid|unknown|Unknown|ignor|error|Error)' "$f"; then
		fail=1
	fi
done
if [ $fail -ne 0 ]; then
	echo "--- udevadm test output for the scanner:"; cat "$work/honeywell" "$work/honeywell.err"
	exit 1
fi
echo "udev rules: scanner, override, keyboard, CCID reader as expected"
