#!/bin/bash
# Training mode: the whole product on its embedded parts, with no card
# reader, no network and no configuration. Builds the release build, then:
#  - on a desktop (a display is there): the GTK kiosk, `tiepdon-kiosk
#    --demo --windowed`, with the virtual chip in-process, a demo panel to
#    lay the demo citizens' cards on the reader, the gateway simulator and a
#    SQLite file in your data folder;
#  - without a display (a server, a terminal): a walk-through in the
#    terminal through a private pcscd (needs root: a mount namespace of its
#    own, so a pcscd the machine runs is left alone), the same demo
#    citizens, read, verified, checked in and reported.
# TD_TRAINING_TERMINAL=1 forces the terminal walk-through.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
"$src/.ci/install-build-deps.sh"

cd "$src"
if [ ! -f build-release/build.ninja ]; then
	meson setup build-release --buildtype=release
fi
ninja -C build-release

if [ -z "${TD_TRAINING_TERMINAL:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
	# devenv points the kiosk at the build tree's data, catalogues and
	# gateway simulator (installed, it finds them under its prefix).
	exec meson devenv -C "$src/build-release" "$src/build-release/ui/tiepdon-kiosk" --demo --windowed
fi

walk=("$src/kiosk/with-private-pcscd.sh" "${TD_TRAINING_PORT:-35963}" "$src/kiosk/training-walkthrough.sh" "$src/build-release")
if [ "$(id -u)" -ne 0 ]; then
	exec sudo --preserve-env=TD_TRAINING_PORT "${walk[@]}"
fi
exec "${walk[@]}"
