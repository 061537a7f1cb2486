#!/bin/bash
# Runs inside with-private-pcscd.sh (TD_VPCD_PORT is the virtual reader's
# port): the training walk-through over the demo citizens.
#   training-walkthrough.sh BUILD_DIR
set -euo pipefail

build="$1"
src=$(cd "$(dirname "$0")/.." && pwd)
profiles="$src/reader/virtual-chip/profiles"
tiepdon="$build/kiosk/tiepdon"
work=$(mktemp -d /tmp/tiepdon-training.XXXXXX)
sim_pid=""
chip_pid=""

cleanup() {
	[ -n "$chip_pid" ] && kill "$chip_pid" 2>/dev/null || true
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The gateway simulator, with a certificate of its own that the client is
# told to trust (TLS is verified even in training).
mkfifo "$work/sim.out"
"$build/net/tiepdon-gateway-sim" --port 0 --generate-cert "$work" \
	--fixtures "$src/net/gateway-sim-citizens.json" --latency-ms 300 >"$work/sim.out" &
sim_pid=$!
read -r line <"$work/sim.out"
url="${line#listening on }"
printf 'mat-khau-demo' >"$work/password"
chmod 600 "$work/password"
cat >"$work/tiepdon.conf" <<CONF
[station]
code=01001
name=Trạm Y tế xã An Khánh (đào tạo)

[gateway]
url=$url
username=tramyte_ankhanh
password-file=$work/password
ca-file=$work/cert.pem
staff-name=Trần Thị Lan Anh
staff-id=001190012345
CONF

field() { sed -n "s/^$2=//p" "$1" | head -n 1; }
ddmmyyyy() { echo "$1" | tr -d '/'; }

echo
echo "tiepdon — chế độ đào tạo / training mode"
echo "Gateway simulator: $url. Virtual reader: port $TD_VPCD_PORT."
for profile in "$profiles"/*.ini; do
	id=$(field "$profile" id-number)
	name=$(field "$profile" full-name)
	dob=$(field "$profile" date-of-birth)
	sex=$(field "$profile" sex)
	issue=$(field "$profile" issue-date)
	old=$(field "$profile" old-id-number)
	residence=$(field "$profile" place-of-residence)
	echo
	echo "================================================================"
	echo " Công dân / citizen: $name ($(basename "$profile"))"
	echo "================================================================"
	"$build/reader/virtual-chip/tiepdon-vchip" --profile "$profile" --port "$TD_VPCD_PORT" >"$work/chip.log" 2>&1 &
	chip_pid=$!
	# The QR code on the card's front, as the scanner would type it.
	qr="$id|$old|$name|$(ddmmyyyy "$dob")|$sex|$residence|$(ddmmyyyy "$issue")"
	for _ in $(seq 1 50); do
		if "$tiepdon" read --qr "$qr" >"$work/read.out" 2>"$work/read.err"; then
			break
		fi
		grep -q -i "no card\|no reader\|not connected" "$work/read.err" || break
		sleep 0.2
	done
	cat "$work/read.out" "$work/read.err"
	echo
	echo "-- BHYT eligibility (gateway simulator)"
	"$tiepdon" eligibility --config "$work/tiepdon.conf" --id "$id" --name "$name" --dob "$dob" || true
	kill "$chip_pid" 2>/dev/null || true
	wait "$chip_pid" 2>/dev/null || true
	chip_pid=""
	if [ -t 0 ]; then
		read -r -p "Enter: next citizen / người tiếp theo… " _
	fi
done
echo
echo "Done. The GTK kiosk screens will replace this walk-through (tiepdon-kiosk --demo)."
