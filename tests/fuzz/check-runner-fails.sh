#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh on a target that aborts on its seed must fail, and not with
# 77: libFuzzer's default for a finding, which meson reads as a skipped
# test (every fuzz crash read as "SKIP" before run-fuzzer.sh set
# -error_exitcode). The crash it keeps goes with this check's own folder.
#   check-runner-fails.sh RUN_FUZZER TARGET SEED_DIR
ulimit -c 0
findings=$(mktemp -d /tmp/tiepdon-fuzz-check.XXXXXX)
trap 'rm -rf "$findings"' EXIT
TD_FUZZ_FINDINGS="$findings" "$1" "$2" "$3" 5
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
	echo "run-fuzzer.sh ended with $rc on a target that crashes: a finding would not fail the test" >&2
	exit 1
fi
echo "run-fuzzer.sh failed as it must (exit $rc)"
