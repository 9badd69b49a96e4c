#!/usr/bin/env bash
# kunqu's main job on the example district: a fresh registry with the Kundulun profile, the
# organizations of mid-2015 imported (the bureau's list and a street's GB18030 sheet), the
# supervision records of the first half of 2015 (reviews, upgrades, status changes, annual
# checks, credit events, grades), the incubator's first year and the purchases of services of
# 2013-2015 (budgets, contracts, payments), then lists and summaries. The registry goes to
# build/demo/registry.db, never to your own registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
kunqu=$PWD/${KUNQU_BUILD_DIR:-build}/kunqu
ex=examples/kundulun
export KUNQU_DB=$PWD/${KUNQU_BUILD_DIR:-build}/demo/registry.db
rm -f "$KUNQU_DB" "$KUNQU_DB-wal" "$KUNQU_DB-shm"
set -x
"$kunqu" db init --profile $ex/profile.toml
"$kunqu" org import $ex/orgs.csv
"$kunqu" org import $ex/street-2015-06.csv
KUNQU="$kunqu" bash $ex/supervision-2015.sh -q
KUNQU="$kunqu" bash $ex/incubator-2015.sh -q
KUNQU="$kunqu" bash $ex/contracts-2015.sh -q
KUNQU="$kunqu" bash $ex/menu-2015.sh -q
"$kunqu" org list --street 沼潭街道 --tier grassroots --format table
"$kunqu" org stats --by street --format table
"$kunqu" filing list --due --street 沼潭街道 --format table
"$kunqu" org credit due --list serious --format table
"$kunqu" org grade list --format table
"$kunqu" incubate sites --on 2015-06-30 --format table
"$kunqu" incubate list --status graduated --format table
"$kunqu" contract budget show --format table
"$kunqu" contract list --year 2015 --format table
"$kunqu" demand list --unanswered --format table
"$kunqu" contract export --format ocds -o "$(dirname "$KUNQU_DB")/ocds-2015.json"
"$kunqu" db info --format table
"$kunqu" report monthly --month 2015-06 --format table
