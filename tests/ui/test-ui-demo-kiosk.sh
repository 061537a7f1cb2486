#!/bin/bash
# The README's first command on a desktop: the installed program itself,
# `tiepdon-kiosk --demo --windowed`, as kiosk/run-training.sh starts it
# (through meson devenv's environment, which the test's has), on a private
# Xvfb, in a fresh data folder. Driven as a trainee drives it: the demo
# panel lays the first citizen's card (its keyboard: Return), the kiosk
# asks the ID number, which is tapped on its pad (mouse clicks where
# demo-kiosk-pad-taps.txt says, which /ui/layout/demo-pad-taps holds to
# the layout), and the patient gets number 1: the store has the check-in,
# genuine, eligible. G_MESSAGES_DEBUG=all is on: it once put a GLib line
# before the gateway simulator's "listening on", and the training mode did
# not start. Then SIGTERM: the kiosk ends, and its gateway simulator with
# it. And the kiosk and the reception PC's console, given settings they
# cannot open, say why and end with status 1 (GApplication's 0 before).
#
#   test-ui-demo-kiosk.sh TIEPDON_KIOSK TIEPDON_STAFF PAD_TAPS
# Run under with-xvfb.sh with a 1280x800 screen, which the windowed kiosk
# fills.
set -euo pipefail

kiosk="$1"
staff="$2"
taps="$3"
for tool in xdotool sqlite3 pgrep; do
	command -v "$tool" >/dev/null || { echo "no $tool (.ci/install-build-deps.sh installs it)"; exit 77; }
done
work=$(mktemp -d /tmp/tiepdon-demo-kiosk.XXXXXX)
kiosk_pid=""
sim_pid=""
cleanup() {
	[ -n "$kiosk_pid" ] && kill -9 "$kiosk_pid" 2>/dev/null || true
	[ -n "$sim_pid" ] && kill -9 "$sim_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "--- the kiosk's output:"
	cat "$work/kiosk.out"
	echo "FAIL: $*" >&2
	exit 1
}
# waits up to $2 tenths of a second for a line matching $1 in the output
wait_output() {
	for _ in $(seq 1 "$2"); do
		grep -q -E -- "$1" "$work/kiosk.out" && return 0
		sleep 0.1
	done
	return 1
}
# a window of that title, once it is on the screen
wait_window() {
	for _ in $(seq 1 300); do
		id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1 || true)
		[ -n "$id" ] && { echo "$id"; return 0; }
		sleep 0.1
	done
	return 1
}
# whether a process is there and not a zombie nobody reaped
running() {
	local state
	state=$(ps -o stat= -p "$1" 2>/dev/null || true)
	[ -n "$state" ] && [ "${state:0:1}" != Z ]
}

# no session bus: the reception PC's console is a unique application, and
# on a developer's desktop it would hand the test's start to one running
export XDG_DATA_HOME="$work/data" HOME="$work" G_MESSAGES_DEBUG=all DBUS_SESSION_BUS_ADDRESS="unix:path=$work/no-bus"
# the simulator loads glib-networking, at whose exit clang 14's
# LeakSanitizer crashes (tests/net/td-test-gateway-sim.c); the kiosk ends
# by signal, before any leak check
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
"$kiosk" --demo --windowed >"$work/kiosk.out" 2>&1 &
kiosk_pid=$!

panel=$(wait_window "Training / Đào tạo") || fail "no demo panel"
wait_window "Máy tiếp đón tự động" >/dev/null || fail "no kiosk window"
running "$kiosk_pid" || fail "the kiosk ended"
sim_pid=$(pgrep -P "$kiosk_pid" -f tiepdon-gateway-sim || true)
[ -n "$sim_pid" ] || fail "no gateway simulator beside the kiosk"
db="$XDG_DATA_HOME/tiepdon/tiepdon-demo.db"
[ -f "$db" ] || fail "no training records in the data folder ($db)"
[ -d "$XDG_DATA_HOME/tiepdon/demo-pki/trust-store" ] || fail "no training PKI in the data folder"

# the demo panel's first citizen (Nguyễn Văn An), its button first in focus
xdotool windowfocus --sync "$panel" || fail "the demo panel took no focus"
xdotool key --window "$panel" Return || fail "no key press on the demo panel"
wait_output 'card-present \+ key-required -> key-needed' 100 || fail "the card laid by the panel was not taken"

# the panel out of the way (no window manager here: it lies over the
# kiosk at 0,0), and his ID number tapped on the pad
xdotool windowunmap --sync "$panel" || fail "the demo panel stayed"
# a new page takes no tap in its first 700 ms (a double tap's second)
sleep 1.5
declare -A tap=()
while read -r x y label; do
	[ -n "$x" ] && [ "${x:0:1}" != "#" ] && tap[$label]="$x $y"
done <"$taps"
id=001058012345
for ((i = 0; i < ${#id}; i++)); do
	# shellcheck disable=SC2086
	xdotool mousemove ${tap[${id:i:1}]} click 1 || fail "no tap on ${id:i:1}"
	sleep 0.15
done
# shellcheck disable=SC2086
xdotool mousemove ${tap["Đồng ý"]} click 1 || fail "no tap on Đồng ý"
wait_output 'committing \+ committed -> ticket' 300 || fail "no ticket after the ID number was tapped"
row=$(sqlite3 "$db" "SELECT queue_number, card_verdict, eligibility, outcome FROM checkins") ||
	fail "the training records could not be read"
[ "$row" = "1|genuine|eligible|checked-in" ] || fail "the check-in stored: '$row'"

# the kiosk ends on SIGTERM (systemd's stop), its simulator with it
kill -TERM "$kiosk_pid" || fail "the kiosk was gone before SIGTERM"
for _ in $(seq 1 50); do
	running "$kiosk_pid" || break
	sleep 0.1
done
running "$kiosk_pid" && fail "the kiosk did not end on SIGTERM"
wait "$kiosk_pid" 2>/dev/null || true
kiosk_pid=""
for _ in $(seq 1 50); do
	running "$sim_pid" || break
	sleep 0.1
done
running "$sim_pid" && fail "the gateway simulator outlived the kiosk"
sim_pid=""
if grep -E -- 'CRITICAL \*\*|WARNING \*\*|ERROR: (Address|Leak)Sanitizer|runtime error:' "$work/kiosk.out"; then
	fail "warnings in the kiosk's output"
fi

# settings that cannot be opened: said, and a failure
for program in "$kiosk" "$staff"; do
	status=0
	"$program" --config "$work/missing.conf" >"$work/kiosk.out" 2>&1 || status=$?
	[ "$status" -eq 1 ] || fail "$(basename "$program") with missing settings ended with status $status"
	grep -q "missing.conf: cannot open" "$work/kiosk.out" || fail "$(basename "$program") did not say why"
done
echo "the demo kiosk: started, a card laid by its panel, number 1 given, ended with its simulator;" \
	"missing settings end both programs with status 1"
