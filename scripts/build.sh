#!/usr/bin/env bash
# Configures and builds kunqu into build/ (or $KUNQU_BUILD_DIR); dependencies first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
build=${KUNQU_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKUNQU_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
