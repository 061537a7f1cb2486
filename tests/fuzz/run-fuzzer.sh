#!/bin/bash
# Runs one fuzz target for a bounded time from its seed corpus.
#   run-fuzzer.sh TARGET SEED_DIR SECONDS
# A libFuzzer build fuzzes for SECONDS on a scratch copy of the seeds (the
# source tree is never written); a plain build replays the seeds once.
set -eu
target="$1"
seeds="$2"
seconds="$3"
work=$(mktemp -d /tmp/tiepdon-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
if [ -d "$seeds" ]; then cp -r "$seeds"/. "$work/corpus/"; fi
if "$target" -help=1 2>&1 | grep -q 'libFuzzer'; then
	# libFuzzer ends a run that found a bug with 77 by default, which meson
	# counts as a skipped test: a crash would have read as "SKIP". Any
	# finding (a crash, a sanitizer's report, a timeout, a leak) fails.
	exec "$target" -error_exitcode=1 -timeout_exitcode=1 \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus"
else
	exec "$target" "$work/corpus"/*
fi
