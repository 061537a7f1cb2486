#!/bin/bash
# Runs one fuzz target for a bounded time from its seed corpus.
#   run-fuzzer.sh TARGET SEED_DIR SECONDS
# A libFuzzer build fuzzes for SECONDS on a scratch copy of the seeds (the
# source tree is never written); a plain build replays the seeds once. The
# scratch folder goes when the run ends; an input that made the target
# fail is kept in a folder of its own (TD_FUZZ_FINDINGS, or a new one in
# /tmp), named on the last line.
set -eu
target="$1"
seeds="$2"
seconds="$3"
work=$(mktemp -d /tmp/tiepdon-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/findings"
if [ -d "$seeds" ]; then cp -r "$seeds"/. "$work/corpus/"; fi
rc=0
if "$target" -help=1 2>&1 | grep -q 'libFuzzer'; then
	# libFuzzer ends a run that found a bug with 77 by default, which meson
	# counts as a skipped test: a crash would have read as "SKIP". Any
	# finding (a crash, a sanitizer's report, a timeout, a leak) fails.
	"$target" -error_exitcode=1 -timeout_exitcode=1 \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/findings/" "$work/corpus" || rc=$?
else
	"$target" "$work/corpus"/* || rc=$?
fi
if [ "$rc" -ne 0 ] && [ -n "$(ls -A "$work/findings")" ]; then
	keep="${TD_FUZZ_FINDINGS:-$(mktemp -d /tmp/tiepdon-fuzz-findings.XXXXXX)}"
	mkdir -p "$keep"
	cp "$work/findings"/* "$keep/"
	echo "run-fuzzer.sh: $(basename "$target") failed (exit $rc); its input kept in $keep" >&2
fi
exit "$rc"
