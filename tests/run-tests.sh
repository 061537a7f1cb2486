#!/bin/bash
# The whole test suite, as CI runs it: installs what is missing, builds
#   build-release/  gcc, optimised, warnings as errors: the product build
#                   (the programs; of the tests, what runs here), whose
#                   benchmarks print the README's figures and which renders
#                   the layout matrix;
#   build-asan/     clang with AddressSanitizer + UndefinedBehaviorSanitizer
#                   and libFuzzer: every other test and every fuzz target;
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

echo "== release build (gcc): the programs"
setup build-release --buildtype=release -Dwerror=true || exit 1
# what tests/ does not define: the tests the release build runs are built
# by meson test below (each with what it depends on); building all of
# them here took CI most of a minute, for tests run in build-asan
mapfile -t programs < <(meson introspect build-release --targets | python3 -c '
import json, os, sys
tests = os.path.join(sys.argv[1], "tests") + os.sep
for target in json.load(sys.stdin):
    if target["build_by_default"] and not target["defined_in"].startswith(tests):
        for name in target["filename"]:
            print(os.path.relpath(name, sys.argv[2]))
' "$src" "$src/build-release")
ninja -C build-release -j "$jobs" "${programs[@]}" || exit 1

echo "== sanitizer build (clang, ASan + UBSan + libFuzzer)"
CC=clang setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
	-Dfuzzing=true -Dfuzz_seconds="$fuzz_seconds" -Dwerror=true || exit 1
ninja -C build-asan -j "$jobs" || exit 1

echo "== tests (sanitizer build)"
meson test -C build-asan --no-rebuild --print-errorlogs --num-processes "$jobs" --no-suite layout-matrix
test_status=$?

# The layout matrix (every page, mode, language and screen size: 2,300
# renders) checks geometry, words and colours, not memory: it runs in the
# release build, in a third of the time ASan took (CI is a minute and a
# half shorter); every page it renders is built under ASan by ui-pages,
# and its shapes by ui-layout-shapes. Its screenshots took a third of its
# time too: CI keeps those of a page with a finding (run meson test alone
# to have them all).
echo "== layout matrix (release build)"
rm -f build-release/meson-logs/layout-matrix.json
TD_LAYOUT_SCREENSHOTS="${TD_LAYOUT_SCREENSHOTS:-findings}" \
	meson test -C build-release --print-errorlogs --num-processes "$jobs" --suite layout-matrix \
	--logbase layout-matrix || test_status=1

# The figures of a card read, a gateway look-up and passive authentication
# every run; the stores' and the hub's (ten years of a district, 10,000
# stations: two minutes more, which kept CI over 20) with
# TD_BENCHMARKS=all, or meson test -C build-release --benchmark.
benchmarks=(bench-read bench-gateway passive-auth)
if [ "${TD_BENCHMARKS:-}" = all ]; then
	benchmarks=()
fi
echo "== benchmarks (release build; figures, not pass/fail): ${benchmarks[*]:-all}"
meson test -C build-release --benchmark --verbose --num-processes 1 "${benchmarks[@]}" 2>&1 |
	grep -v '^ninja' || true

# meson's summaries of both runs, converted into the one closing line CI
# reads.
python3 - "$src/build-asan/meson-logs/testlog.json" "$src/build-release/meson-logs/layout-matrix.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    try:
        f = open(log)
    except FileNotFoundError:
        failed += 1  # a run that never started counts against it
        continue
    with f:
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
