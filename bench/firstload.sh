#!/usr/bin/env bash
# make bench-firstload (also run by make bench) — the cold first screen of every role
# (issue 12): runs the browser test tests/e2e/firstload.test.mjs with FIRSTLOAD_RUNS
# cold loads per role (default 3; new browser context each, so an empty cache) on the
# demo district served by the release binary, then prints the per-role table (median
# of the runs) and writes bench/out/firstload.md beside the raw bench/out/firstload.json.
# Definitions (the test's header): ttfb, dcl (navigation timing), first screen (the
# home's marker in the DOM), interactive (the first task after the frame that painted
# it), JS transferred (compressed) in all and by the interactive mark.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out; mkdir -p "$out"
ANJIAN_BIN=${ANJIAN_BIN:-build/anjian} FIRSTLOAD_RUNS=${FIRSTLOAD_RUNS:-3} FIRSTLOAD_OUT="$PWD/$out/firstload.json" \
  node --test --test-concurrency=1 --test-reporter=dot tests/e2e/firstload.test.mjs
node bench/firstload.mjs "$out/firstload.json" | tee "$out/firstload.md"
