#!/bin/bash
# Training mode: the whole product on its embedded parts, with no card
# reader, no network and no configuration. Builds the release build, then
# starts a private pcscd with a virtual reader (needs root: a mount
# namespace of its own, so a pcscd the machine runs is left alone), the
# gateway simulator on loopback, and walks through the demo citizens of
# reader/virtual-chip/profiles: each card is laid on the reader, read,
# verified and looked up, as reception would see it.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
"$src/udev/install-build-deps.sh"

cd "$src"
if [ ! -f build-release/build.ninja ]; then
	meson setup build-release --buildtype=release
fi
ninja -C build-release

if [ "$(id -u)" -ne 0 ]; then
	exec sudo --preserve-env=TD_TRAINING_PORT "$src/kiosk/with-private-pcscd.sh" "${TD_TRAINING_PORT:-35963}" \
		"$src/kiosk/training-walkthrough.sh" "$src/build-release"
fi
exec "$src/kiosk/with-private-pcscd.sh" "${TD_TRAINING_PORT:-35963}" \
	"$src/kiosk/training-walkthrough.sh" "$src/build-release"
