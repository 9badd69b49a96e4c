#!/usr/bin/env bash
# Builds kunqu and runs every test (unit, end-to-end, the report page in a browser) with
# ctest. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --browser
bash scripts/build.sh
ctest --test-dir "${KUNQU_BUILD_DIR:-build}" --output-on-failure
