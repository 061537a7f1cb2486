#!/bin/bash
# Installs, from Debian 12's archive, everything tiepdon needs to build, run
# its training mode and pass its tests. Safe to run again: it only calls
# apt-get when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
	# build
	meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext
	# libraries
	libglib2.0-dev libjson-glib-dev libpcsclite-dev libeac-dev libssl-dev
	libcurl4-openssl-dev libsoup-3.0-dev glib-networking libsqlite3-dev
	libgtk-4-dev libqrencode-dev libcups2-dev libevdev-dev libpq-dev
	libxlsxwriter-dev
	# the voice: espeak-ng, GStreamer (wavparse, wavenc, opus in -good/-base)
	libespeak-ng-dev espeak-ng-data libgstreamer1.0-dev
	gstreamer1.0-plugins-base gstreamer1.0-plugins-good
	# the real parts the training mode and the tests run against
	pcscd vsmartcard-vpcd openssl sqlite3 xvfb xauth util-linux iproute2
	# PostgreSQL: tiepdon-hub, and the private server database tests start
	postgresql
	# the doctor's clock test moves the kiosk's clock
	libfaketime
	# deployment checks: udev rules, units, tickets, a private CUPS
	udev systemd poppler-utils cups-daemon cups-client cage
	# an outside reader of the QR codes the screen and the ticket show
	zbar-tools
	# a trainee's taps on the training kiosk, the program itself
	# (tests/ui/test-ui-demo-kiosk.sh), and its processes looked at
	xdotool procps
	# the independent chip's block ciphers and CMAC (tests/independent-chip)
	python3-cryptography
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The distribution's pcscd socket would hold the readers the kiosk and the
# tests start on their own; tiepdon never needs it enabled for training.
