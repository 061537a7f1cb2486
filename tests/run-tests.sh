#!/bin/bash
# The whole test suite, as CI runs it: installs what is missing, builds
#   build-release/  gcc, optimised, warnings as errors: the product build,
#                   whose benchmarks print the README's figures;
#   build-asan/     clang with AddressSanitizer + UndefinedBehaviorSanitizer
#                   and libFuzzer: every test and fuzz target runs here;
# then runs the tests (each integration test starts its own private pcscd in
# a mount namespace: run as root) and ends with one line "N passed, N failed".
set -uo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

"$src/.ci/install-build-deps.sh" || exit 1

fuzz_seconds="${TD_FUZZ_SECONDS:-8}"
jobs=$(nproc)

setup() {
	local dir="$1"
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" "$@" >/dev/null || return 1
	else
		meson setup "$dir" "$@" || return 1
	fi
}

echo "== release build (gcc)"
setup build-release --buildtype=release -Dwerror=true || exit 1
ninja -C build-release -j "$jobs" || exit 1

echo "== sanitizer build (clang, ASan + UBSan + libFuzzer)"
CC=clang setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
	-Dfuzzing=true -Dfuzz_seconds="$fuzz_seconds" -Dwerror=true || exit 1
ninja -C build-asan -j "$jobs" || exit 1

echo "== tests (sanitizer build)"
# the layout matrix's 1,700 screenshots took a third of its time: CI keeps
# those of a page with a finding (run meson test alone to have them all)
export TD_LAYOUT_SCREENSHOTS="${TD_LAYOUT_SCREENSHOTS:-findings}"
meson test -C build-asan --no-rebuild --print-errorlogs --num-processes "$jobs"
test_status=$?

# The figures of a card read, a gateway look-up and passive authentication
# every run; the stores' and the hub's (ten years of a district, 10,000
# stations: two minutes more, which kept CI over 20) with
# TD_BENCHMARKS=all, or meson test -C build-release --benchmark.
benchmarks=(bench-read bench-gateway passive-auth)
if [ "${TD_BENCHMARKS:-}" = all ]; then
	benchmarks=()
fi
echo "== benchmarks (release build; figures, not pass/fail): ${benchmarks[*]:-all}"
meson test -C build-release --no-rebuild --benchmark --verbose --num-processes 1 "${benchmarks[@]}" 2>&1 |
	grep -v '^ninja' || true

# meson's summary, converted into the one closing line CI reads.
python3 - "$src/build-asan/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$test_status"
