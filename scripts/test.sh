#!/usr/bin/env bash
# Builds kunqu and runs every test (unit, end-to-end, the report page in a browser, the safety
# tests, install, completion and the Debian package, the bench harness) with ctest; then builds
# again with clang, ASan and UBSan, runs the unit and end-to-end tests there and fuzzes each
# libFuzzer target (scripts/sanitize.sh). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --browser --install --locale
bash scripts/build.sh
ctest --test-dir "${KUNQU_BUILD_DIR:-build}" --output-on-failure
bash scripts/sanitize.sh
