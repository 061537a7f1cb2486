#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reads the independent CCCD chip (cccd-chip.py), one variant at a time,
# through a private pcscd with the product's `tiepdon read`, and checks the
# reported data and verdict. One line per variant; exits non-zero if any read
# fails or reports the wrong data.
#
#   run-matrix.sh TIEPDON WITH_PRIVATE_PCSCD_SH [--port N] [--out DIR] [--only SUBSTRING]
#
# Needs root (with-private-pcscd.sh makes a namespace). Logs of each variant
# (the chip's APDU log with plain commands, tiepdon's --trace) stay in --out.
set -eu
if [ "$#" -lt 2 ]; then
	echo "usage: $0 TIEPDON WITH_PRIVATE_PCSCD_SH [--port N] [--out DIR] [--only SUBSTRING]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# what the matrix cannot run without is a skip (77, as meson counts it),
# as for the other tests through a private pcscd
if [ "$(id -u)" -ne 0 ]; then
	echo "run-matrix.sh: needs root for the private pcscd's namespace" >&2
	exit 77
fi
if ! /usr/bin/python3 -c 'import cryptography' 2>/dev/null; then
	echo "run-matrix.sh: python3-cryptography is missing (.ci/install-build-deps.sh installs it)" >&2
	exit 77
fi
/usr/bin/python3 "$here/test_vectors.py" >/dev/null || { echo "chip self-test failed: run test_vectors.py" >&2; exit 1; }
exec /usr/bin/python3 "$here/matrix.py" "$@"
