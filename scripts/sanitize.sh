#!/usr/bin/env bash
# Builds kunqu with clang, AddressSanitizer and UndefinedBehaviorSanitizer, with the libFuzzer
# targets, into build-asan/ (or $KUNQU_ASAN_DIR); runs the unit and end-to-end tests there, then
# replays each fuzz target's corpus and fuzzes it for $KUNQU_FUZZ_SECONDS (default 30) seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --sanitize
build=${KUNQU_ASAN_DIR:-build-asan}
# -O1 and line tables only: a quicker build, stacks that still name file and line.
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DKUNQU_FUZZ=ON -DKUNQU_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -R '^(unit|e2e|fuzz)$'
