#!/bin/bash
# Runs inside with-private-pcscd.sh (TD_VPCD_PORT is the virtual reader's
# port): the training walk-through over the demo citizens.
#   training-walkthrough.sh BUILD_DIR
set -euo pipefail

build="$1"
src=$(cd "$(dirname "$0")/.." && pwd)
profiles="$src/reader/virtual-chip/profiles"
tiepdon="$build/kiosk/cli/tiepdon"
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
"$build/net/simulator/tiepdon-gateway-sim" --port 0 --generate-cert "$work" \
	--fixtures "$src/net/simulator/gateway-sim-citizens.json" --latency-ms 300 >"$work/sim.out" &
sim_pid=$!
read -r line <"$work/sim.out"
url="${line#listening on }"
printf 'mat-khau-demo' >"$work/password"
chmod 600 "$work/password"
# A demo PKI (a training CSCA and Document Signer, never a real anchor):
# the demo cards are signed with it and the kiosk trusts it, so training
# shows genuine cards the way a deployed kiosk with the real CSCA would.
"$src/kiosk/tiepdon-training-pki.sh" "$work/pki" >/dev/null

cat >"$work/tiepdon.conf" <<CONF
[station]
code=01001
name=Trạm Y tế xã An Khánh (đào tạo)
id-hash-key-file=$work/id-hash.key

[storage]
path=$work/tiepdon.db

[reader]
trust-dir=$work/pki/trust-store

[vneid]
guide-url=https://vneid.gov.vn

[gateway]
url=$url
username=tramyte_ankhanh
password-file=$work/password
ca-file=$work/cert.pem
staff-name=Trần Thị Lan Anh
staff-id=001190012345
CONF
# tiepdon refuses a settings file others can read (it names the password file)
chmod 600 "$work/tiepdon.conf"

field() { sed -n "s/^$2=//p" "$1" | head -n 1; }
ddmmyyyy() { echo "$1" | tr -d '/'; }
answers=(integrated not-yet no-account no-smartphone integrated)

echo
echo "tiepdon — chế độ đào tạo / training mode"
echo "Gateway simulator: $url. Virtual reader: port $TD_VPCD_PORT."
n=0
for profile in "$profiles"/*.ini; do
	id=$(field "$profile" id-number)
	name=$(field "$profile" full-name)
	dob=$(field "$profile" date-of-birth)
	sex=$(field "$profile" sex)
	issue=$(field "$profile" issue-date)
	old=$(field "$profile" old-id-number)
	residence=$(field "$profile" place-of-residence)
	vneid=${answers[$((n % ${#answers[@]}))]}
	n=$((n + 1))
	echo
	echo "================================================================"
	echo " Công dân / citizen: $name ($(basename "$profile"))"
	echo "================================================================"
	# The card, signed by the training Document Signer.
	sed -e '/^ds-key=/d' -e '/^ds-certificate=/d' -e '/^photo=/d' \
		-e "s|^\[security\]|[security]\nds-key=$work/pki/ds-p256.key\nds-certificate=$work/pki/ds-p256.pem|" \
		-e "s|^\[citizen\]|[citizen]\nphoto=$profiles/$(field "$profile" photo)|" \
		"$profile" >"$work/card.ini"
	"$build/reader/virtual-chip/tiepdon-vchip" --profile "$work/card.ini" --port "$TD_VPCD_PORT" >"$work/chip.log" 2>&1 &
	chip_pid=$!
	# The QR code on the card's front, as the scanner would type it.
	qr="$id|$old|$name|$(ddmmyyyy "$dob")|$sex|$residence|$(ddmmyyyy "$issue")"
	echo "-- tiepdon read (what reception sees on the card)"
	for _ in $(seq 1 50); do
		if "$tiepdon" read --trust "$work/pki/trust-store" --qr "$qr" >"$work/read.out" 2>"$work/read.err"; then
			break
		fi
		grep -q -i "no card\|no reader\|not connected" "$work/read.err" || break
		sleep 0.2
	done
	sed -n '1,/^MRZ/p' "$work/read.out" | head -n -1
	sed -n '/^Verification/,/^$/p' "$work/read.out"
	cat "$work/read.err"
	echo "-- tiepdon checkin (the whole check-in; VNeID answer: $vneid)"
	"$tiepdon" checkin --config "$work/tiepdon.conf" --qr "$qr" --vneid "$vneid" || true
	kill "$chip_pid" 2>/dev/null || true
	wait "$chip_pid" 2>/dev/null || true
	chip_pid=""
	# pcscd looks for the card every 400 ms or so: let it see this one
	# leave before the next is laid down, or it takes them for one card.
	sleep 1
	if [ -t 0 ]; then
		read -r -p "Enter: next citizen / người tiếp theo… " _
	fi
done
echo
echo "-- tiepdon exceptions list (reception's queue: who was sent to the desk, why, their ticket)"
"$tiepdon" exceptions list --config "$work/tiepdon.conf"
echo
echo "-- tiepdon report (the station manager's day)"
"$tiepdon" report --config "$work/tiepdon.conf"
echo
echo "Done. The same training on the kiosk's own screens: kiosk/run-training.sh on a desktop"
echo "(tiepdon-kiosk --demo --windowed; the staff PIN is on its training banner: 123456)."
